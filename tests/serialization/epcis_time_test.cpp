// EPCIS timestamps against hand-computed epoch values.
#include "pharmatwin/serialization/epcis_time.hpp"

#include <gtest/gtest.h>

namespace pharmatwin::serialization {
namespace {

TEST(EpcisTime, ParsesOffsetsIntoUtc) {
  // 2005-04-04T02:33:31.116Z = 12876 days * 86400 s + 9211.116 s.
  const auto t = parse_epcis_time("2005-04-03T20:33:31.116-06:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->epoch_ms, 1112582011116);
  EXPECT_EQ(t->offset_minutes, -360);
  EXPECT_EQ(format_utc_ms(t->epoch_ms), "2005-04-04T02:33:31.116Z");
  EXPECT_EQ(parse_epcis_time("1970-01-01T00:00:00Z")->epoch_ms, 0);
  EXPECT_EQ(parse_epcis_time("2005-07-11T11:30:47.0Z")->epoch_ms, 1121081447000);
}

TEST(EpcisTime, RoundsOnTheFourthDecimalAndCarries) {
  EXPECT_EQ(format_utc_ms(parse_epcis_time("2020-12-31T23:59:59.9996Z")->epoch_ms),
            "2021-01-01T00:00:00.000Z");
  EXPECT_EQ(format_utc_ms(parse_epcis_time("2020-01-01T00:00:00.116000+00:00")->epoch_ms),
            "2020-01-01T00:00:00.116Z");
  EXPECT_EQ(format_utc_ms(parse_epcis_time("2020-01-01T00:00:00.5Z")->epoch_ms),
            "2020-01-01T00:00:00.500Z");
}

TEST(EpcisTime, RejectsMalformedAndImpossibleDates) {
  EXPECT_FALSE(parse_epcis_time("2020-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_epcis_time("2021-02-29T00:00:00Z"));
  EXPECT_TRUE(parse_epcis_time("2024-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_epcis_time("2020-01-01T00:00:00"));  // no offset
  EXPECT_FALSE(parse_epcis_time("2020-01-01 00:00:00Z"));
  EXPECT_FALSE(parse_epcis_time("2020-01-01T00:00:00.Z"));
  EXPECT_FALSE(parse_epcis_time("2020-01-01T24:00:00Z"));
  EXPECT_FALSE(parse_epcis_time(""));
}

TEST(EpcisTime, TimeZoneOffsets) {
  EXPECT_EQ(parse_timezone_offset("+01:00"), 60);
  EXPECT_EQ(parse_timezone_offset("-06:30"), -390);
  EXPECT_FALSE(parse_timezone_offset("01:00"));
  EXPECT_FALSE(parse_timezone_offset("+1:00"));
  EXPECT_EQ(format_timezone_offset(-360), "-06:00");
  EXPECT_EQ(format_timezone_offset(0), "+00:00");
  EXPECT_EQ(format_utc_ms(-1), "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace pharmatwin::serialization
