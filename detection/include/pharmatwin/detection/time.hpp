// Time in the detection engine: std::int64_t milliseconds since the Unix epoch, UTC, everywhere.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace pharmatwin::detection {

using TimeMs = std::int64_t;

inline constexpr TimeMs kNoTime = std::numeric_limits<TimeMs>::min();
inline constexpr TimeMs kMsPerSecond = 1000;
inline constexpr TimeMs kMsPerMinute = 60 * kMsPerSecond;
inline constexpr TimeMs kMsPerHour = 60 * kMsPerMinute;
inline constexpr TimeMs kMsPerDay = 24 * kMsPerHour;

// Parses an ISO-8601 UTC date-time: "2026-01-05T10:00:00Z", with optional fractional seconds
// (".5", ".123") and an offset ("Z", "+00:00", "-05:00"; the result is always UTC). A space is
// accepted in place of 'T'. Returns nullopt on anything else.
std::optional<TimeMs> parse_iso8601_ms(std::string_view text);

// "2026-01-05T10:00:00Z", or "2026-01-05T10:00:00.250Z" when the time has milliseconds.
std::string format_iso8601(TimeMs time_ms);

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

}  // namespace pharmatwin::detection
