// Loading and validating scenario files.
//
// load_scenario() reads a text-format or JSON scenario, resolves its imports, and checks its
// meaning. It never throws on bad input: every problem found is returned as a Diagnostic
// located by file, line, column and field path, all of them at once.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::scenarios {

struct Diagnostic {
  std::string file;
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based; 0 when unknown
  std::string path;     // field path, e.g. "zones[cold1].sensors[2]"
  std::string message;  // e.g. "sample_interval must be > 0"

  // "file:line:col: path: message"
  std::string to_string() const;
};

struct LoadResult {
  scenario::Scenario scenario;  // merged over its imports
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return diagnostics.empty(); }
};

// Loads `path` and everything it imports, then validates the merged scenario.
LoadResult load_scenario(const std::filesystem::path& path);

// Parses scenario text held in memory (no imports are followed); `name` is used in diagnostics
// and its extension (".json" or other) picks the format. Used by the fuzzer and tests.
LoadResult load_scenario_text(const std::string& text, const std::string& name);

// Stable hash (hex SHA-256) of the merged scenario's deterministic serialization.
std::string scenario_hash(const scenario::Scenario& scenario);

}  // namespace pharmatwin::scenarios
