// Checks on the raw text of a JSON document that JSON parsers leave out: a key given twice in
// one object (parsers keep the last one silently), and a leading UTF-8 byte-order mark.
//
// EPCIS documents (epcis_reader.hpp) and JSON scenario files are checked with it, so
// `{"eventTime": "...", "eventTime": "..."}` is an error at the second key instead of a silent
// "last one wins".
//
// Example:
//   if (auto dup = find_duplicate_key(text)) {
//     std::cerr << "duplicate key \"" << dup->key << "\" at byte " << dup->offset << "\n";
//   }
//   text = skip_utf8_bom(text);
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pharmatwin::serialization {

struct DuplicateKey {
  std::string key;         // decoded (escapes resolved)
  std::size_t offset = 0;  // byte offset of the second occurrence's opening quote
  std::size_t first = 0;   // byte offset of the first occurrence's opening quote
};

// The first key that repeats a key of the same object, in document order. `text` should be
// syntactically valid JSON (parse it first); on invalid text the answer is best effort.
std::optional<DuplicateKey> find_duplicate_key(std::string_view text);

// `text` without a leading UTF-8 byte-order mark (EF BB BF), which editors on Windows write and
// which is not part of the content.
inline std::string_view skip_utf8_bom(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

}  // namespace pharmatwin::serialization
