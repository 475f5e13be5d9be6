// `pharmatwin sweep BASE --vary FIELD=V1,V2 [--vary ...] --replications N`: what-if analysis.
// Runs every variant of a base scenario (the full factorial of the --vary values, or the named
// variants of --variants FILE) N times on common seeds, each run with its fault-free baseline,
// in a pool of processes; writes runs.csv and summary.csv (mean, sd, 95 % CI per variant and
// metric, paired differences against the first variant) to --out and prints a table. Reruns
// resume; --shard K/N runs a part (`pharmatwin merge` combines the parts); --mpi under mpirun
// hands the runs to the other ranks. Exit 0 all runs ok,
// 1 a run failed, 2 invalid input (a bad field path or value, located), 130 interrupted.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/experiments/regress.hpp"
#include "pharmatwin/experiments/sweep.hpp"
#include "pharmatwin/experiments/sweep_design.hpp"
#include "pharmatwin/experiments/sweep_mpi.hpp"
#include "pharmatwin/scenarios/field_path.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::app {
namespace {

namespace fs = std::filesystem;
using experiments::Override;

int bad(const std::string& message) {
  std::cerr << "pharmatwin sweep: " << message << "\n";
  return kExitBadInput;
}

int run_sweep(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()(
      "vary", po::value<std::vector<std::string>>(),
      "FIELD=V1,V2,...: a varied field and its values (repeatable; full factorial)")(
      "variants", po::value<std::string>(),
      "FILE of named variants ([name] then FIELD = VALUE lines) instead of --vary")(
      "monte-carlo", po::value<int>(),
      "K variants drawn by Latin hypercube from --vary 'FIELD~uniform(a,b)' "
      "(triangular(min,mode,max), normal(mean,sd), lognormal(mean,sd))")(
      "mc-seed", po::value<std::uint64_t>()->default_value(1), "seed of the Monte Carlo draws")(
      "sensitivity",
      "one field at a time: the base, then each --vary field at its first (low) and last (high) "
      "value; fields ranked by effect")(
      "set", po::value<std::vector<std::string>>(),
      "FIELD=VALUE for every variant, e.g. run.horizon=3d (repeatable)")(
      "replications,n", po::value<int>()->default_value(3),
      "runs per variant; replication r uses seed SEED-BASE + r - 1 in every variant")(
      "seed-base", po::value<std::uint64_t>(),
      "seed of replication 1 (default: the scenario's run.seed)")(
      "jobs,j", po::value<int>(), "runs in parallel, one process each (default: all cores)")(
      "out", po::value<std::string>(), "output directory (default: out/sweep-<scenario name>)")(
      "run-timeout", po::value<std::string>(),
      "a run taking longer (wall time, e.g. 10m) is killed and recorded as failed")(
      "shard", po::value<std::string>(),
      "K/N: run only part K of N (default from SLURM_ARRAY_TASK_ID/_COUNT); combine with `merge`")(
      "precision", po::value<std::string>(),
      "e.g. 10%: add replications until each --metric's CI half-width is within it of the mean")(
      "max-replications", po::value<int>()->default_value(100), "limit of --precision")(
      "objective", po::value<std::string>(),
      "METRIC (or min:METRIC, max:METRIC) to rank variants by, best first")(
      "metric", po::value<std::vector<std::string>>(),
      "metric shown in the table and checked by --precision (repeatable)")(
      "store", po::value<std::string>(),
      "results store the runs are recorded in (default: OUT/results.sqlite)")(
      "no-store", "do not record the runs in a results store")(
      "keep-events", "keep every run's events.pb (removed once scored otherwise)")(
      "reports", "write report.json and report.html into every run directory")(
      "retry-failed", "rerun runs recorded as failed")(
      "runner", po::value<std::string>(),
      "pharmatwin executable that runs the variants (default: this one)")(
      "mpi", "under mpirun: rank 0 runs the sweep, the other ranks run its runs (docs/scaling.md)")(
      "rank-timeout", po::value<std::string>(),
      "with --mpi: a busy worker rank silent this long is taken as dead, its run handed to another "
      "(default 60s)")("quiet,q", "no progress on stderr");
  po::options_description hidden;
  hidden.add_options()("base", po::value<std::string>()->required(), "base scenario file");
  po::positional_options_description positional;
  positional.add("base", 1);
  int exit_code = kExitOk;
  auto vm = parse_options(
      "sweep", "BASE --vary FIELD=V1,V2 [--vary ...] [--replications N] [--jobs N] [--out DIR]",
      visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;
  const auto& m = *vm;

  // Under mpirun every rank runs this command; only rank 0 goes on, the others serve its runs
  // until it is done (the session's end tells them to stop, on every way out of this function).
  std::unique_ptr<experiments::MpiSession> mpi;
  if (m.count("mpi")) {
    std::string error;
    mpi = experiments::MpiSession::start(&error);
    if (!mpi) return bad("--mpi: " + error);
    if (mpi->rank() != 0) return mpi->serve();
  }

  const fs::path base_file = m["base"].as<std::string>();
  auto loaded = scenarios::load_scenario(base_file);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
    return kExitBadInput;
  }
  if (!m.count("vary") && !m.count("variants"))
    return bad("give --vary FIELD=V1,V2,... or --variants FILE");
  if (m.count("vary") && m.count("variants")) return bad("give --vary or --variants, not both");

  std::vector<experiments::Diagnostic> problems;
  std::vector<Override> fixed;
  if (m.count("set")) {
    int n = 0;
    for (const auto& s : m["set"].as<std::vector<std::string>>()) {
      const std::string origin = "--set " + std::to_string(++n);
      const auto a = scenarios::split_assignment(s);
      if (!a) {
        problems.push_back({origin, 1, 1, "", "expected FIELD=VALUE in '" + s + "'"});
        continue;
      }
      fixed.push_back({a->path, a->value, origin, 1, 1});
    }
  }
  experiments::SweepOptions o;
  if (m.count("monte-carlo") && m.count("sensitivity"))
    return bad("give --monte-carlo or --sensitivity, not both");
  if ((m.count("monte-carlo") || m.count("sensitivity")) && !m.count("vary"))
    return bad("--monte-carlo and --sensitivity take their fields from --vary");
  if (m.count("monte-carlo")) {
    const int k = m["monte-carlo"].as<int>();
    if (k < 1) return bad("--monte-carlo must be >= 1");
    std::vector<experiments::DistributionSpec> fields;
    int n = 0;
    for (const auto& v : m["vary"].as<std::vector<std::string>>()) {
      auto spec = experiments::parse_distribution(v, "--vary " + std::to_string(++n),
                                                  loaded.scenario, &problems);
      if (spec) fields.push_back(std::move(*spec));
    }
    if (problems.empty())
      o.plan = experiments::monte_carlo_plan(loaded.scenario, base_file, fixed, fields, k,
                                             m["mc-seed"].as<std::uint64_t>(), &problems);
  } else if (m.count("vary")) {
    std::vector<experiments::VarySpec> vary;
    int n = 0;
    for (const auto& v : m["vary"].as<std::vector<std::string>>()) {
      auto spec = experiments::parse_vary(v, "--vary " + std::to_string(++n), &problems);
      if (spec) vary.push_back(std::move(*spec));
    }
    if (problems.empty()) {
      o.plan =
          m.count("sensitivity")
              ? experiments::sensitivity_plan(loaded.scenario, base_file, fixed, vary, &problems)
              : experiments::factorial_plan(loaded.scenario, base_file, fixed, vary, &problems);
    }
  } else if (problems.empty()) {
    o.plan = experiments::variants_plan(loaded.scenario, base_file, fixed,
                                        m["variants"].as<std::string>(), &problems);
  }
  if (!problems.empty()) {
    for (const auto& d : problems) std::cerr << d.to_string() << "\n";
    std::cerr << "pharmatwin sweep: " << problems.size() << " problem(s); nothing was run\n";
    return kExitBadInput;
  }

  o.plan.replications = m["replications"].as<int>();
  if (o.plan.replications < 1) return bad("--replications must be >= 1");
  o.plan.seed_base =
      m.count("seed-base") ? m["seed-base"].as<std::uint64_t>() : o.plan.base.run().seed();
  experiments::finish_plan(o.plan, nullptr);  // the key covers the seeds
  const unsigned cores = std::thread::hardware_concurrency();
  o.jobs = m.count("jobs") ? m["jobs"].as<int>() : static_cast<int>(cores ? cores : 1);
  if (o.jobs < 1) return bad("--jobs must be >= 1");
  o.out_dir = m.count("out") ? fs::path(m["out"].as<std::string>())
                             : fs::path("out") / ("sweep-" + experiments::safe_name(o.plan.name));
  std::string why;
  if (m.count("run-timeout")) {
    const auto t = scenarios::parse_duration_s(m["run-timeout"].as<std::string>(), &why);
    if (!t || *t <= 0) return bad("--run-timeout: " + (t ? std::string("must be > 0") : why));
    o.run_timeout_s = *t;
  }
  std::optional<std::pair<int, int>> shard;
  if (m.count("shard")) {
    shard = experiments::parse_shard(m["shard"].as<std::string>(), &why);
    if (!shard) return bad("--shard: " + why);
  } else {
    shard = experiments::shard_from_environment(&why);
    if (!shard && !why.empty()) return bad(why);
  }
  if (shard) std::tie(o.shard, o.shards) = *shard;
  if (m.count("metric")) o.table.metrics = m["metric"].as<std::vector<std::string>>();
  if (m.count("objective")) o.table.objective = m["objective"].as<std::string>();
  if (m.count("precision")) {
    std::string text = m["precision"].as<std::string>();
    const bool percent = !text.empty() && text.back() == '%';
    if (percent) text.pop_back();
    char* end = nullptr;
    const double p = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(p > 0))
      return bad("--precision: expected e.g. 10% or 0.1");
    o.precision = percent ? p / 100 : p;
    o.precision_metrics = o.table.metrics;
    if (o.table.objective) {
      std::string obj = *o.table.objective;
      if (obj.rfind("min:", 0) == 0 || obj.rfind("max:", 0) == 0) obj = obj.substr(4);
      o.precision_metrics.push_back(obj);
    }
    if (o.precision_metrics.empty())
      return bad("--precision needs the metrics it checks: --metric or --objective");
    if (o.shards > 1) return bad("--precision decides on all runs: it cannot run as a shard");
  }
  o.max_replications = m["max-replications"].as<int>();
  if (o.max_replications < o.plan.replications)
    return bad("--max-replications must be >= --replications");
  if (m.count("store")) o.store = fs::path(m["store"].as<std::string>());
  o.use_store = m.count("no-store") == 0;
  o.keep_events = m.count("keep-events") > 0;
  o.reports = m.count("reports") > 0;
  o.retry_failed = m.count("retry-failed") > 0;
  if (m.count("runner")) o.runner = m["runner"].as<std::string>();
  o.quiet = m.count("quiet") > 0;
  if (mpi) {
    if (m.count("rank-timeout")) {
      const auto t = scenarios::parse_duration_s(m["rank-timeout"].as<std::string>(), &why);
      if (!t || *t <= 0) return bad("--rank-timeout: " + (t ? std::string("must be > 0") : why));
      mpi->rank_timeout_s = *t;
    }
    o.mpi = mpi.get();
    if (mpi->size() > 1) o.jobs = mpi->size() - 1;
  } else if (m.count("rank-timeout")) {
    return bad("--rank-timeout is for --mpi");
  }
  return experiments::run_sweep(o, std::cout, std::cerr);
}

const Registrar registrar{
    {"sweep", "what-if analysis: variants of a scenario, replicated, with confidence intervals",
     &run_sweep}};

}  // namespace
}  // namespace pharmatwin::app
