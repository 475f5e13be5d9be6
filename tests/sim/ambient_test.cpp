// Ambient profiles: the daily and seasonal cosine, hourly CSV files (no SimGrid involved).
#include "pharmatwin/sim/ambient.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

namespace pharmatwin::sim {
namespace {

constexpr double kJan5 = 1767571200.0;  // 2026-01-05T00:00:00Z

TEST(Ambient, DailyCosineEvaluatedAtMidHour) {
  scenario::Ambient a;
  a.set_mean_c(20);
  a.set_daily_amplitude_c(4);
  a.set_daily_peak("15:00");
  std::string error;
  auto p = AmbientProfile::create(a, kJan5, ".", &error);
  ASSERT_TRUE(p) << error;
  // Hour 14 of the run covers 14:00-15:00, evaluated at 14:30: 30 min before the peak.
  const double expected = 20 + 4 * std::cos(2 * std::numbers::pi * (-1800.0) / 86400);
  EXPECT_NEAR(p->step_c(14), expected, 1e-12);
  EXPECT_NEAR(p->at_c(14 * 3600 + 59 * 60), expected, 1e-12);  // constant over the hour
  // 12 hours later the trough, symmetric about the mean.
  EXPECT_NEAR(p->step_c(14) + p->step_c(26), 40, 1e-9);
}

TEST(Ambient, SeasonalPeakOnItsDay) {
  scenario::Ambient a;
  a.set_mean_c(10);
  a.set_seasonal_amplitude_c(8);
  a.set_seasonal_peak_day(200);
  auto p = AmbientProfile::create(a, kJan5, ".", nullptr);
  ASSERT_TRUE(p);
  // 2026-07-19 is day 200; the run starts on day 5.
  const double hours_to_day_200 = (200 - 5) * 24.0;
  const auto k = static_cast<std::int64_t>(hours_to_day_200);
  EXPECT_NEAR(p->step_c(k), 10 + 8 * std::cos(2 * std::numbers::pi * (0.5 / 24) / 365.25), 1e-9);
  EXPECT_LT(p->step_c(0), 10 - 7.5);  // early January: near the seasonal minimum
}

TEST(Ambient, HourlyCsvRepeatsAndReportsBadLines) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("pharmatwin-ambient-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream csv(dir / "hourly.csv");
    csv << "timestamp,temperature_c\n"
           "2026-01-05T00:00:00Z,1.5\n"
           "2026-01-05T01:00:00Z,2.5\n"
           "2026-01-05T02:00:00Z,3.5\n";
  }
  scenario::Ambient a;
  a.set_hourly_csv("hourly.csv");
  std::string error;
  auto p = AmbientProfile::create(a, kJan5, dir, &error);
  ASSERT_TRUE(p) << error;
  EXPECT_EQ(p->step_c(0), 1.5);
  EXPECT_EQ(p->step_c(2), 3.5);
  EXPECT_EQ(p->step_c(3), 1.5);  // repeats
  {
    std::ofstream csv(dir / "bad.csv");
    csv << "2026-01-05T00:00:00Z,1.5\n2026-01-05T01:00:00Z,warm\n";
  }
  a.set_hourly_csv("bad.csv");
  EXPECT_FALSE(AmbientProfile::create(a, kJan5, dir, &error));
  EXPECT_NE(error.find("bad.csv:2"), std::string::npos) << error;
  a.set_hourly_csv("missing.csv");
  EXPECT_FALSE(AmbientProfile::create(a, kJan5, dir, &error));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pharmatwin::sim
