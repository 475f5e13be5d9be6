// A freezer without a generator through a 3-hour mains outage: its air and product against the
// closed-form response of the two-node model with the compressor off (docs/simulation.md,
// "Zone thermal model"), and the shipped power-outage scenario, whose freezer is meant to have
// no generator.
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/sim/world.hpp"
#include "sim_child.hpp"

namespace pharmatwin::sim {
namespace {

using testing::in_child;

// The freezer of scenarios/sites/small-site.textproto, alone, on a constant 21 °C ambient and
// without its door (the routine lid openings add 0.0015 kW/K on average: 0.2 °C in 3 h).
constexpr const char* kFreezer = R"pb(
  name: "freezer-outage"
  run { start: "2026-01-05T00:00:00Z" horizon: "1d" seed: 3 }
  site {
    name: "test site"
    ambient { mean_c: 21 }
  }
  zones {
    name: "freezer"
    storage_class: FROZEN
    thermal {
      air_heat_capacity_kj_per_k: 600
      product_heat_capacity_kj_per_k: 2500
      ua_ambient_kw_per_k: 0.05
      ua_product_kw_per_k: 0.5
      internal_load_kw: 0.1
    }
    hvac { capacity_kw: 4 setpoint_c: -20 hysteresis_c: 2.0 }
    backup_power { generator: false }
    sensors { name: "fz-air-1" kind: AIR sample_interval: "1m" noise_sigma_c: 0.1 }
  }
  faults {
    name: "mains-outage"
    start: "10h"
    duration: "3h"
    power_outage {}
  }
)pb";

// Air and product after `t` seconds with the HVAC off, from (ta, tp): the two-node model
//   Ca dTa/dt = Ue (Tamb - Ta) + Up (Tp - Ta) + Q,   Cp dTp/dt = Up (Ta - Tp).
std::pair<double, double> compressor_off(double ta, double tp, double t) {
  const double ca = 600, cp = 2500, ue = 0.05, up = 0.5, q = 0.1, ambient = 21;
  const double a11 = -(ue + up) / ca, a12 = up / ca, a21 = up / cp, a22 = -up / cp;
  const double tr = a11 + a22, det = a11 * a22 - a12 * a21;
  const double l1 = (tr - std::sqrt(tr * tr - 4 * det)) / 2, l2 = det / l1;
  const double eq = ambient + q / ue;
  // Eigenvectors (a12, l - a11); the start decomposed on them.
  const double v1a = a12, v1p = l1 - a11, v2a = a12, v2p = l2 - a11;
  const double da = ta - eq, dp = tp - eq, d = v1a * v2p - v2a * v1p;
  const double c1 = (da * v2p - v2a * dp) / d, c2 = (v1a * dp - da * v1p) / d;
  const double e1 = std::exp(l1 * t), e2 = std::exp(l2 * t);
  return {eq + c1 * v1a * e1 + c2 * v2a * e2, eq + c1 * v1p * e1 + c2 * v2p * e2};
}

TEST(FreezerOutage, WithoutAGeneratorTheFreezerWarmsAsTheClosedFormSays) {
  std::vector<double> got;
  ASSERT_TRUE(in_child(
      [] {
        scenario::Scenario sc;
        if (!google::protobuf::TextFormat::ParseFromString(kFreezer, &sc))
          return std::vector<double>{};
        std::string error;
        auto world = World::create(sc, {}, &error);
        if (!world) return std::vector<double>{};
        world->run();
        auto& c = world->climate();
        const double start = 10 * 3600.0;
        return std::vector<double>{c.air_temperature_c(0, start), c.product_temperature_c(0, start),
                                   c.air_temperature_c(0, start + 3600),
                                   c.air_temperature_c(0, start + 3 * 3600),
                                   c.product_temperature_c(0, start + 3 * 3600)};
      },
      got));
  ASSERT_EQ(got.size(), 5u);
  const auto [air_1h, product_1h] = compressor_off(got[0], got[1], 3600);
  const auto [air_3h, product_3h] = compressor_off(got[0], got[1], 3 * 3600);
  EXPECT_NEAR(got[2], air_1h, 0.01);
  EXPECT_NEAR(got[3], air_3h, 0.01);
  EXPECT_NEAR(got[4], product_3h, 0.01);
  // From about -20 °C: the air ends near -11 °C, some 9 K warmer, the product near -14 °C.
  EXPECT_GT(got[3] - got[0], 7.5);
  (void)product_1h;
}

// The shipped scenario says "the freezer's generator is out of service" with
//   zones { name: "freezer" backup_power { generator: false } }
// over small-site's `generator: true`. `generator` is a proto3 bool without presence: the merge
// of imports must still see that the file wrote it (scenarios/src/merge.cpp).
TEST(FreezerOutage, PowerOutageScenarioFreezerHasNoGenerator) {
  const auto loaded =
      scenarios::load_scenario(PHARMATWIN_SOURCE_DIR "/scenarios/library/power-outage.textproto");
  ASSERT_TRUE(loaded.ok());
  bool found = false;
  for (const auto& z : loaded.scenario.zones()) {
    if (z.name() != "freezer") continue;
    found = true;
    EXPECT_FALSE(z.backup_power().generator())
        << "the override `generator: false` was lost in the merge";
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace pharmatwin::sim
