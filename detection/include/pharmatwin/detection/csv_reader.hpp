// Reader of recorded sensor data: CSV rows `timestamp,site,zone,sensor,kind,value`.
//
//  * timestamp: ISO-8601 UTC ("2026-01-05T10:00:00Z", fractions and offsets accepted).
//  * kind: temperature (°C) or humidity (%RH) for readings; a sensor placement, air, product
//    or product_simulant, for temperature readings of a probe with that placement (product and
//    product_simulant: a product simulant probe); hvac, door or power for zone telemetry, whose
//    value is on/off, open/closed, true/false or 1/0.
//  * value: a number, or empty for a missing value (the logger reported no measurement).
//
//   CsvRow row; CsvRowError error; std::string scratch;
//   parse_csv_line("2026-01-05T10:00:00Z,dc,cold-room,P1,product,5.2", true, row, error, scratch);
//   // LineStatus::kRow: a temperature of 5.2 °C from product simulant probe P1
//
// A first line starting with "timestamp" is a header; empty lines and lines starting with '#'
// are ignored. Fields may be double-quoted ("" inside quotes is a quote).
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

#include "pharmatwin/detection/engine.hpp"
#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::detection {

enum class RowKind : std::uint8_t { kTemperature, kHumidity, kHvac, kDoor, kPower };

struct CsvRow {
  TimeMs time_ms = 0;
  std::string_view site;
  std::string_view zone;
  std::string_view sensor;
  RowKind kind = RowKind::kTemperature;
  // Temperature rows: the probe's placement when the kind names one (air, product, ...).
  bool placement_named = false;
  Placement placement = Placement::kAir;
  double value = 0.0;  // NaN = missing; telemetry: 1 on/open, 0 off/closed
};

struct CsvRowError {
  std::string field;  // "timestamp", "value", ... or empty for the row as a whole
  std::string message;
};

enum class LineStatus { kRow, kSkip, kError };

// Reads one line (without its line break) into `line`, keeping at most `max_bytes` of it: a
// longer line is read to its end and dropped, never held whole (`too_long` is then true and
// `line` holds its first `max_bytes` bytes). A UTF-8 byte-order mark before the first line
// (`first` true) is skipped. False at end of input.
bool read_bounded_line(std::istream& in, std::string& line, std::size_t max_bytes, bool first,
                       bool& too_long);

// Parses one line (without its line break). `scratch` keeps unquoted copies of quoted fields
// alive for the string_views in `row`. kSkip for blank, comment and header lines.
LineStatus parse_csv_line(std::string_view line, bool first_line, CsvRow& row, CsvRowError& error,
                          std::string& scratch);

bool is_telemetry(RowKind kind);
std::string_view to_string(RowKind kind);

}  // namespace pharmatwin::detection
