// `pharmatwin history`: how metrics moved across the runs of the results store, with regressions
// against the previous run of the same scenario flagged (direction-aware).
#include <cstdio>
#include <iostream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/experiments/results_store.hpp"

namespace pharmatwin::app {
namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

int run_history(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()
      ("store", po::value<std::string>()->default_value("regress-out/results.sqlite"), "results store")
      ("scenario", po::value<std::string>()->default_value(""), "only this scenario")
      ("metric", po::value<std::string>()->default_value(""), "only this metric")
      ("regressions", "only metrics whose latest run regressed")
      ("fail-on-regression", "exit 1 when the latest run of a metric regressed");
  po::options_description hidden;
  po::positional_options_description positional;
  int exit_code = kExitOk;
  auto vm = parse_options("history", "[--store PATH] [--scenario NAME] [--metric NAME]", visible,
                          positional, hidden, args, exit_code);
  if (!vm) return exit_code;
  const std::string path = (*vm)["store"].as<std::string>();
  if (!std::filesystem::exists(path)) {
    std::cerr << path << ": no such results store\n";
    return kExitBadInput;
  }
  std::string error;
  auto store = experiments::ResultsStore::open(path, &error);
  if (!store) {
    std::cerr << error << "\n";
    return kExitBadInput;
  }
  const auto histories =
      store->history((*vm)["scenario"].as<std::string>(), (*vm)["metric"].as<std::string>(), &error);
  if (!error.empty()) {
    std::cerr << path << ": " << error << "\n";
    return kExitBadInput;
  }
  int latest_regressions = 0;
  std::string scenario;
  for (const auto& h : histories) {
    const bool regressed = !h.points.empty() && h.points.back().regression;
    latest_regressions += regressed ? 1 : 0;
    if (vm->count("regressions") && !regressed) continue;
    if (h.scenario != scenario) {
      scenario = h.scenario;
      std::cout << "scenario " << scenario << "\n";
    }
    const auto b = h.points.empty() ? experiments::Better::kNeither : h.points.back().better;
    std::cout << "  " << h.metric
              << (b == experiments::Better::kHigher ? "  (higher is better)"
                  : b == experiments::Better::kLower ? "  (lower is better)" : "")
              << "\n";
    for (const auto& p : h.points) {
      std::cout << "    run " << p.run_id << "  " << p.recorded_at << "  " << p.commit << "  seed "
                << p.seed << "  " << number(p.value) << (p.unit.empty() ? "" : " " + p.unit);
      if (p.change && *p.change != 0) std::cout << "  (" << (*p.change > 0 ? "+" : "") << number(*p.change) << ")";
      if (p.regression) std::cout << "  REGRESSION";
      std::cout << "\n";
    }
  }
  if (histories.empty()) std::cout << "no runs recorded\n";
  if (latest_regressions) std::cerr << latest_regressions << " metric(s) regressed in their latest run\n";
  return vm->count("fail-on-regression") && latest_regressions ? kExitFailed : kExitOk;
}

const Registrar registrar{{"history", "show how metrics moved across recorded runs", &run_history}};

}  // namespace
}  // namespace pharmatwin::app
