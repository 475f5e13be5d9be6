// report.json on a hand-made run: the format and the fields other tools parse, unit counts that
// agree with the event log, the zones' ground truth, the false alarms in full, late and recovery
// alerts, and the same bytes every time.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "pharmatwin/experiments/report.hpp"
#include "report_log.hpp"

namespace pharmatwin::experiments {
namespace {

using nlohmann::json;

struct Scored {
  RunLog run, baseline;
  RunScore score;
};

Scored scored() {
  Scored s;
  s.run = testing::report_run_log().build();
  s.baseline = testing::report_baseline_log().build();
  ScoreInputs in;
  in.run = &s.run;
  in.baseline = &s.baseline;
  s.score = score_run(in);
  return s;
}

TEST(ReportJson, FormatTwoKeepsTheFieldsOfFormatOne) {
  const auto s = scored();
  const json j = report_json(s.score, {});
  EXPECT_EQ(j["format"], "pharmatwin-report/2");
  for (const char* key : {"scenario", "version", "horizon_s", "detection", "counterfeit",
                          "operations", "baseline", "metrics", "expectations", "ground_truth"})
    EXPECT_TRUE(j.contains(key)) << key;
  for (const char* key :
       {"faults", "alerts", "false_alarms", "false_alarms_per_day", "false_alarms_per_sensor_day",
        "false_alarms_per_zone_day", "by_fault_kind", "nab"})
    EXPECT_TRUE(j["detection"].contains(key)) << key;
  // Format 1's false alarm list stays a list of ids.
  EXPECT_EQ(j["detection"]["false_alarms"], json({"fa1", "fa2"}));
  EXPECT_EQ(j["scenario"]["seed"], 7);
}

// Sums over the event log's own records, independently of the scorer.
std::map<std::string, std::uint64_t> tally(const std::vector<sim::LogRecord>& records) {
  std::map<std::string, std::uint64_t> t;
  for (const auto& r : records) {
    if (!r.has_operations()) continue;
    const auto& o = r.operations();
    if (o.has_order_placed()) t["units_ordered"] += o.order_placed().units();
    if (o.has_order_shipped()) {
      t["units_shipped"] += o.order_shipped().units_shipped();
      t[o.order_shipped().on_time() ? "units_shipped_on_time" : "units_shipped_late"] +=
          o.order_shipped().units_shipped();
    }
    if (o.has_order_lost()) t["units_lost"] += o.order_lost().units_lost();
    if (o.has_order_open()) t["units_open"] += o.order_open().units_open();
    if (o.has_stock_status_changed() && o.stock_status_changed().to() == sim::QUARANTINED)
      t["units_quarantined"] += o.stock_status_changed().units_first_quarantined();
  }
  return t;
}

TEST(ReportJson, UnitCountsAgreeWithTheEventLog) {
  const auto s = scored();
  const json j = report_json(s.score, {});
  const auto& ops = j["operations"];
  const auto t = tally(testing::report_run_log().records);
  for (const auto& [name, units] : t) EXPECT_EQ(ops[name].get<std::uint64_t>(), units) << name;
  // The cohort: every ordered unit is shipped on time, shipped late, lost or open.
  EXPECT_EQ(ops["units_ordered"].get<std::uint64_t>(),
            ops["units_shipped_on_time"].get<std::uint64_t>() +
                ops["units_shipped_late"].get<std::uint64_t>() +
                ops["units_lost"].get<std::uint64_t>() + ops["units_open"].get<std::uint64_t>());
  EXPECT_EQ(ops["units_shipped"].get<std::uint64_t>(),
            ops["units_shipped_on_time"].get<std::uint64_t>() +
                ops["units_shipped_late"].get<std::uint64_t>());
  EXPECT_EQ(ops["units_ordered"], 125);
  EXPECT_EQ(ops["units_open"], 100);
  // 16 on time of the 25 settled units.
  EXPECT_DOUBLE_EQ(ops["fill_rate_percent"].get<double>(), 64.0);
  const auto& base = j["baseline"];
  EXPECT_EQ(base["units_ordered"], 25);
  EXPECT_DOUBLE_EQ(base["fill_rate_percent"].get<double>(), 100.0);
  // The flat metrics say the same.
  for (const auto& m : j["metrics"]) {
    if (m["name"] == "ops.units_lost") EXPECT_EQ(m["value"], 5);
    if (m["name"] == "delta.fill_rate_percent") EXPECT_DOUBLE_EQ(m["value"].get<double>(), -36.0);
  }
}

TEST(ReportJson, FalseAlarmsInFullLateAndRecoveryAlerts) {
  const auto s = scored();
  const json j = report_json(s.score, {});
  const auto& d = j["detection"];
  EXPECT_EQ(d["alerts"], 5);
  EXPECT_EQ(d["alert_events"], 5);
  EXPECT_EQ(d["late_alerts"], 1);
  EXPECT_EQ(d["recovery_alerts"], 1);
  EXPECT_EQ(d["false_alarms_by_day"], json({1, 1}));
  ASSERT_EQ(d["false_alarm_list"].size(), 2u);
  const auto& fa1 = d["false_alarm_list"][0];
  EXPECT_EQ(fa1["id"], "fa1");
  EXPECT_DOUBLE_EQ(fa1["t_s"].get<double>(), 3600.0);
  EXPECT_EQ(fa1["zone"], "hall");
  EXPECT_EQ(fa1["sensor"], "");
  EXPECT_EQ(fa1["kind"], "door_open");
  EXPECT_EQ(fa1["source"], "");
  EXPECT_EQ(fa1["severity"], 2);
  EXPECT_EQ(fa1["message"], "door <hall> open for 12 min & more");
  const auto& fa2 = d["false_alarm_list"][1];
  EXPECT_EQ(fa2["zone"], "hall");  // the zone of its sensor
  EXPECT_EQ(fa2["sensor"], "hall-air-1");
  EXPECT_EQ(fa2["source"], "detection-x");
  const auto& f = d["faults"][0];
  EXPECT_EQ(f["detected"], true);
  EXPECT_DOUBLE_EQ(f["latency_s"].get<double>(), 1000.0);
  EXPECT_DOUBLE_EQ(f["window_end_s"].get<double>(), 39600.0);
  EXPECT_EQ(f["matching_alerts"], 3);
  EXPECT_EQ(f["late_alerts"], 1);
  EXPECT_EQ(f["recovery_alerts"], 1);
  // Back in its normal band (5 °C) at the first sample at 14 h.
  EXPECT_DOUBLE_EQ(f["back_in_band_s"].get<double>(), 50400.0);
  EXPECT_DOUBLE_EQ(f["attributed_until_s"].get<double>(), 50400.0);
}

TEST(ReportJson, GroundTruthPerZoneAndLot) {
  const auto s = scored();
  const json j = report_json(s.score, {});
  const auto& zones = j["ground_truth"]["zones"];
  ASSERT_EQ(zones.size(), 2u);
  const auto& cold = zones[0];
  EXPECT_EQ(cold["zone"], "cold-room");
  EXPECT_EQ(cold["basis"], "truth_samples");
  EXPECT_DOUBLE_EQ(cold["peak_air_c"].get<double>(), 12.0);
  EXPECT_DOUBLE_EQ(cold["peak_product_c"].get<double>(), 9.0);
  EXPECT_DOUBLE_EQ(cold["lowest_product_c"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(cold["out_of_range_s"].get<double>(), 50400.0 - 39600.0);
  EXPECT_DOUBLE_EQ(cold["first_out_of_range_s"].get<double>(), 39600.0);
  EXPECT_EQ(cold["truth_samples"], 192);
  EXPECT_DOUBLE_EQ(cold["truth_interval_s"].get<double>(), 900.0);
  EXPECT_GT(cold["mkt_product_c"].get<double>(), 5.0);
  EXPECT_LT(cold["mkt_product_c"].get<double>(), 9.0);
  EXPECT_TRUE(zones[1]["first_out_of_range_s"].is_null());
  EXPECT_NEAR(zones[1]["mkt_air_c"].get<double>(), 20.0, 1e-9);
  // No readings logged, no budget records.
  EXPECT_TRUE(j["ground_truth"]["sensors"].empty());
  EXPECT_TRUE(j["ground_truth"]["lots"].empty());
}

TEST(ReportJson, SameRunSameBytes) {
  const auto a = scored();
  const auto b = scored();
  EXPECT_EQ(report_json(a.score, {}).dump(2), report_json(b.score, {}).dump(2));
}

}  // namespace
}  // namespace pharmatwin::experiments
