// JUnit XML for regression runs: one testsuite per scenario, one testcase per expectation.
#pragma once

#include <string>
#include <vector>

#include "pharmatwin/experiments/expectations.hpp"

namespace pharmatwin::experiments {

struct ScenarioOutcome {
  std::string scenario;  // name
  std::string file;
  double wall_time_s = 0;
  std::string error;     // the run or its scoring failed: one failing "run" testcase
  std::vector<ExpectationResult> results;
  bool passed() const;
};

std::string junit_xml(const std::vector<ScenarioOutcome>& outcomes);
std::string xml_escape(const std::string& text);

}  // namespace pharmatwin::experiments
