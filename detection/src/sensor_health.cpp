#include "pharmatwin/detection/sensor_health.hpp"

#include <algorithm>
#include <cmath>

namespace pharmatwin::detection {

double median_sorted(std::span<const double> sorted) {
  const std::size_t n = sorted.size();
  return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

double median_without(std::span<const double> sorted, std::size_t skip) {
  const std::size_t m = sorted.size() - 1;
  auto at = [&](std::size_t j) { return j < skip ? sorted[j] : sorted[j + 1]; };
  return m % 2 == 1 ? at(m / 2) : 0.5 * (at(m / 2 - 1) + at(m / 2));
}

bool RedundancyState::update(double raw, double from_median, double drift, double sigma,
                             double bias_limit, int learn_samples) {
  const bool was_drifting = drifting;
  const bool was_biased = biased;
  // Bias: a large mean residual, judged against zero (sensors of one zone should agree within
  // the bias limit whatever their position).
  constexpr double kBiasSmoothing = 0.1;
  mean_residual += kBiasSmoothing * (raw - mean_residual);
  if (std::fabs(mean_residual) > bias_limit) {
    biased = true;
  } else if (std::fabs(mean_residual) < 0.5 * bias_limit) {
    biased = false;
  }
  if (learned < learn_samples) {
    offset_sum += from_median;
    ++learned;
    offset = offset_sum / learned;
    return biased != was_biased;
  }
  constexpr double kClipSigmas = 3.0;
  const double z = std::clamp(drift / sigma, -kClipSigmas, kClipSigmas);
  const auto signal = cusum.update(z);
  cusum.cap(2.0 * cusum.h());
  if (signal != TwoSidedCusum::kNone) {
    drifting = true;
    drift_direction = signal == TwoSidedCusum::kUp ? 1 : -1;
  } else if (drifting && cusum.upper() == 0.0 && cusum.lower() == 0.0) {
    drifting = false;  // statistics back to the in-control state
    drift_direction = 0;
  }
  return drifting != was_drifting || biased != was_biased;
}

}  // namespace pharmatwin::detection
