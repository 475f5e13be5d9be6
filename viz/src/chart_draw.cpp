// draw_chart(): the chart geometry onto an ImGui draw list.
#include <imgui.h>

#include "pharmatwin/viz/chart.hpp"

namespace pharmatwin::viz {

void draw_chart(ImDrawList* draw, const ChartGeometry& g) {
  const ImVec2 p0(g.plot.x, g.plot.y), p1(g.plot.x + g.plot.w, g.plot.y + g.plot.h);
  draw->AddRectFilled(p0, p1, IM_COL32(20, 22, 28, 255));
  draw->PushClipRect(p0, p1, true);
  for (const auto& r : g.fault_rects)
    draw->AddRectFilled({r.x, r.y}, {r.x + r.w, r.y + r.h}, IM_COL32(200, 60, 60, 50));
  if (g.range_band.h > 0) {
    const auto& b = g.range_band;
    draw->AddRectFilled({b.x, b.y}, {b.x + b.w, b.y + b.h}, IM_COL32(60, 160, 90, 40));
    draw->AddLine({p0.x, b.y}, {p1.x, b.y}, IM_COL32(60, 200, 110, 160));
    draw->AddLine({p0.x, b.y + b.h}, {p1.x, b.y + b.h}, IM_COL32(60, 200, 110, 160));
    draw->AddLine({p0.x, g.alarm_hi_y}, {p1.x, g.alarm_hi_y}, IM_COL32(230, 60, 60, 140));
    draw->AddLine({p0.x, g.alarm_lo_y}, {p1.x, g.alarm_lo_y}, IM_COL32(230, 60, 60, 140));
  }
  for (float x : g.alert_x) {
    draw->AddLine({x, p0.y}, {x, p1.y}, IM_COL32(255, 170, 0, 200), 1.5f);
    draw->AddTriangleFilled({x - 4, p0.y}, {x + 4, p0.y}, {x, p0.y + 7},
                            IM_COL32(255, 170, 0, 255));
  }
  for (const auto& line : g.lines) {
    if (line.points.size() < 2) continue;
    static thread_local ImVector<ImVec2> pts;
    pts.resize(static_cast<int>(line.points.size()));
    for (std::size_t i = 0; i < line.points.size(); ++i)
      pts[static_cast<int>(i)] = {line.points[i].x, line.points[i].y};
    draw->AddPolyline(pts.Data, pts.Size, line.colour.packed(), ImDrawFlags_None, 1.5f);
  }
  draw->PopClipRect();
  draw->AddRect(p0, p1, IM_COL32(90, 90, 100, 255));
}

}  // namespace pharmatwin::viz
