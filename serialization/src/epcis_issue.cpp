#include "pharmatwin/serialization/epcis_issue.hpp"

#include <string>

namespace pharmatwin::serialization {
namespace {

// A cursor over JSON text that can skip whole values without building them.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::size_t pos() const { return pos_; }
  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }

  void skip_space() {
    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++pos_;
  }

  bool consume(char c) {
    skip_space();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // Reads a string starting at '"' and decodes the escapes JSON pointers may need.
  bool read_string(std::string& out) {
    skip_space();
    if (peek() != '"') return false;
    ++pos_;
    out.clear();
    while (!done()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\' && !done()) {
        const char e = text_[pos_++];
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'u':
            out += "\\u";
            break;  // rare in keys; kept raw
          default:
            out += e;
        }
      } else {
        out += c;
      }
    }
    return false;
  }

  // Skips one value of any kind; iterative so deep nesting cannot exhaust the stack.
  bool skip_value() {
    skip_space();
    std::size_t depth = 0;
    do {
      skip_space();
      if (done()) return false;
      const char c = peek();
      if (c == '"') {
        if (!skip_string()) return false;
      } else if (c == '{' || c == '[') {
        ++depth;
        ++pos_;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return false;
        --depth;
        ++pos_;
      } else {
        ++pos_;  // literals, numbers, ',' and ':' inside containers
        while (depth == 0 && !done() && peek() != ',' && peek() != '}' && peek() != ']' &&
               peek() != ' ' && peek() != '\n' && peek() != '\r' && peek() != '\t') {
          ++pos_;
        }
      }
    } while (depth > 0);
    return true;
  }

 private:
  bool skip_string() {
    ++pos_;
    while (!done()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\') ++pos_;
    }
    return false;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// One reference token of a JSON pointer, with ~1 and ~0 decoded.
std::string decode_token(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

}  // namespace

std::string EpcisIssue::to_string() const {
  std::string out = file.empty() ? "<input>" : file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += severity == IssueSeverity::kError ? ": error: " : ": warning: ";
  if (event_index >= 0) out += "event " + std::to_string(event_index) + " ";
  if (!pointer.empty()) out += "(" + pointer + "): ";
  out += message;
  if (!rule.empty()) out += " [" + rule + "]";
  return out;
}

bool has_errors(const std::vector<EpcisIssue>& issues) {
  for (const auto& issue : issues) {
    if (issue.severity == IssueSeverity::kError) return true;
  }
  return false;
}

std::size_t locate_json_pointer(std::string_view json_text, std::string_view pointer) {
  Scanner scan(json_text);
  scan.skip_space();
  std::size_t start = 0;
  std::string key;
  while (!pointer.empty()) {
    if (pointer[0] != '/') return std::string_view::npos;
    pointer.remove_prefix(1);
    const auto slash = pointer.find('/');
    const std::string token = decode_token(pointer.substr(0, slash));
    pointer = slash == std::string_view::npos ? std::string_view() : pointer.substr(slash);
    scan.skip_space();
    if (scan.consume('{')) {
      bool found = false;
      while (!found) {
        if (!scan.read_string(key) || !scan.consume(':')) return std::string_view::npos;
        if (key == token) {
          found = true;
          break;
        }
        if (!scan.skip_value()) return std::string_view::npos;
        if (!scan.consume(',')) return std::string_view::npos;
      }
    } else if (scan.consume('[')) {
      std::size_t index = 0;
      for (char c : token) {
        if (c < '0' || c > '9') return std::string_view::npos;
        index = index * 10 + static_cast<std::size_t>(c - '0');
        if (index > json_text.size()) return std::string_view::npos;
      }
      for (std::size_t i = 0; i < index; ++i) {
        if (!scan.skip_value() || !scan.consume(',')) return std::string_view::npos;
      }
    } else {
      return std::string_view::npos;
    }
    scan.skip_space();
    start = scan.pos();
  }
  scan.skip_space();
  return pointer.empty() ? scan.pos() : start;
}

void line_column_at(std::string_view text, std::size_t offset, std::size_t& line,
                    std::size_t& column) {
  line = 1;
  std::size_t line_start = 0;
  const std::size_t end = offset < text.size() ? offset : text.size();
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  column = end - line_start + 1;
}

void locate_issues(std::string_view json_text, std::vector<EpcisIssue>& issues,
                   std::size_t max_issues) {
  std::size_t located = 0;
  for (auto& issue : issues) {
    if (located >= max_issues) break;
    if (issue.line != 0 || issue.pointer.empty()) continue;
    ++located;
    const std::size_t offset = locate_json_pointer(json_text, issue.pointer);
    if (offset != std::string_view::npos)
      line_column_at(json_text, offset, issue.line, issue.column);
  }
}

}  // namespace pharmatwin::serialization
