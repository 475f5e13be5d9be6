// GS1 mod-10 check digits (GS1 General Specifications 7.9.1) for GTIN-8/12/13/14, SSCC, GLN,
// and GTIN normalisation to 14 digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

// Check digit for the digits that precede it (weights 3,1,3,... from the right). nullopt when
// `digits_without_check` is empty or holds a non-digit.
std::optional<int> gs1_check_digit(std::string_view digits_without_check);

// True when `digits` is all digits and its last digit is the right check digit.
bool has_valid_check_digit(std::string_view digits);

enum class Gs1KeyKind { kGtin, kSscc, kGln };

// Validates a GTIN-8/12/13/14, an SSCC-18 or a GLN-13: length, digits only, check digit.
Result<std::string> validate_gs1_key(Gs1KeyKind kind, std::string_view digits);

// GTIN-8/12/13/14 -> 14 digits with leading zeros, after validating the check digit.
Result<std::string> normalize_gtin(std::string_view gtin);

}  // namespace pharmatwin::serialization
