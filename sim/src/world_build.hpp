// Turning a scenario into the world's plain configuration (zones, sensors, faults).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/sim/sensors.hpp"
#include "pharmatwin/sim/zone_climate.hpp"

namespace pharmatwin::sim {

// A fault resolved against the site.
struct FaultSpec {
  std::uint32_t id = 0;
  scenario::Fault fault;
  std::string kind;  // oneof field name
  double start_s = 0;
  double end_s = kNever;  // kNever: until the end of the run
  std::vector<std::uint32_t> zones;
  std::uint32_t sensor = 0xFFFFFFFFu;
  std::size_t door = 0;
  bool injected = false;
  bool world_applies = true;  // false: handled by the operations half or the bindings
};

struct SiteConfig {
  double start_epoch_s = 0;
  double horizon_s = 0;
  std::uint64_t seed = 0;
  std::vector<ZoneConfig> zones;
  std::vector<std::shared_ptr<const AmbientProfile>> ambients;  // per zone
  std::shared_ptr<const StaffCalendar> staff;
  std::vector<SensorConfig> sensors;
  std::map<std::string, std::uint32_t> zone_index, sensor_index;
  std::vector<FaultSpec> faults;
};

// Returns false with `error` ("path: message") when the scenario cannot be simulated.
bool build_site(const scenario::Scenario& scenario, const std::filesystem::path& base_dir,
                std::optional<std::uint64_t> seed, std::optional<double> horizon_s,
                SiteConfig& site, std::string* error);

// Resolves one fault (scenario or injected) against the site's names.
bool resolve_fault(const scenario::Fault& fault, const SiteConfig& site, std::uint32_t id,
                   FaultSpec& spec, std::string* error);

std::string fault_kind_name(const scenario::Fault& fault);

}  // namespace pharmatwin::sim
