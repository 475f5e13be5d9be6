// `pharmatwin score DIR`: scores an existing run directory (its events.pb) against its ground
// truth, prints a summary table and writes report.json, report.html and audit.jsonl there.
#include <iostream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/experiments/pipeline.hpp"
#include "pharmatwin/experiments/report.hpp"
#include "pharmatwin/experiments/results_store.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::app {
namespace {

int run_score(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("scenario", po::value<std::string>(),
                        "the run's scenario file: expectations, starting stock, policy")(
      "baseline", po::value<std::string>(),
      "run directory of the same scenario and seed without faults")(
      "grace", po::value<std::string>()->default_value("30m"),
      "alerts still count this long after a fault ends")(
      "received-time", "time alerts by when the world received them, not when they were raised")(
      "store", po::value<std::string>(), "also record the run in this results store (SQLite)")(
      "no-audit", "do not append to the audit trail")(
      "audit-key", po::value<std::string>(),
      "Ed25519 private key (PEM) that signs the audit trail (default: the site's key)")(
      "accept-changed-log",
      "score an events.pb whose SHA-256 differs from the one its audit trail records")(
      "quiet,q", "no summary table");
  po::options_description hidden;
  hidden.add_options()("dir", po::value<std::string>()->required(), "run directory");
  po::positional_options_description positional;
  positional.add("dir", 1);
  int exit_code = kExitOk;
  auto vm = parse_options("score", "DIR", visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;

  experiments::ScoreRequest request;
  request.run_dir = (*vm)["dir"].as<std::string>();
  if (!std::filesystem::exists(request.run_dir / "events.pb")) {
    std::cerr << (request.run_dir / "events.pb").string() << ": no such file\n";
    return kExitBadInput;
  }
  if (vm->count("baseline"))
    request.baseline_dir = std::filesystem::path((*vm)["baseline"].as<std::string>());
  std::string why;
  const auto grace = scenarios::parse_duration_s((*vm)["grace"].as<std::string>(), &why);
  if (!grace) {
    std::cerr << "pharmatwin score: --grace: " << why << "\n";
    return kExitBadInput;
  }
  request.options.grace_s = *grace;
  request.options.use_raised_time = vm->count("received-time") == 0;
  request.write_audit = vm->count("no-audit") == 0;
  request.accept_changed_log = vm->count("accept-changed-log") > 0;
  if (request.write_audit && vm->count("audit-key")) {
    request.audit_key = experiments::SigningKey::load((*vm)["audit-key"].as<std::string>(), &why);
    if (!request.audit_key) {
      std::cerr << "pharmatwin score: --audit-key: " << why << "\n";
      return kExitBadInput;
    }
  }
  scenarios::LoadResult loaded;
  if (vm->count("scenario")) {
    request.scenario_file = (*vm)["scenario"].as<std::string>();
    loaded = scenarios::load_scenario(request.scenario_file);
    if (!loaded.ok()) {
      for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
      return kExitBadInput;
    }
    request.scenario = &loaded.scenario;
  }
  const auto scored = experiments::score_run_dir(request);
  if (!scored.ok()) {
    std::cerr << scored.error << "\n";
    return kExitBadInput;
  }
  if (request.scenario) {
    // The expectations and starting stock may then not be the run's.
    const std::string given = scenarios::scenario_hash(loaded.scenario);
    if (given != scored.score.scenario_hash) {
      std::cerr << "pharmatwin score: warning: " << request.scenario_file << " (scenario \""
                << loaded.scenario.name() << "\", hash " << given
                << ") differs from the scenario of " << (request.run_dir / "events.pb").string()
                << " (\"" << scored.score.scenario_name << "\", hash " << scored.score.scenario_hash
                << "): its expectations and starting stock may not be the run's\n";
    }
  }
  if (vm->count("store")) {
    std::string error;
    auto store = experiments::ResultsStore::open((*vm)["store"].as<std::string>(), &error);
    experiments::RunRecord rec;
    rec.scenario_file = request.scenario_file;
    rec.system_under_test = experiments::system_under_test(request.scenario);
    rec.run_dir = request.run_dir.string();
    rec.passed = scored.passed();
    if (!store || !store->record(scored.score, rec, &error)) {
      std::cerr << error << "\n";
      return kExitBadInput;
    }
  }
  if (!vm->count("quiet")) experiments::print_summary(std::cout, scored.score, scored.expectations);
  std::cerr << "reports: " << (request.run_dir / "report.json").string() << ", "
            << (request.run_dir / "report.html").string() << "\n";
  return scored.passed() ? kExitOk : kExitFailed;
}

const Registrar registrar{
    {"score", "score an existing run directory against its ground truth", &run_score}};

}  // namespace
}  // namespace pharmatwin::app
