// Checks a JSON scenario's values against the schema's field types before the protobuf JSON
// parser sees it, so that a wrong type or an unknown member is reported at its line and column
// with a hint (the protobuf parser locates neither):
//
//   scenario.json:6:38: faults[door].duration: got the number 3600; durations are strings like
//   "30min", ... scenario.json:3:5: zones[cold-room].nme: unknown field 'nme' (did you mean
//   'name'?)
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pharmatwin/scenarios/loader.hpp"

namespace pharmatwin::scenarios {

// Appends one diagnostic per problem found in `document` (parsed from `text`, file `file`).
void check_json_types(const nlohmann::json& document, const std::string& text,
                      const std::string& file, std::vector<Diagnostic>& diagnostics);

}  // namespace pharmatwin::scenarios
