// The site map's layout: the floor plan fitted into the panel, aspect kept; hit tests.
#include <gtest/gtest.h>

#include "pharmatwin/viz/site_map_layout.hpp"

namespace pharmatwin::viz {
namespace {

sim::LiveSite small_site() {
  sim::LiveSite site;
  site.zones.resize(4);
  site.zones[0].floor = {0, 0, 10, 8};
  site.zones[1].floor = {10, 0, 30, 20};
  site.zones[2].floor = {0, 8, 5, 4};
  // zones[3] has no floor rectangle
  site.sensors = {{"a", 0, false}, {"b", 0, true}, {"c", 1, false}};
  return site;
}

TEST(SiteMap, ZonesKeepTheFloorPlansProportionsAndPlaces) {
  const auto map = layout_site_map(small_site(), {100, 50, 816, 600});
  const auto& cold = map.zones[0];
  const auto& hall = map.zones[1];
  const auto& freezer = map.zones[2];
  EXPECT_NEAR(hall.w / cold.w, 3.0, 1e-4);
  EXPECT_NEAR(cold.w / cold.h, 10.0 / 8, 1e-4);
  EXPECT_NEAR(cold.x + cold.w, hall.x, 1e-3);     // side by side
  EXPECT_NEAR(cold.y + cold.h, freezer.y, 1e-3);  // the freezer below the cold room
  EXPECT_NEAR(cold.x, freezer.x, 1e-3);
  EXPECT_GE(cold.x, 100);
  EXPECT_LE(hall.x + hall.w, 916 + 1e-3);
  // The unplaced zone sits in a row under the plan, inside the area.
  EXPECT_GT(map.zones[3].y, hall.y + hall.h);
  EXPECT_LE(map.zones[3].y + map.zones[3].h, 650 + 1e-3);
  EXPECT_EQ(map.zone_at(cold.centre_x(), cold.centre_y()), 0);
  EXPECT_EQ(map.zone_at(hall.centre_x(), hall.centre_y()), 1);
  EXPECT_EQ(map.zone_at(99, 49), -1);
  // Sensors lie inside their zones.
  for (int i : {0, 1}) EXPECT_TRUE(cold.contains(map.sensors[i].x, map.sensors[i].y));
  EXPECT_TRUE(hall.contains(map.sensors[2].x, map.sensors[2].y));
  EXPECT_LT(map.sensors[0].x, map.sensors[1].x);
}

TEST(SiteMap, ASmallerZoneInsideALargerOneWinsTheHitTest) {
  sim::LiveSite site;
  site.zones.resize(2);
  site.zones[0].floor = {0, 0, 20, 20};
  site.zones[1].floor = {5, 5, 2, 2};
  const auto map = layout_site_map(site, {0, 0, 400, 400});
  EXPECT_EQ(map.zone_at(map.zones[1].centre_x(), map.zones[1].centre_y()), 1);
  EXPECT_EQ(map.zone_at(map.zones[0].x + 2, map.zones[0].y + 2), 0);
}

}  // namespace
}  // namespace pharmatwin::viz
