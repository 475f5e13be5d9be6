// The whole loop as a user runs it: `pharmatwin run` on a large site (bench/experiments/
// large_site.hpp: 10, 25 or 50 zones of 8 sensors at one-minute sampling, stock flowing through
// receiving, QA, picking and dispatch), one year, in a child process, one core:
//
// BM_EndToEnd/<zones>/0   the world alone          run --no-score --detector none --tt-system none
// BM_EndToEnd/<zones>/1   world + detection        run --no-score --tt-system none
// BM_EndToEnd/<zones>/2   world + both systems     run --no-score
// BM_EndToEnd/<zones>/3   scoring that run         score DIR --scenario FILE (after mode 2,
// untimed)
//
// Counters: cpu_s (user + system of the child), wall_s, M_readings_per_cpu_s (mode 3: of the run
// it scored), max_rss_MiB. `--benchmark_filter=BM_EndToEnd/50/` runs the 50-zone site only.
// PHARMATWIN_BENCH_HORIZON (e.g. 30d) shortens the year for a quick look.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "child_run.hpp"
#include "large_site.hpp"

namespace {

namespace fs = std::filesystem;

std::string horizon() {
  const char* env = std::getenv("PHARMATWIN_BENCH_HORIZON");
  return env && *env ? env : "365d";
}

// Simulated seconds of a horizon written as <number><d|h>.
double horizon_s(const std::string& h) {
  const double n = std::stod(h.substr(0, h.size() - 1));
  return h.back() == 'h' ? n * 3600 : n * 86400;
}

void BM_EndToEnd(benchmark::State& state) {
  const int zones = static_cast<int>(state.range(0));
  const int mode = static_cast<int>(state.range(1));
  const fs::path dir = fs::temp_directory_path() / ("pharmatwin-e2e-" + std::to_string(::getpid()) +
                                                    "-" + std::to_string(zones));
  fs::create_directories(dir);
  const fs::path site = dir / "site.textproto";
  std::ofstream(site) << pharmatwin::bench::large_site_textproto(zones);
  const fs::path out = dir / "run";
  std::vector<std::string> run = {"run",   site.string(), "--horizon", horizon(),
                                  "--out", out.string(),  "--quiet",   "--no-score"};
  if (mode == 0) run.insert(run.end(), {"--detector", "none", "--tt-system", "none"});
  if (mode == 1) run.insert(run.end(), {"--tt-system", "none"});
  std::vector<std::string> score = {"score",       out.string(), "--scenario",
                                    site.string(), "--quiet",    "--no-audit"};
  if (mode == 3) {
    if (auto r = pharmatwin::bench::run_pharmatwin(run); !r.ok())
      return state.SkipWithError(r.error.c_str());
  }
  pharmatwin::bench::ChildRun last;
  double cpu = 0, wall = 0;
  for (auto _ : state) {
    // score exits 1 when an expectation fails; the site has none, but a result is a result.
    last = mode == 3 ? pharmatwin::bench::run_pharmatwin(score, {0, 1})
                     : pharmatwin::bench::run_pharmatwin(run);
    if (!last.ok()) return state.SkipWithError(last.error.c_str());
    cpu += last.cpu_s;
    wall += last.wall_s;
    state.SetIterationTime(last.wall_s);
  }
  const double n = static_cast<double>(state.iterations());
  const double readings = 8.0 * zones * horizon_s(horizon()) / 60.0;
  state.counters["cpu_s"] = cpu / n;
  state.counters["wall_s"] = wall / n;
  state.counters["max_rss_MiB"] = last.max_rss_mib;
  if (mode != 3) state.counters["M_readings_per_cpu_s"] = readings / (cpu / n) / 1e6;
  std::error_code ec;
  fs::remove_all(dir, ec);
}
BENCHMARK(BM_EndToEnd)
    ->ArgsProduct({{10, 25, 50}, {0, 1, 2, 3}})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

}  // namespace
