#include "pharmatwin/scenarios/units.hpp"

#include <gtest/gtest.h>

namespace pharmatwin::scenarios {
namespace {

TEST(Duration, ParsesEveryUnitAndCombinations) {
  EXPECT_DOUBLE_EQ(*parse_duration_s("90s"), 90);
  EXPECT_DOUBLE_EQ(*parse_duration_s("15m"), 900);
  EXPECT_DOUBLE_EQ(*parse_duration_s("2h"), 7200);
  EXPECT_DOUBLE_EQ(*parse_duration_s("3d"), 3 * 86400);
  EXPECT_DOUBLE_EQ(*parse_duration_s("1w"), 7 * 86400);
  EXPECT_DOUBLE_EQ(*parse_duration_s("1h30m"), 5400);
  EXPECT_DOUBLE_EQ(*parse_duration_s("1.5h"), 5400);
  EXPECT_DOUBLE_EQ(*parse_duration_s("250ms"), 0.25);
  EXPECT_DOUBLE_EQ(*parse_duration_s("0s"), 0);
}

TEST(Duration, RejectsMissingOrUnknownUnitsWithAReason) {
  std::string error;
  EXPECT_FALSE(parse_duration_s("90", &error));
  EXPECT_NE(error.find("no unit"), std::string::npos) << error;
  EXPECT_FALSE(parse_duration_s("3 days", &error));
  EXPECT_NE(error.find("unexpected ' '"), std::string::npos) << error;
  EXPECT_FALSE(parse_duration_s("2y", &error));
  EXPECT_NE(error.find("unknown unit 'y'"), std::string::npos) << error;
  EXPECT_FALSE(parse_duration_s("", &error));
  EXPECT_FALSE(parse_duration_s("-5m", &error));
  EXPECT_FALSE(parse_duration_s("h", &error));
}

TEST(DateTime, ParsesUtcAgainstKnownEpochValues) {
  // 2000-01-01T00:00:00Z is 946684800 s after the Unix epoch; 2026-01-05 is a Monday.
  EXPECT_EQ(*parse_utc_s("2000-01-01T00:00:00Z"), 946684800);
  EXPECT_EQ(*parse_utc_s("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*parse_utc_s("2024-02-29T12:30:15Z"), 1709209815);
  EXPECT_EQ(*parse_utc_s("2024-02-29T12:30:15.250Z"), 1709209815);
  EXPECT_EQ((*parse_date_s("2026-01-05") / 86400 + 3) % 7, 0);  // day 0 was a Thursday
}

TEST(DateTime, RejectsNonUtcAndImpossibleDates) {
  std::string error;
  EXPECT_FALSE(parse_utc_s("2026-01-05T00:00:00+01:00", &error));
  EXPECT_NE(error.find("UTC"), std::string::npos);
  EXPECT_FALSE(parse_date_s("2023-02-29", &error));
  EXPECT_TRUE(parse_date_s("2024-02-29"));
  EXPECT_FALSE(parse_date_s("1900-02-29"));
  EXPECT_TRUE(parse_date_s("2000-02-29"));
  EXPECT_FALSE(parse_date_s("2026-13-01"));
  EXPECT_FALSE(parse_utc_s("2026-01-05T24:00:00Z"));
}

TEST(DateTime, FormatsBackToRfc3339) {
  EXPECT_EQ(format_utc(1709209815), "2024-02-29T12:30:15Z");
  EXPECT_EQ(format_utc(1709209815.5), "2024-02-29T12:30:15.500Z");
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00Z");
}

TEST(TimeOfDay, Parses) {
  EXPECT_DOUBLE_EQ(*parse_time_of_day_s("06:00"), 6 * 3600);
  EXPECT_DOUBLE_EQ(*parse_time_of_day_s("23:59:30"), 86370);
  EXPECT_FALSE(parse_time_of_day_s("25:00"));
  EXPECT_FALSE(parse_time_of_day_s("6:00"));
}

TEST(StorageClass, RangesAreTheConventionalOnes) {
  EXPECT_EQ(storage_class_range(scenario::REFRIGERATED)->min_c(), 2);
  EXPECT_EQ(storage_class_range(scenario::REFRIGERATED)->max_c(), 8);
  EXPECT_EQ(storage_class_range(scenario::FROZEN)->min_c(), -25);
  EXPECT_EQ(storage_class_range(scenario::FROZEN)->max_c(), -10);
  EXPECT_EQ(storage_class_range(scenario::CRT_20_25)->min_c(), 20);
  EXPECT_FALSE(storage_class_range(scenario::CUSTOM));
}

TEST(Gs1CheckDigit, MatchesPublishedExamples) {
  // Examples from the GS1 General Specifications and GS1 check digit calculator.
  EXPECT_TRUE(gs1_check_digit_ok("09506000134352"));      // GTIN-14
  EXPECT_TRUE(gs1_check_digit_ok("9506000134352"));       // GTIN-13
  EXPECT_TRUE(gs1_check_digit_ok("106141412345678908"));  // SSCC
  EXPECT_EQ(gs1_check_digit("0950600013435"), '2');
  EXPECT_FALSE(gs1_check_digit_ok("09506000134353"));
  EXPECT_FALSE(gs1_check_digit_ok("0950600013435X"));
  EXPECT_FALSE(gs1_check_digit_ok(""));
}

}  // namespace
}  // namespace pharmatwin::scenarios
