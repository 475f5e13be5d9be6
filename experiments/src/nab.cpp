#include "pharmatwin/experiments/nab.hpp"

#include <algorithm>
#include <cmath>

namespace pharmatwin::experiments {

double nab_sigmoid(double y) {
  if (y > 3.0) return -1.0;
  return 2.0 / (1.0 + std::exp(5.0 * y)) - 1.0;
}

NabResult nab_score(const NabProfile& profile, const std::vector<NabWindow>& windows,
                    const std::vector<std::vector<double>>& detections,
                    const std::vector<double>& false_alarms) {
  NabResult r;
  r.profile = std::string(profile.name);
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const auto& w = windows[i];
    const double length = std::max(w.end_s - w.start_s, 1e-9);
    r.null_score += profile.a_fn;
    r.perfect += profile.a_tp * nab_sigmoid(-1.0);
    double first = INFINITY;
    if (i < detections.size()) {
      for (double t : detections[i])
        if (t >= w.start_s && t <= w.end_s) first = std::min(first, t);
    }
    if (std::isfinite(first)) {
      r.raw += profile.a_tp * nab_sigmoid(-(w.end_s - first) / length);
    } else {
      r.raw += profile.a_fn;
    }
  }
  const double fp_weight = std::abs(profile.a_fp);
  for (double t : false_alarms) {
    // The closest window that ended before the alarm.
    const NabWindow* prev = nullptr;
    for (const auto& w : windows)
      if (w.end_s <= t && (!prev || w.end_s > prev->end_s)) prev = &w;
    double unweighted = -1.0;
    if (prev) unweighted = nab_sigmoid((t - prev->end_s) / std::max(prev->end_s - prev->start_s, 1e-9));
    r.raw += fp_weight * unweighted;
  }
  if (r.perfect != r.null_score)
    r.normalized = 100.0 * (r.raw - r.null_score) / (r.perfect - r.null_score);
  return r;
}

}  // namespace pharmatwin::experiments
