#include "pharmatwin/viz/site_map_layout.hpp"

#include <algorithm>
#include <limits>

namespace pharmatwin::viz {

int SiteMapLayout::zone_at(float x, float y) const {
  // The smallest zone under the point wins (a room drawn inside a hall).
  int best = -1;
  for (std::size_t i = 0; i < zones.size(); ++i) {
    if (!zones[i].contains(x, y)) continue;
    if (best < 0 || zones[i].w * zones[i].h < zones[best].w * zones[best].h)
      best = static_cast<int>(i);
  }
  return best;
}

SiteMapLayout layout_site_map(const sim::LiveSite& site, ScreenRect area) {
  SiteMapLayout out;
  out.zones.resize(site.zones.size());
  double x0 = std::numeric_limits<double>::max(), y0 = x0, x1 = -x0, y1 = -x0;
  std::size_t unplaced = 0;
  for (const auto& z : site.zones) {
    if (z.floor.empty()) {
      ++unplaced;
      continue;
    }
    x0 = std::min(x0, z.floor.x_m);
    y0 = std::min(y0, z.floor.y_m);
    x1 = std::max(x1, z.floor.x_m + z.floor.width_m);
    y1 = std::max(y1, z.floor.y_m + z.floor.depth_m);
  }
  const float pad = 8;
  const float row_h = unplaced ? std::min(60.0f, area.h * 0.2f) : 0;
  const float plan_w = std::max(1.0f, area.w - 2 * pad);
  const float plan_h = std::max(1.0f, area.h - 2 * pad - (unplaced ? row_h + pad : 0));
  if (x1 > x0 && y1 > y0) {
    const double scale = std::min(plan_w / (x1 - x0), plan_h / (y1 - y0));
    out.pixels_per_m = static_cast<float>(scale);
    const float ox = area.x + pad + static_cast<float>((plan_w - (x1 - x0) * scale) / 2);
    const float oy = area.y + pad;
    for (std::size_t i = 0; i < site.zones.size(); ++i) {
      const auto& f = site.zones[i].floor;
      if (f.empty()) continue;
      out.zones[i] = {ox + static_cast<float>((f.x_m - x0) * scale),
                      oy + static_cast<float>((f.y_m - y0) * scale),
                      static_cast<float>(f.width_m * scale), static_cast<float>(f.depth_m * scale)};
    }
  }
  if (unplaced) {
    const float y = area.y + area.h - pad - row_h;
    const float w = (area.w - 2 * pad) / static_cast<float>(unplaced);
    std::size_t k = 0;
    for (std::size_t i = 0; i < site.zones.size(); ++i) {
      if (!site.zones[i].floor.empty()) continue;
      out.zones[i] = {area.x + pad + w * static_cast<float>(k++) + 2, y, w - 4, row_h};
    }
  }
  // Sensors of a zone: a row along its lower edge, evenly spaced.
  out.sensors.resize(site.sensors.size());
  std::vector<std::size_t> per_zone(site.zones.size(), 0), seen(site.zones.size(), 0);
  for (const auto& s : site.sensors)
    if (s.zone < per_zone.size()) ++per_zone[s.zone];
  for (std::size_t i = 0; i < site.sensors.size(); ++i) {
    const auto z = site.sensors[i].zone;
    if (z >= out.zones.size()) continue;
    const auto& r = out.zones[z];
    const float step = r.w / static_cast<float>(per_zone[z] + 1);
    out.sensors[i] = {r.x + step * static_cast<float>(++seen[z]),
                      r.y + r.h - std::min(14.0f, r.h / 4)};
  }
  return out;
}

}  // namespace pharmatwin::viz
