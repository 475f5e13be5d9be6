// Replays of a long run of the large site (bench/experiments/large_site.hpp, 50 zones of 8
// sensors, both in-process systems, a year): opening the run directory (reading events.pb into
// the replay's arrays, the scenario, the audit and report checks) and showing one instant
// (ReplayRun::snapshot_at, all that a scrub costs besides drawing), at instants spread over the
// year in a fixed shuffled order, forwards and backwards.
//
// The run is made once, untimed, by `pharmatwin run SITE --horizon H --no-score` in a child
// (a year takes about a minute); PHARMATWIN_BENCH_REPLAY_DIR names an existing run directory
// instead, PHARMATWIN_BENCH_HORIZON (e.g. 30d) shortens the year.
//
//   build/dev/bench/experiments/experiments_bench --benchmark_filter=BM_Replay
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "child_run.hpp"
#include "large_site.hpp"
#include "pharmatwin/experiments/replay_run.hpp"

namespace {

namespace fs = std::filesystem;

// The run directory, made on first use; empty with `error` when it could not be.
const fs::path& replay_dir(std::string& error) {
  static fs::path dir;
  static std::string made_error;
  static bool made = false;
  if (!made) {
    made = true;
    if (const char* env = std::getenv("PHARMATWIN_BENCH_REPLAY_DIR"); env && *env) {
      dir = env;
    } else {
      const char* h = std::getenv("PHARMATWIN_BENCH_HORIZON");
      const fs::path base =
          fs::temp_directory_path() / ("pharmatwin-replay-bench-" + std::to_string(::getpid()));
      fs::create_directories(base);
      const fs::path site = base / "site.textproto";
      std::ofstream(site) << pharmatwin::bench::large_site_textproto(50);
      const auto r = pharmatwin::bench::run_pharmatwin(
          {"run", site.string(), "--horizon", h && *h ? h : "365d", "--out",
           (base / "run").string(), "--quiet", "--no-score"});
      if (!r.ok())
        made_error = r.error;
      else
        dir = base / "run";
    }
  }
  error = made_error;
  return dir;
}

void BM_ReplayOpen(benchmark::State& state) {
  std::string error;
  const fs::path& dir = replay_dir(error);
  if (dir.empty()) return state.SkipWithError(error.c_str());
  std::uint64_t bytes = fs::file_size(dir / "events.pb");
  for (auto _ : state) {
    auto run = pharmatwin::experiments::ReplayRun::open(dir, &error);
    if (!run) return state.SkipWithError(error.c_str());
    benchmark::DoNotOptimize(run);
    state.counters["alerts"] = static_cast<double>(run->log().alerts.size());
    state.counters["days"] = run->end_s() / 86400;
  }
  state.counters["events_MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_ReplayOpen)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_ReplayScrub(benchmark::State& state) {
  std::string error;
  const fs::path& dir = replay_dir(error);
  if (dir.empty()) return state.SkipWithError(error.c_str());
  static auto run = pharmatwin::experiments::ReplayRun::open(dir, &error);
  if (!run) return state.SkipWithError(error.c_str());
  std::vector<double> instants;
  for (int i = 0; i <= 500; ++i) instants.push_back(run->end_s() * i / 500);
  std::shuffle(instants.begin(), instants.end(), std::mt19937(7));
  std::size_t next = 0;
  double worst = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto s = run->snapshot_at(instants[next++ % instants.size()]);
    benchmark::DoNotOptimize(s);
    worst = std::max(
        worst,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  state.counters["worst_ms"] = worst;
}
BENCHMARK(BM_ReplayScrub)->Unit(benchmark::kMillisecond)->Iterations(1000);

}  // namespace
