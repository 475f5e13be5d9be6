// When a zone disturbed by a fault is back to normal, from the run's ground truth: alerts raised
// while it recovers are the fault's aftermath, not false alarms (docs/experiments.md, "Aftermath").
//
//   const NormalBand band = normal_band(log, zone, fault.start_s);
//   const auto back = back_in_band_s(log, zone, band, *fault.end_s);  // nullopt: not by the end
//
// A zone's normal band is the range of its true air and product temperatures over the day before
// the fault's onset (kBandHistoryS), widened by kBandToleranceC on each side so that a slow
// return towards the middle of the band is seen as done; with fewer than kMinBandSamples truth
// samples in that day it is the zone's storage range. The zone is back in band at the first truth
// sample at or after the fault's end where both air and product are inside it.
#pragma once

#include <optional>

#include "pharmatwin/experiments/run_log.hpp"

namespace pharmatwin::experiments {

inline constexpr double kBandHistoryS = 86400;
inline constexpr double kBandToleranceC = 0.1;
inline constexpr int kMinBandSamples = 4;

struct NormalBand {
  double air_lo = 0, air_hi = 0;
  double product_lo = 0, product_hi = 0;
  bool learned = false;  // from history; otherwise the storage range
  bool contains(const TruthPoint& p) const;
};

// Band of header zone `zone` learned before `onset_s`.
NormalBand normal_band(const RunLog& log, int zone, double onset_s);

// First truth sample time >= from_s at which the zone is inside `band`; nullopt when none.
std::optional<double> back_in_band_s(const RunLog& log, int zone, const NormalBand& band,
                                     double from_s);

}  // namespace pharmatwin::experiments
