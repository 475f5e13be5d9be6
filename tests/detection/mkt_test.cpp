// Mean kinetic temperature against worked values of USP <1079.2> (ΔH/R = 10,000 K).
#include "pharmatwin/detection/mkt.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace pharmatwin::detection {
namespace {

TEST(Mkt, ThirtyDaysWithOneHotDay) {
  // 29 days at 25 °C and 1 day at 40 °C: MKT 26.11 °C.
  std::vector<double> days(29, 25.0);
  days.push_back(40.0);
  EXPECT_NEAR(mean_kinetic_temperature_c(days), 26.11, 0.01);
}

TEST(Mkt, ColdChainDayWithFourWarmHours) {
  // 20 h at 5 °C and 4 h at 15 °C: MKT 7.70 °C.
  const std::vector<double> temps = {5.0, 15.0};
  const std::vector<double> hours = {20.0, 4.0};
  EXPECT_NEAR(mean_kinetic_temperature_c(temps, hours), 7.70, 0.01);
}

TEST(Mkt, HalfYearEach) {
  // 26 weeks at 20 °C and 26 weeks at 30 °C: MKT 26.26 °C.
  const std::vector<double> temps = {20.0, 30.0};
  const std::vector<double> weeks = {26.0, 26.0};
  EXPECT_NEAR(mean_kinetic_temperature_c(temps, weeks), 26.26, 0.01);
}

TEST(Mkt, ConstantTemperatureIsItself) {
  const std::vector<double> temps(10, 4.0);
  EXPECT_NEAR(mean_kinetic_temperature_c(temps), 4.0, 1e-9);
}

TEST(Mkt, TableMatchesExactTerm) {
  const auto& table = ArrheniusTable::instance();
  for (double t = -40.0; t <= 60.0; t += 0.37) {
    EXPECT_NEAR(table(t) / arrhenius_term(t), 1.0, 2e-5) << t;
  }
}

// Closed form of n1 readings at t1 and n2 at t2, equally weighted.
double two_level_mkt(double n1, double t1, double n2, double t2) {
  const double mean = (n1 * arrhenius_term(t1) + n2 * arrhenius_term(t2)) / (n1 + n2);
  return kMktActivationK / -std::log(mean) - kKelvinOffset;
}

TEST(Mkt, ClosedFormOfTheColdChainDay) {
  EXPECT_NEAR(two_level_mkt(20, 5.0, 4, 15.0), 7.7046, 1e-4);
  EXPECT_NEAR(two_level_mkt(29, 25.0, 1, 40.0), 26.11, 0.01);
}

TEST(Mkt, RollingWindowGivesTheStandardFigure) {
  // Hourly readings, each held one hour: 20 h at 5 °C then 4 h at 15 °C, 24 h window.
  RollingMkt rolling;
  rolling.configure(24 * kMsPerHour);
  const auto& table = ArrheniusTable::instance();
  const TimeMs t0 = 1'767'225'600'000;
  for (int h = 0; h < 24; ++h) {
    const double temp = h < 20 ? 5.0 : 15.0;
    rolling.add(t0 + h * kMsPerHour, static_cast<double>(kMsPerHour), table(temp));
  }
  const TimeMs end = t0 + 24 * kMsPerHour;
  EXPECT_NEAR(rolling.mkt_c(end), two_level_mkt(20, 5.0, 4, 15.0), 0.001);
  EXPECT_NEAR(rolling.coverage(end), 1.0, 1e-9);
  // Twelve hours on at 5 °C: the window (12 h, 36 h] holds 8 h at 5 °C, the 4 warm hours and
  // 12 new hours at 5 °C.
  for (int h = 24; h < 36; ++h) {
    rolling.add(t0 + h * kMsPerHour, static_cast<double>(kMsPerHour), table(5.0));
  }
  EXPECT_NEAR(rolling.mkt_c(t0 + 36 * kMsPerHour), two_level_mkt(20, 5.0, 4, 15.0), 0.001);
  // A day later at 5 °C, the warm hours have left the window.
  for (int h = 36; h < 48; ++h) {
    rolling.add(t0 + h * kMsPerHour, static_cast<double>(kMsPerHour), table(5.0));
  }
  EXPECT_NEAR(rolling.mkt_c(t0 + 48 * kMsPerHour), 5.0, 0.001);
}

TEST(Mkt, RollingWindowProratesTheBucketItStartsIn) {
  // 30-min buckets; the window ending 15 min into a bucket keeps half of the oldest one.
  RollingMkt rolling;
  rolling.configure(24 * kMsPerHour);
  const TimeMs t0 = 1'767'225'600'000;
  const TimeMs step = 5 * kMsPerMinute;
  for (TimeMs t = t0; t < t0 + 24 * kMsPerHour + 15 * kMsPerMinute; t += step) {
    const bool warm = t < t0 + 30 * kMsPerMinute;  // the first bucket at 15 °C, then 5 °C
    rolling.add(t, static_cast<double>(step), arrhenius_term(warm ? 15.0 : 5.0));
  }
  // (15 min, 24 h 15 min]: 15 min at 15 °C, 24 h - 15 min at 5 °C.
  EXPECT_NEAR(rolling.mkt_c(t0 + 24 * kMsPerHour + 15 * kMsPerMinute),
              two_level_mkt(15, 15.0, 24 * 60 - 15, 5.0), 0.001);
}

}  // namespace
}  // namespace pharmatwin::detection
