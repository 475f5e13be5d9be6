// Throughput of the detection engine on a 400-sensor site: 50 zones of 8 temperature sensors,
// every rule on (thresholds with delays, rate of change, stuck value, rolling MKT with the
// allowed-excursion rule, redundancy CUSUM, HVAC/door/early-warning signature, learned
// baseline, stability budgets of 4 lots per zone, calibration dates, comm-loss scan).
// One reading per sensor every `interval` seconds, in time order, fed as a batch span.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "pharmatwin/detection/engine.hpp"
#include "pharmatwin/detection/policy.hpp"

namespace pharmatwin::detection {
namespace {

constexpr int kZones = 50;
constexpr int kSensorsPerZone = 8;
constexpr TimeMs kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

Policy bench_policy(bool all_rules) {
  Policy p = parse_policy(R"({"version": "bench-1", "storage_class": "crt"})", "bench").policy;
  if (!all_rules) {
    p.rate.enabled = false;
    p.early_warning.enabled = false;
    p.hvac.enabled = false;
    p.door.enabled = false;
    p.mkt.enabled = false;
    p.budget.enabled = false;
    p.health.stuck_enabled = false;
    p.health.redundancy_enabled = false;
    p.baseline.enabled = false;
  }
  p.baseline.learn_ms = 2 * kMsPerHour;
  return p;
}

// Readings over `span_ms`: each zone cycles around 21 °C (15-min controller cycle), each sensor
// with its own offset and noise; zone 7 warms after noon (an HVAC failure), sensor 3 drifts.
std::vector<Reading> make_readings(TimeMs interval_ms, TimeMs span_ms) {
  std::mt19937_64 rng(2026);
  std::normal_distribution<double> noise(0.0, 0.05);
  std::vector<double> offsets(kZones * kSensorsPerZone);
  for (double& o : offsets) o = 0.3 * noise(rng) / 0.05;
  std::vector<Reading> out;
  const auto steps = span_ms / interval_ms;
  out.reserve(static_cast<std::size_t>(steps) * offsets.size());
  for (TimeMs step = 0; step < steps; ++step) {
    const TimeMs t = kT0 + step * interval_ms;
    const double minute = static_cast<double>(step * interval_ms) / kMsPerMinute;
    for (int z = 0; z < kZones; ++z) {
      double zone_c = 21.0 + 0.5 * std::sin(2 * std::numbers::pi * (minute + 3 * z) / 15.0);
      if (z == 7 && minute > 720) zone_c += std::min(6.0, 0.01 * (minute - 720));
      for (int s = 0; s < kSensorsPerZone; ++s) {
        const int id = z * kSensorsPerZone + s;
        double v = zone_c + offsets[static_cast<std::size_t>(id)] + noise(rng);
        if (id == 3) v += 0.002 * minute;
        out.push_back({static_cast<SensorId>(id), t, v});
      }
    }
  }
  return out;
}

void build_site(Engine& engine, bool all_rules) {
  engine.add_policy(bench_policy(all_rules));
  for (int z = 0; z < kZones; ++z) {
    const ZoneId zone = engine.add_zone({"bench", "zone-" + std::to_string(z), "crt"}).id;
    for (int s = 0; s < kSensorsPerZone; ++s) {
      engine.add_sensor({"z" + std::to_string(z) + "-s" + std::to_string(s), zone,
                         SensorKind::kTemperature, kT0 + 400 * kMsPerDay});
    }
    std::vector<Lot> lots;
    for (int l = 0; l < 4; ++l) {
      lots.push_back(
          {"LOT-" + std::to_string(z) + "-" + std::to_string(l), 72 * kMsPerHour, {}, {}});
    }
    engine.set_lots_in_zone(zone, lots);
    engine.ingest_telemetry(zone, kT0, TelemetryKind::kHvacOn, true);
  }
}

void run(benchmark::State& state, TimeMs interval_ms, bool all_rules, TimeMs span_ms = kMsPerDay) {
  const auto readings = make_readings(interval_ms, span_ms);
  std::size_t events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Engine engine;
    build_site(engine, all_rules);
    engine.set_sink([&events](const AlertEvent&) { ++events; });
    state.ResumeTiming();
    engine.ingest(readings);
    benchmark::DoNotOptimize(engine.stats().events);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * readings.size()));
  state.counters["readings"] = static_cast<double>(readings.size());
  state.counters["alert_events"] =
      static_cast<double>(events) / static_cast<double>(state.iterations());
}

void BM_Site400_AllRules_10s(benchmark::State& state) { run(state, 10 * kMsPerSecond, true); }
void BM_Site400_AllRules_60s(benchmark::State& state) { run(state, 60 * kMsPerSecond, true); }
void BM_Site400_AllRules_1s(benchmark::State& state) {
  run(state, 1 * kMsPerSecond, true, 3 * kMsPerHour);
}
void BM_Site400_ThresholdsOnly_10s(benchmark::State& state) {
  run(state, 10 * kMsPerSecond, false);
}

BENCHMARK(BM_Site400_AllRules_10s)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Site400_AllRules_60s)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Site400_AllRules_1s)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Site400_ThresholdsOnly_10s)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace pharmatwin::detection
