// The content checks ("linters") that GS1's Barcode Syntax Dictionary names for AI components:
// check digits, dates and times, country and currency codes, IBAN, coupon codes and the other
// rules of the GS1 Barcode Syntax Tests. Each failure says where in the component it is and why.
//
//   auto failure = run_linter(Gs1Linter::kYymmd0, "271331", 2026);
//   // failure->position == 2, failure->message == "month 13 is not 01-12"
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pharmatwin::serialization {

enum class Gs1Linter : std::uint8_t {
  kCsum,            // GS1 mod-10 check digit in the last position
  kCsumAlpha,       // GS1 alphanumeric check character pair (GMN, MUDI)
  kGcpPos1,         // starts with a GS1 Company Prefix (at least 4 digits)
  kGcpPos2,         // the same after one leading digit (indicator / extension)
  kHasNonDigit,     // at least one character that is not a digit
  kHh,              // hour 00-23
  kMi,              // minute 00-59
  kSs,              // second 00-59
  kHhmi,            // HHMI
  kYymmd0,          // YYMMDD, day 00 allowed (end of month)
  kYymmdd,          // YYMMDD, a real day
  kYyyymmdd,        // YYYYMMDD, a real day
  kHyphen,          // exactly "-"
  kIban,            // ISO 13616 IBAN: country, check digits, mod 97
  kImporterIdx,     // one character of 0-9 A-Z a-z - _
  kIso3166,         // ISO 3166-1 numeric country code
  kIso3166999,      // the same, or 999
  kIso3166Alpha2,   // ISO 3166-1 alpha-2 country code
  kIso4217,         // ISO 4217 numeric currency code
  kIso5218,         // ISO/IEC 5218 sex code: 0, 1, 2 or 9
  kLatitude,        // 10 digits, 0 .. 1800000000 (latitude + 90 in 10^-7 degrees)
  kLongitude,       // 10 digits, 0 .. 3600000000
  kMediaType,       // AIDC media type 01-10, 80-99
  kNonZero,         // not all zeros
  kNoZeroPrefix,    // no leading zero unless the value is "0"
  kPackageType,     // PackageTypeCode (UN/ECE Rec. 21 + GS1)
  kPcenc,           // valid percent-encoding (%XX)
  kPieceOfTotal,    // NNMM: piece 01..total, total >= 01
  kPosInSeqSlash,   // "n/m" with 1 <= n <= m
  kWinding,         // 0, 1 or 9
  kYesNo,           // 0 or 1
  kZero,            // exactly "0"
  kCouponCode,      // North American coupon code, AI (8110)
  kCouponPosOffer,  // positive offer file coupon code, AI (8112)
};

struct LintFailure {
  std::size_t position = 0;  // offset in the component's data
  std::string message;       // "month 13 is not 01-12"
};

// The linter of a dictionary name ("csum", "yymmd0", ...), or nullopt for a name this library
// does not implement.
std::optional<Gs1Linter> linter_from_name(std::string_view name);
std::string_view linter_name(Gs1Linter linter);

// Runs one linter on one component's data; nullopt when the data passes. `reference_year`
// places two-digit years (YY) with the GS1 sliding window.
std::optional<LintFailure> run_linter(Gs1Linter linter, std::string_view data, int reference_year);

// GS1 alphanumeric check character pair of `data` (GS1 General Specifications 7.9.5), e.g.
// gs1_check_characters("1987654Ad4X4bL5ttr2310c") == "2K"; nullopt if a character is outside
// set 82.
std::optional<std::string> gs1_check_characters(std::string_view data);

}  // namespace pharmatwin::serialization
