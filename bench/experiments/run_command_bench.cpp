// What the testbed loop costs a user: `pharmatwin run` on the default scenario as printed by the
// README's first command (the run, its fault-free baseline in a child alongside, scoring,
// reports, audit trail) against the raw run (`--no-score`), in wall and CPU time.
//
// BM_RunCommand/raw             run --no-score
// BM_RunCommand/fresh_baseline  run --fresh-baseline (the baseline is simulated every time)
// BM_RunCommand/cached_baseline run, the baseline reused from the previous iteration
// Counters: wall_ms, cpu_ms (child and its descendants, per iteration). Run from the source tree
// (the scenario path is relative).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "child_run.hpp"

namespace {

namespace fs = std::filesystem;

void BM_RunCommand(benchmark::State& state, std::vector<std::string> extra) {
  const fs::path dir =
      fs::temp_directory_path() / ("pharmatwin-run-bench-" + std::to_string(::getpid()));
  std::vector<std::string> args = {"run", "scenarios/default.textproto", "--out", dir.string(),
                                   "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  // One untimed run so that the cached case finds its baseline.
  if (auto warm = pharmatwin::bench::run_pharmatwin(args); !warm.ok())
    return state.SkipWithError(warm.error.c_str());
  double wall = 0, cpu = 0;
  for (auto _ : state) {
    const auto r = pharmatwin::bench::run_pharmatwin(args);
    if (!r.ok()) return state.SkipWithError(r.error.c_str());
    wall += r.wall_s;
    cpu += r.cpu_s;
    state.SetIterationTime(r.wall_s);
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["wall_ms"] = 1e3 * wall / n;
  state.counters["cpu_ms"] = 1e3 * cpu / n;
  std::error_code ec;
  fs::remove_all(dir, ec);
}
BENCHMARK_CAPTURE(BM_RunCommand, raw, {"--no-score"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_RunCommand, fresh_baseline, {"--fresh-baseline"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_RunCommand, cached_baseline, {})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
