#include "pharmatwin/experiments/regress.hpp"

#include <google/protobuf/text_format.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "pharmatwin/experiments/interrupt_guard.hpp"
#include "pharmatwin/experiments/pipeline.hpp"
#include "pharmatwin/experiments/process_pool.hpp"
#include "pharmatwin/experiments/results_store.hpp"
#include "pharmatwin/experiments/seeds.hpp"
#include "pharmatwin/scenarios/loader.hpp"

namespace pharmatwin::experiments {

namespace fs = std::filesystem;

std::string safe_name(const std::string& name) {
  std::string out;
  for (char c : name)
    out +=
        (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  return out.empty() ? "scenario" : out;
}

namespace {

bool is_scenario_file(const fs::path& p) {
  const auto ext = p.extension().string();
  return ext == ".textproto" || ext == ".pbtxt" || ext == ".json";
}

}  // namespace

Discovery discover_scenarios(const std::vector<fs::path>& inputs, bool all) {
  Discovery d;
  std::vector<fs::path> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      for (auto it = fs::recursive_directory_iterator(input, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && is_scenario_file(it->path())) files.push_back(it->path());
      }
    } else if (fs::is_regular_file(input, ec)) {
      files.push_back(input);
    } else {
      d.invalid.push_back(input.string() + ": no such file or directory");
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  for (const auto& file : files) {
    auto loaded = scenarios::load_scenario(file);
    if (!loaded.ok()) {
      for (const auto& diag : loaded.diagnostics) d.invalid.push_back(diag.to_string());
      continue;
    }
    const bool expects = has_expectations(loaded.scenario);
    if (loaded.scenario.faults_size() == 0 && !expects) {
      d.skipped.push_back(file.string() + ": base site (no faults, no expectations)");
      continue;
    }
    if (!expects && !all) {
      d.skipped.push_back(file.string() + ": no expectations (use --all to run it)");
      continue;
    }
    d.selected.push_back({file, std::move(loaded.scenario)});
  }
  return d;
}

namespace {

using Clock = std::chrono::steady_clock;

bool interrupted() { return InterruptGuard::requested(); }

// One scenario on one seed: its run and its baseline.
struct SeedRun {
  std::size_t scenario = 0;  // index into the selected scenarios
  std::uint64_t seed = 0;
  std::string label;  // "default seed 3"
  fs::path dir, run_dir, baseline_dir;
  int remaining = 0;
  double wall_s = 0;
  std::string error;
  bool scored = false;
  std::vector<ExpectationResult> results;
};

std::string clock_text(double seconds) {
  const long long s = std::llround(std::max(0.0, seconds));
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm%02llds", s / 3600, s % 3600 / 60, s % 60);
  else if (s >= 60)
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%llds", s);
  return buf;
}

// Scores a finished seed run and records it in the store.
void score_and_record(SeedRun& r, const DiscoveredScenario& s, const RegressOptions& o,
                      ResultsStore& store, const fs::path& store_path, std::ostream& progress) {
  if (!r.error.empty()) return;
  ScoreRequest request;
  request.run_dir = r.run_dir;
  if (o.baseline) request.baseline_dir = r.baseline_dir;
  request.scenario = &s.scenario;
  request.scenario_file = s.file.string();
  const ScoredRun scored = score_run_dir(request);
  if (!scored.ok()) {
    r.error = "scoring: " + scored.error;
    return;
  }
  r.scored = true;
  r.results = scored.expectations;
  RunRecord rec;
  rec.scenario_file = s.file.string();
  rec.system_under_test = system_under_test(&s.scenario);
  rec.run_dir = r.run_dir.string();
  rec.passed = scored.passed();
  std::string error;
  if (!store.record(scored.score, rec, &error))
    progress << store_path.string() << ": " << error << "\n";
}

void print_outcome(const ScenarioOutcome& oc, std::ostream& out) {
  const bool many = oc.seeds.size() > 1;
  out << (oc.passed() ? "PASS " : "FAIL ") << oc.scenario << "  (" << oc.file << ")";
  if (many) out << "  seeds " << format_seeds(oc.seeds);
  out << "\n";
  for (const auto& e : oc.errors)
    out << "  ERROR " << (many ? "seed " + std::to_string(e.seed) + ": " : "") << e.measured
        << "\n";
  for (const auto& t : oc.expectations) {
    out << "  " << (t.holds() ? "pass " : "FAIL ") << t.name << ": ";
    if (t.runs() == 1)
      out << "measured " << t.last_measured << ", expected " << t.expected << "\n";
    else
      out << tally_message(t) << "\n";
  }
}

}  // namespace

int run_regress(const RegressOptions& o, std::ostream& out, std::ostream& progress) {
  auto discovery = discover_scenarios(o.inputs, o.all);
  for (const auto& s : discovery.skipped) progress << "[regress] skip " << s << "\n";
  for (const auto& s : discovery.invalid) progress << s << "\n";
  if (!discovery.invalid.empty()) {
    progress << "[regress] invalid input: " << discovery.invalid.size() << " problem(s)\n";
    return 2;
  }
  if (discovery.selected.empty()) {
    progress << "[regress] no scenario with expectations found\n";
    return 2;
  }
  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec) {
    progress << o.out_dir.string() << ": cannot create: " << ec.message() << "\n";
    return 2;
  }
  const fs::path store_path = o.store.value_or(o.out_dir / "results.sqlite");
  std::string error;
  auto store = ResultsStore::open(store_path, &error);
  if (!store) {
    progress << error << "\n";
    return 2;
  }

  const bool per_seed = !o.seeds.empty();
  std::vector<std::string> names;
  std::set<std::string> used;
  for (const auto& s : discovery.selected) {
    std::string name =
        safe_name(s.scenario.name().empty() ? s.file.stem().string() : s.scenario.name());
    for (int n = 2; used.count(name); ++n)
      name = safe_name(s.scenario.name()) + "-" + std::to_string(n);
    used.insert(name);
    names.push_back(name);
  }
  const std::size_t run_count =
      discovery.selected.size() * (per_seed ? o.seeds.size() : 1) * (o.baseline ? 2 : 1);
  std::vector<SeedRun> seed_runs;
  seed_runs.reserve(discovery.selected.size() * (per_seed ? o.seeds.size() : 1));
  for (std::size_t i = 0; i < discovery.selected.size(); ++i) {
    const auto& s = discovery.selected[i];
    const std::vector<std::uint64_t> seeds =
        per_seed ? o.seeds : std::vector<std::uint64_t>{o.seed.value_or(s.scenario.run().seed())};
    const fs::path scenario_dir = o.out_dir / names[i];
    fs::create_directories(scenario_dir, ec);
    const fs::path base_file = scenario_dir / "baseline.textproto";
    if (o.baseline) {
      std::string text;
      google::protobuf::TextFormat::PrintToString(
          baseline_scenario(s.scenario, fs::absolute(s.file).parent_path()), &text);
      std::ofstream(base_file) << "# " << s.file.string() << " without its faults (baseline run)\n"
                               << text;
    }
    for (std::uint64_t seed : seeds) {
      SeedRun r;
      r.scenario = i;
      r.seed = seed;
      r.label = names[i] + (per_seed ? " seed " + std::to_string(seed) : "");
      r.dir = per_seed ? scenario_dir / ("seed-" + std::to_string(seed)) : scenario_dir;
      r.run_dir = r.dir / "run";
      r.baseline_dir = r.dir / "baseline";
      fs::create_directories(r.run_dir, ec);
      if (o.baseline) fs::create_directories(r.baseline_dir, ec);
      // Stale outputs of an earlier regress would be scored if a run failed to write new ones.
      for (const auto& d : {r.run_dir, r.baseline_dir}) {
        fs::remove(d / "events.pb", ec);
        fs::remove(d / "audit.jsonl", ec);
      }
      seed_runs.push_back(std::move(r));
    }
  }

  InterruptGuard interrupts(o.handle_interrupts);
  const auto started = Clock::now();
  std::size_t runs_done = 0;
  std::vector<ProcessJob> jobs;
  for (auto& r : seed_runs) {
    const auto& s = discovery.selected[r.scenario];
    std::vector<std::string> common = {"--seed", std::to_string(r.seed)};
    common.insert(common.end(), o.run_args.begin(), o.run_args.end());
    auto finished = [&, rp = &r, sp = &s](const char* what) {
      return [&, rp, sp, what](int code, double wall) {
        SeedRun& run = *rp;
        run.wall_s += wall;
        ++runs_done;
        const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
        char took[32];
        std::snprintf(took, sizeof took, "%.1f s", wall);
        const char* what_happened = code == 0 ? " done " : interrupted() ? " stopped " : " FAILED ";
        progress << "[regress] " << runs_done << "/" << run_count << what_happened << run.label
                 << (std::string(what) == "run" ? "" : " (baseline)") << " in " << took;
        if (code != 0 && !interrupted())
          progress << " (exit " << code << ", log "
                   << (run.dir / (std::string(what) + ".log")).string() << ")";
        if (runs_done < run_count && !interrupted())
          progress << "; elapsed " << clock_text(elapsed) << ", ETA "
                   << clock_text(elapsed / runs_done * (run_count - runs_done));
        progress << "\n";
        if (code != 0 && run.error.empty())
          run.error = std::string(what) + " exited with status " + std::to_string(code) +
                      " (log: " + (run.dir / (std::string(what) + ".log")).string() + ")";
        if (--run.remaining == 0 && !interrupted())
          score_and_record(run, *sp, o, *store, store_path, progress);
      };
    };
    ProcessJob run;
    run.argv = {o.runner, "run", fs::absolute(s.file).string(), "--out", r.run_dir.string()};
    run.argv.insert(run.argv.end(), common.begin(), common.end());
    run.log_file = r.dir / "run.log";
    run.label = r.label;
    run.done = finished("run");
    jobs.push_back(std::move(run));
    ++r.remaining;
    if (o.baseline) {
      ProcessJob b;
      const fs::path base_file = o.out_dir / names[r.scenario] / "baseline.textproto";
      b.argv = {o.runner,
                "run",
                fs::absolute(base_file).string(),
                "--out",
                r.baseline_dir.string(),
                "--resolve-from",
                fs::absolute(s.file).parent_path().string()};
      b.argv.insert(b.argv.end(), common.begin(), common.end());
      b.log_file = r.dir / "baseline.log";
      b.label = r.label + " (baseline)";
      b.done = finished("baseline");
      jobs.push_back(std::move(b));
      ++r.remaining;
    }
  }
  progress << "[regress] " << discovery.selected.size() << " scenario(s)";
  if (per_seed) progress << " x " << o.seeds.size() << " seed(s) (" << format_seeds(o.seeds) << ")";
  progress << ": " << run_count << " run(s), " << o.jobs << " at a time\n";
  std::ostringstream pool_lines;  // the pool's own start/done lines; the lines above replace them
  run_process_pool(jobs, o.jobs, pool_lines, [] { return interrupted(); });
  const double wall = std::chrono::duration<double>(Clock::now() - started).count();

  std::vector<ScenarioOutcome> outcomes(discovery.selected.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    outcomes[i].scenario = discovery.selected[i].scenario.name();
    outcomes[i].file = discovery.selected[i].file.string();
  }
  std::size_t complete = 0;
  for (auto& r : seed_runs) {
    auto& oc = outcomes[r.scenario];
    if (interrupted() && !r.scored) continue;  // cut short: not reported
    ++complete;
    oc.wall_time_s += r.wall_s;
    if (r.remaining > 0 && r.error.empty()) r.error = "run did not finish";
    if (!r.error.empty())
      oc.add_error(r.seed, r.error);
    else
      oc.add(r.seed, r.results);
  }
  int failed = 0, reported = 0;
  for (const auto& oc : outcomes) {
    if (oc.seeds.empty()) continue;
    ++reported;
    print_outcome(oc, out);
    if (!oc.passed()) ++failed;
  }
  out << reported - failed << " of " << reported << " scenario(s) passed";
  if (per_seed) out << " over seeds " << format_seeds(o.seeds);
  if (interrupted())
    out << " (" << runs_done << " of " << run_count << " runs ended, in " << clock_text(wall)
        << ")\n";
  else
    out << " (" << run_count << " runs in " << clock_text(wall) << ")\n";
  if (interrupted()) {
    progress << "[regress] interrupted: " << complete << " of " << seed_runs.size()
             << " scenario runs finished and are reported above; no JUnit file written\n";
    return kExitInterrupted;
  }
  if (o.junit) {
    std::ofstream junit(*o.junit, std::ios::binary | std::ios::trunc);
    junit << junit_xml(outcomes);
    if (!junit) {
      progress << o.junit->string() << ": cannot write\n";
      return 2;
    }
  }
  return failed ? 1 : 0;
}

}  // namespace pharmatwin::experiments
