#include "pharmatwin/detection/time.hpp"

#include <gtest/gtest.h>

namespace pharmatwin::detection {
namespace {

TEST(Time, ParsesUtcAndOffsets) {
  EXPECT_EQ(parse_iso8601_ms("1970-01-01T00:00:00Z"), 0);
  // 2026-01-01 is 20454 days after the epoch.
  EXPECT_EQ(parse_iso8601_ms("2026-01-01T00:00:00Z"), 20454LL * 86400 * 1000);
  EXPECT_EQ(parse_iso8601_ms("2026-01-01T01:00:00+01:00"), 20454LL * 86400 * 1000);
  EXPECT_EQ(parse_iso8601_ms("2026-01-01 00:00:00.250Z"), 20454LL * 86400 * 1000 + 250);
  EXPECT_EQ(parse_iso8601_ms("2024-02-29T12:00:00Z"), 19782LL * 86400 * 1000 + 12 * 3600 * 1000);
}

TEST(Time, RejectsMalformed) {
  for (const char* bad : {"", "2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z",
                          "2025-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00Zx",
                          "2026-01-01T00:00:00.Z", "abcd-01-01T00:00:00Z"}) {
    EXPECT_FALSE(parse_iso8601_ms(bad).has_value()) << bad;
  }
}

TEST(Time, FormatsRoundTrip) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_iso8601(20454LL * 86400 * 1000 + 250), "2026-01-01T00:00:00.250Z");
  const auto t = parse_iso8601_ms("2031-07-15T23:59:59Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t), "2031-07-15T23:59:59Z");
}

}  // namespace
}  // namespace pharmatwin::detection
