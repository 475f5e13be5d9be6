// Running a sweep: every run of the plan (this shard's) in a pool of child processes, each
// variant's run paired with the fault-free baseline of the same seed (one baseline per distinct
// fault-free scenario and seed, shared by the variants that only differ in their faults),
// scored as `pharmatwin run` scores, recorded durably as it ends (OUT/journal.jsonl, the results
// store), and at the end runs.csv, summary.csv and the table.
//
//   SweepOptions o;
//   o.plan = factorial_plan(base, file, {}, vary, &problems);
//   o.plan.replications = 5;
//   o.out_dir = "out/sweep-default";
//   o.jobs = 2;
//   int code = run_sweep(o, std::cout, std::cerr);  // 0 all ran, 1 a run failed, 2 bad input,
//                                                   // 130 interrupted (finished runs are kept)
//
// Rerunning the same sweep into the same directory resumes: runs already in the journal are
// skipped. A run that fails or outlasts `run_timeout_s` is recorded as failed and the sweep
// goes on.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "pharmatwin/experiments/sweep_plan.hpp"
#include "pharmatwin/experiments/sweep_results.hpp"

namespace pharmatwin::experiments {

class MpiSession;

struct SweepOptions {
  SweepPlan plan;
  std::filesystem::path out_dir;
  int jobs = 1;
  double run_timeout_s = 0;                    // 0: none
  int shard = 1, shards = 1;                   // 1-based shard of `shards`
  std::optional<std::filesystem::path> store;  // default OUT/results.sqlite
  bool use_store = true;
  std::string runner = "/proc/self/exe";
  bool keep_events = false;   // keep each run's events.pb (removed once scored otherwise)
  bool reports = false;       // write report.json and report.html into each run directory
  bool retry_failed = false;  // rerun runs the journal holds as failed
  bool handle_interrupts = true;
  // Keep adding replications until every variant's CI half-width of each of `precision_metrics`
  // is within `precision` (a fraction) of its mean, or max_replications.
  std::optional<double> precision;
  std::vector<std::string> precision_metrics;
  int max_replications = 100;
  TableOptions table;
  bool quiet = false;
  // Rank 0 of an MPI job (sweep_mpi.hpp): the runs go to its worker ranks instead of `jobs`
  // local processes. Null, or an MPI job of one rank: the local pool.
  MpiSession* mpi = nullptr;
};

int run_sweep(const SweepOptions& options, std::ostream& out, std::ostream& progress);

// Replications needed for every metric's CI half-width to be within `precision` × |mean|
// (at least current + 1 when one is not yet; current when all are), capped at `max`.
int replications_needed(const SweepSummary& summary, const std::vector<std::string>& metrics,
                        double precision, int current, int max);

// Combines the outputs of shards of one sweep (same plan) into `out_dir`: plan.json,
// journal.jsonl, runs.csv and summary.csv as the unsharded sweep writes them. Exit code.
int merge_sweeps(const std::vector<std::filesystem::path>& dirs,
                 const std::filesystem::path& out_dir, const TableOptions& table, std::ostream& out,
                 std::ostream& progress);

}  // namespace pharmatwin::experiments
