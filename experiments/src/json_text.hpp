// Compact JSON text written straight into a string, byte for byte as
// nlohmann::json::dump(-1, ' ', false, error_handler_t::replace) would write the same value, but
// without building a json value first (the audit trail writes thousands of entries per run).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pharmatwin::experiments::json_text {

void append_string(std::string& out, std::string_view s);
void append_number(std::string& out, double v);  // non-finite numbers are null, as in nlohmann
void append_integer(std::string& out, std::int64_t v);
void append_unsigned(std::string& out, std::uint64_t v);

// An object's members, each value serialised as it is given, keys in any order; members() sorts
// them by key as nlohmann orders object keys. Keys must be distinct and outlive the object.
class Object {
 public:
  struct Member {
    std::string_view key;
    std::string_view text;  // "key":value
  };
  Object& string(std::string_view key, std::string_view v);
  Object& number(std::string_view key, double v);
  Object& integer(std::string_view key, std::int64_t v);
  Object& unsigned_integer(std::string_view key, std::uint64_t v);
  Object& boolean(std::string_view key, bool v);
  Object& null(std::string_view key);
  Object& raw(std::string_view key, std::string_view value_json);
  // The members sorted by key.
  const std::vector<Member>& members();
  // Empties the object, keeping its buffers for the next one.
  void clear();
  // The whole object.
  std::string text();

 private:
  struct Slot {
    std::string_view key;
    std::size_t begin, end;  // of "key":value in values_
  };
  std::string& start(std::string_view key);
  void close();
  std::string values_;
  std::vector<Slot> slots_;
  std::vector<Member> sorted_;
};

}  // namespace pharmatwin::experiments::json_text
