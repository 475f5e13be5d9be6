// Parsing of the explicit units of the scenario language: durations ("90s", "15m", "2h",
// "3d", "1w", combined as "1h30m"), RFC 3339 UTC date-times, dates and times of day.
// Every parser returns nullopt on malformed input and fills `error` with the reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::scenarios {

// Longest duration any field or option may give: 100 years (36500 days). Longer values are
// typos ("1e11d") that would only overflow or run for ever.
inline constexpr double kMaxDurationS = 36500.0 * 86400.0;

// Seconds in a duration string; fractions are allowed ("1.5h"). Negative durations and
// durations beyond kMaxDurationS are rejected.
std::optional<double> parse_duration_s(std::string_view text, std::string* error = nullptr);

// Seconds since the Unix epoch of an RFC 3339 date-time in UTC ("2026-01-05T00:00:00Z").
std::optional<std::int64_t> parse_utc_s(std::string_view text, std::string* error = nullptr);

// Seconds since the Unix epoch of midnight UTC of a date "YYYY-MM-DD".
std::optional<std::int64_t> parse_date_s(std::string_view text, std::string* error = nullptr);

// Seconds after midnight of a time of day "HH:MM" (or "HH:MM:SS").
std::optional<double> parse_time_of_day_s(std::string_view text, std::string* error = nullptr);

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
std::int64_t days_from_civil(int year, unsigned month, unsigned day);

// Formats seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ" (millisecond part when not whole).
std::string format_utc(double epoch_s);

// Temperature range of a storage class; nullopt for CUSTOM and UNSPECIFIED.
std::optional<scenario::TemperatureRange> storage_class_range(scenario::StorageClass storage_class);

// The range that applies: the class's, or `custom` for CUSTOM.
scenario::TemperatureRange effective_range(scenario::StorageClass storage_class,
                                           const scenario::TemperatureRange& custom);

// GS1 mod-10 check digit over all digits but the last (GTIN, GLN, SSCC): true when the
// string is all digits and its last digit is right.
bool gs1_check_digit_ok(std::string_view digits);
// The check digit that completes `digits_without_check`; '?' when it is empty or not all digits.
char gs1_check_digit(std::string_view digits_without_check);

}  // namespace pharmatwin::scenarios
