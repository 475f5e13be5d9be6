// `pharmatwin export-dataset SCENARIO|RUN_DIR --out DIR`: labelled time series for detector
// builders. From a scenario it runs the scenario on each seed asked for (a child process each,
// readings logged, no systems under test) and exports every run as one NAB category; from a run
// directory it exports that run, rebuilding its readings by rerunning its scenario and seed when
// the run did not log them. Layout and labels: experiments/dataset_export.hpp, docs/datasets.md.
#include <atomic>
#include <charconv>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/experiments/dataset_export.hpp"
#include "pharmatwin/experiments/interrupt_guard.hpp"
#include "pharmatwin/experiments/process_pool.hpp"
#include "pharmatwin/experiments/run_log.hpp"
#include "pharmatwin/experiments/seeds.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::app {
namespace {

namespace fs = std::filesystem;
using experiments::DatasetRunSource;

constexpr const char* kWho = "pharmatwin export-dataset: ";

std::string seconds_text(double s) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, s);
  return std::string(buf, r.ptr) + "s";
}

std::string category_for(const std::string& scenario_name, std::uint64_t seed) {
  return (scenario_name.empty() ? std::string("run") : scenario_name) + "-seed" +
         std::to_string(seed);
}

// One run to make: `pharmatwin run` in a child, readings logged, no systems under test (the
// readings do not depend on them), no scoring.
struct RunToMake {
  std::uint64_t seed = 0;
  fs::path dir;
  std::string category, origin;
  int exit_code = -1;
};

// Runs them, `jobs` at a time; false (message on stderr) when one failed or Ctrl-C came.
bool make_runs(std::vector<RunToMake>& runs, const fs::path& scenario,
               const std::vector<std::string>& extra, int jobs, bool quiet, int& exit_code) {
  std::vector<experiments::ProcessJob> pool;
  for (auto& r : runs) {
    std::error_code ec;
    fs::remove_all(r.dir, ec);
    fs::create_directories(r.dir, ec);
    experiments::ProcessJob job;
    job.argv = {"/proc/self/exe",
                "run",
                fs::absolute(scenario).string(),
                "--seed",
                std::to_string(r.seed),
                "--out",
                r.dir.string(),
                "--log-readings",
                "--no-score",
                "--detector",
                "none",
                "--tt-system",
                "none",
                "--quiet"};
    job.argv.insert(job.argv.end(), extra.begin(), extra.end());
    job.log_file = r.dir / "run.log";
    job.label = "seed " + std::to_string(r.seed);
    job.done = [&r](int code, double) { r.exit_code = code; };
    pool.push_back(std::move(job));
  }
  std::ostringstream silent;
  std::ostream& progress = quiet ? static_cast<std::ostream&>(silent) : std::cerr;
  experiments::run_process_pool(
      pool, jobs, progress, [] { return experiments::InterruptGuard::requested(); }, "export");
  if (experiments::InterruptGuard::requested()) {
    std::cerr << kWho << "interrupted; nothing exported\n";
    exit_code = kExitInterrupted;
    return false;
  }
  for (const auto& r : runs) {
    if (r.exit_code != 0) {
      std::cerr << kWho << "the run of seed " << r.seed << " failed (exit " << r.exit_code
                << "); its log: " << (r.dir / "run.log").string() << "\n";
      exit_code = kExitFailed;
      return false;
    }
  }
  return true;
}

void print_summary(const experiments::DatasetWriter& writer, std::ostream& out) {
  out << std::left << std::setw(34) << "category" << std::right << std::setw(10) << "readings"
      << std::setw(9) << "missing" << std::setw(9) << "windows"
      << "  labels other than normal\n";
  for (const auto& run : writer.runs()) {
    std::uint64_t missing = 0, windows = 0;
    for (const auto& s : run.series) missing += s.missing, windows += s.windows.size();
    std::string labels;
    for (auto l : experiments::all_sample_labels()) {
      const auto n = run.labels[static_cast<std::size_t>(l)];
      if (l == experiments::SampleLabel::kNormal || n == 0) continue;
      labels += (labels.empty() ? "" : ", ") + std::string(experiments::label_name(l)) + " " +
                std::to_string(n);
    }
    out << std::left << std::setw(34) << run.source.category << std::right << std::setw(10)
        << run.readings << std::setw(9) << missing << std::setw(9) << windows << "  "
        << (labels.empty() ? "-" : labels) << "\n";
  }
  const fs::path d = writer.dir();
  out << "dataset: " << d.string() << " (data/ and labels/combined_windows.json: NAB layout; "
      << "samples/: every sample with its label; manifest.json)\n";
}

int run_export(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("out", po::value<std::string>(), "dataset directory (required)")(
      "seed", po::value<std::uint64_t>(), "one seed (default: the scenario's run.seed)")(
      "seeds", po::value<std::string>(),
      "several seeds, one run and one NAB category each: N (1..N), a-b, or a list 1,4,9-12")(
      "horizon", po::value<std::string>(), "simulated span instead of run.horizon, e.g. 30d")(
      "jobs,j", po::value<int>()->default_value(1), "runs in parallel (one process each)")(
      "scenario", po::value<std::string>(),
      "RUN_DIR: the run's scenario file, to rebuild readings the run did not log")(
      "keep-runs", "keep the event logs of the runs made for the export (DIR/runs/)")(
      "quiet,q", "no progress on stderr");
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::string>()->required(), "scenario or run directory");
  po::positional_options_description positional;
  positional.add("input", 1);
  int exit_code = kExitOk;
  auto vm = parse_options("export-dataset", "SCENARIO|RUN_DIR --out DIR", visible, positional,
                          hidden, args, exit_code);
  if (!vm) return exit_code;
  if (!vm->count("out")) {
    std::cerr << kWho << "--out DIR is required\n";
    return kExitBadInput;
  }
  const fs::path input = (*vm)["input"].as<std::string>();
  const fs::path out_dir = (*vm)["out"].as<std::string>();
  const bool quiet = vm->count("quiet") > 0;
  const int jobs = (*vm)["jobs"].as<int>();
  if (jobs < 1) {
    std::cerr << kWho << "--jobs must be >= 1\n";
    return kExitBadInput;
  }
  if (vm->count("seed") && vm->count("seeds")) {
    std::cerr << kWho << "--seed and --seeds exclude each other\n";
    return kExitBadInput;
  }
  std::error_code ec;
  if (!fs::exists(input, ec)) {
    std::cerr << input.string() << ": no such file or directory\n";
    return kExitBadInput;
  }
  std::vector<std::string> extra;  // options every run made here gets
  if (vm->count("horizon")) {
    std::string why;
    const auto h = scenarios::parse_duration_s((*vm)["horizon"].as<std::string>(), &why);
    if (!h || *h <= 0) {
      std::cerr << kWho << "--horizon: " << (h ? "must be > 0" : why) << "\n";
      return kExitBadInput;
    }
    extra = {"--horizon", (*vm)["horizon"].as<std::string>()};
  }

  std::vector<RunToMake> to_make;
  std::vector<DatasetRunSource> sources;
  fs::path scenario_file;
  const fs::path runs_dir = out_dir / "runs";
  if (fs::is_directory(input, ec)) {
    // A run directory.
    if (vm->count("seed") || vm->count("seeds") || vm->count("horizon")) {
      std::cerr << kWho << "--seed, --seeds and --horizon apply to a scenario, not to a run "
                << "directory (" << input.string() << ")\n";
      return kExitBadInput;
    }
    const fs::path events = input / "events.pb";
    if (!fs::is_regular_file(events, ec)) {
      std::cerr << events.string() << ": no such file (" << input.string()
                << " is not a run directory of `pharmatwin run`)\n";
      return kExitBadInput;
    }
    auto read = experiments::read_operations_log(events);
    if (!read.ok()) {
      std::cerr << read.error << "\n";
      return kExitBadInput;
    }
    const auto& h = read.log.header;
    const std::string category = category_for(h.scenario_name(), h.seed());
    if (h.readings_logged()) {
      sources.push_back({events, category, "run " + input.string()});
    } else {
      if (!vm->count("scenario")) {
        std::cerr << events.string() << ": the run did not log its readings; give --scenario FILE "
                  << "(its scenario) to rebuild them by rerunning it on seed " << h.seed()
                  << ", or run it with --log-readings\n";
        return kExitBadInput;
      }
      scenario_file = (*vm)["scenario"].as<std::string>();
      auto loaded = scenarios::load_scenario(scenario_file);
      if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
        return kExitBadInput;
      }
      const std::string hash = scenarios::scenario_hash(loaded.scenario);
      if (hash != h.scenario_hash()) {
        std::cerr << scenario_file.string() << ": not the scenario of " << events.string()
                  << " (hash " << hash << ", the run's " << h.scenario_hash()
                  << "): its readings cannot be rebuilt from it\n";
        return kExitBadInput;
      }
      // Faults injected at run time (the dashboard, a script) are not in the scenario.
      auto full = experiments::read_run_log(events, false);
      if (!full.ok()) {
        std::cerr << full.error << "\n";
        return kExitBadInput;
      }
      for (const auto& f : full.log.faults) {
        if (f.injected) {
          std::cerr << events.string() << ": fault '" << f.name
                    << "' was injected during the run; a rerun of the scenario cannot rebuild "
                    << "its readings (rerun it with --log-readings)\n";
          return kExitBadInput;
        }
      }
      extra = {"--horizon", seconds_text(h.horizon_s()), "--block", seconds_text(h.block_s())};
      to_make.push_back({h.seed(), runs_dir / experiments::dataset_file_name(category), category,
                         "run " + input.string() + " (readings rebuilt from " +
                             scenario_file.string() + " on seed " + std::to_string(h.seed()) +
                             ")"});
    }
  } else {
    // A scenario file.
    if (vm->count("scenario")) {
      std::cerr << kWho << "--scenario applies to a run directory; " << input.string()
                << " is the scenario\n";
      return kExitBadInput;
    }
    scenario_file = input;
    auto loaded = scenarios::load_scenario(scenario_file);
    if (!loaded.ok()) {
      for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
      return kExitBadInput;
    }
    std::vector<std::uint64_t> seeds;
    if (vm->count("seeds")) {
      std::string why;
      auto parsed = experiments::parse_seeds((*vm)["seeds"].as<std::string>(), &why);
      if (!parsed) {
        std::cerr << kWho << "--seeds: " << why << "\n";
        return kExitBadInput;
      }
      seeds = *parsed;
    } else {
      seeds = {vm->count("seed") ? (*vm)["seed"].as<std::uint64_t>()
                                 : loaded.scenario.run().seed()};
    }
    const std::string name =
        loaded.scenario.name().empty() ? input.stem().string() : loaded.scenario.name();
    for (auto seed : seeds) {
      const std::string category = category_for(name, seed);
      to_make.push_back({seed, runs_dir / experiments::dataset_file_name(category), category,
                         "scenario " + input.string() + " seed " + std::to_string(seed)});
    }
  }

  std::string error;
  auto writer = experiments::DatasetWriter::create(out_dir, &error);
  if (!writer) {
    std::cerr << kWho << error << "\n";
    return kExitBadInput;
  }
  experiments::InterruptGuard guard;
  if (!to_make.empty()) {
    if (!make_runs(to_make, scenario_file, extra, jobs, quiet, exit_code)) return exit_code;
    for (const auto& r : to_make) sources.push_back({r.dir / "events.pb", r.category, r.origin});
  }
  for (const auto& source : sources) {
    if (!writer->add_run(source, &error, experiments::InterruptGuard::flag())) {
      if (experiments::InterruptGuard::requested()) {
        std::cerr << kWho << "interrupted; " << out_dir.string() << " is incomplete\n";
        return kExitInterrupted;
      }
      std::cerr << kWho << error << "\n";
      return to_make.empty() ? kExitBadInput : kExitFailed;
    }
    if (!quiet) {
      const auto& run = writer->runs().back();
      std::cerr << "[export] " << run.source.category << ": " << run.readings << " readings of "
                << run.series.size() << " sensors\n";
    }
  }
  if (!writer->finish(&error)) {
    std::cerr << kWho << error << "\n";
    return kExitFailed;
  }
  if (!to_make.empty() && !vm->count("keep-runs")) {
    for (const auto& r : to_make) fs::remove_all(r.dir, ec);
    fs::remove(runs_dir, ec);  // only when empty
  }
  print_summary(*writer, std::cout);
  return kExitOk;
}

const Registrar registrar{
    {"export-dataset",
     "labelled time series of a scenario's runs or of a run directory, with NAB anomaly windows",
     &run_export}};

}  // namespace
}  // namespace pharmatwin::app
