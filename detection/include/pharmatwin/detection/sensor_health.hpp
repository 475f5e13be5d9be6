// Sensor health building blocks: frozen-value detection and redundancy residuals.
//
// Redundancy: every few zone periods, each sensor's mean over them is compared with the median
// of the other sensors' means in the same zone. A room-wide event moves the median with the sensor,
// so the residual stays small; a drifting or biased sensor moves alone. The residual, less the
// sensor's learned normal offset (its position in the room), is standardised by the policy's sigma
// and averaged over a few periods (so that a passing local disturbance, such as air from a door,
// weighs little), clipped to +/-3 sigma (a robust CUSUM: one wild sample cannot signal on its
// own) and fed to a two-sided CUSUM.
#pragma once

#include <cstddef>
#include <span>

#include "pharmatwin/detection/cusum.hpp"
#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::detection {

// Flags a value that stays within `tolerance` (max - min) for `for_ms` or longer.
class StuckDetector {
 public:
  // Returns true while the current run of near-constant values has lasted `for_ms`.
  bool update(double tolerance, TimeMs for_ms, TimeMs time_ms, double value) {
    if (run_start_ms_ == kNoTime || value > run_min_ + tolerance || value < run_max_ - tolerance) {
      run_start_ms_ = time_ms;
      run_min_ = run_max_ = value;
      return false;
    }
    if (value < run_min_) run_min_ = value;
    if (value > run_max_) run_max_ = value;
    return time_ms - run_start_ms_ >= for_ms;
  }
  TimeMs run_start_ms() const { return run_start_ms_; }
  double run_value() const { return 0.5 * (run_min_ + run_max_); }

 private:
  TimeMs run_start_ms_ = kNoTime;
  double run_min_ = 0.0;
  double run_max_ = 0.0;
};

// Median of `sorted` with the element at index `skip` left out; `sorted` has at least 2 values.
double median_without(std::span<const double> sorted, std::size_t skip);

// Median of sorted values (at least one).
double median_sorted(std::span<const double> sorted);

// Per-sensor redundancy state, updated once per zone period.
struct RedundancyState {
  TwoSidedCusum cusum;
  int learned = 0;  // periods used so far to learn the offset
  double offset_sum = 0.0;
  double offset = 0.0;         // normal residual of this sensor
  double mean_residual = 0.0;  // EWMA of the residual, for bias
  bool drifting = false;
  bool biased = false;
  int drift_direction = 0;

  // The offset removed from this sensor's mean before comparing it with the others: zero until
  // it has been learned.
  double applied_offset(int learn_samples) const { return learned >= learn_samples ? offset : 0.0; }

  // `raw` (mean - median of the others) feeds the bias check; `from_median` (mean - median of
  // the whole zone) teaches the offset, so that offset-corrected values of healthy sensors all
  // sit on the zone median; `drift` (corrected mean - median of the others' corrected means)
  // feeds the CUSUM once the offset is learned.
  bool update(double raw, double from_median, double drift, double sigma, double bias_limit,
              int learn_samples);
};

}  // namespace pharmatwin::detection
