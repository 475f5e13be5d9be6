// Lookups of GS1 Application Identifiers in the default dictionary (gs1_dictionary.hpp), and the
// GS1 character sets.
//
//   if (const AiEntry* ai = find_ai("17")) std::cout << ai->title;  // "USE BY or EXPIRY"
#pragma once

#include <string_view>

#include "pharmatwin/serialization/gs1_dictionary.hpp"

namespace pharmatwin::serialization {

// Exact lookup in the default dictionary; nullptr when unassigned or no dictionary loads.
const AiEntry* find_ai(std::string_view ai);
// The AI that starts `digits`; nullptr when none.
const AiEntry* find_ai_prefix(std::string_view digits);

// GS1 AI encodable character set 82 (General Specifications Figure 7.11-1).
bool is_cset82(char c);
// GS1 set 39: 0-9, A-Z, '#', '-', '/'.
bool is_cset39(char c);
// GS1 set 64 (base64url) without the '=' padding: A-Z a-z 0-9 '-' '_'.
bool is_cset64(char c);

}  // namespace pharmatwin::serialization
