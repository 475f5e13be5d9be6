// EPCIS timestamps: ISO 8601 date-times with a UTC offset ("2005-04-03T20:33:31.116-06:00"),
// and event time-zone offsets ("+01:00").
//
// Times are held as Unix epoch milliseconds (UTC). Parsing rounds sub-millisecond digits the way
// the CBV 2.0 event hash requires: the fourth decimal decides (5-9 rounds up).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pharmatwin::serialization {

struct ParsedTime {
  std::int64_t epoch_ms = 0;  // UTC
  int offset_minutes = 0;     // the offset written in the text ("Z" -> 0)
};

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)". nullopt when malformed or out of range.
std::optional<ParsedTime> parse_epcis_time(std::string_view text);

// Parses "+HH:MM" / "-HH:MM" into minutes east of UTC; nullopt when malformed.
std::optional<int> parse_timezone_offset(std::string_view text);

// "2005-04-04T02:33:31.116Z": UTC, always three millisecond digits.
std::string format_utc_ms(std::int64_t epoch_ms);

// "+01:00", "-06:00", "+00:00".
std::string format_timezone_offset(int offset_minutes);

}  // namespace pharmatwin::serialization
