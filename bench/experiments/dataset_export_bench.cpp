// What `pharmatwin export-dataset` costs beyond the run it exports: reading a run's logged
// readings and writing the labelled dataset (NAB data, windows, samples, manifest).
//
// BM_ExportDataset/<case> runs `pharmatwin run scenarios/default.textproto --log-readings
// --no-score --detector none` once per case in a child (its wall time is the run_s counter),
// then exports its events.pb in this process per iteration. Counters: readings, readings_per_s
// (exported readings per second of export wall time), samples_MB written, run_s.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "child_run.hpp"
#include "pharmatwin/experiments/dataset_export.hpp"

namespace {

namespace ex = pharmatwin::experiments;
namespace fs = std::filesystem;

struct Run {
  fs::path dir;
  double wall_s = 0;
  std::string error;
};

struct Scratch {
  fs::path path =
      fs::temp_directory_path() / ("pharmatwin-dataset-bench-" + std::to_string(::getpid()));
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

Scratch& scratch() {
  static Scratch s;
  return s;
}

const Run& run_case(const std::string& name, const std::vector<std::string>& extra) {
  static std::map<std::string, Run> runs;
  auto it = runs.find(name);
  if (it != runs.end()) return it->second;
  Run& r = runs[name];
  r.dir = scratch().path / name;
  fs::create_directories(r.dir);
  std::vector<std::string> args = {"run",
                                   "scenarios/default.textproto",
                                   "--out",
                                   r.dir.string(),
                                   "--log-readings",
                                   "--no-score",
                                   "--detector",
                                   "none",
                                   "--tt-system",
                                   "none",
                                   "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto child = pharmatwin::bench::run_pharmatwin(args);
  if (!child.ok()) r.error = child.error;
  r.wall_s = child.wall_s;
  return r;
}

std::uint64_t tree_bytes(const fs::path& dir) {
  std::uint64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

void BM_ExportDataset(benchmark::State& state, std::string name, std::vector<std::string> extra) {
  const Run& run = run_case(name, extra);
  if (!run.error.empty()) {
    state.SkipWithError(run.error.c_str());
    return;
  }
  const fs::path out = scratch().path / (name + "-dataset");
  std::uint64_t readings = 0;
  std::string error;
  for (auto _ : state) {
    auto writer = ex::DatasetWriter::create(out, &error);
    if (!writer || !writer->add_run({run.dir / "events.pb", name, "bench"}, &error) ||
        !writer->finish(&error)) {
      state.SkipWithError(error.c_str());
      return;
    }
    readings = writer->runs().front().readings;
  }
  state.counters["readings"] = static_cast<double>(readings);
  state.counters["readings_per_s"] =
      benchmark::Counter(static_cast<double>(readings) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["samples_MB"] = static_cast<double>(tree_bytes(out)) / 1e6;
  state.counters["run_s"] = run.wall_s;
}

BENCHMARK_CAPTURE(BM_ExportDataset, default_7d, "default_7d", {})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_ExportDataset, default_30d, "default_30d", {"--horizon", "30d"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
