// Runs the engine over recorded CSV data (see csv_reader.hpp for the row format).
//
// Zones and sensors are registered the first time they appear (or up front from a sensor list,
// which then makes unknown sensors bad rows). Bad rows are reported with their line number and
// either skipped or make the whole input rejected. A row is bad when it does not parse, names
// an unknown sensor (with a sensor list), changes a sensor's kind, or goes back in time by more
// than the tolerance relative to the latest row so far. Never throws on bad input.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <unordered_map>
#include <vector>

#include "pharmatwin/detection/csv_reader.hpp"
#include "pharmatwin/detection/engine.hpp"

namespace pharmatwin::detection {

enum class BadRowPolicy { kSkip, kReject };

struct ReplayOptions {
  BadRowPolicy on_bad_row = BadRowPolicy::kSkip;
  TimeMs max_backwards_ms = 6 * kMsPerHour;
  std::string source = "<input>";         // file name used in messages
  std::size_t max_reported_errors = 100;  // messages kept; every bad row is counted
  std::size_t max_line_bytes = 4096;
};

struct ReplayResult {
  std::uint64_t lines = 0;
  std::uint64_t readings = 0;
  std::uint64_t telemetry = 0;
  std::uint64_t bad_rows = 0;
  bool rejected = false;  // a bad row under BadRowPolicy::kReject stopped the run
  TimeMs last_time_ms = kNoTime;
  std::vector<std::string> errors;  // "file:line: field: message"
};

class Replay {
 public:
  // Zones created by the replay use the policy of `storage_class` (already added to `engine`).
  Replay(Engine& engine, std::string storage_class, ReplayOptions options);

  // Sensor list lines `site,zone,sensor,kind[,calibration_due]` (header and '#' lines allowed);
  // kind temperature, product (a product simulant probe reporting temperatures) or humidity.
  // Returns false, with located messages, on any bad line.
  bool load_sensor_list(std::istream& in, const std::string& name,
                        std::vector<std::string>& errors);
  // Lot lines `site,zone,lot,budget_h[,min_c,max_c]`.
  bool load_lots(std::istream& in, const std::string& name, std::vector<std::string>& errors);

  ReplayResult run(std::istream& in);

 private:
  ZoneId zone_for(std::string_view site, std::string_view zone, bool& ok);
  std::string key(std::string_view a, std::string_view b, std::string_view c = {}) const;

  Engine& engine_;
  std::string storage_class_;
  ReplayOptions options_;
  bool sensor_list_ = false;
  std::unordered_map<std::string, ZoneId> zones_;
  std::unordered_map<std::string, SensorId> sensors_;
  std::unordered_map<std::string, std::vector<Lot>> lots_;
};

}  // namespace pharmatwin::detection
