#include "pharmatwin/sim/zone_climate.hpp"

#include <algorithm>
#include <cmath>

namespace pharmatwin::sim {
namespace {

constexpr double kDay_s = 86400;
constexpr double kSwitchEpsilon_c = 1e-9;
constexpr double kMinStep_s = 1e-6;  // a segment never ends sooner than this after it starts

}  // namespace

bool StaffCalendar::staffed(double t_s) const {
  if (shifts_.empty()) return true;
  const double epoch = start_epoch_s_ + t_s;
  const double day = std::floor(epoch / kDay_s);
  const double time_of_day = epoch - day * kDay_s;
  // 1970-01-01 was a Thursday (ISO weekday 4).
  auto weekday = [](double d) {
    auto w = static_cast<std::int64_t>(d) % 7;
    if (w < 0) w += 7;
    return static_cast<int>((w + 3) % 7);  // 0 = Monday
  };
  const int today = weekday(day), yesterday = weekday(day - 1);
  for (const auto& s : shifts_) {
    if (s.end_s > s.start_s) {
      if ((s.day_mask >> today & 1) && time_of_day >= s.start_s && time_of_day < s.end_s)
        return true;
    } else {  // past midnight: the part after start today, the part before end from yesterday
      if ((s.day_mask >> today & 1) && time_of_day >= s.start_s) return true;
      if ((s.day_mask >> yesterday & 1) && time_of_day < s.end_s) return true;
    }
  }
  return false;
}

ZoneClimate::ZoneClimate(ZoneConfig config, std::shared_ptr<const AmbientProfile> ambient,
                         std::shared_ptr<const StaffCalendar> staff, const RandomStreams& streams,
                         double horizon_s)
    : config_(std::move(config)),
      ambient_(std::move(ambient)),
      staff_(std::move(staff)),
      horizon_s_(horizon_s) {
  config_.hysteresis_c = std::max(config_.hysteresis_c, kMinBand_c);
  truth_.name = config_.name;
  truth_.min_c = config_.min_c;
  truth_.max_c = config_.max_c;
  for (const auto& door_cfg : config_.doors) {
    DoorState door{streams.stream("door", config_.name + "/" + door_cfg.name)};
    door.next_open_s = draw_next_opening(door, door_cfg, 0);
    doors_.push_back(std::move(door));
  }
  trackers_.push_back({config_.min_c, config_.max_c, 0, 0});
  // The thermostat starts calling when the air starts above the setpoint.
  calling_ = config_.initial_air_c > config_.setpoint_c;
  start_segment(0, config_.initial_air_c, config_.initial_product_c);
}

double ZoneClimate::draw_next_opening(DoorState& door, const DoorConfig& cfg, double after_s) {
  if (cfg.openings_per_hour <= 0 || cfg.open_time_s <= 0) return kNever;
  const double mean_gap_s = 3600.0 / cfg.openings_per_hour;
  double t = after_s;
  // Thinning: candidates of a constant-rate process, kept when staff are on site.
  for (;;) {
    t += door.rng.exponential(mean_gap_s);
    if (t > horizon_s_) return kNever;
    if (staff_ == nullptr || staff_->staffed(t)) return t;
  }
}

bool ZoneClimate::door_open(const DoorState& door, double t_s) const {
  return door.forced_open || door.open_until_s > t_s;
}

std::uint32_t ZoneClimate::doors_open() const {
  std::uint32_t n = 0;
  for (const auto& d : doors_) n += door_open(d, advanced_s_) ? 1 : 0;
  return n;
}

void ZoneClimate::process_doors(double t_s) {
  for (std::size_t i = 0; i < doors_.size(); ++i) {
    auto& door = doors_[i];
    while (door.next_open_s <= t_s) {
      door.open_until_s =
          std::max(door.open_until_s, door.next_open_s + config_.doors[i].open_time_s);
      door.next_open_s = draw_next_opening(door, config_.doors[i], door.next_open_s);
    }
  }
}

void ZoneClimate::start_segment(double t_s, double air_c, double product_c) {
  process_doors(t_s);
  const double upper = config_.setpoint_c + 0.5 * config_.hysteresis_c;
  const double lower = config_.setpoint_c - 0.5 * config_.hysteresis_c;
  if (!calling_ && air_c > upper + kSwitchEpsilon_c) calling_ = true;
  if (calling_ && air_c < lower - kSwitchEpsilon_c) calling_ = false;
  const double capacity_kw = config_.hvac_capacity_kw * capacity_fraction_;
  running_ = calling_ && powered_ && !failed_ && capacity_kw > 0;

  const auto hour = static_cast<std::int64_t>(std::floor(t_s / kAmbientStep_s));
  ThermalInputs in;
  in.ambient_c = ambient_->step_c(hour);
  in.ua_envelope_kw_per_k = config_.ua_ambient_kw_per_k;
  bool any_open = false;
  double next_door_event = kNever;
  for (std::size_t i = 0; i < doors_.size(); ++i) {
    const auto& door = doors_[i];
    const auto& cfg = config_.doors[i];
    if (door_open(door, t_s)) {
      any_open = true;
      in.ua_envelope_kw_per_k += door_conductance_kw_per_k(cfg.width_m, cfg.height_m, air_c,
                                                           in.ambient_c, cfg.curtain_effectiveness);
      if (!door.forced_open) next_door_event = std::min(next_door_event, door.open_until_s);
    }
    next_door_event = std::min(next_door_event, door.next_open_s);
  }
  in.heat_kw = config_.internal_load_kw - (running_ ? capacity_kw : 0);

  ThermalSegment seg = solve_segment(config_.mass, in, t_s, air_c, product_c);
  seg.hvac_running = running_;
  double end = static_cast<double>(hour + 1) * kAmbientStep_s;
  end = std::min(end, next_door_event);
  if (any_open) end = std::min(end, t_s + config_.door_refresh_s);
  end = std::max(end, t_s + kMinStep_s);
  end_is_switch_ = false;
  const double target = calling_ ? lower : upper;
  if (auto root = first_crossing(seg, Node::kAir, target, t_s, end)) {
    end = std::max(*root, t_s + kMinStep_s);
    end_is_switch_ = true;
  }
  history_.push_back(seg);
  ++segments_created_;
  planned_end_s_ = end;
}

void ZoneClimate::account(const ThermalSegment& seg, double ta, double tb) {
  if (!(tb > ta)) return;
  double lo = 0, hi = 0;
  extremes(seg, Node::kProduct, ta, tb, lo, hi);
  truth_.peak_product_c = std::max(truth_.peak_product_c, hi);
  truth_.lowest_product_c = std::min(truth_.lowest_product_c, lo);
  extremes(seg, Node::kAir, ta, tb, lo, hi);
  truth_.peak_air_c = std::max(truth_.peak_air_c, hi);
  if (running_) truth_.hvac_on_s += tb - ta;
  for (std::size_t i = 0; i < trackers_.size(); ++i) {
    auto& tr = trackers_[i];
    if (tr.accounted_s >= tb) continue;
    const double from = std::max(tr.accounted_s, ta);
    const double outside = time_outside(seg, Node::kProduct, tr.min_c, tr.max_c, from, tb);
    if (i == 0 && outside > 0 && !truth_.first_out_of_range_s) {
      const double v = seg.product(from);
      if (v < tr.min_c || v > tr.max_c) {
        truth_.first_out_of_range_s = from;
      } else {
        double first = tb;
        for (double level : {tr.min_c, tr.max_c}) {
          if (auto r = first_crossing(seg, Node::kProduct, level, from, tb))
            first = std::min(first, *r);
        }
        truth_.first_out_of_range_s = first;
      }
    }
    tr.outside_s += outside;
    tr.accounted_s = tb;
  }
  truth_.out_of_range_s = trackers_[0].outside_s;
}

void ZoneClimate::advance_to(double t_s) {
  while (planned_end_s_ <= t_s) {
    const double end = planned_end_s_;
    ThermalSegment& seg = history_.back();
    account(seg, truth_accounted_s_, end);
    truth_accounted_s_ = end;
    seg.t1 = end;
    double air = 0, prod = 0;
    seg.both(end, air, prod);
    if (end_is_switch_) calling_ = !calling_;
    start_segment(end, air, prod);
  }
  if (t_s > advanced_s_) {
    ThermalSegment& seg = history_.back();
    account(seg, truth_accounted_s_, t_s);
    truth_accounted_s_ = t_s;
    seg.t1 = t_s;
    advanced_s_ = t_s;
  }
}

void ZoneClimate::restart_at(double t_s) {
  advance_to(t_s);
  ThermalSegment& seg = history_.back();
  seg.t1 = t_s;
  double air = 0, prod = 0;
  seg.both(t_s, air, prod);
  if (seg.t0 == t_s && history_.size() > 1) history_.pop_back();  // replaced at once
  start_segment(t_s, air, prod);
}

void ZoneClimate::set_hvac_failed(double t_s, bool failed) {
  advance_to(t_s);
  failed_ = failed;
  restart_at(t_s);
}

void ZoneClimate::set_capacity_fraction(double t_s, double fraction) {
  advance_to(t_s);
  capacity_fraction_ = std::clamp(fraction, 0.0, 1.0);
  restart_at(t_s);
}

void ZoneClimate::set_powered(double t_s, bool powered) {
  advance_to(t_s);
  powered_ = powered;
  restart_at(t_s);
}

void ZoneClimate::set_door_forced_open(double t_s, std::size_t door, bool open) {
  if (door >= doors_.size()) return;
  advance_to(t_s);
  doors_[door].forced_open = open;
  restart_at(t_s);
}

std::size_t ZoneClimate::door_index(const std::string& name) const {
  for (std::size_t i = 0; i < config_.doors.size(); ++i) {
    if (config_.doors[i].name == name) return i;
  }
  return config_.doors.size();
}

const ThermalSegment& ZoneClimate::segment_at(double t_s) const {
  // Last segment starting at or before t_s.
  auto it = std::upper_bound(history_.begin(), history_.end(), t_s,
                             [](double t, const ThermalSegment& s) { return t < s.t0; });
  if (it == history_.begin()) return history_.front();
  return *(it - 1);
}

double ZoneClimate::air_c(double t_s) const { return segment_at(t_s).air(t_s); }
double ZoneClimate::product_c(double t_s) const { return segment_at(t_s).product(t_s); }

void ZoneClimate::sample(std::span<const double> times_s, double* air, double* prod) const {
  if (times_s.empty()) return;
  auto it = std::upper_bound(history_.begin(), history_.end(), times_s[0],
                             [](double t, const ThermalSegment& s) { return t < s.t0; });
  if (it != history_.begin()) --it;
  // Within one segment, e^(l (s + d)) = e^(l s) e^(l d): regular sampling instants cost two
  // multiplications instead of two exponentials.
  const ThermalSegment* seg = nullptr;
  double last_t = 0, e1 = 0, e2 = 0, step = -1, m1 = 0, m2 = 0;
  for (std::size_t i = 0; i < times_s.size(); ++i) {
    const double t = times_s[i];
    while (it + 1 != history_.end() && (it + 1)->t0 <= t) ++it;
    if (seg == &*it) {
      const double dt = t - last_t;
      if (dt != step) {
        step = dt;
        m1 = std::exp(seg->l1 * dt);
        m2 = std::exp(seg->l2 * dt);
      }
      e1 *= m1;
      e2 *= m2;
    } else {
      seg = &*it;
      e1 = std::exp(seg->l1 * (t - seg->t0));
      e2 = std::exp(seg->l2 * (t - seg->t0));
      step = -1;
    }
    last_t = t;
    air[i] = seg->air_eq + seg->air1 * e1 + seg->air2 * e2;
    prod[i] = seg->prod_eq + seg->prod1 * e1 + seg->prod2 * e2;
  }
}

double ZoneClimate::cumulative_outside_s(double min_c, double max_c, double t_s) {
  Tracker* tracker = nullptr;
  for (auto& tr : trackers_) {
    if (tr.min_c == min_c && tr.max_c == max_c) tracker = &tr;
  }
  if (tracker == nullptr) {
    // A new range: integrate the kept history once, then follow the zone.
    Tracker tr{min_c, max_c, history_.front().t0, 0};
    for (const auto& seg : history_) {
      const double end = std::min(seg.t1, truth_accounted_s_);
      tr.outside_s +=
          time_outside(seg, Node::kProduct, min_c, max_c, std::max(seg.t0, tr.accounted_s), end);
      tr.accounted_s = std::max(tr.accounted_s, end);
    }
    tr.accounted_s = truth_accounted_s_;
    trackers_.push_back(tr);
    tracker = &trackers_.back();
  }
  double total = tracker->outside_s;
  if (t_s < tracker->accounted_s) {  // subtract what lies after t_s
    for (auto it = history_.rbegin(); it != history_.rend() && it->t1 > t_s; ++it) {
      const double end = std::min(it->t1, tracker->accounted_s);
      total -= time_outside(*it, Node::kProduct, min_c, max_c, std::max(it->t0, t_s), end);
    }
  }
  return std::max(total, 0.0);
}

void ZoneClimate::forget_before(double t_s) {
  while (history_.size() > 1 && history_.front().t1 < t_s) history_.pop_front();
}

}  // namespace pharmatwin::sim
