// A large synthetic site as a scenario file: `zones` zones cycling through a cold room, an
// ambient hall (in a heated building) and a freezer, laid out on a 120 m wide floor; each has a
// dock door under routine traffic, 8 sensors sampled every minute (a quarter of them product
// simulants) and its own lot; daily inbound and ten pharmacies keep stock flowing; a year long.
// scenarios/sites/large-site.textproto is large_site_textproto(50) (a test keeps them equal).
//
//   std::ofstream("site.textproto") << pharmatwin::bench::large_site_textproto(10);
//   // pharmatwin run site.textproto --horizon 30d
#pragma once

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::bench {

namespace large_site_detail {

struct Profile {
  const char* kind;
  const char* storage_class;
  double air_kj_per_k, product_kj_per_k, ua_ambient, ua_product, load_kw;
  double capacity_kw, setpoint_c, hysteresis_c;
  double door_width_m, door_height_m;
  bool curtain;
  int openings_per_hour;
  const char* open_time;
  double width_m, depth_m, noise_sigma_c;
  const char* product;
};

inline constexpr std::array<Profile, 3> kProfiles = {{
    {"cold", "REFRIGERATED", 1500, 5000, 0.10, 1.0, 0.3, 5, 5, 1.0, 2.0, 2.4, true, 4, "40s", 10, 8,
     0.05, "insulin-pen"},
    {"hall", "CRT_15_25", 12000, 40000, 0.8, 4.0, 2.0, 15, 20, 2.0, 3.0, 3.5, false, 6, "2m", 30,
     20, 0.1, "amoxicillin"},
    {"freezer", "FROZEN", 600, 2500, 0.05, 0.5, 0.1, 4, -20, 2.0, 1.0, 2.0, true, 1, "20s", 5, 4,
     0.1, "mrna-vaccine"},
}};

// %g of a double, as the scenario files write numbers.
inline std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

inline std::string two_digits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

}  // namespace large_site_detail

inline std::string large_site_textproto(int zones) {
  using namespace large_site_detail;
  std::string o;
  o += "# The large site of the end-to-end benchmark (bench/experiments/large_site.hpp): " +
       std::to_string(zones) + " zones, " + std::to_string(8 * zones) +
       " sensors at one-minute sampling.\n";
  o += "name: \"large-site\"\n";
  o += "description: \"Large distribution site: " + std::to_string(zones) +
       " zones (cold rooms, ambient halls, freezers), " + std::to_string(8 * zones) +
       " sensors\"\n\n";
  o += "run { start: \"2026-01-01T00:00:00Z\" horizon: \"365d\" seed: 1 }\n\n";
  o += "site {\n  name: \"Large DC\"\n  gln: \"4012345000009\"\n  company_prefix: \"4012345\"\n";
  o += "  ambient { mean_c: 14 daily_amplitude_c: 5 daily_peak: \"15:00\" seasonal_amplitude_c: 9 "
       "seasonal_peak_day: 200 }\n}\n\n";
  double x = 0, y = 0, row_depth = 0;
  for (int z = 0; z < zones; ++z) {
    const Profile& p = kProfiles[static_cast<std::size_t>(z % 3)];
    const std::string name = std::string(p.kind) + "-" + two_digits(z);
    if (x + p.width_m > 120) {
      x = 0;
      y += row_depth;
      row_depth = 0;
    }
    o += "zones {\n  name: \"" + name + "\"\n  storage_class: " + p.storage_class + "\n";
    o += "  floor { x_m: " + num(x) + " y_m: " + num(y) + " width_m: " + num(p.width_m) +
         " depth_m: " + num(p.depth_m) + " }\n";
    if (std::string(p.kind) == "hall")  // a heated building: the hall's surroundings stay warm
      o += "  ambient { mean_c: 23 daily_amplitude_c: 3 daily_peak: \"15:00\" "
           "seasonal_amplitude_c: 4 seasonal_peak_day: 200 }\n";
    o += "  thermal { air_heat_capacity_kj_per_k: " + num(p.air_kj_per_k) +
         " product_heat_capacity_kj_per_k: " + num(p.product_kj_per_k) +
         " ua_ambient_kw_per_k: " + num(p.ua_ambient) +
         " ua_product_kw_per_k: " + num(p.ua_product) + " internal_load_kw: " + num(p.load_kw) +
         " }\n";
    o += "  hvac { capacity_kw: " + num(p.capacity_kw) + " setpoint_c: " + num(p.setpoint_c) +
         " hysteresis_c: " + num(p.hysteresis_c) + " }\n";
    o += "  doors { name: \"dock\" width_m: " + num(p.door_width_m) +
         " height_m: " + num(p.door_height_m) + " curtain: " + (p.curtain ? "true" : "false") +
         " openings_per_hour: " + std::to_string(p.openings_per_hour) + " open_time: \"" +
         p.open_time + "\" }\n";
    if (std::string(p.kind) != "hall")
      o += "  backup_power { generator: true start_delay: \"2m\" }\n";
    for (int s = 0; s < 8; ++s) {
      o += "  sensors { name: \"" + name + "-s" + std::to_string(s) +
           "\" kind: " + (s % 4 == 3 ? "PRODUCT_SIMULANT" : "AIR") +
           " sample_interval: \"1m\" noise_sigma_c: " + num(p.noise_sigma_c) +
           " calibration_date: \"2025-09-01\" calibration_interval: \"730d\" }\n";
    }
    o += "}\n";
    x += p.width_m;
    row_depth = std::max(row_depth, p.depth_m);
  }
  o += "\n";
  o += "products { name: \"insulin-pen\" gtin: \"00614141000012\" storage_class: REFRIGERATED "
       "stability_budget: \"72h\" units_per_case: 20 cases_per_pallet: 40 unit_mass_kg: 0.05 }\n";
  o += "products { name: \"amoxicillin\" gtin: \"00614141000043\" storage_class: CRT_15_25 "
       "stability_budget: \"720h\" units_per_case: 60 cases_per_pallet: 50 unit_mass_kg: 0.05 }\n";
  o += "products { name: \"mrna-vaccine\" gtin: \"00614141000036\" storage_class: FROZEN "
       "stability_budget: \"12h\" units_per_case: 10 cases_per_pallet: 48 unit_mass_kg: 0.05 }\n\n";
  for (int z = 0; z < zones; ++z) {
    const Profile& p = kProfiles[static_cast<std::size_t>(z % 3)];
    o += "stock { product: \"" + std::string(p.product) + "\" lot: \"L" + two_digits(z) +
         "A\" expiry: \"2028-06-30\" zone: \"" + p.kind + "-" + two_digits(z) +
         "\" quantity: 4000 }\n";
  }
  o += "\nsuppliers { name: \"pharma-ag\" gln: \"0614141000005\" company_prefix: \"0614141\" }\n";
  o += "lanes { name: \"reefer-road\" supplier: \"pharma-ag\" transit_time { shape: TRIANGULAR "
       "min: \"12h\" mode: \"18h\" max: \"30h\" } exposure_mean_c: 5 exposure_sigma_c: 1.0 }\n";
  o += "inbound {\n  name: \"daily\"\n  lane: \"reefer-road\"\n  departs: \"6h\"\n  repeat_every: "
       "\"24h\"\n  repeat_count: 364\n";
  o += "  lines { product: \"insulin-pen\" lot: \"INS-IN\" expiry: \"2028-12-31\" pallets: 1 }\n";
  o += "  lines { product: \"amoxicillin\" lot: \"AMO-IN\" expiry: \"2028-12-31\" pallets: 1 }\n";
  o += "  lines { product: \"mrna-vaccine\" lot: \"MRN-IN\" expiry: \"2028-12-31\" pallets: 1 }\n";
  o += "}\n\n";
  for (int i = 0; i < 10; ++i) {
    const std::string gln = "406123400" + two_digits(i) + "1";
    o += "pharmacies {\n  name: \"pharmacy-" + std::to_string(i) + "\"\n  gln: \"" + gln +
         scenarios::gs1_check_digit(gln) + "\"\n  due_within: \"24h\"\n";
    o += "  demand { product: \"insulin-pen\" orders_per_day: 20 order_units { shape: GEOMETRIC "
         "mean: 4 } }\n";
    o += "  demand { product: \"amoxicillin\" orders_per_day: 15 order_units { shape: GEOMETRIC "
         "mean: 6 } }\n";
    o += "  demand { product: \"mrna-vaccine\" orders_per_day: 3 order_units { shape: FIXED mean: "
         "10 } }\n}\n";
  }
  o += "\nstaff {\n";
  o += "  receivers { count: 4 shifts { start: \"06:00\" end: \"22:00\" } task_time { shape: "
       "TRIANGULAR min: \"10m\" mode: \"15m\" max: \"30m\" } }\n";
  o += "  pickers { count: 8 shifts { start: \"06:00\" end: \"22:00\" } task_time { shape: "
       "LOGNORMAL mean: \"4m\" stddev: \"2m\" } }\n";
  o += "  qa_reviewers { count: 2 shifts { start: \"08:00\" end: \"16:30\" days: [1, 2, 3, 4, 5] } "
       "task_time { shape: TRIANGULAR min: \"20m\" mode: \"45m\" max: \"2h\" } }\n";
  o += "}\n";
  return o;
}

}  // namespace pharmatwin::bench
