#include "pharmatwin/experiments/nab.hpp"

#include <algorithm>
#include <cmath>

namespace pharmatwin::experiments {

double nab_sigmoid(double y) {
  if (y >= 3.0) return -1.0;  // far after a window (sweeper.py: >= 3)
  return 2.0 / (1.0 + std::exp(5.0 * y)) - 1.0;
}

namespace {

// Relative position of t to a window's end: -1 at its start, 0 at its end, 1 one window length
// after. A zero-length window has its one instant at -1 (NAB: a window of one row) and anything
// after it far away.
double position(const NabWindow& w, double t) {
  const double length = w.end_s - w.start_s;
  if (length <= 0) return t <= w.end_s ? -1.0 : 3.0;
  return (t - w.end_s) / length;
}

}  // namespace

NabResult nab_score(const NabProfile& profile, const std::vector<NabWindow>& windows,
                    const std::vector<std::vector<double>>& detections,
                    const std::vector<double>& false_alarms, double probation_end_s) {
  NabResult r;
  r.profile = std::string(profile.name);
  r.probation_end_s = probation_end_s;
  r.windows = static_cast<int>(windows.size());
  const double max_tp = nab_sigmoid(-1.0);
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const auto& w = windows[i];
    r.perfect += profile.a_tp;
    if (w.end_s < probation_end_s) continue;  // all of it unscored
    ++r.windows_scored;
    r.null_score += profile.a_fn;
    double first = INFINITY;
    if (i < detections.size()) {
      for (double t : detections[i])
        if (t >= w.start_s && t <= w.end_s && t >= probation_end_s) first = std::min(first, t);
    }
    if (std::isfinite(first)) {
      ++r.detections_scored;
      r.raw += profile.a_tp * nab_sigmoid(position(w, first)) / max_tp;
    } else {
      r.raw += profile.a_fn;
    }
  }
  const double fp_cost = std::abs(profile.a_fp);
  for (double t : false_alarms) {
    if (t < probation_end_s) {
      ++r.false_alarms_in_probation;
      continue;
    }
    ++r.false_alarms_scored;
    // The window that ended last before the alarm.
    const NabWindow* prev = nullptr;
    for (const auto& w : windows)
      if (w.end_s <= t && (!prev || w.end_s > prev->end_s)) prev = &w;
    r.raw += prev ? fp_cost * nab_sigmoid(position(*prev, t)) : -fp_cost;
  }
  if (r.perfect != r.null_score)
    r.normalized = 100.0 * (r.raw - r.null_score) / (r.perfect - r.null_score);
  return r;
}

}  // namespace pharmatwin::experiments
