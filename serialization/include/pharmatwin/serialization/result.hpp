// Result type of every parser and check in this library: a value, or an Error saying which
// element, which position and which rule the input broke. Bad input is never an exception.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace pharmatwin::serialization {

struct Error {
  std::string element;       // what was being read: "AI (17)", "GTIN", "EPC URI", ...
  std::size_t position = 0;  // 0-based character offset into the whole input
  std::string rule;          // the rule that failed, in words

  // "AI (17) at position 18: month 13 is not 01-12"
  std::string to_string() const;
};

template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit on purpose, like std::expected
  Result(Error error) : data_(std::move(error)) {}  // NOLINT

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(data_); }
  T& value() & { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

inline Error make_error(std::string element, std::size_t position, std::string rule) {
  return Error{std::move(element), position, std::move(rule)};
}

}  // namespace pharmatwin::serialization
