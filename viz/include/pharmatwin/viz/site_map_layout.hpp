// Where the site map draws each zone and sensor: the scenario's floor plan fitted into a screen
// rectangle, aspect ratio kept, north (y_m = 0) at the top. Zones without a floor rectangle go in
// a row of equal boxes below the plan.
//
//   SiteMapLayout map = layout_site_map(*snapshot->site, {10, 40, 800, 600});
//   int zone = map.zone_at(mouse_x, mouse_y);   // -1 outside every zone
#pragma once

#include <vector>

#include "pharmatwin/sim/live_snapshot.hpp"

namespace pharmatwin::viz {

struct ScreenRect {
  float x = 0, y = 0, w = 0, h = 0;
  bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
  float centre_x() const { return x + w / 2; }
  float centre_y() const { return y + h / 2; }
};

struct ScreenPoint {
  float x = 0, y = 0;
};

struct SiteMapLayout {
  std::vector<ScreenRect> zones;     // by zone index
  std::vector<ScreenPoint> sensors;  // by sensor index (a sensor without a zone: at 0, 0)
  float pixels_per_m = 0;
  int zone_at(float x, float y) const;
};

SiteMapLayout layout_site_map(const sim::LiveSite& site, ScreenRect area);

}  // namespace pharmatwin::viz
