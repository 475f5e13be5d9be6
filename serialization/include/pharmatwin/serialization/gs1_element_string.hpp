// GS1 element strings: parsing, validation and encoding of AI-tagged data as scanned from a
// GS1 DataMatrix / QR / GS1-128 / DataBar, or typed in the bracketed human-readable form.
//
// Accepted input forms:
//   "]d2010950600013435217271231109AB12^21XYZ"    symbology id + FNC1 as '^'
//   "0109506000134352172712311 0..." with ASCII GS (0x1D) as FNC1
//   "(01)09506000134352(17)271231(10)9AB12(21)XYZ"  human-readable (HRI)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pharmatwin/serialization/gs1_date.hpp"
#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

inline constexpr char kAsciiGroupSeparator = '\x1d';

struct AiElement {
  std::string ai;     // "01"
  std::string value;  // "09506000134352"
  friend bool operator==(const AiElement&, const AiElement&) = default;
};

struct Gs1ElementString {
  std::string symbology;  // "]d2", "]Q3", "]C1", "]e0" or empty when none was given
  std::vector<AiElement> elements;

  // Value of the first element with that AI, or nullptr.
  const std::string* find(std::string_view ai) const;
};

struct Gs1ParseOptions {
  // Reference year for the YY sliding window; 0 = current UTC year.
  int reference_year = 0;
};

Result<Gs1ElementString> parse_element_string(std::string_view input,
                                              const Gs1ParseOptions& options = {});

// Checks one AI's data: known AI, charset, length and its rule (check digit, date).
// Positions in the error are relative to the start of `value`.
Result<AiElement> validate_element(std::string_view ai, std::string_view value,
                                   const Gs1ParseOptions& options = {});

// Checks the elements together: each element valid, no AI twice with different data, and the
// GS1 mandatory associations this library enforces ((21) needs (01); (37) needs (02);
// (02) needs (00); (01) and (02) exclusive).
Result<Gs1ElementString> validate_elements(Gs1ElementString elements,
                                           const Gs1ParseOptions& options = {});

// "(01)09506000134352(21)XYZ"
std::string to_human_readable(const Gs1ElementString& elements);
// FNC1-separated barcode data: `fnc1` ('^' or kAsciiGroupSeparator) leads the string and ends
// every element whose AI is not of predefined length, except the last one.
std::string to_barcode_data(const Gs1ElementString& elements, char fnc1 = '^');

// Date of a date AI value (YYMMDD), with its sliding-window century.
Result<CivilDate> element_date(std::string_view yymmdd, const Gs1ParseOptions& options = {});

}  // namespace pharmatwin::serialization
