// JUnit XML for regression runs: one testsuite per scenario, one testcase per expectation over
// all the seeds it ran on (failing when it held on fewer than its min_pass_rate of them; the
// message lists the failing seeds), and an error testcase "run" when a run failed.
//
//   std::ofstream("junit.xml") << junit_xml(outcomes);
#pragma once

#include <string>
#include <vector>

#include "pharmatwin/experiments/scenario_outcome.hpp"

namespace pharmatwin::experiments {

std::string junit_xml(const std::vector<ScenarioOutcome>& outcomes);
std::string xml_escape(const std::string& text);

// "measured 90 %, expected >= 95 %" for one seed; over several, "held on 18 of 20 seeds
// (90 %), needs 95 %; expected ...; failed on seed 3: measured ..., seed 8: measured ...".
std::string tally_message(const ExpectationTally& tally);

}  // namespace pharmatwin::experiments
