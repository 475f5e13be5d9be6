// Mean kinetic temperature (USP <1079.2>):
//   MKT = (ΔH/R) / -ln( Σ w_i·exp(-ΔH/(R·T_i)) / Σ w_i ) , temperatures in kelvin,
// with ΔH/R = 10,000 K (ΔH = 83.144 kJ/mol, R = 8.3144 J/(mol·K)) and w_i the time each
// temperature was held.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <span>

#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::detection {

inline constexpr double kMktActivationK = 10000.0;  // ΔH/R
inline constexpr double kKelvinOffset = 273.15;

// exp(-ΔH/(R·T)) of a temperature in °C.
inline double arrhenius_term(double temperature_c) {
  return std::exp(-kMktActivationK / (temperature_c + kKelvinOffset));
}

// MKT in °C of equally weighted temperatures; NaN when empty.
double mean_kinetic_temperature_c(std::span<const double> temperatures_c);
// MKT in °C of temperatures held for the given durations (any unit); NaN when no weight.
double mean_kinetic_temperature_c(std::span<const double> temperatures_c,
                                  std::span<const double> weights);
// MKT in °C of an accumulated Σ w·term and Σ w.
inline double mkt_from_sums_c(double weighted_terms, double weights) {
  if (!(weights > 0.0) || !(weighted_terms > 0.0)) return std::nan("");
  return kMktActivationK / -std::log(weighted_terms / weights) - kKelvinOffset;
}

// Tabulated arrhenius_term over -100..+100 °C every 0.05 °C with linear interpolation (relative
// error below 2e-5, i.e. well under 0.001 °C of MKT); exact computation outside the table.
class ArrheniusTable {
 public:
  static const ArrheniusTable& instance();
  double operator()(double temperature_c) const {
    const double x = (temperature_c - kMinC) * kStepsPerC;
    if (!(x >= 0.0) || x >= kEntries - 1) return arrhenius_term(temperature_c);
    const int i = static_cast<int>(x);
    const double f = x - i;
    return table_[i] + (table_[i + 1] - table_[i]) * f;
  }

 private:
  static constexpr double kMinC = -100.0;
  static constexpr double kStepsPerC = 20.0;
  static constexpr int kEntries = 4001;
  ArrheniusTable();
  std::array<double, kEntries> table_{};
};

// MKT over a rolling window in constant memory: the window is kBuckets buckets of
// window/kBuckets each (the newest one filling), holding Σ w·term and Σ w.
class RollingMkt {
 public:
  static constexpr int kBuckets = 48;

  void configure(TimeMs window_ms) {
    bucket_ms_ = std::max<TimeMs>(1, window_ms / kBuckets);
    clear();
  }
  void clear() {
    sums_ = {};
    current_ = kNoBucket;
    bucket_start_ms_ = 0;
    bucket_end_ms_ = 0;
  }

  // Adds a temperature term held for `weight_ms`, attributed to the bucket of `time_ms`.
  // Contributions older than the window are dropped.
  void add(TimeMs time_ms, double weight_ms, double term) {
    if (time_ms >= bucket_start_ms_ && time_ms < bucket_end_ms_) {
      Slot& slot = sums_[current_slot_];
      slot.weighted += weight_ms * term;
      slot.weight += weight_ms;
      return;
    }
    add_slow(time_ms, weight_ms, term);
  }

  // Adds already summed contributions (Σ w·term, Σ w) to the bucket of `time_ms`.
  void add_sums(TimeMs time_ms, double weighted, double weight_ms) {
    if (weight_ms > 0.0) add(time_ms, weight_ms, weighted / weight_ms);
  }
  // End of the bucket holding `time_ms`.
  TimeMs bucket_end_ms(TimeMs time_ms) const;
  // Current MKT in °C over the window, plus optional pending sums; NaN when empty.
  double mkt_c(double pending_weighted = 0.0, double pending_weight = 0.0) const;
  // Share of the window holding data (0..1).
  double coverage(TimeMs window_ms) const;
  // Bucket index of the newest bucket, to let callers evaluate once per bucket.
  std::int64_t current_bucket() const { return current_; }
  TimeMs bucket_ms() const { return bucket_ms_; }

 private:
  static constexpr std::int64_t kNoBucket = INT64_MIN / 2;
  struct Slot {
    double weighted = 0.0;
    double weight = 0.0;
  };
  void add_slow(TimeMs time_ms, double weight_ms, double term);

  std::array<Slot, kBuckets> sums_{};
  std::int64_t current_ = kNoBucket;
  std::size_t current_slot_ = 0;
  TimeMs bucket_ms_ = kMsPerHour;
  TimeMs bucket_start_ms_ = 0;
  TimeMs bucket_end_ms_ = 0;
};

}  // namespace pharmatwin::detection
