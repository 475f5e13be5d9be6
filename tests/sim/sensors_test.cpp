// Sensor bank and random streams (no SimGrid involved).
#include "pharmatwin/sim/sensors.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "pharmatwin/sim/random.hpp"

namespace pharmatwin::sim {
namespace {

// A zone whose temperature never moves: ambient = initial = 5 C, no load, no HVAC.
std::vector<ZoneClimate> still_zone(const RandomStreams& streams) {
  scenario::Ambient ambient;
  ambient.set_mean_c(5);
  auto profile = AmbientProfile::create(ambient, 0, ".", nullptr);
  ZoneConfig cfg;
  cfg.name = "still";
  cfg.mass = {500, 2000, 1};
  cfg.ua_ambient_kw_per_k = 0.5;
  cfg.initial_air_c = cfg.initial_product_c = 5;
  std::vector<ZoneClimate> zones;
  zones.emplace_back(cfg, profile, nullptr, streams, 1e9);
  return zones;
}

SensorConfig sensor(const std::string& name, double sigma, double bias = 0, double interval = 60) {
  SensorConfig s;
  s.name = name;
  s.zone = 0;
  s.noise_sigma_c = sigma;
  s.bias_c = bias;
  s.interval_s = interval;
  return s;
}

std::vector<adapters::SensorReading> generate(SensorBank& bank, std::vector<ZoneClimate>& zones,
                                              double until_s, double block_s = 3600) {
  std::vector<adapters::SensorReading> out;
  for (double t = 0; t < until_s; t += block_s) {
    zones[0].advance_to(t + block_s);
    bank.generate(t, t + block_s, zones, out);
  }
  return out;
}

TEST(RandomStreams, NormalVariatesHaveTheStandardMoments) {
  RandomStream rng(stream_seed(42, "test", "normal"));
  const int n = 2'000'000;
  double sum = 0, sum2 = 0, sum4 = 0;
  int beyond2 = 0, beyond3 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal();
    sum += x;
    sum2 += x * x;
    sum4 += x * x * x * x;
    beyond2 += std::abs(x) > 2;
    beyond3 += std::abs(x) > 3;
  }
  EXPECT_NEAR(sum / n, 0, 0.003);
  EXPECT_NEAR(sum2 / n, 1, 0.004);
  EXPECT_NEAR(sum4 / n, 3, 0.03);                                     // kurtosis of the normal
  EXPECT_NEAR(static_cast<double>(beyond2) / n, 0.0455003, 0.0006);   // 2 (1 - Phi(2))
  EXPECT_NEAR(static_cast<double>(beyond3) / n, 0.0026998, 0.00012);  // 2 (1 - Phi(3))
}

TEST(RandomStreams, StreamsDependOnSeedKindAndName) {
  EXPECT_EQ(stream_seed(1, "sensor", "a"), stream_seed(1, "sensor", "a"));
  EXPECT_NE(stream_seed(1, "sensor", "a"), stream_seed(2, "sensor", "a"));
  EXPECT_NE(stream_seed(1, "sensor", "a"), stream_seed(1, "door", "a"));
  EXPECT_NE(stream_seed(1, "sensor", "a"), stream_seed(1, "sensor", "b"));
  RandomStream u(9);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) sum += u.uniform01();
  EXPECT_NEAR(sum / 100000, 0.5, 0.005);
}

TEST(SensorBank, AddingASensorLeavesTheOthersNoiseUnchanged) {
  const RandomStreams streams(11);
  auto zones_a = still_zone(streams);
  SensorBank alone({sensor("s1", 0.3)}, streams);
  const auto a = generate(alone, zones_a, 6 * 3600);
  auto zones_b = still_zone(streams);
  SensorBank with_more({sensor("s0", 0.3, 0, 30), sensor("s1", 0.3), sensor("s2", 0.5)}, streams);
  const auto b = generate(with_more, zones_b, 6 * 3600);
  std::vector<double> s1_in_b;
  for (const auto& r : b) {
    if (r.sensor == 1) s1_in_b.push_back(r.value_c);
  }
  ASSERT_EQ(a.size(), s1_in_b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].value_c, s1_in_b[i]);
  // Batches come out in time order.
  for (std::size_t i = 1; i < b.size(); ++i) EXPECT_LE(b[i - 1].time_s, b[i].time_s);
}

TEST(SensorBank, NoiseAndBiasStatistics) {
  const RandomStreams streams(3);
  auto zones = still_zone(streams);
  SensorBank bank({sensor("s", 0.25, 0.4)}, streams);
  const auto out = generate(bank, zones, 200 * 86400.0, 86400);
  ASSERT_EQ(out.size(), 200u * 1440u);
  double sum = 0, sum2 = 0;
  for (const auto& r : out) {
    sum += r.value_c - 5;
    sum2 += (r.value_c - 5) * (r.value_c - 5);
  }
  const double n = static_cast<double>(out.size());
  const double mean = sum / n;
  const double sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(mean, 0.4, 0.25 * 4 / std::sqrt(n));  // within 4 standard errors
  EXPECT_NEAR(sd, 0.25, 0.25 * 4 / std::sqrt(2 * n));
}

TEST(SensorBank, DriftStuckAndDropoutFaults) {
  const RandomStreams streams(5);
  auto zones = still_zone(streams);
  SensorBank bank({sensor("drifting", 0.1), sensor("stuck", 0.1), sensor("dropping", 0.1)},
                  streams);
  const double day = 86400;
  bank.add_effect(0, {1, SensorEffectKind::kDrift, 1 * day, 11 * day, 0.5});  // 0.5 C per day
  bank.add_effect(1, {2, SensorEffectKind::kStuck, 2 * day, 3 * day, std::nan("")});
  bank.add_effect(2, {3, SensorEffectKind::kDropout, 2 * day, 2.5 * day, 0});
  const auto out = generate(bank, zones, 12 * day);
  // Drift: least-squares slope of the error during the fault.
  double st = 0, se = 0, stt = 0, ste = 0, n = 0;
  double stuck_value = std::nan("");
  int stuck_count = 0, dropping_in_window = 0, dropping_total = 0;
  for (const auto& r : out) {
    if (r.sensor == 0 && r.time_s >= 1 * day && r.time_s < 11 * day) {
      const double t = r.time_s / day, e = r.value_c - 5;
      st += t;
      se += e;
      stt += t * t;
      ste += t * e;
      n += 1;
    }
    if (r.sensor == 1 && r.time_s >= 2 * day && r.time_s < 3 * day) {
      if (std::isnan(stuck_value)) stuck_value = r.value_c;
      EXPECT_EQ(r.value_c, stuck_value);
      ++stuck_count;
    }
    if (r.sensor == 2) {
      ++dropping_total;
      if (r.time_s >= 2 * day && r.time_s < 2.5 * day) ++dropping_in_window;
    }
  }
  const double slope = (n * ste - st * se) / (n * stt - st * st);
  EXPECT_NEAR(slope, 0.5, 0.002);
  EXPECT_EQ(stuck_count, 1440);
  EXPECT_EQ(dropping_in_window, 0);
  EXPECT_EQ(dropping_total, 12 * 1440 - 720);
  // After the drift ends the error is back to noise around 0.
  double after = 0;
  int after_n = 0;
  for (const auto& r : out) {
    if (r.sensor == 0 && r.time_s >= 11 * day) {
      after += r.value_c - 5;
      ++after_n;
    }
  }
  EXPECT_NEAR(after / after_n, 0, 0.02);
}

}  // namespace
}  // namespace pharmatwin::sim
