// Mean kinetic temperature against worked values of USP <1079.2> (ΔH/R = 10,000 K).
#include "pharmatwin/detection/mkt.hpp"

#include <gtest/gtest.h>

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
  EXPECT_NEAR(rolling.mkt_c(), 7.70, 0.01);
  EXPECT_NEAR(rolling.coverage(24 * kMsPerHour), 1.0, 1e-9);
  // A day later at 5 °C, the warm hours have left the window.
  for (int h = 24; h < 48; ++h) {
    rolling.add(t0 + h * kMsPerHour, static_cast<double>(kMsPerHour), table(5.0));
  }
  EXPECT_NEAR(rolling.mkt_c(), 5.0, 0.01);
}

}  // namespace
}  // namespace pharmatwin::detection
