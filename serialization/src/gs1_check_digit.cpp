#include "pharmatwin/serialization/gs1_check_digit.hpp"

namespace pharmatwin::serialization {

std::optional<int> gs1_check_digit(std::string_view digits_without_check) {
  if (digits_without_check.empty()) return std::nullopt;
  int sum = 0;
  int weight = 3;  // the digit next to the check digit weighs 3
  for (auto it = digits_without_check.rbegin(); it != digits_without_check.rend(); ++it) {
    if (*it < '0' || *it > '9') return std::nullopt;
    sum += (*it - '0') * weight;
    weight = 4 - weight;
  }
  return (10 - sum % 10) % 10;
}

bool has_valid_check_digit(std::string_view digits) {
  if (digits.size() < 2) return false;
  const auto expected = gs1_check_digit(digits.substr(0, digits.size() - 1));
  const char last = digits.back();
  return expected && last >= '0' && last <= '9' && *expected == last - '0';
}

namespace {

const char* key_name(Gs1KeyKind kind) {
  switch (kind) {
    case Gs1KeyKind::kGtin:
      return "GTIN";
    case Gs1KeyKind::kSscc:
      return "SSCC";
    case Gs1KeyKind::kGln:
      return "GLN";
  }
  return "GS1 key";
}

bool length_allowed(Gs1KeyKind kind, std::size_t n) {
  switch (kind) {
    case Gs1KeyKind::kGtin:
      return n == 8 || n == 12 || n == 13 || n == 14;
    case Gs1KeyKind::kSscc:
      return n == 18;
    case Gs1KeyKind::kGln:
      return n == 13;
  }
  return false;
}

}  // namespace

Result<std::string> validate_gs1_key(Gs1KeyKind kind, std::string_view digits) {
  const char* name = key_name(kind);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') {
      return make_error(name, i, std::string("'") + digits[i] + "' is not a digit");
    }
  }
  if (!length_allowed(kind, digits.size())) {
    const char* want = kind == Gs1KeyKind::kGtin   ? "8, 12, 13 or 14"
                       : kind == Gs1KeyKind::kSscc ? "18"
                                                   : "13";
    return make_error(name, 0, std::to_string(digits.size()) + " digits, expected " + want);
  }
  const int expected = *gs1_check_digit(digits.substr(0, digits.size() - 1));
  if (digits.back() - '0' != expected) {
    return make_error(
        name, digits.size() - 1,
        std::string("check digit is ") + digits.back() + ", expected " + std::to_string(expected));
  }
  return std::string(digits);
}

Result<std::string> normalize_gtin(std::string_view gtin) {
  auto valid = validate_gs1_key(Gs1KeyKind::kGtin, gtin);
  if (!valid) return valid.error();
  return std::string(14 - gtin.size(), '0') + std::string(gtin);
}

}  // namespace pharmatwin::serialization
