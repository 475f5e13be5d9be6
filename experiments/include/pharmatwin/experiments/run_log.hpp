// A run's event log (events.pb) read into plain structs that scoring works on.
//
// Alerts are folded by id (the first record of an id gives when it was raised and received,
// later ones its clearing); operations records are kept as they are, in log order.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/event_log.pb.h"

namespace pharmatwin::experiments {

struct LoggedFault {
  std::uint32_t fault_id = 0;
  std::string name;
  std::string kind;    // scenario oneof field name: "hvac_failure", "counterfeit", ...
  std::string zone;    // empty: none or site-wide
  std::string sensor;  // empty: none
  bool injected = false;
  double start_s = 0;
  std::optional<double> end_s;  // absent: lasted to the end of the run
};

struct LoggedAlert {
  std::string id;
  std::string kind;
  int zone = -1;  // header zone index
  int sensor = -1;
  double raised_at_s = 0;   // as stamped by the system under test
  double received_s = 0;    // when the world got it (record t_s)
  bool cleared = false;
  double cleared_at_s = 0;
  int severity = 0;
  std::vector<std::string> lots;
  std::string message;
};

struct LoggedDecision {
  double received_s = 0;
  sim::DecisionRecord record;
};

struct TruthSample {
  double t_s = 0;
  std::vector<double> air_c, product_c;
};

struct Reading {
  double t_s = 0;
  std::uint32_t sensor = 0;
  double value_c = 0;
};

struct RunLog {
  sim::LogHeader header;
  std::vector<LoggedFault> faults;     // in onset order
  std::vector<LoggedAlert> alerts;     // in first-seen order
  std::vector<LoggedDecision> decisions;
  std::vector<std::pair<double, std::uint32_t>> product_left_range;  // (t_s, zone)
  std::vector<TruthSample> truth;
  std::vector<Reading> readings;  // only when the run logged them
  std::vector<sim::OperationsRecord> operations;
  std::optional<sim::RunEnd> run_end;
  double end_s = 0;  // horizon (header), or the last record's time when larger
  std::uint64_t records = 0;

  int zone_index(const std::string& name) const;
  int sensor_index(const std::string& name) const;
  // Zone of a sensor (header index), -1 when unknown.
  int sensor_zone(int sensor) const;
};

struct RunLogResult {
  RunLog log;
  std::string error;  // empty when the log was read completely
  bool ok() const { return error.empty(); }
};

// Reads `path` (an events.pb). Readings are kept only when `keep_readings` (they are large).
RunLogResult read_run_log(const std::filesystem::path& path, bool keep_readings = true);

// Reads only the header, the operations records and the run end (a baseline needs no more);
// skips the other records without parsing them.
RunLogResult read_operations_log(const std::filesystem::path& path);

// Builds a RunLog from records already in memory (tests, fuzzing).
RunLogResult run_log_from_records(const std::vector<sim::LogRecord>& records,
                                  bool keep_readings = true);

}  // namespace pharmatwin::experiments
