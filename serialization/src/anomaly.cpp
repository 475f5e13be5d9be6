#include "pharmatwin/serialization/anomaly.hpp"

#include <cmath>

namespace pharmatwin::serialization {

namespace {

double log_dwell(std::int64_t dwell_ms) {
  return std::log1p(static_cast<double>(dwell_ms < 0 ? 0 : dwell_ms) / 1000.0);
}

}  // namespace

void AnomalyModel::learn(std::uint32_t from, std::uint32_t to, std::int64_t dwell_ms) {
  Origin& origin = origins_[from];
  ++origin.total;
  ++origin.to_count[to];
  const double x = log_dwell(dwell_ms);
  ++origin.dwell_n;
  const double delta = x - origin.dwell_mean;
  origin.dwell_mean += delta / static_cast<double>(origin.dwell_n);
  origin.dwell_m2 += delta * (x - origin.dwell_mean);
  ++learned_;
}

double AnomalyModel::score(std::uint32_t from, std::uint32_t to, std::int64_t dwell_ms) const {
  const auto it = origins_.find(from);
  if (it == origins_.end()) {
    // Never seen this origin: as rare as a first transition out of a one-sample origin.
    return std::log(2.0);
  }
  const Origin& origin = it->second;
  const auto to_it = origin.to_count.find(to);
  const double count = to_it == origin.to_count.end() ? 0.0 : static_cast<double>(to_it->second);
  // Add-one smoothing over the seen destinations plus one "unseen" bucket.
  const double outcomes = static_cast<double>(origin.to_count.size()) + 1.0;
  const double p = (count + 1.0) / (static_cast<double>(origin.total) + outcomes);
  double s = -std::log(p);
  if (origin.dwell_n >= 2) {
    const double variance = origin.dwell_m2 / static_cast<double>(origin.dwell_n - 1);
    const double sd =
        std::sqrt(variance) + 0.1;  // floor: identical dwells are not infinitely tight
    s += std::fabs(log_dwell(dwell_ms) - origin.dwell_mean) / sd;
  }
  return s;
}

}  // namespace pharmatwin::serialization
