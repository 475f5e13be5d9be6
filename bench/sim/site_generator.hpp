// A synthetic site for benchmarks: `zones` zones cycling through cold room, hall and freezer
// profiles, each with doors under routine traffic and `sensors_per_zone` sensors.
#pragma once

#include <string>

#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::bench {

inline scenario::Scenario synthetic_site(int zones, int sensors_per_zone,
                                         const std::string& horizon,
                                         const std::string& interval = "1m") {
  scenario::Scenario sc;
  sc.set_name("bench-" + std::to_string(zones) + "x" + std::to_string(sensors_per_zone));
  sc.mutable_run()->set_start("2026-01-01T00:00:00Z");
  sc.mutable_run()->set_horizon(horizon);
  sc.mutable_run()->set_seed(1);
  auto* ambient = sc.mutable_site()->mutable_ambient();
  ambient->set_mean_c(14);
  ambient->set_daily_amplitude_c(5);
  ambient->set_seasonal_amplitude_c(9);
  auto* shift = sc.mutable_staff()->mutable_pickers();
  shift->set_count(4);
  auto* s = shift->add_shifts();
  s->set_start("06:00");
  s->set_end("22:00");
  for (int z = 0; z < zones; ++z) {
    auto* zone = sc.add_zones();
    zone->set_name("zone-" + std::to_string(z));
    auto* th = zone->mutable_thermal();
    auto* hvac = zone->mutable_hvac();
    auto* door = zone->add_doors();
    door->set_name("dock");
    door->set_open_time("40s");
    switch (z % 3) {
      case 0:  // cold room
        zone->set_storage_class(scenario::REFRIGERATED);
        th->set_air_heat_capacity_kj_per_k(1500);
        th->set_product_heat_capacity_kj_per_k(5000);
        th->set_ua_ambient_kw_per_k(0.1);
        th->set_ua_product_kw_per_k(1.0);
        th->set_internal_load_kw(0.3);
        hvac->set_capacity_kw(5);
        hvac->set_setpoint_c(5);
        hvac->set_hysteresis_c(1);
        door->set_width_m(2);
        door->set_height_m(2.4);
        door->set_curtain(true);
        door->set_openings_per_hour(4);
        break;
      case 1:  // ambient hall
        zone->set_storage_class(scenario::CRT_15_25);
        th->set_air_heat_capacity_kj_per_k(12000);
        th->set_product_heat_capacity_kj_per_k(40000);
        th->set_ua_ambient_kw_per_k(0.8);
        th->set_ua_product_kw_per_k(4);
        th->set_internal_load_kw(2);
        hvac->set_capacity_kw(15);
        hvac->set_setpoint_c(20);
        hvac->set_hysteresis_c(2);
        door->set_width_m(3);
        door->set_height_m(3.5);
        door->set_openings_per_hour(6);
        break;
      default:  // freezer
        zone->set_storage_class(scenario::FROZEN);
        th->set_air_heat_capacity_kj_per_k(600);
        th->set_product_heat_capacity_kj_per_k(2500);
        th->set_ua_ambient_kw_per_k(0.05);
        th->set_ua_product_kw_per_k(0.5);
        th->set_internal_load_kw(0.1);
        hvac->set_capacity_kw(4);
        hvac->set_setpoint_c(-20);
        hvac->set_hysteresis_c(2);
        door->set_width_m(1);
        door->set_height_m(2);
        door->set_curtain(true);
        door->set_openings_per_hour(1);
        break;
    }
    for (int i = 0; i < sensors_per_zone; ++i) {
      auto* sensor = zone->add_sensors();
      sensor->set_name(zone->name() + "-s" + std::to_string(i));
      sensor->set_kind(i % 4 == 3 ? scenario::PRODUCT_SIMULANT : scenario::AIR);
      sensor->set_sample_interval(interval);
      sensor->set_noise_sigma_c(0.1);
    }
  }
  return sc;
}

}  // namespace pharmatwin::bench
