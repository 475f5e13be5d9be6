// Hints appended to the text-format parser's own errors, so a misspelt field or enum value gets
// a "did you mean" and a number written where a duration belongs says how to write one.
//
//   with_hint("Message type \"pharmatwin.scenario.Zone\" has no field named \"nme\".", line, col)
//     -> "... has no field named \"nme\". (did you mean 'name'?)"
#pragma once

#include <string>
#include <string_view>

namespace pharmatwin::scenarios {

// `message` as the parser gave it, with a hint when one applies. `line` is the text of the line
// the error is on and `column` its 0-based column.
std::string with_hint(const std::string& message, std::string_view line, int column);

}  // namespace pharmatwin::scenarios
