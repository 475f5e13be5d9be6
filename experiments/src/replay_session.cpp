#include "pharmatwin/experiments/replay_session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace pharmatwin::experiments {
namespace {

double steady_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

ReplaySession::ReplaySession(std::shared_ptr<const ReplayRun> run,
                             std::shared_ptr<const ReplayRun> compare, ReplaySessionOptions options)
    : run_(std::move(run)), compare_(std::move(compare)), options_(std::move(options)) {
  if (!options_.wall_clock) options_.wall_clock = steady_s;
  speed_ = options_.speed != 0 ? options_.speed : 3600;
  paused_ = options_.paused;
  t_ = std::clamp(options_.start_s, 0.0, end_s());
  wall_ = options_.wall_clock();
  auto timeline = std::make_shared<sim::LiveReplay>(*run_->replay());
  timeline->end_s = end_s();
  timeline_ = std::move(timeline);
}

double ReplaySession::end_s() const {
  return std::max(run_->end_s(), compare_ ? compare_->end_s() : 0.0);
}

double ReplaySession::now_s() const {
  std::lock_guard lock(mutex_);
  advance_locked();
  return t_;
}

void ReplaySession::advance_locked() const {
  const double wall = options_.wall_clock();
  const double dt = wall - wall_;
  wall_ = wall;
  if (paused_ || !(dt > 0)) return;
  t_ += dt * speed_;
  if (t_ <= 0 || t_ >= end_s()) {
    t_ = std::clamp(t_, 0.0, end_s());
    paused_ = true;  // an end of the run stops the play
  }
}

void ReplaySession::apply_locked(const sim::LiveCommand& c) {
  const auto& markers = timeline_->markers;
  switch (c.verb) {
    case sim::LiveVerb::kPause:
      paused_ = true;
      break;
    case sim::LiveVerb::kPlay:
      if ((speed_ > 0 && t_ >= end_s()) || (speed_ < 0 && t_ <= 0)) t_ = speed_ > 0 ? 0 : end_s();
      paused_ = false;
      break;
    case sim::LiveVerb::kSpeed:
      if (c.speed != 0) speed_ = c.speed;
      break;
    case sim::LiveVerb::kStep:
      paused_ = true;
      t_ = std::min(end_s(), (std::floor(t_ / run_->step_s() + 1e-9) + 1) * run_->step_s());
      break;
    case sim::LiveVerb::kSeek:
      t_ = std::clamp(c.to_s, 0.0, end_s());
      break;
    case sim::LiveVerb::kNextEvent: {
      auto it = std::upper_bound(markers.begin(), markers.end(), t_,
                                 [](double v, const sim::LiveMarker& m) { return v < m.t_s; });
      // Faults and alerts only: decisions and commands follow them closely.
      while (it != markers.end() && it->kind != sim::LiveMarker::kFaultStart &&
             it->kind != sim::LiveMarker::kAlert)
        ++it;
      paused_ = true;
      if (it != markers.end()) t_ = it->t_s;
      break;
    }
    case sim::LiveVerb::kPrevEvent: {
      auto it = std::lower_bound(markers.begin(), markers.end(), t_,
                                 [](const sim::LiveMarker& m, double v) { return m.t_s < v; });
      paused_ = true;
      while (it != markers.begin()) {
        --it;
        if (it->kind == sim::LiveMarker::kFaultStart || it->kind == sim::LiveMarker::kAlert) {
          t_ = it->t_s;
          break;
        }
      }
      break;
    }
    default:
      break;  // a replay takes no acknowledgement, decision or fault
  }
}

void ReplaySession::push(sim::LiveCommand command) {
  std::lock_guard lock(mutex_);
  advance_locked();
  apply_locked(command);
}

std::shared_ptr<const sim::LiveSnapshot> ReplaySession::snapshot() const {
  std::lock_guard lock(mutex_);
  advance_locked();
  if (cached_ && cached_t_ == t_ && cached_paused_ == paused_ && cached_speed_ == speed_)
    return cached_;
  auto s = run_->snapshot_at(t_);
  s->sim_s = t_;  // past the end of the shorter run its last instant is shown
  s->seq = ++seq_;
  s->paused = paused_;
  s->speed = speed_;
  s->finished = t_ >= end_s();
  s->replay = timeline_;
  if (compare_) s->compare = compare_->snapshot_at(t_);
  cached_ = std::move(s);
  cached_t_ = t_;
  cached_paused_ = paused_;
  cached_speed_ = speed_;
  return cached_;
}

}  // namespace pharmatwin::experiments
