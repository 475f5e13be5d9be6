#include "pharmatwin/serialization/gs1_ai_table.hpp"

namespace pharmatwin::serialization {

const AiEntry* find_ai(std::string_view ai) {
  auto dict = default_gs1_dictionary();
  return dict ? (*dict)->find(ai) : nullptr;
}

const AiEntry* find_ai_prefix(std::string_view digits) {
  auto dict = default_gs1_dictionary();
  return dict ? (*dict)->find_prefix(digits) : nullptr;
}

bool is_cset82(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '"':
    case '%':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case ';':
    case '<':
    case '=':
    case '>':
    case '?':
    case '_':
      return true;
    default:
      return false;
  }
}

bool is_cset39(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#' || c == '-' || c == '/';
}

bool is_cset64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace pharmatwin::serialization
