#include "pharmatwin/serialization/gs1_ai_table.hpp"

#include <array>

namespace pharmatwin::serialization {

namespace {

using C = AiCharset;
using R = AiRule;

// Lengths and formats from the GS1 General Specifications AI table. The flag marks AIs whose
// first two digits are in the predefined-length table (00-04, 11-20, 31-36, 41).
constexpr std::array kAiTable{
    AiDefinition{"00", "SSCC", C::kNumeric, 18, 18, R::kCheckDigit, true},
    AiDefinition{"01", "GTIN", C::kNumeric, 14, 14, R::kCheckDigit, true},
    AiDefinition{"02", "CONTENT", C::kNumeric, 14, 14, R::kCheckDigit, true},
    AiDefinition{"10", "BATCH/LOT", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"11", "PROD DATE", C::kNumeric, 6, 6, R::kDateYymmdd, true},
    AiDefinition{"12", "DUE DATE", C::kNumeric, 6, 6, R::kDateYymmdd, true},
    AiDefinition{"13", "PACK DATE", C::kNumeric, 6, 6, R::kDateYymmdd, true},
    AiDefinition{"15", "BEST BEFORE or BEST BY", C::kNumeric, 6, 6, R::kDateYymmdd, true},
    AiDefinition{"16", "SELL BY", C::kNumeric, 6, 6, R::kDateYymmdd, true},
    AiDefinition{"17", "USE BY OR EXPIRY", C::kNumeric, 6, 6, R::kDateYymmdd, true},
    AiDefinition{"20", "VARIANT", C::kNumeric, 2, 2, R::kNone, true},
    AiDefinition{"21", "SERIAL", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"22", "CPV", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"240", "ADDITIONAL ID", C::kCset82, 1, 30, R::kNone, false},
    AiDefinition{"241", "CUST. PART No.", C::kCset82, 1, 30, R::kNone, false},
    AiDefinition{"250", "SECONDARY SERIAL", C::kCset82, 1, 30, R::kNone, false},
    AiDefinition{"254", "GLN EXTENSION COMPONENT", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"30", "VAR. COUNT", C::kNumeric, 1, 8, R::kNone, false},
    AiDefinition{"37", "COUNT", C::kNumeric, 1, 8, R::kNone, false},
    AiDefinition{"400", "ORDER NUMBER", C::kCset82, 1, 30, R::kNone, false},
    AiDefinition{"401", "GINC", C::kCset82, 1, 30, R::kNone, false},
    AiDefinition{"402", "GSIN", C::kNumeric, 17, 17, R::kCheckDigit, false},
    AiDefinition{"410", "SHIP TO LOC", C::kNumeric, 13, 13, R::kCheckDigit, true},
    AiDefinition{"411", "BILL TO", C::kNumeric, 13, 13, R::kCheckDigit, true},
    AiDefinition{"412", "PURCHASE FROM", C::kNumeric, 13, 13, R::kCheckDigit, true},
    AiDefinition{"413", "SHIP FOR LOC", C::kNumeric, 13, 13, R::kCheckDigit, true},
    AiDefinition{"414", "LOC No.", C::kNumeric, 13, 13, R::kCheckDigit, true},
    AiDefinition{"415", "PAY TO", C::kNumeric, 13, 13, R::kCheckDigit, true},
    AiDefinition{"416", "PROD/SERV LOC", C::kNumeric, 13, 13, R::kCheckDigit, true},
    AiDefinition{"417", "PARTY", C::kNumeric, 13, 13, R::kCheckDigit, true},
    AiDefinition{"422", "ORIGIN", C::kNumeric, 3, 3, R::kNone, false},
    AiDefinition{"7003", "EXPIRY TIME", C::kNumeric, 10, 10, R::kDateTimeYymmddhhmm, false},
    AiDefinition{"710", "NHRN PZN", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"711", "NHRN CIP", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"712", "NHRN CN", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"713", "NHRN DRN", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"714", "NHRN AIM", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"715", "NHRN NDC", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"716", "NHRN AIC", C::kCset82, 1, 20, R::kNone, false},
    AiDefinition{"8004", "GIAI", C::kCset82, 1, 30, R::kNone, false},
    AiDefinition{"8006", "ITIP", C::kNumeric, 18, 18, R::kNone, false},
    AiDefinition{"90", "INTERNAL", C::kCset82, 1, 30, R::kNone, false},
    AiDefinition{"91", "INTERNAL", C::kCset82, 1, 90, R::kNone, false},
    AiDefinition{"92", "INTERNAL", C::kCset82, 1, 90, R::kNone, false},
    AiDefinition{"93", "INTERNAL", C::kCset82, 1, 90, R::kNone, false},
    AiDefinition{"94", "INTERNAL", C::kCset82, 1, 90, R::kNone, false},
    AiDefinition{"95", "INTERNAL", C::kCset82, 1, 90, R::kNone, false},
    AiDefinition{"96", "INTERNAL", C::kCset82, 1, 90, R::kNone, false},
    AiDefinition{"97", "INTERNAL", C::kCset82, 1, 90, R::kNone, false},
    AiDefinition{"98", "INTERNAL", C::kCset82, 1, 90, R::kNone, false},
    AiDefinition{"99", "INTERNAL", C::kCset82, 1, 90, R::kNone, false},
};

}  // namespace

const AiDefinition* find_ai_prefix(std::string_view digits) {
  for (const auto& def : kAiTable) {
    if (digits.substr(0, def.ai.size()) == def.ai) return &def;
  }
  return nullptr;
}

const AiDefinition* find_ai(std::string_view ai) {
  for (const auto& def : kAiTable) {
    if (def.ai == ai) return &def;
  }
  return nullptr;
}

bool is_cset82(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '"':
    case '%':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case ';':
    case '<':
    case '=':
    case '>':
    case '?':
    case '_':
      return true;
    default:
      return false;
  }
}

}  // namespace pharmatwin::serialization
