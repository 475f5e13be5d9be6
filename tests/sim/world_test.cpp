// The World on SimGrid. Each test runs its world in a forked child (one SimGrid per process).
#include "pharmatwin/sim/world.hpp"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <simgrid/s4u/Engine.hpp>
#include <string>

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/sim/event_log.hpp"
#include "sim_child.hpp"

namespace pharmatwin::sim {
namespace {

using testing::in_child;

constexpr const char* kExpectedLogSha256 =
    "51fbc89a58bd08cb71f64c61943359e5eac8befd11da2b99f4a4b83469e94f0b";

// One cold room as a single air node (no product mass): C = 500 kJ/K, UA = 0.5 kW/K, so
// tau = 1000 s; ambient 30 C and 2 kW of load give T_inf = 34 C without cooling.
constexpr const char* kColdRoom = R"pb(
  name: "tiny"
  run { start: "2026-01-05T00:00:00Z" horizon: "1d" seed: 7 }
  site {
    name: "test site"
    ambient { mean_c: 30 }
  }
  zones {
    name: "cold"
    storage_class: REFRIGERATED
    thermal {
      air_heat_capacity_kj_per_k: 500
      product_heat_capacity_kj_per_k: 0
      ua_ambient_kw_per_k: 0.5
      internal_load_kw: 2
    }
    hvac { capacity_kw: 20 setpoint_c: 5 hysteresis_c: 2 }
    sensors { name: "cold-air" kind: AIR sample_interval: "1m" noise_sigma_c: 0.2 }
    sensors {
      name: "cold-product"
      kind: PRODUCT_SIMULANT
      sample_interval: "5m"
      noise_sigma_c: 0.05
      initial_bias_c: 0.3
    }
  }
  zones {
    name: "hall"
    storage_class: CRT_15_25
    ambient { mean_c: 24 daily_amplitude_c: 4 }
    thermal {
      air_heat_capacity_kj_per_k: 8000
      product_heat_capacity_kj_per_k: 30000
      ua_ambient_kw_per_k: 0.8
      ua_product_kw_per_k: 3
      internal_load_kw: 1
    }
    hvac { capacity_kw: 10 setpoint_c: 20 hysteresis_c: 2 }
    doors { name: "dock" width_m: 3 height_m: 3 openings_per_hour: 6 open_time: "1m" }
    sensors { name: "hall-air" kind: AIR sample_interval: "2m" noise_sigma_c: 0.1 }
  }
)pb";

scenario::Scenario cold_room(const std::string& extra = "") {
  scenario::Scenario sc;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(std::string(kColdRoom) + extra, &sc));
  return sc;
}

std::string sha256_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unsigned char digest[32];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    static const char* kHex = "0123456789abcdef";
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

TEST(World, WarmingAfterHvacFailureMatchesTheClosedForm) {
  std::vector<double> got;
  ASSERT_TRUE(in_child(
      [] {
        auto sc = cold_room(R"pb(faults {
                                   name: "hvac-down"
                                   start: "1h"
                                   hvac_failure { zone: "cold" }
                                 })pb");
        std::string error;
        auto world = World::create(sc, {}, &error);
        if (!world) return std::vector<double>{};
        world->run();
        auto& climate = world->climate();
        const auto& truth = world->truth();
        return std::vector<double>{climate.air_temperature_c(0, 3600),
                                   climate.air_temperature_c(0, 3600 + 2000),
                                   truth.zones[0].first_out_of_range_s.value_or(-1),
                                   climate.cumulative_out_of_range_s(0, 2, 8, 86400),
                                   truth.faults.empty() ? -1 : truth.faults[0].start_s};
      },
      got));
  ASSERT_EQ(got.size(), 5u);
  const double t0 = got[0], tau = 1000, t_inf = 34;
  EXPECT_GE(t0, 4 - 1e-6);  // within the hysteresis band when the HVAC fails
  EXPECT_LE(t0, 6 + 1e-6);
  EXPECT_NEAR(got[1], t_inf - (t_inf - t0) * std::exp(-2.0), 0.01);
  const double t_limit = 3600 + tau * std::log((t_inf - t0) / (t_inf - 8));
  EXPECT_NEAR(got[2], t_limit, 1.0);
  EXPECT_NEAR(got[3], 86400 - t_limit, 1.0);
  EXPECT_EQ(got[4], 3600);
}

TEST(World, ReadingsArriveInBlocksAndFollowTheTruth) {
  std::vector<double> got;
  ASSERT_TRUE(in_child(
      [] {
        adapters::RecordingDetectionPort port;
        WorldOptions options;
        options.block_s = 600;
        std::string error;
        auto world = World::create(cold_room(), options, &error);
        if (!world) return std::vector<double>{};
        world->set_detection_port(&port);
        world->run();
        auto& climate = world->climate();
        double ordered = 1, air_n = 0, air_sum = 0, air_sum2 = 0, prod_n = 0, prod_sum = 0;
        double prev = -1;
        for (const auto& r : port.readings()) {
          if (r.time_s < prev) ordered = 0;
          prev = r.time_s;
          if (r.sensor == 0) {
            const double e = r.value_c - climate.air_temperature_c(0, r.time_s);
            air_n += 1;
            air_sum += e;
            air_sum2 += e * e;
          } else if (r.sensor == 1) {
            prod_n += 1;
            prod_sum += r.value_c - climate.product_temperature_c(0, r.time_s);
          }
        }
        return std::vector<double>{
            static_cast<double>(port.readings().size()),
            static_cast<double>(port.reading_batches()),
            static_cast<double>(port.telemetry().size()),
            static_cast<double>(port.advances().size()),
            ordered,
            air_n,
            air_sum / air_n,
            std::sqrt(air_sum2 / air_n - (air_sum / air_n) * (air_sum / air_n)),
            prod_n,
            prod_sum / prod_n,
            static_cast<double>(port.layout().sensors.size())};
      },
      got));
  ASSERT_EQ(got.size(), 11u);
  EXPECT_EQ(got[0], 1440 + 288 + 720);  // 1 day at 1 min, 5 min and 2 min
  EXPECT_EQ(got[1], 144);               // one batch per 10-minute block
  EXPECT_EQ(got[2], 144 * 2);           // telemetry of both zones per block
  EXPECT_EQ(got[3], 144);
  EXPECT_EQ(got[4], 1);  // time order
  EXPECT_EQ(got[5], 1440);
  EXPECT_NEAR(got[6], 0, 4 * 0.2 / std::sqrt(1440.0));
  EXPECT_NEAR(got[7], 0.2, 0.02);
  EXPECT_EQ(got[8], 288);
  EXPECT_NEAR(got[9], 0.3,
              4 * 0.05 / std::sqrt(288.0));  // the bias, product sensors read the product
  EXPECT_EQ(got[10], 3);
}

TEST(World, FaultsInjectedAtRunTimeStartAtTheNextBlock) {
  std::vector<double> got;
  ASSERT_TRUE(in_child(
      [] {
        std::string error;
        auto world = World::create(cold_room(), {}, &error);
        if (!world) return std::vector<double>{};
        World* w = world.get();
        bool done = false;
        double bad_rejected = 0;
        world->observers().on_time_advance.connect([&](double t) {
          if (t < 7200 || done) return;
          done = true;
          scenario::Fault f;
          f.set_name("late-door");
          f.set_duration("30m");
          f.mutable_door_left_open()->set_zone("hall");
          f.mutable_door_left_open()->set_door("dock");
          w->inject(f);
          scenario::Fault bad;
          bad.set_name("nowhere");
          bad.mutable_hvac_failure()->set_zone("attic");
          bad_rejected = w->inject(bad, &error) ? 0 : 1;
        });
        world->run();
        const auto& faults = world->truth().faults;
        if (faults.size() != 1) return std::vector<double>{static_cast<double>(faults.size())};
        return std::vector<double>{1, faults[0].start_s, faults[0].end_s.value_or(-1),
                                   faults[0].injected ? 1.0 : 0.0, bad_rejected};
      },
      got));
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[1], 7500);  // the block after the one that ended at 7200
  EXPECT_EQ(got[2], 7500 + 1800);
  EXPECT_EQ(got[3], 1);
  EXPECT_EQ(got[4], 1);
}

TEST(World, DecisionsFromThePortReachTheObservers) {
  std::vector<double> got;
  ASSERT_TRUE(in_child(
      [] {
        adapters::RecordingDetectionPort port;
        adapters::Decision d;
        d.idempotency_key = "k1";
        d.sim_time_s = 3000;
        d.zone = "cold";
        port.queue_decision(d);
        adapters::Alert a;
        a.id = "a1";
        a.kind = "excursion";
        a.raised_at_s = 2950;
        port.queue_alert(a);
        std::string error;
        auto world = World::create(cold_room(), {}, &error);
        if (!world) return std::vector<double>{};
        world->set_detection_port(&port);
        double decided_at = -1, alerted_at = -1;
        world->observers().on_decision.connect(
            [&](const adapters::Decision&) { decided_at = simgrid::s4u::Engine::get_clock(); });
        world->observers().on_alert.connect(
            [&](const adapters::Alert&) { alerted_at = simgrid::s4u::Engine::get_clock(); });
        const auto summary = world->run();
        return std::vector<double>{decided_at, alerted_at, static_cast<double>(summary.alerts),
                                   static_cast<double>(summary.decisions)};
      },
      got));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], 3000);
  EXPECT_EQ(got[1], 3000);  // released by the first advance_to() at or after its time
  EXPECT_EQ(got[2], 1);
  EXPECT_EQ(got[3], 1);
}

std::string run_logged(const std::filesystem::path& dir, std::uint64_t seed) {
  std::filesystem::remove_all(dir);
  std::vector<double> got;
  const bool ok = in_child(
      [&] {
        auto sc = cold_room(R"pb(
          faults {
            name: "hvac-down"
            start: "6h"
            duration: "2h"
            hvac_failure { zone: "cold" }
          }
          faults {
            name: "drift"
            start: "2h"
            sensor_drift { sensor: "cold-air" rate_c_per_day: 1 }
          }
          faults {
            name: "stuck"
            start: "3h"
            duration: "1h"
            sensor_stuck { sensor: "hall-air" }
          }
        )pb");
        WorldOptions options;
        options.out_dir = dir;
        options.log_readings = true;
        options.seed = seed;
        std::string error;
        auto world = World::create(sc, options, &error);
        if (!world) return std::vector<double>{};
        world->run();
        return std::vector<double>{1};
      },
      got);
  return ok && got.size() == 1 ? sha256_of(dir / "events.pb") : "";
}

TEST(World, SameScenarioAndSeedGiveAByteIdenticalLog) {
  const auto base =
      std::filesystem::temp_directory_path() / ("pharmatwin-sim-test-" + std::to_string(getpid()));
  const std::string first = run_logged(base / "a", 7);
  const std::string second = run_logged(base / "b", 7);
  const std::string other_seed = run_logged(base / "c", 8);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, second);
  EXPECT_NE(first, other_seed);
  // Fixed after checking determinism across separate runs; changes only when the model, the log
  // format or the version changes.
  EXPECT_EQ(first, kExpectedLogSha256);

  // The log reads back: header first, ground truth, the run's end last.
  std::string error;
  auto reader = EventLogReader::open(base / "a" / "events.pb", &error);
  ASSERT_TRUE(reader) << error;
  LogRecord rec;
  ASSERT_TRUE(reader->next(rec));
  ASSERT_TRUE(rec.has_header());
  EXPECT_EQ(rec.header().seed(), 7u);
  EXPECT_EQ(rec.header().scenario_hash().size(), 64u);
  EXPECT_EQ(rec.header().sensors_size(), 3);
  std::uint64_t readings = 0, started = 0, ended = 0;
  bool last_is_end = false;
  while (reader->next(rec)) {
    readings += rec.has_readings() ? rec.readings().time_s_size() : 0;
    started += rec.has_fault_started();
    ended += rec.has_fault_ended();
    last_is_end = rec.has_run_end();
  }
  EXPECT_TRUE(reader->error().empty()) << reader->error();
  EXPECT_TRUE(last_is_end);
  EXPECT_EQ(readings, 1440u + 288u + 720u);  // a stuck sensor still reports
  EXPECT_EQ(started, 3u);
  EXPECT_EQ(ended, 2u);  // the drift lasts to the end of the run
  std::filesystem::remove_all(base);
}

}  // namespace
}  // namespace pharmatwin::sim
