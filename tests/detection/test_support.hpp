// Helpers shared by the detection tests: a policy built in code and a small engine fixture.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "pharmatwin/detection/engine.hpp"
#include "pharmatwin/detection/policy.hpp"

namespace pharmatwin::detection::testing {

inline constexpr TimeMs kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

inline TimeMs minutes(double m) { return static_cast<TimeMs>(m * kMsPerMinute); }

// A CRT-like policy with every rule at documented defaults, for tests to adjust.
inline Policy base_policy(const std::string& storage_class = "crt") {
  PolicyLoad load =
      parse_policy(R"({"version": "test-1", "storage_class": ")" + storage_class + R"("})", "test");
  EXPECT_TRUE(load.ok());
  return load.policy;
}

inline std::vector<AlertEvent> of_type(const std::vector<AlertEvent>& events, AlertType type) {
  std::vector<AlertEvent> out;
  for (const auto& e : events) {
    if (e.type == type) out.push_back(e);
  }
  return out;
}

inline std::vector<AlertEvent> with(const std::vector<AlertEvent>& events, AlertType type,
                                    Lifecycle lifecycle) {
  std::vector<AlertEvent> out;
  for (const auto& e : events) {
    if (e.type == type && e.lifecycle == lifecycle) out.push_back(e);
  }
  return out;
}

// One zone of `sensors` temperature sensors under `policy`.
struct ZoneFixture {
  Engine engine;
  ZoneId zone = 0;
  std::vector<SensorId> sensors;
  std::vector<AlertEvent> events;

  explicit ZoneFixture(Policy policy, int sensor_count = 1)
      : ZoneFixture(
            std::move(policy),
            std::vector<Placement>(static_cast<std::size_t>(sensor_count), Placement::kAir)) {}

  // One temperature sensor per entry, air probes or product simulants.
  ZoneFixture(Policy policy, const std::vector<Placement>& placements) {
    const std::string storage_class = policy.storage_class;
    EXPECT_EQ(engine.add_policy(std::move(policy)), "");
    auto z = engine.add_zone({"site", "zone-a", storage_class});
    EXPECT_TRUE(z.ok());
    zone = z.id;
    for (std::size_t i = 0; i < placements.size(); ++i) {
      auto s = engine.add_sensor(
          {"s" + std::to_string(i), zone, SensorKind::kTemperature, kNoTime, placements[i]});
      EXPECT_TRUE(s.ok());
      sensors.push_back(s.id);
    }
    engine.set_sink([this](const AlertEvent& e) { events.push_back(e); });
  }
};

}  // namespace pharmatwin::detection::testing

namespace pharmatwin::detection::testing {
inline void dump(const std::vector<AlertEvent>& events) {
  for (const auto& e : events) {
    std::printf("%s %llu %s %s t=%lld v=%.3f s=%u %s\n",
                std::string(to_string(e.lifecycle)).c_str(), static_cast<unsigned long long>(e.id),
                std::string(to_string(e.type)).c_str(), std::string(to_string(e.severity)).c_str(),
                static_cast<long long>((e.time_ms - kT0) / 1000), e.value, e.sensor,
                e.detail.c_str());
  }
}
}  // namespace pharmatwin::detection::testing
