// A run's event log (events.pb) read into plain structs that scoring works on.
//
// Alerts are folded by source and id (the first record of an id gives when it was raised and
// received, later ones its clearing); operations records are kept as they are, in log order.
#pragma once

#include <google/protobuf/arena.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pharmatwin/event_log.pb.h"
#include "pharmatwin/experiments/mkt.hpp"

namespace pharmatwin::experiments {

// A (time, value) series.
using Series = std::vector<std::pair<double, double>>;

struct LoggedFault {
  std::uint32_t fault_id = 0;
  std::string name;
  std::string kind;                // scenario oneof field name: "hvac_failure", "counterfeit", ...
  std::string zone;                // its one zone; empty: none or several (zones)
  std::vector<std::string> zones;  // every zone it affects (empty in logs that do not say)
  std::string sensor;              // empty: none
  bool injected = false;
  double start_s = 0;
  std::optional<double> end_s;  // absent: lasted to the end of the run
  // True when the fault affects zone `name`: one of `zones`, else `zone`, else every zone.
  bool covers_zone(const std::string& name) const {
    if (!zones.empty()) return std::find(zones.begin(), zones.end(), name) != zones.end();
    return zone.empty() || zone == name;
  }
};

struct LoggedAlert {
  std::string id;
  std::string kind;
  int zone = -1;  // header zone index
  int sensor = -1;
  double raised_at_s = 0;  // as stamped by the system under test
  double received_s = 0;   // when the world got it (record t_s)
  bool cleared = false;
  double cleared_at_s = 0;
  int severity = 0;
  std::vector<std::string> lots;
  std::vector<std::string> packs;  // "<gtin14>/<serial>" or SSCC-18 (suspect-product alerts)
  std::string source;              // "serialization" or empty (detection)
  std::string message;
  // When readings were kept: the last three readings (t_s, value_c) of its sensor at or before
  // raised_at_s (those logged before its first reading later than raised_at_s).
  Series last_readings;
};

struct LoggedDecision {
  double received_s = 0;
  sim::DecisionRecord record;
};

// Ground truth of one zone at one logged instant.
struct TruthPoint {
  double t_s = 0;
  double air_c = 0;
  double product_c = 0;
  bool has_product = false;
};

// Width of the plot area of report.html's timelines in pixels: series are thinned to it.
inline constexpr int kChartPixels = 888;

// Thins a series for drawing, streaming: of the points that fall in one time bucket
// [t0 + k·bucket_s, t0 + (k+1)·bucket_s) it keeps the lowest and the highest (the first of equal
// ones), in the order they came. With one-pixel buckets the chart still shows each pixel column's
// full range, so no excursion disappears. Thinning a thinned series again with the same buckets
// changes nothing, and with buckets made of whole ones gives what thinning the original would.
class ChartThinner {
 public:
  ChartThinner(double t0, double bucket_s) : t0_(t0), bucket_s_(bucket_s) {}
  void add(double t, double v);
  // The thinned series; the thinner is empty afterwards.
  Series finish();

 private:
  void flush();
  struct Kept {
    std::uint64_t seq = 0;
    double t = 0, v = 0;
  };
  double t0_, bucket_s_;
  Series out_;
  bool open_ = false;
  std::int64_t bucket_ = 0;
  std::uint64_t seq_ = 0;
  Kept low_, high_;
};

Series thin_for_chart(const Series& points, double t0, double bucket_s);

// Operations records in log order, allocated on one arena: thousands of small messages parsed
// and freed one by one cost more than scoring them. Iterates as const OperationsRecord&.
class OperationsLog {
 public:
  OperationsLog();
  sim::OperationsRecord* add();
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const sim::OperationsRecord& operator[](std::size_t i) const { return *items_[i]; }

  class const_iterator {
   public:
    using Base = std::vector<sim::OperationsRecord*>::const_iterator;
    explicit const_iterator(Base it) : it_(it) {}
    const sim::OperationsRecord& operator*() const { return **it_; }
    const sim::OperationsRecord* operator->() const { return *it_; }
    const_iterator& operator++() {
      ++it_;
      return *this;
    }
    bool operator==(const const_iterator& o) const { return it_ == o.it_; }
    bool operator!=(const const_iterator& o) const { return it_ != o.it_; }

   private:
    Base it_;
  };
  const_iterator begin() const { return const_iterator(items_.begin()); }
  const_iterator end() const { return const_iterator(items_.end()); }

 private:
  std::unique_ptr<google::protobuf::Arena> arena_;  // owns the records
  std::vector<sim::OperationsRecord*> items_;
};

struct RunLog {
  sim::LogHeader header;
  std::vector<LoggedFault> faults;  // in onset order
  std::vector<LoggedAlert> alerts;  // in first-seen order
  std::uint64_t alert_records = 0;  // AlertRecords folded into them (raising, updates, clearing)
  std::vector<LoggedDecision> decisions;
  std::vector<std::pair<double, std::uint32_t>> product_left_range;  // (t_s, zone)
  std::vector<std::vector<TruthPoint>> truth;  // by header zone index, in log order
  // Readings, only when the run logged them and the reader kept them: how many, and per header
  // sensor index the series thinned to one chart pixel (kChartPixels over the header's horizon).
  std::uint64_t readings = 0;
  std::vector<Series> reading_traces;
  std::vector<MktAccumulator> reading_mkt;  // per header sensor, every reading (same condition)
  OperationsLog operations;
  // Commands of a live session (LiveCommandRecord: their script lines), in log order.
  std::vector<std::pair<double, std::string>> live_commands;
  // Only from read_replay_log(): each telemetry block's time and, per block and header zone
  // (telemetry[block * zones + zone]), bit 0 HVAC running, bit 1 HVAC powered, bits 2-7 the
  // doors open (at most 63).
  std::vector<double> telemetry_t;
  std::vector<std::uint8_t> telemetry;
  std::optional<sim::RunEnd> run_end;
  // Horizon (header), or the last record's time when larger; where a run stopped early (a
  // system under test failed or it was interrupted: RunEnd.stopped) the time it stopped; where
  // the log has no RunEnd (the run was killed) the time of its last record.
  double end_s = 0;
  std::uint64_t records = 0;
  // The file ended inside a record (a run killed mid-write): that record was dropped and the
  // log reads up to its last whole record.
  bool truncated = false;

  // A log that covers its whole horizon: it ends with a RunEnd that does not say it stopped.
  bool complete() const { return run_end.has_value() && !run_end->stopped(); }
  // Why it is not complete, in a few words ("" when it is): "stopped: the detection system
  // failed (crashed)", "interrupted", "no end record (the run was killed)", ...
  std::string incomplete_reason() const;

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

// Reads `path` (an events.pb) in place (memory-mapped). Telemetry is skipped unparsed (scoring
// does not use it). Readings are kept only when `keep_readings`, and then only as chart traces and
// the alerts' last readings, never one by one (a year of them is hundreds of MB).
RunLogResult read_run_log(const std::filesystem::path& path, bool keep_readings = true);

// read_run_log() that also keeps the zones' telemetry (for a replay of the run).
RunLogResult read_replay_log(const std::filesystem::path& path);

// Reads only the header, the operations records and the run end (a baseline needs no more);
// skips the other records without parsing them.
RunLogResult read_operations_log(const std::filesystem::path& path);

// Builds a RunLog from records already in memory (tests, fuzzing).
RunLogResult run_log_from_records(const std::vector<sim::LogRecord>& records,
                                  bool keep_readings = true);

}  // namespace pharmatwin::experiments
