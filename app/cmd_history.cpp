// `pharmatwin history [DIR]`: how metrics moved across the runs of the results store, one compact
// table per scenario and seed: each metric's latest value, the previous run's, the change and a
// REGRESSION flag when it went the worse way by more than the noise tolerance (direction-aware).
// `--runs` lists every run instead.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/experiments/results_store.hpp"

namespace pharmatwin::app {
namespace {

namespace fs = std::filesystem;

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string signed_number(double v) { return (v > 0 ? "+" : "") + number(v); }

// "1%" is 0.01; a plain number is a fraction ("0.01").
std::optional<double> parse_tolerance(std::string text) {
  bool percent = false;
  if (!text.empty() && text.back() == '%') {
    percent = true;
    text.pop_back();
  }
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v >= 0)) return std::nullopt;
  return percent ? v / 100.0 : v;
}

// The store to read: --store (a file or a directory), else the nearest one at or above DIR, else
// those of run's and regress's default output directories, else the nearest one at or above the
// current directory (inside a run directory).
std::optional<fs::path> locate_store(const po::variables_map& vm, std::string& tried) {
  if (vm.count("store")) {
    const fs::path given = vm["store"].as<std::string>();
    std::error_code ec;
    if (fs::is_directory(given, ec)) {
      tried = experiments::store_path_for(given).string();
      return fs::is_regular_file(experiments::store_path_for(given), ec)
                 ? std::optional<fs::path>(experiments::store_path_for(given))
                 : std::nullopt;
    }
    tried = given.string();
    return fs::is_regular_file(given, ec) ? std::optional<fs::path>(given) : std::nullopt;
  }
  if (vm.count("dir")) {
    const fs::path dir = vm["dir"].as<std::string>();
    tried = dir.string() + " and the directories above it";
    return experiments::find_results_store(dir);
  }
  for (const char* root : {"regress-out", "out"}) {
    const auto candidate = experiments::store_path_for(root);
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  tried = "regress-out/, out/, and the current directory and those above it";
  return experiments::find_results_store(".");
}

struct Row {
  std::string metric, latest, previous, change, unit, flag;
};

void print_table(const std::vector<Row>& rows) {
  std::size_t w[5] = {6, 6, 8, 6, 4};
  for (const auto& r : rows) {
    w[0] = std::max(w[0], r.metric.size());
    w[1] = std::max(w[1], r.latest.size());
    w[2] = std::max(w[2], r.previous.size());
    w[3] = std::max(w[3], r.change.size());
    w[4] = std::max(w[4], r.unit.size());
  }
  auto pad = [](const std::string& s, std::size_t n, bool right) {
    const std::string fill(n > s.size() ? n - s.size() : 0, ' ');
    return right ? fill + s : s + fill;
  };
  auto line = [&](const Row& r) {
    std::string out = "  " + pad(r.metric, w[0], false) + "  " + pad(r.latest, w[1], true) + "  " +
                      pad(r.previous, w[2], true) + "  " + pad(r.change, w[3], true) + "  " +
                      pad(r.unit, w[4], false) + "  " + r.flag;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    std::cout << out << "\n";
  };
  line({"metric", "latest", "previous", "change", "unit", ""});
  for (const auto& r : rows) line(r);
}

int run_history(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("store", po::value<std::string>(),
                        "results store file, or a directory holding results.sqlite")(
      "scenario", po::value<std::string>()->default_value(""), "only this scenario")(
      "metric", po::value<std::string>()->default_value(""), "only this metric")(
      "seed", po::value<std::uint64_t>(), "only runs with this seed")(
      "tolerance", po::value<std::string>()->default_value("1%"),
      "moves smaller than this fraction of the previous value are noise (\"1%\", \"0.01\", \"0\")")(
      "all", "every metric in the table, not only those that moved")(
      "runs", "list every run of each metric instead of the latest against the previous")(
      "regressions", "only metrics whose latest run regressed")(
      "fail-on-regression", "exit 1 when the latest run of a metric regressed");
  po::options_description hidden;
  hidden.add_options()("dir", po::value<std::string>(), "run or output directory");
  po::positional_options_description positional;
  positional.add("dir", 1);
  int exit_code = kExitOk;
  auto vm = parse_options("history", "[DIR] [--store PATH] [--scenario NAME] [--metric NAME]",
                          visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;
  const auto tolerance = parse_tolerance((*vm)["tolerance"].as<std::string>());
  if (!tolerance) {
    std::cerr << "pharmatwin history: --tolerance: not a number >= 0, a fraction or a percentage: "
              << (*vm)["tolerance"].as<std::string>() << "\n";
    return kExitBadInput;
  }
  std::string tried;
  const auto path = locate_store(*vm, tried);
  if (!path) {
    std::cerr << "pharmatwin history: no results store (looked in " << tried
              << "); `pharmatwin regress` records into OUT/results.sqlite\n";
    return kExitBadInput;
  }
  std::string error;
  auto store = experiments::ResultsStore::open(*path, &error);
  if (!store) {
    std::cerr << error << "\n";
    return kExitBadInput;
  }
  // A damaged store would give histories with runs missing or wrong: refused, not read.
  if (!store->check_integrity(&error)) {
    std::cerr << "pharmatwin history: " << path->string()
              << ": the results store fails SQLite's integrity check: " << error << "\n";
    return kExitBadInput;
  }
  experiments::HistoryQuery query;
  query.scenario = (*vm)["scenario"].as<std::string>();
  query.metric = (*vm)["metric"].as<std::string>();
  if (vm->count("seed")) query.seed = (*vm)["seed"].as<std::uint64_t>();
  query.relative_tolerance = *tolerance;
  const bool all_rows = vm->count("all") > 0 || !query.metric.empty();
  const auto histories = store->history(query, &error);
  if (!error.empty()) {
    std::cerr << path->string() << ": " << error << "\n";
    return kExitBadInput;
  }
  std::cout << "store " << path->string() << "  (" << store->run_count()
            << " runs; a run is compared with the previous one of the same scenario and seed; "
               "moves within "
            << number(100 * *tolerance) << " % are noise)\n";

  // One table per scenario and seed, metrics in name order.
  std::map<std::pair<std::string, std::uint64_t>, std::vector<const experiments::MetricHistory*>>
      groups;
  for (const auto& h : histories) groups[{h.scenario, h.seed}].push_back(&h);
  int latest_regressions = 0;
  for (const auto& [key, metrics] : groups) {
    std::vector<Row> rows;
    std::size_t unchanged = 0;
    const experiments::HistoryPoint* newest = nullptr;
    std::size_t runs = 0;
    for (const auto* h : metrics) {
      const auto& last = h->points.back();
      if (!newest || last.run_id > newest->run_id) newest = &last;
      runs = std::max(runs, h->points.size());
      latest_regressions += last.regression ? 1 : 0;
    }
    std::ostringstream title;
    title << "\nscenario " << key.first << "  seed " << key.second << "  " << runs
          << (runs == 1 ? " run" : " runs") << ", latest #" << newest->run_id << " "
          << newest->recorded_at << " " << newest->commit.substr(0, 12);
    if (newest->scenario_changed) title << "  (scenario changed since the previous run)";
    bool titled = false;
    for (const auto* h : metrics) {
      const auto& last = h->points.back();
      if (vm->count("regressions") && !last.regression) continue;
      if (!titled) std::cout << title.str() << "\n";
      titled = true;
      if (vm->count("runs")) {
        std::cout << "  " << h->metric
                  << (last.better == experiments::Better::kHigher  ? "  (higher is better)"
                      : last.better == experiments::Better::kLower ? "  (lower is better)"
                                                                   : "")
                  << "\n";
        for (const auto& p : h->points) {
          std::cout << "    run " << p.run_id << "  " << p.recorded_at << "  "
                    << p.commit.substr(0, 12) << "  " << number(p.value)
                    << (p.unit.empty() ? "" : " " + p.unit);
          if (p.change && *p.change != 0) std::cout << "  (" << signed_number(*p.change) << ")";
          if (p.regression) std::cout << "  REGRESSION";
          std::cout << "\n";
        }
        continue;
      }
      // The compact view shows what moved; --all (or naming the metric) shows every metric.
      // A metric the latest run does not have (a latency of a fault it missed) moved too.
      const bool absent = last.run_id != newest->run_id;
      const bool moved = absent || (last.change && *last.change != 0);
      if (!moved && !all_rows) {
        ++unchanged;
        continue;
      }
      Row row{h->metric, number(last.value), "-", "-", last.unit, ""};
      if (absent) {
        row.latest = "-";
        row.previous = number(last.value);
      } else if (h->points.size() >= 2) {
        row.previous = number(h->points[h->points.size() - 2].value);
        row.change = *last.change == 0 ? "0" : signed_number(*last.change);
      }
      if (absent) {
        row.flag = "absent from the latest run (#" + std::to_string(newest->run_id) + ")";
      } else if (last.regression) {
        row.flag = "REGRESSION";
      } else if (last.change &&
                 ((last.better == experiments::Better::kLower && *last.change > 0) ||
                  (last.better == experiments::Better::kHigher && *last.change < 0))) {
        row.flag = "worse, within tolerance";
      }
      rows.push_back(std::move(row));
    }
    if (!rows.empty()) print_table(rows);
    if (unchanged && titled) {
      if (runs == 1)
        std::cout << "  first run: nothing to compare with yet (--all shows its " << unchanged
                  << " metrics)\n";
      else
        std::cout << "  " << (rows.empty() ? "all " : "") << unchanged
                  << (rows.empty() ? " metrics" : " other metrics")
                  << " unchanged since the previous run (--all shows them)\n";
    }
  }
  if (histories.empty()) std::cout << "no runs recorded\n";
  if (latest_regressions)
    std::cerr << latest_regressions << " metric(s) regressed in their latest run\n";
  return vm->count("fail-on-regression") && latest_regressions ? kExitFailed : kExitOk;
}

const Registrar registrar{{"history", "show how metrics moved across recorded runs", &run_history}};

}  // namespace
}  // namespace pharmatwin::app
