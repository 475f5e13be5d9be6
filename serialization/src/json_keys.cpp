#include "pharmatwin/serialization/json_keys.hpp"

#include <cstring>
#include <deque>
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
    v = v * 16 + (c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : 0);
  }
  return v;
}

// The offset just after the closing quote of the string whose opening quote is at `open`;
// `escaped` tells whether it holds a backslash.
std::size_t skip_string(std::string_view text, std::size_t open, bool& escaped) {
  escaped = false;
  std::size_t i = open + 1;
  for (;;) {
    const void* hit = std::memchr(text.data() + i, '"', text.size() - i);
    if (!hit) return text.size();
    const std::size_t quote = static_cast<const char*>(hit) - text.data();
    // A quote preceded by an odd number of backslashes is escaped.
    std::size_t slashes = 0;
    while (quote - slashes > i && text[quote - slashes - 1] == '\\') ++slashes;
    if (slashes > 0 || std::memchr(text.data() + i, '\\', quote - i)) escaped = true;
    if (slashes % 2 == 0) return quote + 1;
    i = quote + 1;
  }
}

// The decoded text of an escaped string (quotes excluded).
std::string decode(std::string_view raw) {
  std::string out;
  std::size_t i = 0;
  while (i < raw.size()) {
    if (raw[i] != '\\') {
      out += raw[i++];
      continue;
    }
    if (i + 1 >= raw.size()) break;
    const char e = raw[i + 1];
    i += 2;
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned code = hex4(raw, i);
        i += 4;
        if (code >= 0xD800 && code < 0xDC00 && raw.substr(i, 2) == "\\u") {
          const unsigned low = hex4(raw, i + 2);
          if (low >= 0xDC00 && low < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, code);
        break;
      }
      default:
        out += e;
    }
  }
  return out;
}

struct Frame {
  bool object = false;
  bool expect_key = false;
  // Keys as views: into the text, or into `decoded` for keys with escapes.
  std::vector<std::pair<std::string_view, std::size_t>> keys;  // the first kLinear, linear search
  std::unordered_map<std::string_view, std::size_t> many;      // every key once there are more
};

constexpr std::size_t kLinear = 16;

// The characters the scan stops at.
struct Stops {
  bool at[256] = {};
  Stops() {
    for (unsigned char c : std::string_view("\"{}[],")) at[c] = true;
  }
};

}  // namespace

std::optional<DuplicateKey> find_duplicate_key(std::string_view text) {
  static const Stops stops;
  std::vector<Frame> frames;  // reused across objects: frames[depth]
  std::deque<std::string> decoded;
  std::size_t depth = 0;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    while (i < n && !stops.at[static_cast<unsigned char>(text[i])]) ++i;
    if (i >= n) break;
    const std::size_t at = i;
    const char c = text[i++];
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
        bool escaped = false;
        i = skip_string(text, at, escaped);
        if (depth == 0 || !frames[depth - 1].object || !frames[depth - 1].expect_key) break;
        Frame& f = frames[depth - 1];
        f.expect_key = false;
        std::string_view key = text.substr(at + 1, i - at - 2 > n ? 0 : i - at - 2);
        if (escaped) key = decoded.emplace_back(decode(key));
        if (f.many.empty()) {
          for (const auto& [k, offset] : f.keys) {
            if (k == key) return DuplicateKey{std::string(key), at, offset};
          }
          f.keys.emplace_back(key, at);
          if (f.keys.size() > kLinear) {
            for (const auto& [k, offset] : f.keys) f.many.emplace(k, offset);
          }
        } else if (const auto [it, fresh] = f.many.emplace(key, at); !fresh) {
          return DuplicateKey{std::string(key), at, it->second};
        }
        break;
      }
      default:
        break;
    }
  }
  return std::nullopt;
}

}  // namespace pharmatwin::serialization
