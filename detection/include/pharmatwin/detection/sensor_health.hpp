// Sensor health building blocks: frozen-value detection and redundancy residuals.
//
// Redundancy: every few zone periods, each sensor's mean over them is compared with the median
// of the other sensors' means in the same zone. A room-wide event moves the median with the sensor,
// so the residual stays small; a drifting or biased sensor moves alone. The residual, less the
// sensor's learned normal offset (its position in the room), is standardised by the policy's sigma
// and averaged over a few periods (so that a passing local disturbance, such as air from a door,
// weighs little), clipped to +/-3 sigma (a robust CUSUM: one wild sample cannot signal on its
// own) and fed to a two-sided CUSUM. The sigma is the zone's own residual spread
// (ResidualSpread), so that a 1-sigma shift is found in about 10 aggregates whatever the room.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "pharmatwin/detection/cusum.hpp"
#include "pharmatwin/detection/robust.hpp"
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

// Spread of a zone's redundancy residuals, learned from its own history: 1.4826 · MAD of the
// last kWindow offset-corrected residuals of its trusted probes. A residual beyond kGate of the
// current spread (a disturbed or drifting probe) does not teach it.
//
//   ResidualSpread spread;
//   spread.add(residual, spread.sigma(0.15, 0.02));   // every aggregate, every trusted probe
//   double sigma = spread.sigma(0.15, 0.02);           // 0.15 until learned, never below 0.02
class ResidualSpread {
 public:
  static constexpr std::size_t kWindow = 512;
  static constexpr std::size_t kMinSamples = 48;
  static constexpr double kGate = 4.0;

  void add(double residual, double current_sigma) {
    if (window_.count() >= kMinSamples && std::fabs(residual) > kGate * current_sigma) return;
    window_.add(residual);
  }
  bool learned() const { return window_.count() >= kMinSamples; }
  // The learned spread, or `fallback` until learned; at least `floor`. The estimate of n
  // residuals is raised by 0.5/sqrt(n), about half its standard error (1.17/sqrt(n) for
  // normal data): a CUSUM standardised by an estimate that wanders signals sooner in control
  // (Monte Carlo, k 0.5, h 5, n 512: in-control ARL 455 without the margin, 533 with it; a
  // 1-sigma shift 10.6 and 10.9 aggregates).
  double sigma(double fallback, double floor) const {
    const double n = static_cast<double>(window_.count());
    const double s = learned() ? window_.sigma() * (1.0 + 0.5 / std::sqrt(n)) : fallback;
    return s > floor ? s : floor;
  }
  std::size_t count() const { return window_.count(); }

 private:
  RobustWindow<kWindow> window_;
};

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
