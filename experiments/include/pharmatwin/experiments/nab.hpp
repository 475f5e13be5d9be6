// Latency-weighted scoring of the Numenta Anomaly Benchmark (Lavin & Ahmad, 2015), in
// continuous time, following NAB's scorer (nab/sweeper.py) and normalisation (nab/runner.py).
//
//   const auto r = nab_score(kNabStandard, {{1000, 5000}}, {{3000}}, {500}, /*probation*/ 0);
//   // r.raw = sigma(-0.5) / sigma(-1) - 0.11, r.normalized = 100 (raw - null) / (perfect - null)
//
// With sigma(y) = 2 / (1 + e^(5y)) - 1 (and -1 for y >= 3):
//  * the first detection inside a window [start, end] scores A_TP * sigma(y) / sigma(-1),
//    y = (t - end) / (end - start) in [-1, 0]: A_TP at the window's start, 0 at its end; later
//    detections in the same window add nothing;
//  * a window without detection scores A_FN (negative);
//  * a false alarm scores |A_FP| * sigma(y), y = (t - end) / (end - start) of the window that
//    ended last before it (close after a window it costs little), -|A_FP| before any window;
//  * detections and false alarms before the end of the probation period are not scored, and a
//    window that ends within it is not scored either (NAB leaves the first 15 % of a data file
//    out: detectors are still learning);
//  * normalised = 100 * (raw - null) / (perfect - null), null = A_FN per scored window (a system
//    that never alerts), perfect = A_TP per window (NAB counts every labelled window).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::experiments {

struct NabProfile {
  std::string_view name;
  double a_tp;  // reward of a detection at the start of a window
  double a_fp;  // weight of a false alarm (negative)
  double a_fn;  // weight of a missed window (negative)
};

// The three application profiles of NAB's config/profiles.json (its positive fpWeight and
// fnWeight are costs; here they carry their sign).
inline constexpr NabProfile kNabStandard{"standard", 1.0, -0.11, -1.0};
inline constexpr NabProfile kNabRewardLowFp{"reward_low_fp", 1.0, -0.22, -1.0};
inline constexpr NabProfile kNabRewardLowFn{"reward_low_fn", 1.0, -0.11, -2.0};
inline constexpr NabProfile kNabProfiles[] = {kNabStandard, kNabRewardLowFp, kNabRewardLowFn};

// NAB's probationaryPercent.
inline constexpr double kNabProbationFraction = 0.15;

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
  int windows = 0, windows_scored = 0;
  int detections_scored = 0;  // windows whose first scored detection counted
  int false_alarms_scored = 0, false_alarms_in_probation = 0;
  double probation_end_s = 0;
};

// `detections[i]`: times of the alerts that detect window i's fault; `false_alarms`: times of
// alerts matching no fault; `probation_end_s`: end of the unscored start (0: none).
NabResult nab_score(const NabProfile& profile, const std::vector<NabWindow>& windows,
                    const std::vector<std::vector<double>>& detections,
                    const std::vector<double>& false_alarms, double probation_end_s = 0);

}  // namespace pharmatwin::experiments
