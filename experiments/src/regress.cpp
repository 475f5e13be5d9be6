#include "pharmatwin/experiments/regress.hpp"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "pharmatwin/experiments/pipeline.hpp"
#include "pharmatwin/experiments/process_pool.hpp"
#include "pharmatwin/experiments/results_store.hpp"
#include "pharmatwin/scenarios/loader.hpp"

namespace pharmatwin::experiments {

namespace fs = std::filesystem;

std::string safe_name(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
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
      for (auto it = fs::recursive_directory_iterator(input, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
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

struct Pending {
  const DiscoveredScenario* scenario = nullptr;
  fs::path dir, run_dir, baseline_dir;
  int remaining = 0;
  double wall_s = 0;
  std::string error;
  ScoreRequest request;
  ScoredRun scored;
  bool scored_done = false;
};

void score_pending(Pending& p, const RegressOptions& o) {
  if (!p.error.empty()) return;
  p.request.run_dir = p.run_dir;
  if (o.baseline) p.request.baseline_dir = p.baseline_dir;
  p.request.scenario = &p.scenario->scenario;
  p.request.scenario_file = p.scenario->file.string();
  p.scored = score_run_dir(p.request);
  p.scored_done = true;
  if (!p.scored.ok()) p.error = p.scored.error;
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

  std::vector<Pending> pending(discovery.selected.size());
  std::vector<ProcessJob> jobs;
  std::set<std::string> used;
  for (std::size_t i = 0; i < discovery.selected.size(); ++i) {
    const auto& s = discovery.selected[i];
    auto& p = pending[i];
    p.scenario = &s;
    std::string name = safe_name(s.scenario.name().empty() ? s.file.stem().string() : s.scenario.name());
    for (int n = 2; used.count(name); ++n) name = safe_name(s.scenario.name()) + "-" + std::to_string(n);
    used.insert(name);
    p.dir = o.out_dir / name;
    p.run_dir = p.dir / "run";
    p.baseline_dir = p.dir / "baseline";
    fs::create_directories(p.run_dir, ec);
    if (o.baseline) fs::create_directories(p.baseline_dir, ec);
    // Stale outputs of an earlier regress would be scored if a run failed to write new ones.
    for (const auto& d : {p.run_dir, p.baseline_dir}) {
      fs::remove(d / "events.pb", ec);
      fs::remove(d / "audit.jsonl", ec);
    }
    std::vector<std::string> common;
    if (o.seed) common = {"--seed", std::to_string(*o.seed)};
    common.insert(common.end(), o.run_args.begin(), o.run_args.end());

    auto finished = [&p, &o](const char* what) {
      return [&p, &o, what](int code, double wall) {
        p.wall_s += wall;
        if (code != 0 && p.error.empty())
          p.error = std::string(what) + " exited with status " + std::to_string(code) + " (log: " +
                    (p.dir / (std::string(what) + ".log")).string() + ")";
        if (--p.remaining == 0) score_pending(p, o);
      };
    };
    ProcessJob run;
    run.argv = {o.runner, "run", fs::absolute(s.file).string(), "--out", p.run_dir.string()};
    run.argv.insert(run.argv.end(), common.begin(), common.end());
    run.log_file = p.dir / "run.log";
    run.label = name;
    run.done = finished("run");
    jobs.push_back(std::move(run));
    ++p.remaining;
    if (o.baseline) {
      const fs::path base_file = p.dir / "baseline.textproto";
      std::string text;
      google::protobuf::TextFormat::PrintToString(
          baseline_scenario(s.scenario, fs::absolute(s.file).parent_path()), &text);
      std::ofstream(base_file) << "# " << s.file.string() << " without its faults (baseline run)\n" << text;
      ProcessJob b;
      b.argv = {o.runner, "run", fs::absolute(base_file).string(), "--out", p.baseline_dir.string()};
      if (!o.seed) b.argv.insert(b.argv.end(), {"--seed", std::to_string(s.scenario.run().seed())});
      b.argv.insert(b.argv.end(), common.begin(), common.end());
      b.log_file = p.dir / "baseline.log";
      b.label = name + " (baseline)";
      b.done = finished("baseline");
      jobs.push_back(std::move(b));
      ++p.remaining;
    }
  }
  run_process_pool(jobs, o.jobs, progress);

  std::vector<ScenarioOutcome> outcomes;
  int failed = 0;
  for (auto& p : pending) {
    if (p.remaining > 0 && p.error.empty()) p.error = "run did not finish";
    ScenarioOutcome oc;
    oc.scenario = p.scenario->scenario.name();
    oc.file = p.scenario->file.string();
    oc.wall_time_s = p.wall_s;
    oc.error = p.error;
    if (p.scored_done) oc.results = p.scored.expectations;
    out << (oc.passed() ? "PASS " : "FAIL ") << oc.scenario << "  (" << oc.file << ")\n";
    if (!oc.error.empty()) out << "  ERROR " << oc.error << "\n";
    for (const auto& r : oc.results) {
      out << "  " << (r.passed ? "pass " : "FAIL ") << r.name << ": measured " << r.measured
          << ", expected " << r.expected << "\n";
    }
    if (p.scored_done && p.scored.ok()) {
      RunRecord rec;
      rec.scenario_file = oc.file;
      rec.system_under_test = system_under_test(&p.scenario->scenario);
      rec.run_dir = p.run_dir.string();
      rec.passed = oc.passed();
      if (!store->record(p.scored.score, rec, &error)) progress << store_path.string() << ": " << error << "\n";
    }
    if (!oc.passed()) ++failed;
    outcomes.push_back(std::move(oc));
  }
  out << outcomes.size() - failed << " of " << outcomes.size() << " scenario(s) passed\n";
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
