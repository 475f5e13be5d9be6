// Calendar dates as GS1 carries them: YYMMDD with the General Specifications sliding-window
// century rule (7.12), day 00 meaning "end of month", and conversions to epoch milliseconds.
#pragma once

#include <cstdint>
#include <string_view>

#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;  // 0 only for a GS1 YYMMDD date that gave no day
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

// GS1 sliding window: a two-digit year within 50 years ahead of `reference_year` or 49 years
// behind it is placed in that span (e.g. reference 2026: 76 -> 2076, 77 -> 1977).
int resolve_century(int yy, int reference_year);

// Year of the current UTC date, the default reference for the sliding window.
int current_utc_year();

// Parses YYMMDD. `allow_day_zero`: DD = 00 accepted (kept as day 0). Errors say which part
// failed; positions are relative to `text`.
Result<CivilDate> parse_yymmdd(std::string_view text, int reference_year, bool allow_day_zero);
// Parses "YYYY-MM-DD" (EPCIS itemExpirationDate).
Result<CivilDate> parse_iso_date(std::string_view text);

// Day 0 -> last day of that month; other dates unchanged.
CivilDate resolve_day_zero(CivilDate date);

// Days since 1970-01-01 and back (proleptic Gregorian).
std::int64_t days_from_civil(CivilDate date);
CivilDate civil_from_days(std::int64_t days);

// Compact sortable form, e.g. 20271231.
inline std::int32_t to_yyyymmdd(CivilDate d) { return d.year * 10000 + d.month * 100 + d.day; }
inline CivilDate from_yyyymmdd(std::int32_t v) { return {v / 10000, v / 100 % 100, v % 100}; }

// UTC date of an epoch-milliseconds instant.
CivilDate date_of_ms(std::int64_t time_ms);

}  // namespace pharmatwin::serialization
