#include "pharmatwin/serialization/gs1_linters.hpp"

#include <array>

#include "gs1_code_lists.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"
#include "pharmatwin/serialization/gs1_date.hpp"

namespace pharmatwin::serialization {

namespace {

using gs1_detail::is_iso3166_alpha2;
using gs1_detail::is_iso3166_numeric;
using gs1_detail::is_iso4217_numeric;
using gs1_detail::is_package_type;
using Fail = std::optional<LintFailure>;

constexpr std::array<std::string_view, 34> kNames{
    "csum",         "csumalpha",   "gcppos1",     "gcppos2",       "hasnondigit",   "hh",
    "mi",           "ss",          "hhmi",        "yymmd0",        "yymmdd",        "yyyymmdd",
    "hyphen",       "iban",        "importeridx", "iso3166",       "iso3166999",    "iso3166alpha2",
    "iso4217",      "iso5218",     "latitude",    "longitude",     "mediatype",     "nonzero",
    "nozeroprefix", "packagetype", "pcenc",       "pieceoftotal",  "posinseqslash", "winding",
    "yesno",        "zero",        "couponcode",  "couponposoffer"};

// GS1 set 82 in its published order: ! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z.
constexpr std::string_view kCset82 =
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
// The 32 characters a check character pair is drawn from.
constexpr std::string_view kCset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

Fail fail(std::size_t position, std::string message) {
  return LintFailure{position, std::move(message)};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

Fail all_digits(std::string_view data) {
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (!is_digit(data[i])) return fail(i, std::string("'") + data[i] + "' is not a digit");
  }
  return std::nullopt;
}

int number(std::string_view digits) {
  int v = 0;
  for (const char c : digits) v = v * 10 + (c - '0');
  return v;
}

Fail two_digit_range(std::string_view data, int max, const char* what) {
  if (data.size() != 2) return fail(0, std::string(what) + " must be two digits");
  if (auto f = all_digits(data)) return f;
  if (number(data) > max) {
    return fail(0,
                std::string(what) + " " + std::string(data) + " is not 00-" + std::to_string(max));
  }
  return std::nullopt;
}

Fail date(std::string_view data, int reference_year, bool day_zero, bool four_digit_year) {
  const std::size_t want = four_digit_year ? 8 : 6;
  if (data.size() != want) {
    return fail(0, std::string("date must be ") + (four_digit_year ? "YYYYMMDD" : "YYMMDD"));
  }
  if (auto f = all_digits(data)) return f;
  const std::size_t ym = four_digit_year ? 4 : 2;  // offset of MM
  const int year = four_digit_year ? number(data.substr(0, 4))
                                   : resolve_century(number(data.substr(0, 2)), reference_year);
  const int month = number(data.substr(ym, 2));
  const int day = number(data.substr(ym + 2, 2));
  if (month < 1 || month > 12) {
    return fail(ym, "month " + std::string(data.substr(ym, 2)) + " is not 01-12");
  }
  if (day == 0) {
    if (day_zero) return std::nullopt;
    return fail(ym + 2, "day 00 is not allowed here");
  }
  if (day > days_in_month(year, month)) {
    return fail(ym + 2, "day " + std::string(data.substr(ym + 2, 2)) + " does not exist in " +
                            std::to_string(year) + "-" + std::string(data.substr(ym, 2)));
  }
  return std::nullopt;
}

Fail check_digit(std::string_view data) {
  if (data.size() < 2) return fail(0, "too short for a check digit");
  if (auto f = all_digits(data)) return f;
  if (!has_valid_check_digit(data)) {
    const int expected = *gs1_check_digit(data.substr(0, data.size() - 1));
    return fail(data.size() - 1, std::string("check digit is ") + data.back() + ", expected " +
                                     std::to_string(expected));
  }
  return std::nullopt;
}

Fail check_characters(std::string_view data) {
  if (data.size() < 2) return fail(0, "too short for a check character pair");
  for (std::size_t i = data.size() - 2; i < data.size(); ++i) {
    if (kCset32.find(data[i]) == std::string_view::npos) {
      return fail(i, std::string("'") + data[i] + "' cannot be a check character");
    }
  }
  const auto expected = gs1_check_characters(data.substr(0, data.size() - 2));
  if (!expected) return fail(0, "character outside GS1 set 82");
  if (*expected != data.substr(data.size() - 2)) {
    return fail(data.size() - 2, "check characters are " +
                                     std::string(data.substr(data.size() - 2)) + ", expected " +
                                     *expected);
  }
  return std::nullopt;
}

Fail company_prefix(std::string_view data, std::size_t offset) {
  constexpr std::size_t kMinimum = 4;  // the shortest GS1 Company Prefix
  if (data.size() < offset + kMinimum) {
    return fail(offset, "too short to start with a GS1 Company Prefix");
  }
  for (std::size_t i = offset; i < offset + kMinimum; ++i) {
    if (!is_digit(data[i])) {
      return fail(i, "a GS1 Company Prefix is digits, '" + std::string(1, data[i]) + "' is not");
    }
  }
  return std::nullopt;
}

Fail iban(std::string_view data) {
  if (data.size() < 5) return fail(0, "an IBAN has at least 5 characters");
  for (std::size_t i = 0; i < 2; ++i) {
    if (data[i] < 'A' || data[i] > 'Z') return fail(i, "country code must be two capitals");
  }
  if (!is_iso3166_alpha2(data.substr(0, 2))) {
    return fail(0, "\"" + std::string(data.substr(0, 2)) + "\" is not an ISO 3166 country code");
  }
  for (std::size_t i = 2; i < 4; ++i) {
    if (!is_digit(data[i])) return fail(i, "check digits must be digits");
  }
  int remainder = 0;
  const auto feed = [&](char c) {
    const int v = is_digit(c) ? c - '0' : c - 'A' + 10;
    remainder = (v >= 10 ? remainder * 100 : remainder * 10) + v;
    remainder %= 97;
  };
  for (std::size_t i = 4; i < data.size(); ++i) {
    const char c = data[i];
    if (!is_digit(c) && (c < 'A' || c > 'Z')) {
      return fail(i, std::string("'") + c + "' is not allowed in an IBAN (0-9, A-Z)");
    }
    feed(c);
  }
  for (std::size_t i = 0; i < 4; ++i) feed(data[i]);
  if (remainder != 1) return fail(2, "IBAN check digits do not match (mod 97)");
  return std::nullopt;
}

Fail percent_encoding(std::string_view data) {
  const auto hex = [](char c) {
    return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
  };
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] != '%') continue;
    if (i + 2 >= data.size() || !hex(data[i + 1]) || !hex(data[i + 2])) {
      return fail(i, "'%' must be followed by two hex digits");
    }
    i += 2;
  }
  return std::nullopt;
}

Fail piece_of_total(std::string_view data) {
  if (data.empty() || data.size() % 2 != 0) return fail(0, "piece and total need equal lengths");
  if (auto f = all_digits(data)) return f;
  const std::size_t half = data.size() / 2;
  const int piece = number(data.substr(0, half));
  const int total = number(data.substr(half));
  if (total == 0) return fail(half, "total must not be zero");
  if (piece == 0) return fail(0, "piece number must not be zero");
  if (piece > total) return fail(0, "piece number exceeds the total");
  return std::nullopt;
}

Fail position_in_sequence(std::string_view data) {
  const std::size_t slash = data.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == data.size()) {
    return fail(0, "expected position/total, e.g. 1/2");
  }
  const auto pos = data.substr(0, slash), total = data.substr(slash + 1);
  if (auto f = all_digits(pos)) return f;
  if (auto f = all_digits(total)) return fail(f->position + slash + 1, f->message);
  if (pos[0] == '0') return fail(0, "position must not start with 0");
  if (total[0] == '0') return fail(slash + 1, "total must not start with 0");
  if (number(pos) > number(total)) return fail(0, "position exceeds the total");
  return std::nullopt;
}

Fail one_of(std::string_view data, std::string_view allowed, const char* what) {
  if (data.size() != 1 || allowed.find(data[0]) == std::string_view::npos) {
    return fail(0, std::string(what) + " must be one of " + std::string(allowed));
  }
  return std::nullopt;
}

Fail coordinate(std::string_view data, long long max, const char* what) {
  if (data.size() != 10) return fail(0, std::string(what) + " must be 10 digits");
  if (auto f = all_digits(data)) return f;
  long long v = 0;
  for (const char c : data) v = v * 10 + (c - '0');
  if (v > max) return fail(0, std::string(what) + " exceeds " + std::to_string(max));
  return std::nullopt;
}

}  // namespace

// Coupon linters (North American coupon application guideline): their own file.
Fail lint_coupon_code(std::string_view data, int reference_year);
Fail lint_coupon_positive_offer(std::string_view data);

std::optional<Gs1Linter> linter_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Gs1Linter>(i);
  }
  return std::nullopt;
}

std::string_view linter_name(Gs1Linter linter) { return kNames[static_cast<std::size_t>(linter)]; }

std::optional<std::string> gs1_check_characters(std::string_view data) {
  // Weights are the primes from 2 upwards, the last character getting 2.
  static constexpr std::array<int, 30> kPrimes{2,  3,  5,  7,  11, 13,  17,  19,  23,  29,
                                               31, 37, 41, 43, 47, 53,  59,  61,  67,  71,
                                               73, 79, 83, 89, 97, 101, 103, 107, 109, 113};
  if (data.size() > kPrimes.size()) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto value = kCset82.find(data[data.size() - 1 - i]);
    if (value == std::string_view::npos) return std::nullopt;
    sum += static_cast<int>(value) * kPrimes[i];
  }
  sum %= 1021;
  return std::string{kCset32[static_cast<std::size_t>(sum >> 5)],
                     kCset32[static_cast<std::size_t>(sum & 31)]};
}

std::optional<LintFailure> run_linter(Gs1Linter linter, std::string_view data, int reference_year) {
  switch (linter) {
    case Gs1Linter::kCsum:
      return check_digit(data);
    case Gs1Linter::kCsumAlpha:
      return check_characters(data);
    case Gs1Linter::kGcpPos1:
      return company_prefix(data, 0);
    case Gs1Linter::kGcpPos2:
      return company_prefix(data, 1);
    case Gs1Linter::kHasNonDigit:
      for (const char c : data) {
        if (!is_digit(c)) return std::nullopt;
      }
      return fail(0, "must contain a character that is not a digit");
    case Gs1Linter::kHh:
      return two_digit_range(data, 23, "hour");
    case Gs1Linter::kMi:
      return two_digit_range(data, 59, "minute");
    case Gs1Linter::kSs:
      return two_digit_range(data, 59, "second");
    case Gs1Linter::kHhmi: {
      if (data.size() != 4) return fail(0, "time must be HHMI");
      if (auto f = two_digit_range(data.substr(0, 2), 23, "hour")) return f;
      if (auto f = two_digit_range(data.substr(2, 2), 59, "minute")) return fail(2, f->message);
      return std::nullopt;
    }
    case Gs1Linter::kYymmd0:
      return date(data, reference_year, true, false);
    case Gs1Linter::kYymmdd:
      return date(data, reference_year, false, false);
    case Gs1Linter::kYyyymmdd:
      return date(data, reference_year, false, true);
    case Gs1Linter::kHyphen:
      for (std::size_t i = 0; i < data.size(); ++i) {
        if (data[i] != '-') return fail(i, "only '-' is allowed here");
      }
      return std::nullopt;
    case Gs1Linter::kIban:
      return iban(data);
    case Gs1Linter::kImporterIdx: {
      const bool ok = data.size() == 1 &&
                      (is_digit(data[0]) || (data[0] >= 'A' && data[0] <= 'Z') ||
                       (data[0] >= 'a' && data[0] <= 'z') || data[0] == '-' || data[0] == '_');
      if (!ok) return fail(0, "importer index must be one of 0-9 A-Z a-z - _");
      return std::nullopt;
    }
    case Gs1Linter::kIso3166:
      if (!is_iso3166_numeric(data)) {
        return fail(0, "\"" + std::string(data) + "\" is not an ISO 3166 numeric country code");
      }
      return std::nullopt;
    case Gs1Linter::kIso3166999:
      if (data != "999" && !is_iso3166_numeric(data)) {
        return fail(
            0, "\"" + std::string(data) + "\" is not an ISO 3166 numeric country code nor 999");
      }
      return std::nullopt;
    case Gs1Linter::kIso3166Alpha2:
      if (!is_iso3166_alpha2(data)) {
        return fail(0, "\"" + std::string(data) + "\" is not an ISO 3166 alpha-2 country code");
      }
      return std::nullopt;
    case Gs1Linter::kIso4217:
      if (!is_iso4217_numeric(data)) {
        return fail(0, "\"" + std::string(data) + "\" is not an ISO 4217 currency code");
      }
      return std::nullopt;
    case Gs1Linter::kIso5218:
      return one_of(data, "0129", "sex code");
    case Gs1Linter::kLatitude:
      return coordinate(data, 1'800'000'000LL, "latitude");
    case Gs1Linter::kLongitude:
      return coordinate(data, 3'600'000'000LL, "longitude");
    case Gs1Linter::kMediaType: {
      const bool ok = data.size() == 2 && is_digit(data[0]) && is_digit(data[1]) &&
                      ((number(data) >= 1 && number(data) <= 10) || number(data) >= 80);
      if (!ok)
        return fail(0, "\"" + std::string(data) + "\" is not an AIDC media type (01-10, 80-99)");
      return std::nullopt;
    }
    case Gs1Linter::kNonZero:
      for (const char c : data) {
        if (c != '0') return std::nullopt;
      }
      return fail(0, "must not be zero");
    case Gs1Linter::kNoZeroPrefix:
      if (data.size() > 1 && data[0] == '0') return fail(0, "must not start with 0");
      return std::nullopt;
    case Gs1Linter::kPackageType:
      if (!is_package_type(data)) {
        return fail(0, "\"" + std::string(data) + "\" is not a PackageTypeCode");
      }
      return std::nullopt;
    case Gs1Linter::kPcenc:
      return percent_encoding(data);
    case Gs1Linter::kPieceOfTotal:
      return piece_of_total(data);
    case Gs1Linter::kPosInSeqSlash:
      return position_in_sequence(data);
    case Gs1Linter::kWinding:
      return one_of(data, "019", "winding direction");
    case Gs1Linter::kYesNo:
      return one_of(data, "01", "flag");
    case Gs1Linter::kZero:
      return one_of(data, "0", "digit");
    case Gs1Linter::kCouponCode:
      return lint_coupon_code(data, reference_year);
    case Gs1Linter::kCouponPosOffer:
      return lint_coupon_positive_offer(data);
  }
  return std::nullopt;
}

}  // namespace pharmatwin::serialization
