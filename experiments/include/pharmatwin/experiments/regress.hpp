// Regression runs: find scenarios, run each on one or several seeds (each run with its
// fault-free baseline on the same seed) in a pool of processes, score them, check expectations
// and how often they held (min_pass_rate), record every run in the results store, write JUnit.
//
//   RegressOptions o;
//   o.inputs = {"scenarios"};
//   o.seeds = *parse_seeds("1-20", &error);
//   o.jobs = 2;
//   int code = run_regress(o, std::cout, std::cerr);  // 0 all held, 1 a failure, 2 bad input
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "pharmatwin/experiments/junit.hpp"
#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::experiments {

struct DiscoveredScenario {
  std::filesystem::path file;
  scenario::Scenario scenario;  // merged over its imports
};

struct Discovery {
  std::vector<DiscoveredScenario> selected;
  std::vector<std::string> skipped;  // "file: reason"
  std::vector<std::string> invalid;  // loader diagnostics
};

// Files and directories (recursively: *.textproto, *.pbtxt, *.json), sorted by path. Scenarios
// without expectations are skipped unless `all`; base sites (no faults, no expectations) always.
Discovery discover_scenarios(const std::vector<std::filesystem::path>& inputs, bool all);

struct RegressOptions {
  std::vector<std::filesystem::path> inputs;
  std::filesystem::path out_dir = "regress-out";
  std::optional<std::filesystem::path> junit;
  std::optional<std::filesystem::path> store;  // default: out_dir/results.sqlite
  int jobs = 1;
  bool all = false;
  bool baseline = true;
  std::optional<std::uint64_t> seed;  // one seed for every run instead of each scenario's
  // Every scenario on each of these seeds (runs in OUT/<name>/seed-<n>/); empty: one run per
  // scenario on `seed` or its own run.seed (in OUT/<name>/).
  std::vector<std::uint64_t> seeds;
  std::string runner = "/proc/self/exe";  // the `pharmatwin` executable
  std::vector<std::string> run_args;      // extra arguments for `run`
  // Stop on SIGINT/SIGTERM: no new run starts, running ones are terminated, what finished is
  // reported (exit 130).
  bool handle_interrupts = true;
};

inline constexpr int kExitInterrupted = 130;

// Returns the exit code: 0 all passed, 1 a failure, 2 invalid input, 130 interrupted.
int run_regress(const RegressOptions& options, std::ostream& out, std::ostream& progress);

// A directory name for a scenario's runs.
std::string safe_name(const std::string& name);

}  // namespace pharmatwin::experiments
