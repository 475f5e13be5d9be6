// Speed of the simulated world: whole runs of synthetic sites (each in a forked child, since
// SimGrid initialises once per process), plus the physics, the sensor bank and the normal
// generator on their own.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>

#include "pharmatwin/sim/random.hpp"
#include "pharmatwin/sim/sensors.hpp"
#include "pharmatwin/sim/world.hpp"
#include "pharmatwin/sim/zone_climate.hpp"
#include "site_generator.hpp"

namespace {

using namespace pharmatwin;

struct ChildResult {
  double wall_s = 0, cpu_s = 0, readings = 0, segments = 0, max_rss_mib = 0;
};

// Runs a whole site in a child process; readings go to a no-op port and are not logged.
bool run_site(int zones, int sensors_per_zone, const std::string& horizon, ChildResult& result) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    ChildResult r;
    sim::WorldOptions options;
    options.block_s = 3600;
    std::string error;
    auto world = sim::World::create(bench::synthetic_site(zones, sensors_per_zone, horizon),
                                    options, &error);
    if (world) {
      rusage before{};
      getrusage(RUSAGE_SELF, &before);
      const auto summary = world->run();
      rusage after{};
      getrusage(RUSAGE_SELF, &after);
      auto secs = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec * 1e-6; };
      r.wall_s = summary.wall_time_s;
      r.cpu_s = secs(after.ru_utime) + secs(after.ru_stime) - secs(before.ru_utime) -
                secs(before.ru_stime);
      r.readings = static_cast<double>(summary.readings);
      r.segments = static_cast<double>(summary.thermal_segments);
      r.max_rss_mib = after.ru_maxrss / 1024.0;
    }
    const bool ok = write(fds[1], &r, sizeof r) == static_cast<ssize_t>(sizeof r);
    _exit(world && ok ? 0 : 3);
  }
  close(fds[1]);
  const bool ok = read(fds[0], &result, sizeof result) == static_cast<ssize_t>(sizeof result);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// args: zones, sensors per zone, days
void BM_SiteRun(benchmark::State& state) {
  const int zones = static_cast<int>(state.range(0));
  const int per_zone = static_cast<int>(state.range(1));
  const std::string horizon = std::to_string(state.range(2)) + "d";
  ChildResult r;
  for (auto _ : state) {
    if (!run_site(zones, per_zone, horizon, r)) {
      state.SkipWithError("the child run failed");
      return;
    }
    state.SetIterationTime(r.wall_s);
  }
  state.counters["readings"] = r.readings;
  state.counters["readings_per_s"] = r.readings / r.wall_s;
  state.counters["cpu_s"] = r.cpu_s;
  state.counters["segments"] = r.segments;
  state.counters["max_rss_MiB"] = r.max_rss_mib;
}
BENCHMARK(BM_SiteRun)
    ->Args({10, 8, 365})
    ->Args({25, 8, 365})
    ->Args({50, 8, 365})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

std::shared_ptr<const sim::AmbientProfile> seasonal_ambient() {
  scenario::Ambient ambient;
  ambient.set_mean_c(14);
  ambient.set_daily_amplitude_c(5);
  ambient.set_seasonal_amplitude_c(9);
  return sim::AmbientProfile::create(ambient, 1767225600.0, ".", nullptr);
}

sim::ZoneConfig cold_room() {
  sim::ZoneConfig cfg;
  cfg.name = "cold";
  cfg.mass = {1500, 5000, 1.0};
  cfg.ua_ambient_kw_per_k = 0.1;
  cfg.internal_load_kw = 0.3;
  cfg.hvac_capacity_kw = 5;
  cfg.setpoint_c = 5;
  cfg.hysteresis_c = 1;
  cfg.doors.push_back({"dock", 2, 2.4, 0.7, 4, 40});
  return cfg;
}

// One cold room with door traffic over a year: segments (events) per second.
void BM_ZoneYear(benchmark::State& state) {
  const sim::RandomStreams streams(1);
  const auto ambient = seasonal_ambient();
  std::uint64_t segments = 0;
  for (auto _ : state) {
    sim::ZoneClimate zone(cold_room(), ambient, nullptr, streams, 365 * 86400.0);
    for (double t = 3600; t <= 365 * 86400.0; t += 3600) {
      zone.advance_to(t);
      zone.forget_before(t - 86400);
    }
    segments += zone.segments_created();
  }
  state.counters["segments_per_s"] =
      benchmark::Counter(static_cast<double>(segments), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ZoneYear)->Unit(benchmark::kMillisecond);

// The sensor bank alone: 8 sensors on one zone, one-hour blocks of one-minute samples.
void BM_SensorBlocks(benchmark::State& state) {
  const sim::RandomStreams streams(1);
  std::vector<sim::ZoneClimate> zones;
  zones.emplace_back(cold_room(), seasonal_ambient(), nullptr, streams, 1e9);
  std::vector<sim::SensorConfig> configs;
  for (int i = 0; i < 8; ++i)
    configs.push_back({"s" + std::to_string(i), 0, adapters::SensorKind::kAir, 60, 0.1, 0});
  sim::SensorBank bank(configs, streams);
  std::vector<adapters::SensorReading> out;
  double t = 0;
  std::uint64_t readings = 0;
  for (auto _ : state) {
    zones[0].advance_to(t + 3600);
    out.clear();
    bank.generate(t, t + 3600, zones, out);
    readings += out.size();
    t += 3600;
    zones[0].forget_before(t - 3600);
  }
  state.counters["readings_per_s"] =
      benchmark::Counter(static_cast<double>(readings), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SensorBlocks);

void BM_NormalZiggurat(benchmark::State& state) {
  sim::RandomStream rng(7);
  double sum = 0;
  for (auto _ : state) sum += rng.normal();
  benchmark::DoNotOptimize(sum);
}
BENCHMARK(BM_NormalZiggurat);

}  // namespace
