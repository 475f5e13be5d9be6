// Field paths and overrides: addressing any field of a scenario from the command line and
// setting it, for what-if variants of one scenario (`pharmatwin sweep --vary`).
//
// A path walks the schema by field name; repeated elements are picked by their `name`, by
// index (elements without a name) or all at once with `*`:
//
//   scenario::Scenario s = load_scenario("scenarios/default.textproto").scenario;
//   auto r = apply_override(s, "zones[cold-room].sensors[*].sample_interval", "5m");
//   if (!r.ok()) std::cerr << "column " << r.column << ": " << r.message << "\n";
//   apply_override(s, "staff.qa_reviewers.count", "2");
//   apply_override(s, "faults[cold-room-hvac-failure].duration", "2h");
//   read_field(s, "zones[cold-room].backup_power.start_delay");  // {"2m"}
//
// Values are written as in a scenario file: durations "90s", "5m", "1h30m"; dates, times of day
// and date-times as there; numbers in the unit the field's name carries ("4.5" for setpoint_c,
// "4.5C" is accepted too); enums by name (REFRIGERATED); true/false. A path the scenario does
// not have or a value the field cannot hold is an error located by column, before anything runs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/scenarios/loader.hpp"

namespace pharmatwin::scenarios {

// What kind of value a field path ends at.
enum class FieldValueKind { kDuration, kNumber, kInteger, kText, kBool, kEnum };

struct FieldPathResult {
  int fields = 0;         // fields set (or read)
  int column = 0;         // 1-based column in the path of a path error
  bool in_value = false;  // the error is the value's (the path resolved)
  std::string message;    // empty on success
  FieldValueKind kind = FieldValueKind::kText;
  bool ok() const { return message.empty(); }
};

// Sets every field `path` selects to `value`. On error nothing is changed.
FieldPathResult apply_override(scenario::Scenario& scenario, std::string_view path,
                               std::string_view value);

// The current values (as scenario text) of every field `path` selects; nullopt with `error`
// (column in `result`) when the path does not resolve.
std::optional<std::vector<std::string>> read_field(const scenario::Scenario& scenario,
                                                   std::string_view path,
                                                   FieldPathResult* result = nullptr);

// "PATH=VALUE" split at the first '=' outside brackets; nullopt when there is none.
struct Assignment {
  std::string path, value;
  int value_column = 0;  // 1-based column of the value in the text
};
std::optional<Assignment> split_assignment(std::string_view text);

// Meaning checks of a scenario built in memory (a variant), as load_scenario() runs them on a
// file: the diagnostics name the field path; `file` names the variant in them.
std::vector<Diagnostic> validate_scenario(const scenario::Scenario& scenario,
                                          const std::filesystem::path& base_dir,
                                          const std::string& file);

}  // namespace pharmatwin::scenarios
