#include "pharmatwin/scenarios/units.hpp"

#include <cmath>
#include <cstdio>

#include "pharmatwin/serialization/gs1_check_digit.hpp"

namespace pharmatwin::scenarios {

namespace {

void set_error(std::string* error, std::string message) {
  if (error) *error = std::move(message);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos` into `out`.
bool read_fixed_digits(std::string_view text, size_t pos, size_t n, int& out) {
  if (pos + n > text.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!is_digit(text[pos + i])) return false;
    out = out * 10 + (text[pos + i] - '0');
  }
  return true;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Parses "YYYY-MM-DD" at the start of `text`; returns days since the epoch.
std::optional<std::int64_t> parse_date_prefix(std::string_view text, std::string* error) {
  int year = 0, month = 0, day = 0;
  if (text.size() < 10 || !read_fixed_digits(text, 0, 4, year) || text[4] != '-' ||
      !read_fixed_digits(text, 5, 2, month) || text[7] != '-' ||
      !read_fixed_digits(text, 8, 2, day)) {
    set_error(error, "expected a date YYYY-MM-DD, got '" + std::string(text) + "'");
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    set_error(error, "no such date '" + std::string(text.substr(0, 10)) + "'");
    return std::nullopt;
  }
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

}  // namespace

std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
  // Howard Hinnant's civil-from-days inverse, valid for the proleptic Gregorian calendar.
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<double> parse_duration_s(std::string_view text, std::string* error) {
  if (text.empty()) {
    set_error(error, "empty duration (write e.g. \"90s\", \"15m\", \"2h\", \"3d\")");
    return std::nullopt;
  }
  double total = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t number_start = pos;
    bool seen_digit = false, seen_dot = false;
    while (pos < text.size() && (is_digit(text[pos]) || (text[pos] == '.' && !seen_dot))) {
      seen_dot |= text[pos] == '.';
      seen_digit |= is_digit(text[pos]);
      ++pos;
    }
    if (!seen_digit) {
      set_error(error, "malformed duration '" + std::string(text) +
                           "' (write a number then a unit: s, m, h, d, w; e.g. \"1h30m\")");
      return std::nullopt;
    }
    const double value =
        std::strtod(std::string(text.substr(number_start, pos - number_start)).c_str(), nullptr);
    const size_t unit_start = pos;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) ++pos;
    const std::string_view unit = text.substr(unit_start, pos - unit_start);
    if (unit.empty() && pos < text.size()) {
      set_error(error, "unexpected '" + std::string(1, text[pos]) + "' in duration '" +
                           std::string(text) +
                           "' (write a number then a unit, no spaces: \"3d\", \"1h30m\")");
      return std::nullopt;
    }
    double scale = 0;
    if (unit == "ms")
      scale = 1e-3;
    else if (unit == "s")
      scale = 1;
    else if (unit == "m" || unit == "min")
      scale = 60;
    else if (unit == "h")
      scale = 3600;
    else if (unit == "d")
      scale = 86400;
    else if (unit == "w")
      scale = 7 * 86400;
    else {
      set_error(error, unit.empty()
                           ? "duration '" + std::string(text) + "' has no unit (s, m, h, d, w)"
                           : "unknown unit '" + std::string(unit) + "' in duration '" +
                                 std::string(text) + "' (use ms, s, m, h, d, w)");
      return std::nullopt;
    }
    total += value * scale;
  }
  if (!(total <= kMaxDurationS)) {
    set_error(error, "duration '" + std::string(text) + "' is longer than the longest allowed (" +
                         std::to_string(static_cast<long long>(kMaxDurationS / 86400)) +
                         "d, 100 years)");
    return std::nullopt;
  }
  return total;
}

std::optional<std::int64_t> parse_date_s(std::string_view text, std::string* error) {
  if (text.size() != 10) {
    set_error(error, "expected a date YYYY-MM-DD, got '" + std::string(text) + "'");
    return std::nullopt;
  }
  auto days = parse_date_prefix(text, error);
  if (!days) return std::nullopt;
  return *days * 86400;
}

std::optional<std::int64_t> parse_utc_s(std::string_view text, std::string* error) {
  const std::string shown(text);
  auto days = parse_date_prefix(text, error);
  if (!days) return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't') ||
      !read_fixed_digits(text, 11, 2, hour) || text[13] != ':' ||
      !read_fixed_digits(text, 14, 2, minute) || text[16] != ':' ||
      !read_fixed_digits(text, 17, 2, second)) {
    set_error(error,
              "expected an RFC 3339 UTC date-time like 2026-01-05T00:00:00Z, got '" + shown + "'");
    return std::nullopt;
  }
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {  // fractional seconds are accepted and dropped
    ++pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
  }
  if (pos != text.size() - 1 || (text[pos] != 'Z' && text[pos] != 'z')) {
    set_error(error, "date-time '" + shown + "' must be in UTC and end with 'Z'");
    return std::nullopt;
  }
  if (hour > 23 || minute > 59 || second > 59) {
    set_error(error, "no such time of day in '" + shown + "'");
    return std::nullopt;
  }
  return *days * 86400 + hour * 3600 + minute * 60 + second;
}

std::optional<double> parse_time_of_day_s(std::string_view text, std::string* error) {
  int hour = 0, minute = 0, second = 0;
  const bool hm = text.size() >= 5 && read_fixed_digits(text, 0, 2, hour) && text[2] == ':' &&
                  read_fixed_digits(text, 3, 2, minute);
  const bool ok = hm && (text.size() == 5 || (text.size() == 8 && text[5] == ':' &&
                                              read_fixed_digits(text, 6, 2, second)));
  if (!ok || hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute || second))) {
    set_error(error, "expected a time of day HH:MM, got '" + std::string(text) + "'");
    return std::nullopt;
  }
  return hour * 3600.0 + minute * 60.0 + second;
}

std::string format_utc(double epoch_s) {
  const auto whole = static_cast<std::int64_t>(std::floor(epoch_s));
  const int millis = static_cast<int>(std::lround((epoch_s - static_cast<double>(whole)) * 1000));
  std::int64_t days = whole >= 0 ? whole / 86400 : (whole - 86399) / 86400;
  std::int64_t rem = whole - days * 86400;
  // civil_from_days
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2);
  char buffer[40];
  if (millis == 0 || millis == 1000) {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(year), month, day, static_cast<long long>(rem / 3600),
                  static_cast<long long>(rem % 3600 / 60), static_cast<long long>(rem % 60));
  } else {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03dZ",
                  static_cast<long long>(year), month, day, static_cast<long long>(rem / 3600),
                  static_cast<long long>(rem % 3600 / 60), static_cast<long long>(rem % 60),
                  millis);
  }
  return buffer;
}

std::optional<scenario::TemperatureRange> storage_class_range(
    scenario::StorageClass storage_class) {
  scenario::TemperatureRange range;
  switch (storage_class) {
    case scenario::FROZEN:
      range.set_min_c(-25);
      range.set_max_c(-10);
      break;
    case scenario::REFRIGERATED:
      range.set_min_c(2);
      range.set_max_c(8);
      break;
    case scenario::COOL:
      range.set_min_c(8);
      range.set_max_c(15);
      break;
    case scenario::CRT_15_25:
      range.set_min_c(15);
      range.set_max_c(25);
      break;
    case scenario::CRT_20_25:
      range.set_min_c(20);
      range.set_max_c(25);
      break;
    default:
      return std::nullopt;
  }
  return range;
}

scenario::TemperatureRange effective_range(scenario::StorageClass storage_class,
                                           const scenario::TemperatureRange& custom) {
  auto range = storage_class_range(storage_class);
  return range ? *range : custom;
}

// One mod-10 routine for the whole project: serialization's, which the GS1 tests check against
// the standard's examples.
char gs1_check_digit(std::string_view digits_without_check) {
  const auto digit = serialization::gs1_check_digit(digits_without_check);
  return digit ? static_cast<char>('0' + *digit) : '?';
}

bool gs1_check_digit_ok(std::string_view digits) {
  return digits.size() >= 2 && serialization::has_valid_check_digit(digits);
}

}  // namespace pharmatwin::scenarios
