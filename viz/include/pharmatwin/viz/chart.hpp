// The dashboard's time chart, drawn with Dear ImGui's draw lists (ImPlot is not packaged in
// Debian 12). build_chart() turns decimated series, the storage range, fault windows and alert
// marks into screen geometry (testable without a window); draw_chart() draws that geometry.
//
//   ChartInput in{.t0_s = now - 86400, .t1_s = now, .range_min_c = 2, .range_max_c = 8};
//   in.series.push_back({decimate_history(snap->history, zone, false, in.t0_s, in.t1_s, 600),
//                        {90, 200, 255, 255}});
//   ChartGeometry g = build_chart(in, {x, y, 600, 200});
//   draw_chart(ImGui::GetWindowDrawList(), g);
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "pharmatwin/sim/live_snapshot.hpp"
#include "pharmatwin/viz/min_max_decimator.hpp"
#include "pharmatwin/viz/site_map_layout.hpp"
#include "pharmatwin/viz/zone_status.hpp"

struct ImDrawList;

namespace pharmatwin::viz {

// One (min, max) per pixel column of [t0_s, t1_s) of a zone's air or product history.
std::vector<MinMaxColumn> decimate_history(
    const std::vector<std::shared_ptr<const sim::LiveHistoryChunk>>& history, std::uint32_t zone,
    bool product, double t0_s, double t1_s, int columns);

struct ChartSeries {
  std::vector<MinMaxColumn> columns;  // one per pixel column of the plot
  Rgba colour;
};

struct ChartInput {
  double t0_s = 0, t1_s = 1;
  double range_min_c = 0, range_max_c = 0;  // storage range (band); equal: none
  double alarm_margin_c = 1;                // alarm lines this far outside the range
  std::vector<ChartSeries> series;
  std::vector<std::pair<double, double>> fault_windows;  // [start, end) in simulated seconds
  std::vector<double> alert_marks_s;
};

struct ChartGeometry {
  ScreenRect plot;
  double y_lo_c = 0, y_hi_c = 1;  // temperature at the bottom and top edges
  ScreenRect range_band;          // h == 0: none
  float alarm_hi_y = 0, alarm_lo_y = 0;
  std::vector<ScreenRect> fault_rects;
  std::vector<float> alert_x;
  struct Line {
    std::vector<ScreenPoint> points;
    Rgba colour;
  };
  std::vector<Line> lines;
  float y_of(double c) const;
  float x_of(double t_s, double t0_s, double t1_s) const;
};

ChartGeometry build_chart(const ChartInput& input, ScreenRect plot);
void draw_chart(ImDrawList* draw, const ChartGeometry& geometry);

}  // namespace pharmatwin::viz
