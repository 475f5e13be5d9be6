#include "pharmatwin/detection/mkt.hpp"

#include <algorithm>

namespace pharmatwin::detection {

double mean_kinetic_temperature_c(std::span<const double> temperatures_c) {
  double sum = 0.0;
  for (double t : temperatures_c) sum += arrhenius_term(t);
  return mkt_from_sums_c(sum, static_cast<double>(temperatures_c.size()));
}

double mean_kinetic_temperature_c(std::span<const double> temperatures_c,
                                  std::span<const double> weights) {
  double weighted = 0.0;
  double total = 0.0;
  const std::size_t n = std::min(temperatures_c.size(), weights.size());
  for (std::size_t i = 0; i < n; ++i) {
    weighted += weights[i] * arrhenius_term(temperatures_c[i]);
    total += weights[i];
  }
  return mkt_from_sums_c(weighted, total);
}

ArrheniusTable::ArrheniusTable() {
  for (int i = 0; i < kEntries; ++i) table_[i] = arrhenius_term(kMinC + i / kStepsPerC);
}

const ArrheniusTable& ArrheniusTable::instance() {
  static const ArrheniusTable table;
  return table;
}

namespace {
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
}  // namespace

void RollingMkt::add_slow(TimeMs time_ms, double weight_ms, double term) {
  const std::int64_t bucket = floor_div(time_ms, bucket_ms_);
  if (current_ == kNoBucket || bucket - current_ >= kBuckets) {
    sums_ = {};
    current_ = bucket;
  } else if (bucket > current_) {
    for (std::int64_t b = current_ + 1; b <= bucket; ++b) {
      sums_[static_cast<std::size_t>(((b % kBuckets) + kBuckets) % kBuckets)] = {};
    }
    current_ = bucket;
  } else if (current_ - bucket >= kBuckets) {
    return;  // older than the window
  }
  current_slot_ = static_cast<std::size_t>(((current_ % kBuckets) + kBuckets) % kBuckets);
  bucket_start_ms_ = current_ * bucket_ms_;
  bucket_end_ms_ = bucket_start_ms_ + bucket_ms_;
  Slot& slot = sums_[static_cast<std::size_t>(((bucket % kBuckets) + kBuckets) % kBuckets)];
  slot.weighted += weight_ms * term;
  slot.weight += weight_ms;
}

TimeMs RollingMkt::bucket_end_ms(TimeMs time_ms) const {
  return (floor_div(time_ms, bucket_ms_) + 1) * bucket_ms_;
}

double RollingMkt::mkt_c(double pending_weighted, double pending_weight) const {
  double weighted = pending_weighted;
  double weight = pending_weight;
  for (const Slot& slot : sums_) {
    weighted += slot.weighted;
    weight += slot.weight;
  }
  return mkt_from_sums_c(weighted, weight);
}

double RollingMkt::coverage(TimeMs window_ms) const {
  double weight = 0.0;
  for (const Slot& slot : sums_) weight += slot.weight;
  return window_ms > 0 ? std::min(1.0, weight / static_cast<double>(window_ms)) : 0.0;
}

}  // namespace pharmatwin::detection
