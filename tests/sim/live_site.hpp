// The small site of the live-session tests: one cold room with an air sensor, 6 hours.
//
//   scenario::Scenario sc;
//   google::protobuf::TextFormat::ParseFromString(testing::kLiveSite, &sc);
#pragma once

namespace pharmatwin::sim::testing {

inline constexpr const char* kLiveSite = R"pb(
  name: "live"
  run { start: "2026-01-05T00:00:00Z" horizon: "6h" seed: 3 }
  site {
    name: "test site"
    ambient { mean_c: 30 }
  }
  zones {
    name: "cold"
    storage_class: REFRIGERATED
    floor { x_m: 0 y_m: 0 width_m: 10 depth_m: 8 }
    thermal {
      air_heat_capacity_kj_per_k: 500
      product_heat_capacity_kj_per_k: 0
      ua_ambient_kw_per_k: 0.5
      internal_load_kw: 2
    }
    hvac { capacity_kw: 20 setpoint_c: 5 hysteresis_c: 2 }
    sensors { name: "cold-air" kind: AIR sample_interval: "1m" noise_sigma_c: 0.2 }
  }
)pb";

}  // namespace pharmatwin::sim::testing
