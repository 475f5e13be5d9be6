// Aftermath attribution: alerts while a fault's zone recovers belong to the fault. The site is
// log_builder's (cold room 2..8 °C, hall 15..25 °C) with hourly ground truth; every figure below
// is worked out from the samples written in recovery_log().
#include "pharmatwin/experiments/zone_recovery.hpp"

#include <gtest/gtest.h>

#include "log_builder.hpp"
#include "pharmatwin/experiments/detection_score.hpp"

namespace pharmatwin::experiments {
namespace {

using testing::LogBuilder;

constexpr double kHour = 3600;
constexpr double kOnset = 25 * kHour;  // 90000 s
constexpr double kEnd = 29 * kHour;    // 104400 s
constexpr double kHarm = 27 * kHour;   // product leaves 2..8 °C
constexpr double kBack = 33 * kHour;   // first sample with air and product back in band

// Cold room before the fault: air 4.7 / 5.3 on alternate hours, product 5.0 -> band air
// [4.6, 5.4], product [4.9, 5.1]. During the fault air 12, product 9. After it air falls back
// first (5.2 at 32 h) while the product still lags (6.0), both in band at 33 h.
LogBuilder recovery_log() {
  LogBuilder b(3 * 86400.0);
  for (int h = 0; h <= 72; ++h) {
    const double t = h * kHour;
    double air = h % 2 ? 5.3 : 4.7, product = 5.0;
    if (t >= kOnset && t < kEnd) air = 12, product = 9;
    if (h == 29) air = 11, product = 9;
    if (h == 30) air = 9, product = 8;
    if (h == 31) air = 7, product = 7;
    if (h == 32) air = 5.2, product = 6.0;
    if (h >= 33) air = 5.0, product = 5.05;
    b.truth(t, {air, 20.0}, {product, 20.0});
  }
  b.fault(0, "hvac", "hvac_failure", kOnset, kEnd, "cold-room");
  b.left_range(kHarm, 0);
  return b;
}

TEST(NormalBand, IsTheDayBeforeTheOnsetWidenedByTheTolerance) {
  const auto log = recovery_log().build();
  const NormalBand band = normal_band(log, 0, kOnset);
  EXPECT_TRUE(band.learned);
  EXPECT_NEAR(band.air_lo, 4.7 - kBandToleranceC, 1e-12);
  EXPECT_NEAR(band.air_hi, 5.3 + kBandToleranceC, 1e-12);
  EXPECT_NEAR(band.product_lo, 5.0 - kBandToleranceC, 1e-12);
  EXPECT_NEAR(band.product_hi, 5.0 + kBandToleranceC, 1e-12);
  // Air back at 32 h, but the product only at 33 h.
  EXPECT_DOUBLE_EQ(*back_in_band_s(log, 0, band, kEnd), kBack);
}

TEST(NormalBand, FallsBackToTheStorageRangeWithoutHistory) {
  LogBuilder b;
  b.truth(0, {5, 20}, {5, 20});
  b.truth(3600, {5, 20}, {5, 20});
  const auto log = b.build();
  const NormalBand band = normal_band(log, 0, 7200);  // two samples: fewer than kMinBandSamples
  EXPECT_FALSE(band.learned);
  EXPECT_DOUBLE_EQ(band.air_lo, 2.0);
  EXPECT_DOUBLE_EQ(band.air_hi, 8.0);
  // Never back when the zone never returns.
  EXPECT_FALSE(back_in_band_s(log, 0, {9, 10, 9, 10, true}, 0).has_value());
}

TEST(Aftermath, AlertsAreInWindowLateRecoveryOrFalseAlarms) {
  auto b = recovery_log();
  b.alert("in", "excursion_high", 26 * kHour, 0);          // inside the window (onset..harm)
  b.alert("late", "excursion_high", 28 * kHour, 0);        // after the harm, before end + grace
  b.alert("recovering", "excursion_high", 31 * kHour, 0);  // after end + 30 min, zone not back
  b.alert("hall", "excursion_high", 31 * kHour, 1);        // another zone: no fault there
  b.alert("after", "excursion_high", 40 * kHour, 0);       // the zone has been back since 33 h
  const auto s = score_detection(b.build());
  ASSERT_EQ(s.faults.size(), 1u);
  const auto& f = s.faults[0];
  EXPECT_DOUBLE_EQ(f.window_end_s, kHarm);
  EXPECT_DOUBLE_EQ(*f.back_in_band_s, kBack);
  EXPECT_DOUBLE_EQ(f.attributed_until_s, kBack);
  EXPECT_EQ(f.matching_alerts, 3);
  EXPECT_EQ(f.late_alerts, 1);
  EXPECT_EQ(f.recovery_alerts, 1);
  EXPECT_EQ(s.late_alerts, 1);
  EXPECT_EQ(s.recovery_alerts, 1);
  EXPECT_EQ(s.false_alarm_ids, (std::vector<std::string>{"hall", "after"}));
  ASSERT_EQ(s.alert_role.size(), 5u);
  EXPECT_EQ(s.alert_role[0], AlertRole::kInWindow);
  EXPECT_EQ(s.alert_role[1], AlertRole::kLate);
  EXPECT_EQ(s.alert_role[2], AlertRole::kRecovery);
  EXPECT_EQ(s.alert_role[3], AlertRole::kFalseAlarm);
  // The false alarms in full, for the report: zone by name, time.
  ASSERT_EQ(s.false_alarms.size(), 2u);
  EXPECT_EQ(s.false_alarms[0].zone, "hall");
  EXPECT_DOUBLE_EQ(s.false_alarms[1].t_s, 40 * kHour);
  // Both on the second day of three.
  EXPECT_EQ(s.false_alarms_by_day, (std::vector<int>{0, 2, 0}));
}

TEST(Aftermath, WithoutRecoveryAttributionOnlyTheGracePeriodCounts) {
  auto b = recovery_log();
  b.alert("recovering", "excursion_high", 31 * kHour, 0);
  ScoringOptions options;
  options.attribute_recovery = false;
  const auto s = score_detection(b.build(), options);
  EXPECT_EQ(s.false_alarm_ids, (std::vector<std::string>{"recovering"}));
  EXPECT_DOUBLE_EQ(s.faults[0].attributed_until_s, kEnd + options.grace_s);
}

TEST(Aftermath, AZoneThatNeverRecoversKeepsItsAlertsToTheEnd) {
  LogBuilder b(2 * 86400.0);
  for (int h = 0; h <= 48; ++h)
    b.truth(h * kHour, {h < 25 ? 5.0 : 12.0, 20.0}, {h < 25 ? 5.0 : 9.0, 20.0});
  b.fault(0, "hvac", "hvac_failure", kOnset, kEnd, "cold-room");
  b.alert("in", "excursion_high", 26 * kHour, 0);
  b.alert("still-warm", "excursion_high", 47 * kHour, 0);
  const auto s = score_detection(b.build());
  EXPECT_FALSE(s.faults[0].back_in_band_s.has_value());
  EXPECT_TRUE(s.false_alarm_ids.empty());
  EXPECT_EQ(s.recovery_alerts, 1);
}

}  // namespace
}  // namespace pharmatwin::experiments
