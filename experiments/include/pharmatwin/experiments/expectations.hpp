// Checking a scenario's Expectations against a scored run, e.g.
//   for (const auto& r : check_expectations(scenario.expectations(), score))
//     std::cout << (r.passed ? "pass " : "FAIL ") << r.name << ": " << r.measured << "\n";
#pragma once

#include <string>
#include <vector>

#include "pharmatwin/experiments/run_score.hpp"
#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::experiments {

struct ExpectationResult {
  std::string name;  // e.g. "detected cold-room-hvac-failure within 2h"
  bool passed = false;
  std::string measured;  // e.g. "latency 1h12m (4320 s)"
  std::string expected;  // e.g. "<= 2h (7200 s)"
  // Over several seeds, the fraction of them on which it must hold (the scenario's
  // min_pass_rate; 1 when it gives none). A single run checks `passed` alone.
  double min_pass_rate = 1;
};

// One result per expectation (a "*" detection expectation gives one per fault; a named fault
// absent from the run fails). Empty when the scenario expects nothing.
std::vector<ExpectationResult> check_expectations(const scenario::Expectations& expectations,
                                                  const RunScore& score);

bool has_expectations(const scenario::Scenario& scenario);

// "1h12m" style, whole seconds.
std::string format_duration(double seconds);

}  // namespace pharmatwin::experiments
