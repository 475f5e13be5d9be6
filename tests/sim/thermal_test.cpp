// Zone physics against closed forms (no SimGrid involved).
#include "pharmatwin/sim/thermal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "pharmatwin/sim/zone_climate.hpp"

namespace pharmatwin::sim {
namespace {

std::shared_ptr<const AmbientProfile> constant_ambient(double celsius) {
  scenario::Ambient ambient;
  ambient.set_mean_c(celsius);
  std::string error;
  auto profile = AmbientProfile::create(ambient, 1767571200.0, ".", &error);
  EXPECT_TRUE(profile) << error;
  return profile;
}

// A single air node: C = 500 kJ/K, UA = 0.5 kW/K, so tau = 1000 s.
ZoneConfig single_node_zone() {
  ZoneConfig cfg;
  cfg.name = "cold";
  cfg.mass = {500, 0, 0};
  cfg.ua_ambient_kw_per_k = 0.5;
  cfg.internal_load_kw = 2.0;
  cfg.hvac_capacity_kw = 20;
  cfg.setpoint_c = 5;
  cfg.hysteresis_c = 2;
  cfg.initial_air_c = cfg.initial_product_c = 5;
  cfg.min_c = 2;
  cfg.max_c = 8;
  return cfg;
}

TEST(Thermal, WarmingAfterHvacLossFollowsTheExponential) {
  const RandomStreams streams(1);
  ZoneClimate zone(single_node_zone(), constant_ambient(30), nullptr, streams, 1e6);
  zone.set_hvac_failed(0, true);
  const double tau = 500 / 0.5;
  const double t_inf = 30 + 2.0 / 0.5;  // ambient + load / UA
  const double t0 = 5;
  for (double t : {1.0, 100.0, 999.0, 3599.0, 3600.0, 3601.0, 5000.0, 9000.0, 20000.0}) {
    zone.advance_to(t);
    const double expected = t_inf - (t_inf - t0) * std::exp(-t / tau);
    EXPECT_NEAR(zone.air_c(t), expected, 0.01) << "t=" << t;
    EXPECT_NEAR(zone.product_c(t), expected, 0.01) << "no product mass: product follows the air";
  }
  // Time to reach the 8 C limit: tau ln((T_inf - T0) / (T_inf - T_lim)).
  const double t_limit = tau * std::log((t_inf - t0) / (t_inf - 8.0));
  ASSERT_TRUE(zone.truth().first_out_of_range_s.has_value());
  EXPECT_NEAR(*zone.truth().first_out_of_range_s, t_limit, 1.0);
  EXPECT_NEAR(zone.cumulative_outside_s(2, 8, 20000), 20000 - t_limit, 1.0);
  // A range asked for later is integrated from the kept history.
  const double t_15 = tau * std::log((t_inf - t0) / (t_inf - 15.0));
  EXPECT_NEAR(zone.cumulative_outside_s(-100, 15, 20000), 20000 - t_15, 1.0);
  EXPECT_NEAR(zone.cumulative_outside_s(-100, 15, 10000), 10000 - t_15, 1.0);
}

TEST(Thermal, HysteresisCycleMatchesTheClosedForm) {
  const RandomStreams streams(1);
  auto cfg = single_node_zone();
  cfg.internal_load_kw = 0;
  cfg.initial_air_c = cfg.initial_product_c = 6.5;  // starts calling for cold
  ZoneClimate zone(cfg, constant_ambient(30), nullptr, streams, 1e6);
  zone.advance_to(3 * 3600 - 1);  // stays within one ambient hour after the first
  const double tau = 1000;
  const double on_target = 30 - 20 / 0.5;  // -10 C with the compressor running
  const double on_s = tau * std::log((on_target - 6) / (on_target - 4));
  const double off_s = tau * std::log((30.0 - 4) / (30.0 - 6));
  // Switch instants: where consecutive segments change compressor state.
  std::vector<double> switches;
  const auto& h = zone.history();
  for (std::size_t i = 1; i < h.size(); ++i) {
    if (h[i].hvac_running != h[i - 1].hvac_running) switches.push_back(h[i].t0);
  }
  ASSERT_GE(switches.size(), 6u);
  int checked = 0;
  for (std::size_t i = 1; i < switches.size(); ++i) {
    const bool was_on = zone.segment_at(switches[i - 1]).hvac_running;
    const double expected = was_on ? on_s : off_s;
    EXPECT_NEAR(switches[i] - switches[i - 1], expected, 1e-3) << "switch " << i;
    ++checked;
  }
  EXPECT_GE(checked, 5);
  // The air stays within the band once cycling.
  for (double t = switches[0]; t < 3 * 3600 - 1; t += 7.3) {
    EXPECT_GE(zone.air_c(t), 4 - 1e-6);
    EXPECT_LE(zone.air_c(t), 6 + 1e-6);
  }
}

// Reference: fine RK4 integration of the two-node system.
void rk4(const ThermalMass& m, const ThermalInputs& in, double& ta, double& tp, double span_s) {
  auto deriv = [&](double a, double p, double& da, double& dp) {
    da = (in.ua_envelope_kw_per_k * (in.ambient_c - a) + m.ua_product_kw_per_k * (p - a) +
          in.heat_kw) /
         m.air_kj_per_k;
    dp = m.ua_product_kw_per_k * (a - p) / m.product_kj_per_k;
  };
  const int steps = 200000;
  const double h = span_s / steps;
  for (int i = 0; i < steps; ++i) {
    double k1a, k1p, k2a, k2p, k3a, k3p, k4a, k4p;
    deriv(ta, tp, k1a, k1p);
    deriv(ta + 0.5 * h * k1a, tp + 0.5 * h * k1p, k2a, k2p);
    deriv(ta + 0.5 * h * k2a, tp + 0.5 * h * k2p, k3a, k3p);
    deriv(ta + h * k3a, tp + h * k3p, k4a, k4p);
    ta += h / 6 * (k1a + 2 * k2a + 2 * k3a + k4a);
    tp += h / 6 * (k1p + 2 * k2p + 2 * k3p + k4p);
  }
}

TEST(Thermal, CoupledNodesMatchANumericalReference) {
  const ThermalMass mass{800, 6000, 1.5};
  const ThermalInputs in{28, 0.6, 3 - 12};
  const auto seg = solve_segment(mass, in, 100, 4, 6);
  double ta = 4, tp = 6;
  double elapsed = 0;
  for (double span : {60.0, 600.0, 3600.0, 20000.0}) {
    rk4(mass, in, ta, tp, span - elapsed);
    elapsed = span;
    EXPECT_NEAR(seg.air(100 + span), ta, 1e-6) << span;
    EXPECT_NEAR(seg.product(100 + span), tp, 1e-6) << span;
  }
  // Both nodes settle at ambient + Q / UA_envelope.
  EXPECT_NEAR(seg.air(1e9), 28 + (3 - 12) / 0.6, 1e-9);
  EXPECT_NEAR(seg.product(1e9), 28 + (3 - 12) / 0.6, 1e-9);
}

TEST(Thermal, CrossingAndTimeOutsideOnANonMonotoneCurve) {
  // Air starts cold, product warm: the air first rises then both settle (one extremum).
  const ThermalMass mass{100, 5000, 2.0};
  const ThermalInputs in{5, 0.1, -0.5};  // settles at 0 C
  const auto seg = solve_segment(mass, in, 0, -3, 10);
  double lo = 0, hi = 0;
  extremes(seg, Node::kAir, 0, 50000, lo, hi);
  EXPECT_NEAR(lo, -3, 1e-9);
  // Brute-force the time outside [-1, 2] and compare.
  double brute = 0;
  const double dt = 0.01;
  for (double t = 0.5 * dt; t < 50000; t += dt) {
    const double v = seg.air(t);
    if (v < -1 || v > 2) brute += dt;
  }
  EXPECT_NEAR(time_outside(seg, Node::kAir, -1, 2, 0, 50000), brute, 0.05);
  auto cross = first_crossing(seg, Node::kAir, -1, 0, 50000);
  ASSERT_TRUE(cross);
  EXPECT_NEAR(seg.air(*cross), -1, 1e-7);
}

TEST(Thermal, DoorConductanceSimplifiedGosneyOlama) {
  // 2 m x 2.5 m door, 5 C inside, 25 C outside:
  // V = 0.221 * 5 m2 * sqrt(9.81 * 2.5 * 20 / 298.15) = 1.41731 m3/s; UA = 1.2 * 1.005 * V.
  EXPECT_NEAR(door_conductance_kw_per_k(2, 2.5, 5, 25, 0), 1.70927, 1e-4);
  EXPECT_NEAR(door_conductance_kw_per_k(2, 2.5, 25, 5, 0.7), 0.3 * 1.70927, 1e-4);
  EXPECT_EQ(door_conductance_kw_per_k(2, 2.5, 10, 10, 0), 0);
}

TEST(Thermal, DoorLeftOpenWarmsTheZoneFasterThanTheEnvelopeAlone) {
  const RandomStreams streams(1);
  auto cfg = single_node_zone();
  cfg.doors.push_back({"dock", 2, 2.5, 0, 0, 0});
  ZoneClimate closed(cfg, constant_ambient(25), nullptr, streams, 1e6);
  ZoneClimate open(cfg, constant_ambient(25), nullptr, streams, 1e6);
  closed.set_hvac_failed(0, true);
  open.set_hvac_failed(0, true);
  open.set_door_forced_open(0, 0, true);
  closed.advance_to(600);
  open.advance_to(600);
  EXPECT_GT(open.air_c(600), closed.air_c(600) + 1);
  // Right after opening, the rate matches the door conductance at the initial difference.
  const double ua = 0.5 + door_conductance_kw_per_k(2, 2.5, 5, 25, 0);
  const double slope = (ua * (25 - 5) + 2.0) / 500;
  EXPECT_NEAR((open.air_c(0.01) - 5) / 0.01, slope, 1e-3);
}

TEST(Thermal, PowerOutageStopsTheHvacUntilPowerReturns) {
  const RandomStreams streams(1);
  ZoneClimate zone(single_node_zone(), constant_ambient(30), nullptr, streams, 1e6);
  zone.advance_to(7200);
  zone.set_powered(7200, false);
  const double at_loss = zone.air_c(7200);
  zone.advance_to(7200 + 500);
  const double t_inf = 34;
  EXPECT_NEAR(zone.air_c(7700), t_inf - (t_inf - at_loss) * std::exp(-500.0 / 1000), 1e-6);
  zone.set_powered(7700, true);
  zone.advance_to(7800);
  EXPECT_LT(zone.air_c(7800), zone.air_c(7700));
}

}  // namespace
}  // namespace pharmatwin::sim
