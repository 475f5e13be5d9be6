// Latency-weighted scoring after the Numenta Anomaly Benchmark (Lavin & Ahmad, 2015).
//
// Each fault has a window [start, end]. The first detection inside a window scores
// A_TP * sigma(y), y = -(end - t) / (end - start) in [-1, 0] (earlier is better); later
// detections in the same window are ignored. A window without detection scores A_FN. A false
// alarm scores |A_FP| * sigma(y) with y = (t - end of the preceding window) / its length (nearly
// -|A_FP| far from any window, -|A_FP| before the first window), where
// sigma(y) = 2 / (1 + e^(5y)) - 1 and sigma(y) = -1 for y > 3, as in NAB.
// The score is normalised as NAB does: 100 * (raw - null) / (perfect - null), "null" being a
// system that never alerts and "perfect" one that alerts at the start of every window.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::experiments {

struct NabProfile {
  std::string_view name;
  double a_tp;  // reward of a detection at the best position
  double a_fp;  // weight of a false alarm (negative)
  double a_fn;  // weight of a missed window (negative)
};

// The three published NAB application profiles.
inline constexpr NabProfile kNabStandard{"standard", 1.0, -0.11, -1.0};
inline constexpr NabProfile kNabRewardLowFp{"reward_low_fp", 1.0, -0.22, -1.0};
inline constexpr NabProfile kNabRewardLowFn{"reward_low_fn", 1.0, -0.11, -2.0};
inline constexpr NabProfile kNabProfiles[] = {kNabStandard, kNabRewardLowFp, kNabRewardLowFn};

double nab_sigmoid(double y);

struct NabWindow {
  double start_s = 0;
  double end_s = 0;
};

struct NabResult {
  std::string profile;
  double raw = 0;
  double null_score = 0;
  double perfect = 0;
  double normalized = 0;  // 0 = never alerting, 100 = perfect; 0 when there is no window
};

// `detections`: times of alerts that match the window's fault (per window), `false_alarms`:
// times of alerts matching no fault.
NabResult nab_score(const NabProfile& profile, const std::vector<NabWindow>& windows,
                    const std::vector<std::vector<double>>& detections,
                    const std::vector<double>& false_alarms);

}  // namespace pharmatwin::experiments
