#include <cmath>
#include <limits>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include "pharmatwin/scenarios/units.hpp"
#include "pharmatwin/sim/operations_staff.hpp"

namespace pharmatwin::sim {
namespace {
constexpr double kDay = 86400;
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

ShiftCalendar::ShiftCalendar(std::vector<Window> windows, double start_epoch_s)
    : windows_(std::move(windows)), start_epoch_s_(start_epoch_s) {}

ShiftCalendar ShiftCalendar::of(const scenario::Crew& crew, double start_epoch_s,
                                std::string* error) {
  std::vector<Window> windows;
  for (const auto& shift : crew.shifts()) {
    std::string why;
    auto start = scenarios::parse_time_of_day_s(shift.start(), &why);
    auto end = scenarios::parse_time_of_day_s(shift.end(), &why);
    if (!start || !end) {
      if (error) *error = "shift " + shift.start() + "-" + shift.end() + ": " + why;
      continue;
    }
    Window w;
    w.start_s = *start;
    w.end_s = *end <= *start ? *end + kDay : *end;
    if (shift.days_size() > 0) {
      w.days = 0;
      for (auto d : shift.days())
        if (d >= 1 && d <= 7) w.days |= std::uint8_t(1u << (d - 1));
    }
    windows.push_back(w);
  }
  return ShiftCalendar(std::move(windows), start_epoch_s);
}

// Calls f(start, end) for every working interval (simulated seconds) that starts on a day from
// the day before from_s up to the day of to_s.
template <typename F>
void ShiftCalendar::for_each_interval(double from_s, double to_s, F&& f) const {
  double epoch_from = start_epoch_s_ + from_s;
  auto first_day = static_cast<std::int64_t>(std::floor(epoch_from / kDay)) - 1;
  auto last_day = static_cast<std::int64_t>(std::floor((start_epoch_s_ + to_s) / kDay));
  for (std::int64_t day = first_day; day <= last_day; ++day) {
    // 1970-01-01 was a Thursday (ISO weekday 4).
    int weekday = int(((day % 7) + 7 + 3) % 7) + 1;
    double midnight = double(day) * kDay - start_epoch_s_;
    for (const Window& w : windows_)
      if (w.days & (1u << (weekday - 1))) f(midnight + w.start_s, midnight + w.end_s);
  }
}

bool ShiftCalendar::on_shift(double t_s) const {
  if (windows_.empty()) return true;
  bool on = false;
  for_each_interval(t_s, t_s, [&](double a, double b) { on = on || (a <= t_s && t_s < b); });
  return on;
}

double ShiftCalendar::next_start(double t_s) const {
  if (on_shift(t_s)) return t_s;
  double best = kInf;
  for_each_interval(t_s, t_s + 8 * kDay, [&](double a, double) {
    if (a > t_s && a < best) best = a;
  });
  return best;
}

double ShiftCalendar::stretch_end(double t_s) const {
  if (windows_.empty()) return kInf;
  double end = t_s;
  // Extend through overlapping or touching intervals (e.g. 06-14 then 14-22), up to a week.
  for (bool grew = true; grew && end < t_s + 8 * kDay;) {
    grew = false;
    for_each_interval(end, end, [&](double a, double b) {
      if (a <= end && b > end) {
        end = b;
        grew = true;
      }
    });
  }
  return end;
}

StaffPool::StaffPool(std::string name, std::uint32_t count, ShiftCalendar calendar,
                     Sampler task_time, RandomStream rng)
    : name_(std::move(name)),
      count_(count),
      calendar_(std::move(calendar)),
      task_time_(task_time),
      rng_(rng) {
  for (std::uint32_t i = 0; i < count_; ++i)
    member_names_.push_back(name_ + "-" + std::to_string(i + 1));
}

void StaffPool::start(simgrid::s4u::Host* host) {
  for (std::uint32_t i = 0; i < count_; ++i)
    simgrid::s4u::Actor::create(member_names_[i], host, [this, i] { member_loop(i); })->daemonize();
}

void StaffPool::submit(StaffTask task) {
  task.queued_s = simgrid::s4u::Engine::is_initialized() ? simgrid::s4u::Engine::get_clock() : 0;
  queue_.push_back(std::move(task));
  ++stats_.tasks_submitted;
  if (queue_.size() > stats_.max_queue) stats_.max_queue = queue_.size();
  if (!idle_.empty()) {
    simgrid::s4u::Actor* member = idle_.back();
    idle_.pop_back();
    member->resume();
  }
}

void StaffPool::member_loop(std::uint32_t index) {
  const std::string& me = member_names_[index];
  simgrid::s4u::Actor* self = simgrid::s4u::Actor::self();
  for (;;) {
    double now = simgrid::s4u::Engine::get_clock();
    if (!calendar_.on_shift(now)) {
      double start = calendar_.next_start(now);
      if (!std::isfinite(start)) return;  // never works again
      simgrid::s4u::this_actor::sleep_until(start);
      continue;
    }
    if (queue_.empty()) {
      idle_.push_back(self);
      simgrid::s4u::this_actor::suspend();
      continue;
    }
    StaffTask task = std::move(queue_.front());
    queue_.pop_front();
    double waited = now - task.queued_s;
    stats_.wait_sum_s += waited;
    ++stats_.tasks_started;
    if (task.on_start && !task.on_start(me, waited)) continue;
    double work = task.work_s >= 0 ? task.work_s : task_time_.draw(rng_);
    if (work > 0) simgrid::s4u::this_actor::sleep_for(work);
    stats_.busy_s += work;
    ++stats_.tasks_done;
    if (task.on_done) task.on_done(me);
  }
}

}  // namespace pharmatwin::sim
