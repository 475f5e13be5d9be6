// What a sweep costs beyond its simulations, and how it scales from one core to two.
//
// BM_SweepRaw            the simulations a sweep makes, each `run --no-score` on its own: one
//                        variant run and, every second run, a baseline (the variants differ in a
//                        fault only, so the two variants of a replication share their baseline)
// BM_RawPair            the same work two processes at a time (a shell starting two runs and
//                        waiting for both): how far the machine itself scales from 1 to 2 cores
// BM_Sweep/jobs:1|2      `pharmatwin sweep` of the default scenario (7 days), 2 variants x 8
//                        replications = 16 runs + 8 baselines, from scratch each iteration
// Counters: wall_ms and cpu_ms per sweep run (sweep process, runs and baselines). Per-run
// overhead = BM_Sweep/jobs:1 cpu_ms - BM_SweepRaw cpu_ms; parallel efficiency =
// wall(jobs 1) / (2 x wall(jobs 2)). Run from the source tree (paths are relative).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "child_run.hpp"

namespace {

namespace fs = std::filesystem;
constexpr int kRuns = 16;

fs::path bench_dir(const char* what) {
  return fs::temp_directory_path() /
         ("pharmatwin-sweep-bench-" + std::to_string(::getpid()) + "-" + what);
}

void BM_SweepRaw(benchmark::State& state) {
  const fs::path dir = bench_dir("raw");
  double wall = 0, cpu = 0;
  int runs = 0;
  for (auto _ : state) {
    double iteration = 0;
    // One replication's work: two variant runs and one baseline, in one process each.
    for (int i = 0; i < 3; ++i) {
      const auto r = pharmatwin::bench::run_pharmatwin({"run", "scenarios/default.textproto",
                                                        "--out", (dir / std::to_string(i)).string(),
                                                        "--no-score", "--quiet", "--seed", "42"});
      if (!r.ok()) return state.SkipWithError(r.error.c_str());
      iteration += r.wall_s;
      cpu += r.cpu_s;
    }
    wall += iteration;
    runs += 2;
    state.SetIterationTime(iteration);
  }
  state.counters["wall_ms"] = 1e3 * wall / runs;
  state.counters["cpu_ms"] = 1e3 * cpu / runs;
  std::error_code ec;
  fs::remove_all(dir, ec);
}
BENCHMARK(BM_SweepRaw)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(4);

void BM_RawPair(benchmark::State& state) {
  const fs::path dir = bench_dir("pair");
  const std::string exe = pharmatwin::bench::pharmatwin_exe();
  std::string script;
  for (int i = 0; i < 2; ++i)
    script += exe + " run scenarios/default.textproto --no-score --quiet --seed 42 --out " +
              (dir / std::to_string(i)).string() + " >/dev/null 2>&1 & ";
  script += "wait";
  double wall = 0, cpu = 0;
  int runs = 0;
  for (auto _ : state) {
    const auto r = pharmatwin::bench::run_command({"/bin/sh", "-c", script});
    if (!r.ok()) return state.SkipWithError(r.error.c_str());
    wall += r.wall_s;
    cpu += r.cpu_s;
    runs += 2;
    state.SetIterationTime(r.wall_s);
  }
  // Wall per run at two at a time; efficiency = BM_SweepRaw wall_ms / (2 x this wall_ms).
  state.counters["wall_ms"] = 1e3 * wall / runs;
  state.counters["cpu_ms"] = 1e3 * cpu / runs;
  std::error_code ec;
  fs::remove_all(dir, ec);
}
BENCHMARK(BM_RawPair)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(6);

void BM_Sweep(benchmark::State& state) {
  const int jobs = static_cast<int>(state.range(0));
  const fs::path dir = bench_dir("sweep");
  double wall = 0, cpu = 0;
  for (auto _ : state) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    const auto r =
        pharmatwin::bench::run_pharmatwin({"sweep", "scenarios/default.textproto", "--vary",
                                           "faults[cold-room-hvac-failure].duration=4h,8h",
                                           "--replications", std::to_string(kRuns / 2), "--jobs",
                                           std::to_string(jobs), "--out", dir.string(), "--quiet"});
    if (!r.ok()) return state.SkipWithError(r.error.c_str());
    wall += r.wall_s;
    cpu += r.cpu_s;
    state.SetIterationTime(r.wall_s);
  }
  const double n = static_cast<double>(state.iterations()) * kRuns;
  state.counters["wall_ms"] = 1e3 * wall / n;
  state.counters["cpu_ms"] = 1e3 * cpu / n;
  std::error_code ec;
  fs::remove_all(dir, ec);
}
BENCHMARK(BM_Sweep)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("jobs")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
