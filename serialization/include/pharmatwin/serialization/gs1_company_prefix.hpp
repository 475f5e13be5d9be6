// GS1 Company Prefix lengths: which leading digits of a GS1 key are the company prefix. A GS1
// key does not say where its company prefix ends, but an EPC URN writes it apart, so making one
// needs either the length or a table of prefix ranges. This library ships no such table (GS1
// publishes and updates it); it reads one the user supplies, in either form:
//
//   GS1's GCP length table as published (gcpprefixformatlist.json):
//     {"GCPPrefixFormatList": {"entry": [{"prefix": "0614141", "gcpLength": 7}, ...]}}
//   or plain text, one range a line, '#' starting a comment:
//     # prefix   length
//     0614141    7
//     95060001   8
//
// The longest listed prefix that opens the key's company-prefix digits wins; a length of 0
// marks a range without company prefixes.
//
//   auto table = CompanyPrefixTable::load("gcp-lengths.txt");
//   if (!table) std::cerr << table.error().to_string();
//   table->length_for("0614141123452");   // 7
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

struct CompanyPrefixMatch {
  std::string prefix;  // the table entry that matched, "0614141"
  int length = 0;      // 0 = a range without GS1 Company Prefixes
};

class CompanyPrefixTable {
 public:
  // Either form above. Errors name the line and column (text) or the entry (JSON) and the
  // field ("prefix", "length"); the position is the byte offset in `text`.
  static Result<CompanyPrefixTable> parse(std::string_view text);
  // parse() of a file; the error's element is the file name.
  static Result<CompanyPrefixTable> load(const std::filesystem::path& path);

  // The entry with the longest prefix that opens `digits`, if any.
  std::optional<CompanyPrefixMatch> find(std::string_view digits) const;
  std::size_t size() const { return lengths_.size(); }

  // Adds a range (prefix of digits, length 0-12, checked by the caller); when `prefix` is
  // already listed with another length, that length, and nothing changes.
  std::optional<int> add(std::string_view prefix, int length);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int, Hash, std::equal_to<>> lengths_;  // prefix -> length
  std::size_t longest_prefix_ = 0;
};

// Environment variable naming a table file when no --company-prefix-table is given.
inline constexpr const char* kCompanyPrefixTableVariable = "PHARMATWIN_GCP_LENGTH_TABLE";

}  // namespace pharmatwin::serialization
