// A scenario's expectations over the seeds it ran on (`pharmatwin regress --seeds`): for each
// expectation the seeds it held on and those it failed on, and whether it held often enough
// (its min_pass_rate).
//
//   ScenarioOutcome o;
//   o.scenario = "default";
//   o.add(1, check_expectations(e, score_of_seed_1));
//   o.add(2, check_expectations(e, score_of_seed_2));
//   o.expectations[0].holds();  // passed seeds >= min_pass_rate x seeds checked
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pharmatwin/experiments/expectations.hpp"

namespace pharmatwin::experiments {

struct SeedFailure {
  std::uint64_t seed = 0;
  std::string measured;  // what the expectation measured on that seed, or what went wrong
};

// One expectation (by name) over seeds.
struct ExpectationTally {
  std::string name;
  std::string expected;
  double min_pass_rate = 1;
  std::vector<std::uint64_t> passed_seeds;
  std::vector<SeedFailure> failures;
  std::string last_measured;  // the measured value of the last seed added

  std::size_t runs() const { return passed_seeds.size() + failures.size(); }
  // Held on at least min_pass_rate of the seeds it was checked on (and on at least one).
  bool holds() const;
  // "18 of 20 seeds (90 %)"
  std::string pass_count() const;
};

struct ScenarioOutcome {
  std::string scenario;  // name
  std::string file;
  double wall_time_s = 0;                      // of all its runs
  std::vector<std::uint64_t> seeds;            // every seed it was run on, in order
  std::vector<SeedFailure> errors;             // seeds whose run or scoring failed
  std::vector<ExpectationTally> expectations;  // in the order first seen

  // Tallies one seed's results (each by its name).
  void add(std::uint64_t seed, const std::vector<ExpectationResult>& results);
  void add_error(std::uint64_t seed, const std::string& error);
  // No run failed and every expectation held often enough.
  bool passed() const;
};

}  // namespace pharmatwin::experiments
