// The sensors of the site, sampled in blocks.
//
// Sensors do not act on the physics, so the readings of a whole block of time are produced in
// one call: the true temperatures of each zone are evaluated once per sampling instant (shared by
// every sensor of the zone with that interval), then each sensor adds its own bias, drift and
// noise from its own random stream. Readings come out in time order (then sensor order).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/sim/random.hpp"
#include "pharmatwin/sim/zone_climate.hpp"

namespace pharmatwin::sim {

struct SensorConfig {
  std::string name;
  std::uint32_t zone = 0;
  adapters::SensorKind kind = adapters::SensorKind::kAir;
  double interval_s = 60;
  double noise_sigma_c = 0;
  double bias_c = 0;
};

enum class SensorEffectKind : std::uint8_t { kDrift, kBias, kStuck, kDropout };

// A fault acting on a sensor during [start_s, end_s).
struct SensorEffect {
  std::uint32_t fault = 0;  // fault id, to end it
  SensorEffectKind kind = SensorEffectKind::kDrift;
  double start_s = 0;
  double end_s = kNever;
  double value = 0;  // drift: c per day; bias: c; stuck: value (NaN: the last reading)
};

class SensorBank {
 public:
  SensorBank(std::vector<SensorConfig> sensors, const RandomStreams& streams);

  std::size_t size() const { return sensors_.size(); }
  const SensorConfig& config(std::uint32_t sensor) const { return sensors_[sensor].config; }

  // Effects must start no earlier than the start of the next block to generate.
  void add_effect(std::uint32_t sensor, const SensorEffect& effect);
  void end_effect(std::uint32_t sensor, std::uint32_t fault, double end_s);

  // Appends the readings with times in [ta_s, tb_s); the zones must be advanced to tb_s.
  void generate(double ta_s, double tb_s, const std::vector<ZoneClimate>& zones,
                std::vector<adapters::SensorReading>& out);

 private:
  struct Sensor {
    SensorConfig config;
    RandomStream rng;
    std::vector<SensorEffect> effects;
    double last_value_c = std::numeric_limits<double>::quiet_NaN();
  };
  // What the common case of the inner loop needs, packed together.
  struct Hot {
    RandomStream rng;
    double sigma_c;
    double bias_c;
    std::uint32_t zone;
    bool product;
    bool plain;  // no effect in this block
    double last_c;
  };
  struct IntervalClass {
    double interval_s;
    std::vector<std::uint32_t> sensors;
    std::vector<std::uint32_t> zones;  // zones read by the class
  };
  bool reading(Sensor& sensor, double t, double truth_c, double& value_c);

  std::vector<Sensor> sensors_;
  std::vector<Hot> hot_;
  std::vector<IntervalClass> classes_;
  std::vector<double> times_, air_, product_;
};

}  // namespace pharmatwin::sim
