#include "pharmatwin/serialization/gs1_date.hpp"

#include <chrono>
#include <string>

namespace pharmatwin::serialization {

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

int resolve_century(int yy, int reference_year) {
  const int century = reference_year - reference_year % 100;
  const int difference = yy - reference_year % 100;
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

int current_utc_year() {
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return date_of_ms(now_ms).year;
}

namespace {

bool two_digits(std::string_view text, std::size_t at, int& out) {
  const char a = text[at], b = text[at + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return false;
  out = (a - '0') * 10 + (b - '0');
  return true;
}

}  // namespace

Result<CivilDate> parse_yymmdd(std::string_view text, int reference_year, bool allow_day_zero) {
  if (text.size() != 6) return make_error("date", 0, "expected 6 digits YYMMDD");
  int yy = 0, mm = 0, dd = 0;
  if (!two_digits(text, 0, yy)) return make_error("date", 0, "year YY is not two digits");
  if (!two_digits(text, 2, mm)) return make_error("date", 2, "month MM is not two digits");
  if (!two_digits(text, 4, dd)) return make_error("date", 4, "day DD is not two digits");
  if (mm < 1 || mm > 12) {
    return make_error("date", 2, "month " + std::string(text.substr(2, 2)) + " is not 01-12");
  }
  const int year = resolve_century(yy, reference_year);
  if (dd == 0) {
    if (!allow_day_zero) return make_error("date", 4, "day 00 is not allowed here");
  } else if (dd > days_in_month(year, mm)) {
    return make_error("date", 4,
                      "day " + std::string(text.substr(4, 2)) + " does not exist in " +
                          std::to_string(year) + "-" + std::string(text.substr(2, 2)));
  }
  return CivilDate{year, mm, dd};
}

Result<CivilDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return make_error("date", 0, "expected YYYY-MM-DD");
  }
  int y1 = 0, y2 = 0, mm = 0, dd = 0;
  if (!two_digits(text, 0, y1) || !two_digits(text, 2, y2)) {
    return make_error("date", 0, "year is not four digits");
  }
  if (!two_digits(text, 5, mm) || mm < 1 || mm > 12) return make_error("date", 5, "bad month");
  const int year = y1 * 100 + y2;
  if (!two_digits(text, 8, dd) || dd < 1 || dd > days_in_month(year, mm)) {
    return make_error("date", 8, "day does not exist in that month");
  }
  return CivilDate{year, mm, dd};
}

CivilDate resolve_day_zero(CivilDate date) {
  if (date.day == 0) date.day = days_in_month(date.year, date.month);
  return date;
}

// Days/civil conversions after the well-known era-based algorithm (400-year cycles).
std::int64_t days_from_civil(CivilDate date) {
  const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t shifted_month = date.month > 2 ? date.month - 3 : date.month + 9;
  const std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + date.day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  const int year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

CivilDate date_of_ms(std::int64_t time_ms) {
  constexpr std::int64_t kMsPerDay = 86'400'000;
  std::int64_t days = time_ms / kMsPerDay;
  if (time_ms % kMsPerDay < 0) --days;
  return civil_from_days(days);
}

}  // namespace pharmatwin::serialization
