#include "pharmatwin/experiments/zone_recovery.hpp"

#include <algorithm>

namespace pharmatwin::experiments {

bool NormalBand::contains(const TruthPoint& p) const {
  if (p.air_c < air_lo || p.air_c > air_hi) return false;
  return !p.has_product || (p.product_c >= product_lo && p.product_c <= product_hi);
}

namespace {

const std::vector<TruthPoint>* truth_of(const RunLog& log, int zone) {
  if (zone < 0 || zone >= static_cast<int>(log.truth.size())) return nullptr;
  return &log.truth[zone];
}

}  // namespace

NormalBand normal_band(const RunLog& log, int zone, double onset_s) {
  NormalBand band;
  if (zone >= 0 && zone < log.header.zones_size()) {
    const auto& z = log.header.zones(zone);
    band.air_lo = band.product_lo = std::min(z.min_c(), z.max_c());
    band.air_hi = band.product_hi = std::max(z.min_c(), z.max_c());
  }
  const auto* truth = truth_of(log, zone);
  if (!truth) return band;
  // Samples are in time order: the day before the onset is one contiguous run of them.
  const auto first = std::lower_bound(truth->begin(), truth->end(), onset_s - kBandHistoryS,
                                      [](const TruthPoint& p, double t) { return p.t_s < t; });
  int n = 0;
  NormalBand seen;
  bool any_product = false;
  for (auto it = first; it != truth->end() && it->t_s < onset_s; ++it, ++n) {
    if (n == 0) {
      seen.air_lo = seen.air_hi = it->air_c;
    } else {
      seen.air_lo = std::min(seen.air_lo, it->air_c);
      seen.air_hi = std::max(seen.air_hi, it->air_c);
    }
    if (!it->has_product) continue;
    if (!any_product) {
      seen.product_lo = seen.product_hi = it->product_c;
      any_product = true;
    } else {
      seen.product_lo = std::min(seen.product_lo, it->product_c);
      seen.product_hi = std::max(seen.product_hi, it->product_c);
    }
  }
  if (n < kMinBandSamples) return band;
  band.air_lo = seen.air_lo - kBandToleranceC;
  band.air_hi = seen.air_hi + kBandToleranceC;
  if (any_product) {
    band.product_lo = seen.product_lo - kBandToleranceC;
    band.product_hi = seen.product_hi + kBandToleranceC;
  }
  band.learned = true;
  return band;
}

std::optional<double> back_in_band_s(const RunLog& log, int zone, const NormalBand& band,
                                     double from_s) {
  const auto* truth = truth_of(log, zone);
  if (!truth) return std::nullopt;
  auto it = std::lower_bound(truth->begin(), truth->end(), from_s,
                             [](const TruthPoint& p, double t) { return p.t_s < t; });
  for (; it != truth->end(); ++it)
    if (band.contains(*it)) return it->t_s;
  return std::nullopt;
}

}  // namespace pharmatwin::experiments
