// The replay's timeline: a bar over the whole run with its markers, where a click or a drag
// seeks. The mapping between simulated time and pixels is kept apart from drawing (tested
// headless).
//
//   TimelineScale scale{plot_x, plot_w, replay.end_s};
//   float x = scale.x_of(alert.t_s);
//   double t = scale.t_of(mouse_x);  // the instant to seek to
#pragma once

#include <vector>

#include "pharmatwin/sim/live_snapshot.hpp"

namespace pharmatwin::viz {

struct TimelineScale {
  float x0 = 0, width = 1;  // the bar's left edge and width in pixels
  double end_s = 1;         // the bar covers [0, end_s]
  float x_of(double t_s) const;
  double t_of(float x) const;  // clamped to [0, end_s]
};

// Markers of one run as pixel columns of the bar: one per column and kind, the most severe alert
// kept, so a year of alerts draws in a few hundred strokes.
struct TimelineTick {
  float x = 0;
  sim::LiveMarker::Kind kind = sim::LiveMarker::kAlert;
  int severity = 0;
  std::size_t marker = 0;  // index of a marker it stands for
};
std::vector<TimelineTick> timeline_ticks(const std::vector<sim::LiveMarker>& markers,
                                         const TimelineScale& scale);

}  // namespace pharmatwin::viz
