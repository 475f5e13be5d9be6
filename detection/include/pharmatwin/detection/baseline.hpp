// Learned per-zone model of normal behaviour, built from the site's own history.
//
// It holds, all in constant memory:
//  * the daily cycle: mean and spread of the zone median for each hour of the day (UTC);
//  * controller cycling: period between temperature peaks of the cooling cycle and the speed of
//    the pull-down after each peak;
//  * door traffic: inferred door openings per hour of the day.
// The first `learn_ms` of data only teach; afterwards the model scores each zone period and
// keeps learning from periods it does not find anomalous.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::detection {

// Running mean and variance (Welford), switching to exponential forgetting after `horizon`
// samples so that it follows slow seasonal change.
struct RunningStats {
  double count = 0.0;
  double mean = 0.0;
  double m2 = 0.0;
  void add(double x, double horizon = 1e9) {
    count = std::min(count + 1.0, horizon);
    const double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
    if (count >= horizon) m2 *= (horizon - 1.0) / horizon;
  }
  double variance() const { return count > 1.0 ? m2 / (count - 1.0) : 0.0; }
  double sigma() const { return std::sqrt(variance()); }
};

// Finds the peaks and troughs of controller cycling in a zone temperature series, with a
// hysteresis of `min_amplitude` so that noise is not counted as cycles.
class CycleDetector {
 public:
  enum Event { kNone, kPeak, kTrough };
  Event update(double min_amplitude, TimeMs time_ms, double value);
  TimeMs last_peak_ms() const { return last_peak_ms_; }
  TimeMs previous_peak_ms() const { return previous_peak_ms_; }
  double last_peak_value() const { return last_peak_value_; }
  TimeMs last_trough_ms() const { return last_trough_ms_; }
  double last_trough_value() const { return last_trough_value_; }

 private:
  int direction_ = 0;  // +1 rising, -1 falling, 0 unknown
  double extreme_ = 0.0;
  TimeMs extreme_ms_ = kNoTime;
  TimeMs last_peak_ms_ = kNoTime;
  TimeMs previous_peak_ms_ = kNoTime;
  double last_peak_value_ = 0.0;
  TimeMs last_trough_ms_ = kNoTime;
  double last_trough_value_ = 0.0;
};

struct BaselineScore {
  bool learning = true;
  double level_z = 0.0;  // zone median against the hour-of-day model
};

class ZoneBaseline {
 public:
  // Learns from / scores one zone period (median temperature at `time_ms`).
  BaselineScore observe(TimeMs learn_ms, double min_sigma, TimeMs time_ms, double median_c,
                        bool learn);
  // A full controller cycle ended with this peak-to-peak period.
  void observe_cycle(TimeMs period_ms, bool learn) {
    if (learn) cycle_period_ms_.add(static_cast<double>(period_ms), 200.0);
  }
  // Pull-down speed (°C/min, positive) measured from a peak to the following trough.
  void observe_pulldown(double rate_c_per_min, bool learn) {
    if (learn) pulldown_.add(rate_c_per_min, 200.0);
  }
  void observe_door_event(TimeMs time_ms);
  bool learning(TimeMs learn_ms, TimeMs time_ms) const {
    return first_ms_ == kNoTime || time_ms - first_ms_ < learn_ms;
  }
  const RunningStats& cycle_period() const { return cycle_period_ms_; }
  const RunningStats& pulldown() const { return pulldown_; }
  const RunningStats& hour(int h) const { return hours_[static_cast<std::size_t>(h)]; }
  // Learned door openings per hour for this hour of day, and the count so far this hour.
  double door_rate_per_hour(int h) const;
  const RunningStats& door_hour(int h) const { return door_hours_[static_cast<std::size_t>(h)]; }
  int doors_this_hour() const { return doors_this_hour_; }

 private:
  TimeMs first_ms_ = kNoTime;
  std::array<RunningStats, 24> hours_{};
  RunningStats cycle_period_ms_;
  RunningStats pulldown_;
  std::array<RunningStats, 24> door_hours_{};
  std::int64_t door_hour_index_ = -1;  // hours since epoch of the counting hour
  int doors_this_hour_ = 0;
  TimeMs hour_start_ms_ = kNoTime;  // start of the hour of the last observed period
  int hour_ = 0;                    // its hour of the day
  void roll_door_hour(TimeMs time_ms);
};

inline int hour_of_day(TimeMs time_ms) {
  const TimeMs in_day = ((time_ms % kMsPerDay) + kMsPerDay) % kMsPerDay;
  return static_cast<int>(in_day / kMsPerHour);
}

}  // namespace pharmatwin::detection
