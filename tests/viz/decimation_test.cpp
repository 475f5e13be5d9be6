// Min/max decimation and chart geometry: no spike is hidden, whatever the zoom.
#include <gtest/gtest.h>

#include <cmath>

#include "pharmatwin/viz/chart.hpp"
#include "pharmatwin/viz/min_max_decimator.hpp"
#include "pharmatwin/viz/zone_status.hpp"

namespace pharmatwin::viz {
namespace {

TEST(MinMaxDecimator, ASingleSpikeSurvivesTenThousandSamplesPerColumn) {
  MinMaxDecimator d(0, 1e6, 100);  // 10,000 one-second samples per column
  for (int i = 0; i < 1000000; ++i)
    d.add(i, i == 123456 ? 30.0f : 5.0f + 0.001f * static_cast<float>(i % 7));
  const auto& cols = d.columns();
  ASSERT_EQ(cols.size(), 100u);
  for (std::size_t c = 0; c < cols.size(); ++c) {
    ASSERT_FALSE(cols[c].empty);
    EXPECT_FLOAT_EQ(cols[c].lo, 5.0f);
    if (c == 12)
      EXPECT_FLOAT_EQ(cols[c].hi, 30.0f);
    else
      EXPECT_LT(cols[c].hi, 5.01f);
  }
}

TEST(MinMaxDecimator, OutsideTheWindowAndNaNAreSkippedAndGapsStayEmpty) {
  MinMaxDecimator d(100, 200, 10);
  d.add(99.9, 1);
  d.add(200, 2);  // the end is excluded
  d.add(150, std::nanf(""));
  d.add(105, 3);
  d.add(195, -4);
  const auto& c = d.columns();
  EXPECT_FALSE(c[0].empty);
  EXPECT_EQ(c[0].lo, 3);
  EXPECT_TRUE(c[5].empty);
  EXPECT_EQ(c[9].hi, -4);
  EXPECT_EQ(d.column_of(99), -1);
  EXPECT_EQ(d.column_of(199.999), 9);
  EXPECT_TRUE(MinMaxDecimator(5, 5, 10).columns().empty());
}

TEST(Chart, HistoryChunksDecimateAndTheSpikeReachesTheTopOfThePlot) {
  auto chunk = std::make_shared<sim::LiveHistoryChunk>();
  chunk->air_c.resize(1);
  chunk->product_c.resize(1);
  for (int i = 0; i < 2000; ++i) {
    chunk->t_s.push_back(i * 60.0);
    chunk->air_c[0].push_back(i == 777 ? 15.0f : 5.0f);
    chunk->product_c[0].push_back(5.0f);
  }
  std::vector<std::shared_ptr<const sim::LiveHistoryChunk>> history{chunk};
  ChartInput in;
  in.t0_s = 0;
  in.t1_s = 2000 * 60.0;
  in.range_min_c = 2;
  in.range_max_c = 8;
  in.series.push_back(
      {decimate_history(history, 0, false, in.t0_s, in.t1_s, 200), {255, 255, 255, 255}});
  in.fault_windows.emplace_back(600 * 60.0, 900 * 60.0);
  in.alert_marks_s.push_back(800 * 60.0);
  const ChartGeometry g = build_chart(in, {0, 0, 200, 100});
  ASSERT_EQ(g.lines.size(), 1u);
  float top = 1e9f;
  for (const auto& p : g.lines[0].points) top = std::min(top, p.y);
  EXPECT_NEAR(top, g.y_of(15), 1e-3);
  EXPECT_GT(g.y_hi_c, 15);  // the y range includes the spike
  EXPECT_LT(g.y_lo_c, 1);   // and the alarm line below the range
  ASSERT_EQ(g.fault_rects.size(), 1u);
  EXPECT_NEAR(g.fault_rects[0].x, 60, 1e-3);
  EXPECT_NEAR(g.fault_rects[0].w, 30, 1e-3);
  ASSERT_EQ(g.alert_x.size(), 1u);
  EXPECT_NEAR(g.alert_x[0], 80, 1e-3);
  EXPECT_LT(g.range_band.y, g.y_of(5));  // the range band is drawn around the readings
}

TEST(ZoneStatus, LevelsAgainstTheStorageRange) {
  EXPECT_EQ(zone_level(5, 2, 8), ZoneLevel::kSafe);
  EXPECT_EQ(zone_level(7.5, 2, 8), ZoneLevel::kWarning);  // within 0.9 C of 8
  EXPECT_EQ(zone_level(2.5, 2, 8), ZoneLevel::kWarning);
  EXPECT_EQ(zone_level(8.5, 2, 8), ZoneLevel::kExcursion);
  EXPECT_EQ(zone_level(9.0, 2, 8), ZoneLevel::kAlarm);
  EXPECT_EQ(zone_level(-26, -25, -15), ZoneLevel::kAlarm);
  EXPECT_DOUBLE_EQ(warning_margin_c(2, 8), 0.9);
  EXPECT_DOUBLE_EQ(warning_margin_c(2, 3), 0.5);
  EXPECT_NE(level_colour(ZoneLevel::kAlarm).packed(), level_colour(ZoneLevel::kSafe).packed());
}

}  // namespace
}  // namespace pharmatwin::viz
