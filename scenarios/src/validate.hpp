// Meaning checks of a merged scenario: references, ranges, units, identifiers, horizon.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::scenarios {

struct Problem {
  std::string path;  // field path in the named form of locations.hpp
  std::string message;
};

// Every problem of `scenario`; `base_dir` resolves relative data files (ambient CSVs).
std::vector<Problem> validate(const scenario::Scenario& scenario,
                              const std::filesystem::path& base_dir);

}  // namespace pharmatwin::scenarios
