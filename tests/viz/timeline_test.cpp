// The replay timeline's scale and ticks: pixels and instants map both ways, and markers fold to
// one tick per pixel column and kind, keeping the most severe alert.
#include "pharmatwin/viz/timeline.hpp"

#include <gtest/gtest.h>

namespace pharmatwin::viz {
namespace {

TEST(Timeline, PixelsAndInstantsMapBothWaysAndClamp) {
  const TimelineScale scale{100, 500, 365 * 86400.0};
  EXPECT_FLOAT_EQ(scale.x_of(0), 100);
  EXPECT_FLOAT_EQ(scale.x_of(365 * 86400.0), 600);
  EXPECT_NEAR(scale.t_of(scale.x_of(86400.0 * 100)), 86400.0 * 100, 1e-3 * 86400);
  EXPECT_DOUBLE_EQ(scale.t_of(50), 0);
  EXPECT_DOUBLE_EQ(scale.t_of(900), 365 * 86400.0);
}

TEST(Timeline, AYearOfAlertsFoldsToOneTickPerColumnKeepingTheWorst) {
  std::vector<sim::LiveMarker> markers;
  for (int i = 0; i < 100000; ++i)
    markers.push_back({i * 315.36, sim::LiveMarker::kAlert, i == 50000 ? 2 : 0, "a"});
  markers.push_back({1000, sim::LiveMarker::kFaultStart, 0, "f"});
  const TimelineScale scale{0, 100, 100000 * 315.36};
  const auto ticks = timeline_ticks(markers, scale);
  EXPECT_EQ(ticks.size(), 101u);  // 100 alert columns (0..99) and the fault
  int critical = 0;
  for (const auto& t : ticks)
    if (t.kind == sim::LiveMarker::kAlert && t.severity == 2) {
      ++critical;
      EXPECT_EQ(t.marker, 50000u);
    }
  EXPECT_EQ(critical, 1);
}

}  // namespace
}  // namespace pharmatwin::viz
