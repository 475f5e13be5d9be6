// Mean kinetic temperature (USP <1079.2>):
//   MKT = (ΔH/R) / -ln( Σ w_i·exp(-ΔH/(R·T_i)) / Σ w_i ) , temperatures in kelvin,
// with ΔH/R = 10,000 K (ΔH = 83.144 kJ/mol, R = 8.3144 J/(mol·K)) and w_i the time each
// temperature was held. A reading stands for the time until the next one; the last reading of a
// stream for the interval before it (with regular sampling every reading weighs the same).
//
//   std::vector<double> t = {5.0, 15.0}, hours = {20.0, 4.0};
//   mean_kinetic_temperature_c(t, hours);   // 7.705 °C
#pragma once

#include <algorithm>
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

// Σ w·term and Σ w of some stretch of data (w in ms).
struct MktSums {
  double weighted = 0.0;
  double weight = 0.0;
  MktSums& operator+=(const MktSums& o) {
    weighted += o.weighted;
    weight += o.weight;
    return *this;
  }
};

// MKT over a rolling window in constant memory. The window is cut into kBuckets buckets of
// window/kBuckets; each bucket holds Σ w·term and Σ w of the data attributed to it. The value
// at `end_ms` covers (end_ms - window, end_ms]: the buckets wholly inside, plus the share of the
// bucket holding the window's start that lies inside it (data taken as spread evenly over that
// bucket), plus `pending` (data after the stored buckets, such as the reading being held).
//
//   RollingMkt m;  m.configure(24 * kMsPerHour);
//   m.add(t, 300'000.0, arrhenius_term(5.0));          // 5 °C held for 5 min from t
//   double mkt = m.mkt_c(t + 300'000);                  // window ending when the hold ends
class RollingMkt {
 public:
  static constexpr int kBuckets = 48;

  void configure(TimeMs window_ms) {
    window_ms_ = std::max<TimeMs>(kBuckets, window_ms);
    bucket_ms_ = std::max<TimeMs>(1, window_ms_ / kBuckets);
    clear();
  }
  void clear() {
    for (Slot& slot : slots_) slot = Slot{};
    newest_ = kNoBucket;
    cache_valid_ = false;
    hint_first_ = kNoBucket;
  }

  // Adds a temperature term held for `weight_ms`, attributed to the bucket of `time_ms`.
  // Contributions older than the window are dropped.
  void add(TimeMs time_ms, double weight_ms, double term) {
    add_sums(time_ms, weight_ms * term, weight_ms);
  }
  // Adds already summed contributions (Σ w·term, Σ w) to the bucket of `time_ms`.
  void add_sums(TimeMs time_ms, double weighted, double weight_ms);

  // End of the bucket holding `time_ms`.
  TimeMs bucket_end_ms(TimeMs time_ms) const;
  TimeMs bucket_ms() const { return bucket_ms_; }
  TimeMs window_ms() const { return window_ms_; }

  // Sums over the window ending at `end_ms`, plus `pending`.
  MktSums window_sums(TimeMs end_ms, MktSums pending = {}) const;
  // MKT in °C over the window ending at `end_ms` (NaN when it holds no data).
  double mkt_c(TimeMs end_ms, MktSums pending = {}) const;
  // Share of the window ending at `end_ms` that holds data (0..1).
  double coverage(TimeMs end_ms, MktSums pending = {}) const;
  // End of the newest bucket holding data (kNoTime when empty).
  TimeMs newest_end_ms() const;

 private:
  static constexpr std::int64_t kNoBucket = INT64_MIN / 2;
  static constexpr int kSlots = kBuckets + 1;  // the window's buckets and the one it starts in
  struct Slot {
    std::int64_t bucket = kNoBucket;
    double weighted = 0.0;
    double weight = 0.0;
  };

  std::array<Slot, kSlots> slots_{};
  std::int64_t newest_ = kNoBucket;
  TimeMs window_ms_ = 24 * kMsPerHour;
  TimeMs bucket_ms_ = 24 * kMsPerHour / kBuckets;
  // Sums of the buckets after the one the window starts in, for the last start bucket asked.
  mutable bool cache_valid_ = false;
  mutable std::int64_t cache_first_ = kNoBucket;
  mutable MktSums cache_full_;
  mutable MktSums cache_partial_;
  // The start bucket last asked for, and its span: a window starting inside it needs no
  // division (an integer division costs as much as the rest of the lookup).
  mutable std::int64_t hint_first_ = kNoBucket;
  mutable TimeMs hint_start_ms_ = 0, hint_end_ms_ = 0;
};

}  // namespace pharmatwin::detection
