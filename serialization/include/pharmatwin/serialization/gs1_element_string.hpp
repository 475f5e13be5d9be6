// GS1 element strings: parsing, validation and encoding of AI-tagged data as scanned from a
// GS1 DataMatrix / QR / DotCode / GS1-128 / DataBar / EAN-UPC, or typed in the bracketed
// human-readable form. Every AI of GS1's Barcode Syntax Dictionary is known (gs1_dictionary.hpp):
// components, character sets, lengths, linters, FNC1 need, requisite and exclusive AIs.
//
// Accepted input forms:
//   "]d2010950600013435217271231109AB12^21XYZ"    symbology id + FNC1 as '^'
//   "0109506000134352172712311 0..." with ASCII GS (0x1D) as FNC1
//   "(01)09506000134352(17)271231(10)9AB12(21)XYZ"  human-readable (HRI); "\(" is a literal '('
//   "]E09506000134352|]e0109AB12"                 EAN-13 with its composite component
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pharmatwin/serialization/gs1_date.hpp"
#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

class Gs1Dictionary;

inline constexpr char kAsciiGroupSeparator = '\x1d';

struct AiElement {
  std::string ai;     // "01"
  std::string value;  // "09506000134352"
  friend bool operator==(const AiElement&, const AiElement&) = default;
};

struct Gs1ElementString {
  // "]d2", "]Q3", "]C1", "]e0", "]J1", "]E0", "]E4", "]I1" or empty when none was given.
  std::string symbology;
  std::vector<AiElement> elements;

  // Value of the first element with that AI, or nullptr.
  const std::string* find(std::string_view ai) const;
};

struct Gs1ParseOptions {
  // Reference year for the YY sliding window; 0 = current UTC year.
  int reference_year = 0;
  // AI table to use; nullptr = default_gs1_dictionary().
  const Gs1Dictionary* dictionary = nullptr;
};

Result<Gs1ElementString> parse_element_string(std::string_view input,
                                              const Gs1ParseOptions& options = {});

// Checks one AI's data against its dictionary entry: assigned AI ("unknown AI (242)"), each
// component's character set and length, and its linters ("check digit is 3, expected 2
// (linter csum)"). Positions in the error are relative to the start of `value`.
Result<AiElement> validate_element(std::string_view ai, std::string_view value,
                                   const Gs1ParseOptions& options = {});

// Checks the elements together: each element valid, an AI repeated with the same data merged
// and with different data rejected, every req= association present (the error names the
// missing AIs) and no ex= pair.
Result<Gs1ElementString> validate_elements(Gs1ElementString elements,
                                           const Gs1ParseOptions& options = {});

// "(01)09506000134352(21)XYZ"; a '(' in data is written "\(".
std::string to_human_readable(const Gs1ElementString& elements);
// FNC1-separated barcode data: `fnc1` ('^' or kAsciiGroupSeparator) leads the string and ends
// every element whose AI needs one (not of predefined length), except the last one.
std::string to_barcode_data(const Gs1ElementString& elements, char fnc1 = '^');

// Date of a date AI value (YYMMDD), with its sliding-window century.
Result<CivilDate> element_date(std::string_view yymmdd, const Gs1ParseOptions& options = {});

}  // namespace pharmatwin::serialization
