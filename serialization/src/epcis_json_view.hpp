// Two read-only views of a parsed JSON value with one interface, so that the EPCIS JSON -> Event
// conversion (epcis_reader.cpp) is written once and runs over either parser:
//   NlohmannView  an nlohmann::json DOM (the located-diagnostics path; the document can be kept)
//   SimdView      a simdjson DOM (the fast path; roughly 10x faster to build)
//
// Interface: is_object/is_array/is_string/is_number, string() and number() (valid only for that
// type), find(key) (the last member of that name, as nlohmann keeps duplicates), for_each_member,
// for_each_element and size(). Strings are views into the parser's memory.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace pharmatwin::serialization::epcis_detail {

class NlohmannView {
 public:
  NlohmannView() = default;
  explicit NlohmannView(const nlohmann::json& value) : value_(&value) {}

  bool is_object() const { return value_->is_object(); }
  bool is_array() const { return value_->is_array(); }
  bool is_string() const { return value_->is_string(); }
  bool is_number() const { return value_->is_number(); }
  std::string_view string() const { return value_->get_ref<const std::string&>(); }
  double number() const { return value_->get<double>(); }

  std::optional<NlohmannView> find(std::string_view key) const {
    if (!value_->is_object()) return std::nullopt;
    const auto it = value_->find(key);
    if (it == value_->end()) return std::nullopt;
    return NlohmannView(*it);
  }
  template <class F>
  void for_each_member(F&& f) const {
    if (!value_->is_object()) return;
    for (const auto& [key, child] : value_->items()) f(std::string_view(key), NlohmannView(child));
  }
  template <class F>
  void for_each_element(F&& f) const {
    if (!value_->is_array()) return;
    for (const auto& child : *value_) f(NlohmannView(child));
  }
  std::size_t size() const { return value_->size(); }

 private:
  const nlohmann::json* value_ = nullptr;
};

class SimdView {
 public:
  SimdView() = default;
  explicit SimdView(simdjson::dom::element value) : value_(value) {}

  bool is_object() const { return value_.type() == Type::OBJECT; }
  bool is_array() const { return value_.type() == Type::ARRAY; }
  bool is_string() const { return value_.type() == Type::STRING; }
  bool is_number() const {
    const Type t = value_.type();
    return t == Type::INT64 || t == Type::UINT64 || t == Type::DOUBLE;
  }
  std::string_view string() const {
    std::string_view s;
    if (value_.get_string().get(s)) return {};
    return s;
  }
  double number() const {
    double d = 0;
    if (value_.get_double().get(d)) return 0;
    return d;
  }

  std::optional<SimdView> find(std::string_view key) const {
    simdjson::dom::object object;
    if (value_.get_object().get(object)) return std::nullopt;
    std::optional<SimdView> found;
    for (const auto field : object) {
      if (field.key == key) found = SimdView(field.value);
    }
    return found;
  }
  template <class F>
  void for_each_member(F&& f) const {
    simdjson::dom::object object;
    if (value_.get_object().get(object)) return;
    for (const auto field : object) f(field.key, SimdView(field.value));
  }
  template <class F>
  void for_each_element(F&& f) const {
    simdjson::dom::array array;
    if (value_.get_array().get(array)) return;
    for (const auto child : array) f(SimdView(child));
  }
  std::size_t size() const {
    simdjson::dom::array array;
    if (value_.get_array().get(array)) return 0;
    std::size_t n = array.size();
    if (n >= 0xFFFFFF) {  // simdjson saturates the stored count: count the elements
      n = 0;
      for ([[maybe_unused]] const auto child : array) ++n;
    }
    return n;
  }

 private:
  using Type = simdjson::dom::element_type;
  simdjson::dom::element value_;
};

}  // namespace pharmatwin::serialization::epcis_detail
