#include "json_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace pharmatwin::experiments::json_text {

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (Unicode table 3-7), 0 when ill-formed.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  const std::size_t left = s.size() - i;
  auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return b(i + k) >= lo && b(i + k) <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3) return 0;
    const bool first = c == 0xE0 ? cont(1, 0xA0) : c == 0xED ? cont(1, 0x80, 0x9F) : cont(1);
    return first && cont(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4) return 0;
    const bool first = c == 0xF0 ? cont(1, 0x90) : c == 0xF4 ? cont(1, 0x80, 0x8F) : cont(1);
    return first && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

}  // namespace

void append_string(std::string& out, std::string_view s) {
  const std::size_t mark = out.size();
  out += '"';
  std::size_t plain = 0;  // start of the run of bytes copied as they are
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        // Ill-formed UTF-8: nlohmann's replacement rules, by nlohmann itself.
        out.resize(mark);
        out += nlohmann::json(std::string(s))
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      i += n;
      continue;
    }
    if (c >= 0x20 && c != 0x22 && c != 0x5C) {
      ++i;
      continue;
    }
    out.append(s.data() + plain, i - plain);
    switch (c) {
      case 0x08:
        out += "\\b";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x0A:
        out += "\\n";
        break;
      case 0x0C:
        out += "\\f";
        break;
      case 0x0D:
        out += "\\r";
        break;
      case 0x22:
        out += "\\\"";
        break;
      case 0x5C:
        out += "\\\\";
        break;
      default: {
        static const char* kHex = "0123456789abcdef";
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    plain = ++i;
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_integer(std::string& out, std::int64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

void append_unsigned(std::string& out, std::uint64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

std::string& Object::start(std::string_view key) {
  slots_.push_back({key, values_.size(), 0});
  append_string(values_, key);
  values_ += ':';
  return values_;
}

void Object::clear() {
  values_.clear();
  slots_.clear();
}
void Object::close() { slots_.back().end = values_.size(); }

Object& Object::string(std::string_view key, std::string_view v) {
  append_string(start(key), v);
  close();
  return *this;
}
Object& Object::number(std::string_view key, double v) {
  append_number(start(key), v);
  close();
  return *this;
}
Object& Object::integer(std::string_view key, std::int64_t v) {
  append_integer(start(key), v);
  close();
  return *this;
}
Object& Object::unsigned_integer(std::string_view key, std::uint64_t v) {
  append_unsigned(start(key), v);
  close();
  return *this;
}
Object& Object::boolean(std::string_view key, bool v) {
  start(key) += v ? "true" : "false";
  close();
  return *this;
}
Object& Object::null(std::string_view key) {
  start(key) += "null";
  close();
  return *this;
}
Object& Object::raw(std::string_view key, std::string_view value_json) {
  start(key) += value_json;
  close();
  return *this;
}

const std::vector<Object::Member>& Object::members() {
  sorted_.clear();
  for (const auto& s : slots_)
    sorted_.push_back({s.key, std::string_view(values_).substr(s.begin, s.end - s.begin)});
  // Few members: insertion sort.
  for (std::size_t i = 1; i < sorted_.size(); ++i)
    for (std::size_t j = i; j > 0 && sorted_[j].key < sorted_[j - 1].key; --j)
      std::swap(sorted_[j], sorted_[j - 1]);
  return sorted_;
}

std::string Object::text() {
  std::string out = "{";
  for (const auto& m : members()) {
    if (out.size() > 1) out += ',';
    out += m.text;
  }
  out += '}';
  return out;
}

}  // namespace pharmatwin::experiments::json_text
