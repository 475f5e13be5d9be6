// What really happened in each zone and to each lot, from the run's ground-truth records, for the
// reports: peak air and product temperature, time out of range, MKT per zone and per sensor, the
// stability budget the lots used.
//
//   const GroundTruthSummary t = summarize_ground_truth(log);
//   // t.zones[z].peak_product_c, .out_of_range_s, .mkt_product_c; t.sensors; t.lots
//
// Zone peaks, lowest product temperature, time out of range and first departure come from the
// RunEnd record (the world's exact figures, from the thermal solution itself); a log cut off
// before it falls back to the truth samples, each standing for the interval up to the next one
// ("basis" says which). Zone MKT is USP's formula over the truth samples, each weighted by the
// interval to the next sample (the last by the one before it): with the fixed interval the world
// logs them at, every sample counts the same. Sensor MKT is taken over every reading, when the run
// logged readings. A lot's consumed budget is the most any record states (a QA review's, the
// exhaustion record's, a compromised shipment's; consumption only grows); lots no such record
// names are not listed.
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
  // None when the log holds no figure for them (no RunEnd and no truth samples).
  std::optional<double> peak_air_c, peak_product_c, lowest_product_c;
  double out_of_range_s = 0;  // product outside the storage range
  std::optional<double> first_out_of_range_s;
  std::string basis;  // "run_end" or "truth_samples"
  std::optional<double> mkt_air_c, mkt_product_c;
  std::uint64_t truth_samples = 0;
  double truth_interval_s = 0;  // between the first two samples (0: fewer than two)
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
  double as_of_s = 0;  // time of the record consumed_s comes from
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

// MKT of one zone's truth samples (air or product), each weighted by the interval to the next
// sample, the last by the interval before it; none without a sample.
std::optional<double> truth_mkt_c(const std::vector<TruthPoint>& truth, bool product);

}  // namespace pharmatwin::experiments
