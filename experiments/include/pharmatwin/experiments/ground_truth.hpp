// What really happened in each zone and to each lot, from the run's ground-truth records, for the
// reports: peak air and product temperature, time out of range, MKT per zone and per sensor, the
// stability budget the lots used.
//
//   const GroundTruthSummary t = summarize_ground_truth(log);
//   // t.zones[z].peak_product_c, .out_of_range_s, .mkt_product_c; t.sensors; t.lots
//
// Zone peaks and time out of range come from the RunEnd record (the world's exact figures); a log
// cut off before it falls back to the truth samples ("basis" says which). Zone MKT is taken over
// the truth samples (logged at a fixed interval), sensor MKT over every reading when the run
// logged readings. A lot's consumed budget is the latest the log states: a QA review's, the
// exhaustion record's, a compromised shipment's; lots no such record names are not listed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/experiments/run_log.hpp"

namespace pharmatwin::experiments {

struct ZoneTruthSummary {
  std::string zone;
  double min_c = 0, max_c = 0;  // storage range
  double peak_air_c = 0, peak_product_c = 0, lowest_product_c = 0;
  double out_of_range_s = 0;  // product outside the storage range
  std::optional<double> first_out_of_range_s;
  std::string basis;  // "run_end" or "truth_samples"
  std::optional<double> mkt_air_c, mkt_product_c;
  std::uint64_t truth_samples = 0;
  double truth_interval_s = 0;  // between consecutive samples (0: fewer than two)
};

struct SensorMkt {
  std::string sensor, zone, kind;
  std::uint64_t readings = 0;
  double mkt_c = 0;
};

struct LotBudget {
  std::string lot, zone;  // "<gtin14>/<lot>"
  std::optional<double> budget_s;
  double consumed_s = 0;
  double as_of_s = 0;  // time of the record it comes from
  std::string basis;   // "qa_review", "budget_exhausted", "shipped"
  std::optional<double> exhausted_s;
  std::optional<double> consumed_percent() const;
};

struct GroundTruthSummary {
  std::vector<ZoneTruthSummary> zones;  // header order
  std::vector<SensorMkt> sensors;       // header order, only with logged readings
  std::vector<LotBudget> lots;          // by lot
};

GroundTruthSummary summarize_ground_truth(const RunLog& log);

}  // namespace pharmatwin::experiments
