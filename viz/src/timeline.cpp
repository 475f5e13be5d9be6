#include "pharmatwin/viz/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace pharmatwin::viz {

float TimelineScale::x_of(double t_s) const {
  const double f = end_s > 0 ? std::clamp(t_s / end_s, 0.0, 1.0) : 0.0;
  return x0 + static_cast<float>(f * width);
}

double TimelineScale::t_of(float x) const {
  const double f = width > 0 ? std::clamp(static_cast<double>(x - x0) / width, 0.0, 1.0) : 0.0;
  return f * end_s;
}

std::vector<TimelineTick> timeline_ticks(const std::vector<sim::LiveMarker>& markers,
                                         const TimelineScale& scale) {
  std::map<std::pair<int, int>, TimelineTick> by_column;  // (column, kind)
  for (std::size_t i = 0; i < markers.size(); ++i) {
    const auto& m = markers[i];
    const float x = std::floor(scale.x_of(m.t_s));
    auto [it, fresh] = by_column.try_emplace({static_cast<int>(x), static_cast<int>(m.kind)},
                                             TimelineTick{x, m.kind, m.severity, i});
    if (!fresh && m.severity > it->second.severity) {
      it->second.severity = m.severity;
      it->second.marker = i;
    }
  }
  std::vector<TimelineTick> out;
  out.reserve(by_column.size());
  for (const auto& [key, tick] : by_column) out.push_back(tick);
  return out;
}

}  // namespace pharmatwin::viz
