// The GS1 Application Identifier table, built at start-up from GS1's Barcode Syntax Dictionary
// (data/gs1/gs1-syntax-dictionary.txt): every assigned AI with its components (character set,
// length, linters), FNC1 need, Digital Link role (primary key and qualifier paths, or data
// attribute) and its requisite (req=) and mutually exclusive (ex=) AIs. A new dictionary
// revision is a new file; nothing here lists AIs.
//
//   auto dict = default_gs1_dictionary();          // found and loaded once
//   if (!dict) std::cerr << dict.error().to_string();
//   const AiEntry* gtin = (*dict)->find("01");     // title "GTIN", N14 csum gcppos2
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pharmatwin/serialization/gs1_linters.hpp"
#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

// N: digits; X: GS1 set 82; Y: GS1 set 39; Z: base64url (GS1 set 64, '=' padding at the end).
enum class AiCharset : std::uint8_t { kNumeric, kCset82, kCset39, kCset64 };

struct AiComponent {
  AiCharset charset = AiCharset::kNumeric;
  std::uint8_t min_length = 0;  // == max_length for a fixed length
  std::uint8_t max_length = 0;
  bool optional = false;  // "[...]" in the dictionary
  std::vector<Gs1Linter> linters;
};

// One pattern of a req=/ex= list: "31nn" matches any AI that fits, 'n' standing for a digit.
using AiPattern = std::string;

struct AiEntry {
  std::string ai;             // "01"
  std::string title;          // "GTIN"
  bool fnc1_required = true;  // false for the predefined-length AIs ("*")
  bool dl_attribute = false;  // may be a Digital Link data attribute ("?")
  std::vector<AiComponent> components;
  // Each req= attribute: alternatives (","), each a group of AIs that must all be present ("+").
  std::vector<std::vector<std::vector<AiPattern>>> requires_all;
  std::vector<AiPattern> excludes;  // ex=
  bool dl_primary_key = false;      // dlpkey
  // dlpkey=22,10,21|235: alternative ordered qualifier sequences ("22,10,21" or "235").
  std::vector<std::vector<std::string>> dl_qualifier_paths;
  // Names of linters in the dictionary that this library does not implement (not checked).
  std::vector<std::string> unknown_linters;

  std::size_t min_length() const;
  std::size_t max_length() const;
  bool fixed_length() const { return min_length() == max_length(); }
};

// True when `ai` matches `pattern` ("31nn" matches "3103").
bool ai_matches(std::string_view pattern, std::string_view ai);

class Gs1Dictionary {
 public:
  // Parses the dictionary text; errors name the line.
  static Result<Gs1Dictionary> parse(std::string_view text);
  static Result<Gs1Dictionary> load(const std::filesystem::path& path);

  // Exact lookup, nullptr when unassigned.
  const AiEntry* find(std::string_view ai) const;
  // The AI that starts `data` (AIs are prefix-free), nullptr when none.
  const AiEntry* find_prefix(std::string_view data) const;
  // Lengths of the AIs assigned with these two leading digits (bit n set: n-digit AIs exist).
  unsigned ai_lengths_for(std::string_view two_digits) const;

  const std::vector<AiEntry>& entries() const { return entries_; }
  const std::filesystem::path& source() const { return source_; }

 private:
  void index();
  std::vector<AiEntry> entries_;
  std::vector<std::int16_t> by_number_;  // 100 + 1000 + 10000 slots: entry index or -1
  std::filesystem::path source_;
};

// Where the dictionary file is looked for, first hit wins: `explicit_path`; the environment
// variable PHARMATWIN_GS1_DICTIONARY; data/gs1/ in any ancestor of the executable's folder or of
// the current directory; <prefix>/share/pharmatwin/gs1/ beside the executable; the source and
// install trees this library was built for.
std::optional<std::filesystem::path> find_gs1_dictionary(
    const std::optional<std::filesystem::path>& explicit_path = std::nullopt);

// The dictionary the parsers use when none is given: loaded on first use from
// find_gs1_dictionary(), or from the path set before with set_default_gs1_dictionary_path().
// The error says where it looked.
Result<const Gs1Dictionary*> default_gs1_dictionary();
// Must be called before the first default_gs1_dictionary() to take effect.
void set_default_gs1_dictionary_path(std::filesystem::path path);

inline constexpr std::string_view kGs1DictionaryFile = "gs1-syntax-dictionary.txt";

}  // namespace pharmatwin::serialization
