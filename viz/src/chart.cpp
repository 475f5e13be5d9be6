#include "pharmatwin/viz/chart.hpp"

#include <algorithm>
#include <cmath>

namespace pharmatwin::viz {

std::vector<MinMaxColumn> decimate_history(
    const std::vector<std::shared_ptr<const sim::LiveHistoryChunk>>& history, std::uint32_t zone,
    bool product, double t0_s, double t1_s, int columns) {
  MinMaxDecimator d(t0_s, t1_s, columns);
  for (const auto& chunk : history) {
    if (!chunk || chunk->t_s.empty() || chunk->t_s.back() < t0_s || chunk->t_s.front() >= t1_s)
      continue;
    const auto& values = product ? chunk->product_c : chunk->air_c;
    if (zone >= values.size()) continue;
    const auto& v = values[zone];
    for (std::size_t i = 0; i < chunk->t_s.size() && i < v.size(); ++i) d.add(chunk->t_s[i], v[i]);
  }
  return d.columns();
}

float ChartGeometry::y_of(double c) const {
  const double f = (c - y_lo_c) / (y_hi_c - y_lo_c);
  return plot.y + plot.h - static_cast<float>(f) * plot.h;
}

float ChartGeometry::x_of(double t_s, double t0_s, double t1_s) const {
  return plot.x + static_cast<float>((t_s - t0_s) / (t1_s - t0_s)) * plot.w;
}

ChartGeometry build_chart(const ChartInput& in, ScreenRect plot) {
  ChartGeometry g;
  g.plot = plot;
  const bool has_range = in.range_max_c > in.range_min_c;
  double lo = has_range ? in.range_min_c - in.alarm_margin_c - 1 : 1e300;
  double hi = has_range ? in.range_max_c + in.alarm_margin_c + 1 : -1e300;
  for (const auto& s : in.series) {
    for (const auto& c : s.columns) {
      if (c.empty) continue;
      lo = std::min(lo, static_cast<double>(c.lo));
      hi = std::max(hi, static_cast<double>(c.hi));
    }
  }
  if (!(hi > lo)) {
    lo = std::isfinite(lo) && lo < 1e299 ? lo - 1 : 0;
    hi = lo + 2;
  }
  const double pad = (hi - lo) * 0.05;
  g.y_lo_c = lo - pad;
  g.y_hi_c = hi + pad;
  if (has_range) {
    const float top = g.y_of(in.range_max_c), bottom = g.y_of(in.range_min_c);
    g.range_band = {plot.x, top, plot.w, bottom - top};
    g.alarm_hi_y = g.y_of(in.range_max_c + in.alarm_margin_c);
    g.alarm_lo_y = g.y_of(in.range_min_c - in.alarm_margin_c);
  }
  const double span = in.t1_s - in.t0_s;
  if (span > 0) {
    for (const auto& [a, b] : in.fault_windows) {
      const double s = std::max(a, in.t0_s), e = std::min(b, in.t1_s);
      if (e <= s) continue;
      const float x0 = g.x_of(s, in.t0_s, in.t1_s), x1 = g.x_of(e, in.t0_s, in.t1_s);
      g.fault_rects.push_back({x0, plot.y, std::max(1.0f, x1 - x0), plot.h});
    }
    for (double t : in.alert_marks_s)
      if (t >= in.t0_s && t < in.t1_s) g.alert_x.push_back(g.x_of(t, in.t0_s, in.t1_s));
  }
  for (const auto& s : in.series) {
    ChartGeometry::Line line;
    line.colour = s.colour;
    const float per = s.columns.empty() ? 0 : plot.w / static_cast<float>(s.columns.size());
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
      const auto& c = s.columns[i];
      if (c.empty) continue;
      const float x = plot.x + (static_cast<float>(i) + 0.5f) * per;
      line.points.push_back({x, g.y_of(c.lo)});
      if (c.hi != c.lo) line.points.push_back({x, g.y_of(c.hi)});
    }
    g.lines.push_back(std::move(line));
  }
  return g;
}

}  // namespace pharmatwin::viz
