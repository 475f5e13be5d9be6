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

static std::size_t slot_of(std::int64_t bucket) {
  constexpr std::int64_t n = RollingMkt::kBuckets + 1;
  return static_cast<std::size_t>(((bucket % n) + n) % n);
}

void RollingMkt::add_sums(TimeMs time_ms, double weighted, double weight_ms) {
  if (!(weight_ms > 0.0)) return;
  const std::int64_t bucket = floor_div(time_ms, bucket_ms_);
  if (newest_ != kNoBucket && newest_ - bucket >= kSlots) return;  // older than the window
  Slot& slot = slots_[slot_of(bucket)];
  if (slot.bucket != bucket) slot = Slot{bucket, 0.0, 0.0};  // reuses the slot of an old bucket
  slot.weighted += weighted;
  slot.weight += weight_ms;
  newest_ = newest_ == kNoBucket ? bucket : std::max(newest_, bucket);
  cache_valid_ = false;
}

TimeMs RollingMkt::bucket_end_ms(TimeMs time_ms) const {
  return (floor_div(time_ms, bucket_ms_) + 1) * bucket_ms_;
}

TimeMs RollingMkt::newest_end_ms() const {
  return newest_ == kNoBucket ? kNoTime : (newest_ + 1) * bucket_ms_;
}

MktSums RollingMkt::window_sums(TimeMs end_ms, MktSums pending) const {
  const TimeMs start_ms = end_ms - window_ms_;
  std::int64_t first = hint_first_;
  if (first == kNoBucket || start_ms < hint_start_ms_ || start_ms >= hint_end_ms_) {
    first = floor_div(start_ms, bucket_ms_);
    hint_first_ = first;
    hint_start_ms_ = first * bucket_ms_;
    hint_end_ms_ = hint_start_ms_ + bucket_ms_;
  }
  if (!cache_valid_ || cache_first_ != first) {
    cache_full_ = {};
    cache_partial_ = {};
    for (const Slot& slot : slots_) {
      if (slot.bucket == kNoBucket || slot.bucket < first) continue;
      MktSums& to = slot.bucket == first ? cache_partial_ : cache_full_;
      to += MktSums{slot.weighted, slot.weight};
    }
    cache_first_ = first;
    cache_valid_ = true;
  }
  // Share of the first bucket inside the window.
  const double inside =
      static_cast<double>((first + 1) * bucket_ms_ - start_ms) / static_cast<double>(bucket_ms_);
  MktSums sums = cache_full_;
  sums += pending;
  sums += MktSums{inside * cache_partial_.weighted, inside * cache_partial_.weight};
  return sums;
}

double RollingMkt::mkt_c(TimeMs end_ms, MktSums pending) const {
  const MktSums sums = window_sums(end_ms, pending);
  return mkt_from_sums_c(sums.weighted, sums.weight);
}

double RollingMkt::coverage(TimeMs end_ms, MktSums pending) const {
  const MktSums sums = window_sums(end_ms, pending);
  return std::clamp(sums.weight / static_cast<double>(window_ms_), 0.0, 1.0);
}

}  // namespace pharmatwin::detection
