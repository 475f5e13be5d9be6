// The GS1 Application Identifiers this library knows: format, length and extra rules, from the
// GS1 General Specifications AI table (section 3.2) and the predefined-length table (5.10.1).
#pragma once

#include <cstdint>
#include <string_view>

namespace pharmatwin::serialization {

enum class AiCharset : std::uint8_t { kNumeric, kCset82 };

// Extra checks an AI's data must pass beyond charset and length.
enum class AiRule : std::uint8_t {
  kNone,
  kCheckDigit,          // last digit is a GS1 mod-10 check digit (GTIN, SSCC, GLN)
  kDateYymmdd,          // YYMMDD, DD may be 00 ("end of month")
  kDateTimeYymmddhhmm,  // YYMMDDHHMM, real day, 00-23 h, 00-59 min
};

struct AiDefinition {
  std::string_view ai;     // "01", "7003", ...
  std::string_view title;  // GS1 data title, e.g. "GTIN", "USE BY OR EXPIRY"
  AiCharset charset;
  std::uint8_t min_length;
  std::uint8_t max_length;  // == min_length for fixed-length AIs
  AiRule rule;
  // In the GS1 predefined-length table: no FNC1 separator needed after the data.
  bool predefined_length;

  bool fixed_length() const { return min_length == max_length; }
};

// Looks up the AI that starts `digits` (AIs are prefix-free); nullptr when none matches.
const AiDefinition* find_ai_prefix(std::string_view digits);
// Exact lookup, e.g. find_ai("17"); nullptr when unknown.
const AiDefinition* find_ai(std::string_view ai);

// GS1 AI encodable character set 82 (General Specifications Figure 7.11-1).
bool is_cset82(char c);

}  // namespace pharmatwin::serialization
