// The plan of a what-if sweep: the variants of a base scenario (each a set of field overrides)
// and the runs, replication by replication, with their seeds.
//
//   std::vector<Diagnostic> problems;
//   auto vary = parse_vary("zones[cold-room].sensors[*].sample_interval=1m,5m,15m", "--vary",
//   &problems); SweepPlan plan = factorial_plan(base, "scenarios/default.textproto", {}, {*vary},
//   &problems); plan.replications = 5;                 // run r of every variant on seed seed_base
//   + r - 1 for (const SweepRun& r : plan_runs(plan, {})) ...   // v1-r1, v2-r1, ..., v1-r2, ...
//
// A path or value the scenario does not have, or a variant that does not validate, is a
// Diagnostic located in the argument (or variants file) it came from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/scenarios/loader.hpp"

namespace pharmatwin::experiments {

using scenarios::Diagnostic;

// One override as the user wrote it, with where.
struct Override {
  std::string path, value;
  std::string origin;  // "--vary 1", "variants.txt"
  int line = 1, column = 1;
};

// `--vary FIELD=V1,V2,...`: one field and its values.
struct VarySpec {
  std::string path;
  std::vector<std::string> values;
  std::string origin;
  int path_column = 1;
  std::vector<int> value_columns;
};

struct Variant {
  std::string id;                   // "v1", "v2", ... or the name from a variants file
  std::vector<std::string> values;  // one per SweepPlan::fields ("" where not overridden)
  std::vector<Override> overrides;  // what makes it differ from the base (after --set)
  scenario::Scenario scenario;      // the base with the overrides, validated
  std::string hash;                 // scenarios::scenario_hash(scenario)
};

struct SweepPlan {
  std::string name;  // the base scenario's name
  std::filesystem::path base_file;
  scenario::Scenario base;          // with --set applied
  std::vector<std::string> fields;  // the varied field paths, columns of the CSVs
  std::vector<Variant> variants;    // variants[0] is the base variant of the differences
  int replications = 1;
  std::uint64_t seed_base = 1;     // replication r runs on seed_base + r - 1
  std::string kind = "factorial";  // factorial, variants, monte-carlo, sensitivity
  std::string key;                 // identity of the plan (not of its replication count)
};

struct SweepRun {
  std::size_t variant = 0;  // index into plan.variants
  int replication = 1;      // 1-based
  std::uint64_t seed = 0;
  std::string id;  // "v2-r3"
};

// Parses "PATH=V1,V2,..." (`origin` names the argument in diagnostics).
std::optional<VarySpec> parse_vary(const std::string& text, const std::string& origin,
                                   std::vector<Diagnostic>* problems);

// Applies overrides to `scenario`, each located in its origin on error; false when any failed.
bool apply_overrides(scenario::Scenario& scenario, const std::vector<Override>& overrides,
                     std::vector<Diagnostic>* problems);

// Tries every value of every field on `base`; each error located at its value (or path).
bool check_vary_values(const scenario::Scenario& base, const std::vector<VarySpec>& vary,
                       std::vector<Diagnostic>* problems);

// The full factorial of `vary` over `base` (which has `fixed` applied first): the first
// value of every field makes v1, the last field varies fastest. Every variant is validated.
SweepPlan factorial_plan(const scenario::Scenario& base, const std::filesystem::path& base_file,
                         const std::vector<Override>& fixed, const std::vector<VarySpec>& vary,
                         std::vector<Diagnostic>* problems);

// Named variants from a file:
//   # comment
//   [fast-sampling]
//   zones[cold-room].sensors[*].sample_interval = 30s
//   [two-qa]
//   staff.qa_reviewers.count = 2
// The first variant is the base of the differences; an empty section is the base itself.
SweepPlan variants_plan(const scenario::Scenario& base, const std::filesystem::path& base_file,
                        const std::vector<Override>& fixed, const std::filesystem::path& file,
                        std::vector<Diagnostic>* problems);

// Validates the variants, fills hashes and the key; used by the plan builders.
void finish_plan(SweepPlan& plan, std::vector<Diagnostic>* problems);

// The runs of replications `first`..`last` of the plan, replication by replication, and of
// those only the ones of shard `shard` (0-based) of `shards`.
std::vector<SweepRun> plan_runs(const SweepPlan& plan, int first, int last, int shard = 0,
                                int shards = 1);

// "K/N" (1 <= K <= N); nullopt with `error`.
std::optional<std::pair<int, int>> parse_shard(const std::string& text, std::string* error);

// The shard from SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT (and SLURM_ARRAY_TASK_MIN):
// nullopt when they are not set.
std::optional<std::pair<int, int>> shard_from_environment(std::string* error);

}  // namespace pharmatwin::experiments
