#include "pharmatwin/serialization/json_keys.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace pharmatwin::serialization {
namespace {

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

unsigned hex4(std::string_view s, std::size_t at) {
  unsigned v = 0;
  for (std::size_t i = at; i < at + 4 && i < s.size(); ++i) {
    const char c = s[i];
    v = v * 16 + (c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0);
  }
  return v;
}

// The string whose opening quote is at `open`: its decoded text, and the offset after its
// closing quote.
std::size_t read_string(std::string_view text, std::size_t open, std::string& out) {
  out.clear();
  std::size_t i = open + 1;
  while (i < text.size()) {
    const std::size_t stop = text.find_first_of("\"\\", i);
    if (stop == std::string_view::npos) {
      out.append(text.substr(i));
      return text.size();
    }
    out.append(text.substr(i, stop - i));
    if (text[stop] == '"') return stop + 1;
    if (stop + 1 >= text.size()) return text.size();
    const char e = text[stop + 1];
    i = stop + 2;
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        unsigned code = hex4(text, i);
        i += 4;
        if (code >= 0xD800 && code < 0xDC00 && text.substr(i, 2) == "\\u") {
          const unsigned low = hex4(text, i + 2);
          if (low >= 0xDC00 && low < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, code);
        break;
      }
      default: out += e;
    }
  }
  return text.size();
}

struct Frame {
  bool object = false;
  bool expect_key = false;
  std::vector<std::pair<std::string, std::size_t>> keys;  // the first kLinear, searched linearly
  std::unordered_map<std::string, std::size_t> many;      // every key once there are more
};

constexpr std::size_t kLinear = 16;

}  // namespace

std::optional<DuplicateKey> find_duplicate_key(std::string_view text) {
  std::vector<Frame> frames;  // reused across objects: frames[depth]
  std::size_t depth = 0;
  std::string key;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t at = text.find_first_of("\"{}[],", i);
    if (at == std::string_view::npos) break;
    const char c = text[at];
    i = at + 1;
    switch (c) {
      case '{':
      case '[': {
        if (frames.size() <= depth) frames.emplace_back();
        Frame& f = frames[depth++];
        f.object = c == '{';
        f.expect_key = f.object;
        f.keys.clear();
        f.many.clear();
        break;
      }
      case '}':
      case ']':
        if (depth > 0) --depth;
        break;
      case ',':
        if (depth > 0 && frames[depth - 1].object) frames[depth - 1].expect_key = true;
        break;
      case '"': {
        i = read_string(text, at, key);
        if (depth == 0 || !frames[depth - 1].object || !frames[depth - 1].expect_key) break;
        Frame& f = frames[depth - 1];
        f.expect_key = false;
        if (f.many.empty()) {
          for (const auto& [k, offset] : f.keys) {
            if (k == key) return DuplicateKey{key, at, offset};
          }
          f.keys.emplace_back(key, at);
          if (f.keys.size() > kLinear) {
            for (const auto& [k, offset] : f.keys) f.many.emplace(k, offset);
          }
        } else if (const auto [it, fresh] = f.many.emplace(key, at); !fresh) {
          return DuplicateKey{key, at, it->second};
        }
        break;
      }
      default: break;
    }
  }
  return std::nullopt;
}

}  // namespace pharmatwin::serialization
