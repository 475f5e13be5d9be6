// What really happened in a run, kept apart from what the systems under test observe.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/adapters/detection_port.hpp"

namespace pharmatwin::sim {

struct FaultTruth {
  std::string name;
  std::string kind;  // scenario oneof field name: "hvac_failure", "sensor_drift", ...
  std::uint32_t zone = adapters::kNoIndex;
  std::uint32_t sensor = adapters::kNoIndex;
  double start_s = 0;
  std::optional<double> end_s;  // absent: lasted to the end of the run
  bool injected = false;
};

struct ZoneTruth {
  std::string name;
  double min_c = 0, max_c = 0;  // storage range of the zone
  double peak_air_c = -std::numeric_limits<double>::infinity();
  double peak_product_c = -std::numeric_limits<double>::infinity();
  double lowest_product_c = std::numeric_limits<double>::infinity();
  // First time the product temperature left [min_c, max_c]; absent if it never did.
  std::optional<double> first_out_of_range_s;
  double out_of_range_s = 0;  // cumulative, product temperature
  double hvac_on_s = 0;       // cumulative compressor running time
};

struct GroundTruth {
  std::vector<FaultTruth> faults;
  std::vector<ZoneTruth> zones;
};

}  // namespace pharmatwin::sim
