// Counterfeit interception, fill rate and expectations on hand-made logs.
#include <gtest/gtest.h>

#include "log_builder.hpp"
#include "pharmatwin/experiments/expectations.hpp"
#include "pharmatwin/experiments/run_score.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/sim/event_log.hpp"

namespace pharmatwin::experiments {
namespace {

using testing::LogBuilder;
const std::string kGtin = "00614141000012";

LogBuilder counterfeit_log() {
  LogBuilder b;
  b.fault(0, "cf", "counterfeit", 500, -1);
  auto* inj = b.ops(500).mutable_counterfeit_injected();
  inj->set_fault("cf");
  inj->set_shipment("s#1");
  inj->set_gtin(kGtin);
  inj->set_lot("L1");
  for (const char* s : {"1", "2", "3", "4"}) inj->add_serials(s);
  // Pack 1 quarantined at the dock before putaway.
  auto* c = b.ops(900).mutable_stock_status_changed();
  c->set_lot(kGtin + "/L1");
  c->set_units(1);
  c->set_from(sim::RECEIVING);
  c->set_to(sim::QUARANTINED);
  c->add_packs(kGtin + "/1");
  b.ops(1000).mutable_shipment_received()->set_shipment("s#1");
  // Pack 2 quarantined in storage by a decision naming it.
  b.decision("d1", "quarantine", 2000, {}, {kGtin + "/2"});
  // Pack 3 shipped, then flagged at dispensing by an alert naming its lot.
  auto* cs = b.ops(3000).mutable_compromised_unit_shipped();
  cs->set_gtin(kGtin);
  cs->set_serial("3");
  cs->set_lot("L1");
  cs->set_reason("counterfeit");
  cs->set_units(1);
  b.alert("susp", "unknown_serial", 4000, -1, -1, {kGtin + "/L1"});
  // Pack 4 is never caught (an alert alone does not stop stock on site).
  return b;
}

TEST(CounterfeitScore, StagesAndInterceptionRate) {
  const auto log = counterfeit_log().build();
  const auto d = score_detection(log);
  const auto c = score_counterfeits(log, d);
  ASSERT_EQ(c.injected, 4);
  EXPECT_EQ(c.intercepted, 3);
  EXPECT_DOUBLE_EQ(*c.interception_percent, 75.0);
  EXPECT_EQ(c.by_stage.at("receiving"), 1);
  EXPECT_EQ(c.by_stage.at("storage"), 1);
  EXPECT_EQ(c.by_stage.at("dispensing"), 1);
  EXPECT_EQ(c.packs[3].stage, "");
  // Pack 3 left at 3000 s, the fault was first detected at 4000 s.
  EXPECT_EQ(c.shipped, 1);
  EXPECT_EQ(c.shipped_before_detection, 1);
}

LogBuilder orders_log() {
  LogBuilder b;  // horizon one day
  auto order = [&](std::uint64_t id, std::uint32_t units, double due) {
    auto* o = b.ops(100).mutable_order_placed();
    o->set_order_id(id);
    o->set_units(units);
    o->set_due_s(due);
  };
  auto ship = [&](std::uint64_t id, std::uint32_t units, bool on_time, double t) {
    auto* s = b.ops(t).mutable_order_shipped();
    s->set_order_id(id);
    s->set_units_ordered(10);
    s->set_units_shipped(units);
    s->set_on_time(on_time);
  };
  // Records as the world writes them: a line closes with order_lost when it falls due short
  // (line 3, nothing shipped) or is completed late (line 2: 4 units after the due time, none
  // lost); line 4 is due after the horizon and stays open.
  auto lost = [&](std::uint64_t id, std::uint32_t units, std::uint32_t shipped, double t,
                  const char* reason) {
    auto* l = b.ops(t).mutable_order_lost();
    l->set_order_id(id);
    l->set_units_ordered(units);
    l->set_units_lost(units - shipped);
    l->set_units_shipped(shipped);
    l->set_reason(reason);
  };
  order(1, 10, 40000);
  order(2, 10, 40000);
  order(3, 5, 40000);
  order(4, 100, 90000);
  ship(1, 10, true, 1000);
  ship(2, 6, true, 2000);
  lost(3, 5, 0, 40000, "no_stock");
  ship(2, 4, false, 50000);
  lost(2, 10, 10, 50000, "late");
  auto* open = b.ops(86400).mutable_order_open();
  open->set_order_id(4);
  open->set_units_ordered(100);
  open->set_units_open(100);
  open->set_due_s(90000);
  return b;
}

TEST(OperationsMetrics, EveryOrderedUnitIsOnTimeLateLostOrOpen) {
  const auto m = operations_metrics(orders_log().build());
  EXPECT_EQ(m.units_ordered, 125u);
  EXPECT_EQ(m.units_shipped_on_time, 16u);
  EXPECT_EQ(m.units_shipped_late, 4u);
  EXPECT_EQ(m.units_lost, 5u);
  EXPECT_EQ(m.units_open, 100u);
  EXPECT_EQ(m.units_ordered,
            m.units_shipped_on_time + m.units_shipped_late + m.units_lost + m.units_open);
  EXPECT_EQ(m.units_shipped, m.units_shipped_on_time + m.units_shipped_late);
  // Lines: 1 filled on time; 2 (late) and 3 (short) lost; 4 open.
  EXPECT_EQ(m.lines_ordered, 4u);
  EXPECT_EQ(m.lines_filled_on_time, 1u);
  EXPECT_EQ(m.lines_lost, 2u);
  EXPECT_EQ(m.lines_open, 1u);
  // The open line is left out of the rates: 16 of the 25 settled units, 1 of the 3 lines.
  EXPECT_DOUBLE_EQ(*m.fill_rate_percent, 64.0);
  EXPECT_DOUBLE_EQ(*m.line_fill_rate_percent, 100.0 / 3.0);
}

TEST(OperationsMetrics, AUnitQuarantinedTwiceCountsOnce) {
  LogBuilder b;
  auto change = [&](double t, sim::StockStatus to, std::uint64_t units, std::uint64_t first) {
    auto* c = b.ops(t).mutable_stock_status_changed();
    c->set_to(to);
    c->set_units(units);
    c->set_units_first_quarantined(first);
  };
  change(100, sim::QUARANTINED, 40, 40);
  change(200, sim::AVAILABLE, 40, 0);
  change(300, sim::QUARANTINED, 50, 10);  // the same 40 again and 10 more
  const auto m = operations_metrics(b.build());
  EXPECT_EQ(m.units_quarantined, 50u);
  EXPECT_EQ(m.quarantine_actions, 2u);
  EXPECT_EQ(m.units_requarantined, 40u);
  EXPECT_EQ(m.units_released, 40u);
}

TEST(OperationsMetrics, InventoryTurnsFromStartingStock) {
  // 1000 units on hand all day, 20 shipped at 1000..50000 s: mean on hand just under 1000.
  const auto m = operations_metrics(orders_log().build(), 1000);
  ASSERT_TRUE(m.inventory_turns.has_value());
  // On hand: 1000 to 1000 s, 990 to 2000 s, 984 to 50000 s, 980 to 86400 s.
  const double mean = (1000.0 * 1000 + 990.0 * 1000 + 984.0 * 48000 + 980.0 * 36400) / 86400;
  EXPECT_NEAR(*m.inventory_turns, 20.0 / mean * 365.0, 1e-9);
}

TEST(RunScore, BaselineDifference) {
  const auto run = orders_log().build();
  LogBuilder base_b;
  auto* o = base_b.ops(100).mutable_order_placed();
  o->set_order_id(1);
  o->set_units(10);
  o->set_due_s(40000);
  auto* s = base_b.ops(200).mutable_order_shipped();
  s->set_order_id(1);
  s->set_units_shipped(10);
  s->set_on_time(true);
  const auto base = base_b.build();
  ScoreInputs in;
  in.run = &run;
  in.baseline = &base;
  const auto score = score_run(in);
  EXPECT_DOUBLE_EQ(find_metric(score, "baseline.fill_rate_percent")->value, 100.0);
  EXPECT_DOUBLE_EQ(find_metric(score, "delta.fill_rate_percent")->value, -36.0);
  EXPECT_EQ(find_metric(score, "delta.fill_rate_percent")->better, Better::kHigher);
  EXPECT_DOUBLE_EQ(find_metric(score, "delta.units_lost")->value, 5.0);
}

TEST(Expectations, DetectionWithinLatencyPassesOrFailsWithMeasuredValue) {
  LogBuilder b;
  b.fault(0, "hvac", "hvac_failure", 3600, 7200, "cold-room");
  b.alert("a", "hvac_failure", 4200, 0);
  b.alert("fa1", "door_open", 50000, 1);
  b.alert("fa2", "door_open", 60000, 1);
  const auto log = b.build();
  ScoreInputs in;
  in.run = &log;
  const auto score = score_run(in);
  scenario::Expectations e;
  auto* d = e.add_detected();
  d->set_fault("hvac");
  d->set_within("2h");
  auto* tight = e.add_detected();
  tight->set_fault("hvac");
  tight->set_within("5m");
  auto* missing = e.add_detected();
  missing->set_fault("no-such-fault");
  e.set_max_false_alarms_per_day(1);
  e.set_max_compromised_units_shipped(0);
  const auto results = check_expectations(e, score);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_TRUE(results[0].passed);
  EXPECT_EQ(results[0].measured, "latency 10m (600 s)");
  EXPECT_FALSE(results[1].passed);
  EXPECT_EQ(results[1].expected, "latency <= 5m (300 s)");
  EXPECT_FALSE(results[2].passed);
  EXPECT_FALSE(results[3].passed);  // 2 false alarms in one day
  EXPECT_TRUE(results[4].passed);
}

TEST(Expectations, FillRateAndInterception) {
  const auto log = counterfeit_log().build();
  ScoreInputs in;
  in.run = &log;
  const auto score = score_run(in);
  scenario::Expectations e;
  e.set_min_counterfeit_interception_percent(75);
  e.set_min_fill_rate_percent(95);  // no order in the log
  const auto results = check_expectations(e, score);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].measured, "no order line fell due");
  EXPECT_TRUE(results[1].passed);
}

TEST(Expectations, UnitsQuarantinedAndFillRateLossAgainstTheBaseline) {
  RunScore score;
  score.operations.units_quarantined = 40;
  score.operations.fill_rate_percent = 91.5;
  scenario::Expectations e;
  e.set_max_units_quarantined(0);
  e.set_min_fill_rate_loss_points(2);
  auto results = check_expectations(e, score);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].measured, "40 units");
  EXPECT_FALSE(results[1].passed);  // a loss needs a baseline to be measured against
  EXPECT_EQ(results[1].measured, "no baseline run");

  score.baseline.emplace();
  score.baseline->fill_rate_percent = 99.5;
  results = check_expectations(e, score);
  EXPECT_TRUE(results[1].passed);
  EXPECT_EQ(results[1].measured, "8 pp (baseline 99.5 %, run 91.5 %)");
  e.set_min_fill_rate_loss_points(8.5);
  e.set_max_units_quarantined(40);
  results = check_expectations(e, score);
  EXPECT_TRUE(results[0].passed);
  EXPECT_FALSE(results[1].passed);
  e.clear_max_units_quarantined();
  e.clear_min_fill_rate_loss_points();
  EXPECT_TRUE(check_expectations(e, score).empty());
}

TEST(Expectations, FormatDuration) {
  EXPECT_EQ(format_duration(600), "10m");
  EXPECT_EQ(format_duration(86400 + 3600 + 1), "1d1h1s");
  EXPECT_EQ(format_duration(0), "0s");
}

}  // namespace
}  // namespace pharmatwin::experiments

namespace pharmatwin::experiments {
namespace {

TEST(RunLog, OperationsOnlyReaderKeepsHeaderOperationsAndRunEnd) {
  auto b = orders_log();
  b.fault(0, "hvac", "hvac_failure", 3600, 7200, "cold-room");
  b.alert("a", "hvac_failure", 4200, 0);
  b.truth(100, {5.0, 20.0}, {5.0, 20.0});
  sim::LogRecord end;
  end.set_t_s(86400);
  end.mutable_run_end()->set_alerts(1);
  b.records.push_back(end);
  const auto path = std::filesystem::temp_directory_path() /
                    ("pharmatwin-ops-" + std::to_string(::getpid()) + ".pb");
  {
    std::string error;
    auto writer = sim::EventLogWriter::open(path, &error);
    ASSERT_TRUE(writer) << error;
    for (const auto& r : b.records) writer->write(r);
  }
  const auto full = read_run_log(path);
  const auto ops = read_operations_log(path);
  ASSERT_TRUE(full.ok()) << full.error;
  ASSERT_TRUE(ops.ok()) << ops.error;
  EXPECT_EQ(ops.log.header.scenario_name(), "hand-made");
  EXPECT_EQ(ops.log.operations.size(), full.log.operations.size());
  EXPECT_TRUE(ops.log.run_end.has_value());
  EXPECT_TRUE(ops.log.alerts.empty());
  EXPECT_TRUE(ops.log.truth.empty());
  EXPECT_EQ(full.log.alerts.size(), 1u);
  EXPECT_EQ(*operations_metrics(ops.log).fill_rate_percent,
            *operations_metrics(full.log).fill_rate_percent);
  // A file cut inside its last record reads up to the record before, and says so.
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 3);
  for (const auto& cut : {read_operations_log(path), read_run_log(path)}) {
    ASSERT_TRUE(cut.ok()) << cut.error;
    EXPECT_TRUE(cut.log.truncated);
    EXPECT_FALSE(cut.log.run_end.has_value());
    EXPECT_FALSE(cut.log.complete());
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace pharmatwin::experiments

namespace pharmatwin::experiments {
namespace {

TEST(DetectionScore, BudgetExhaustedClosesTheWindow) {
  LogBuilder b;
  b.fault(0, "hvac", "hvac_failure", 3600, 30000, "cold-room");
  auto* x = b.ops(9000).mutable_stability_budget_exhausted();
  x->set_lot(kGtin + "/L1");
  x->set_zone("cold-room");
  auto* other = b.ops(5000).mutable_stability_budget_exhausted();
  other->set_zone("hall");  // another zone: not this fault's harm
  b.left_range(12000, 0);
  b.alert("a", "excursion_high", 4800, 0);
  const auto s = score_detection(b.build());
  EXPECT_EQ(s.faults[0].harm, "budget_exhausted");
  EXPECT_DOUBLE_EQ(s.faults[0].window_end_s, 9000.0);
  EXPECT_DOUBLE_EQ(*s.faults[0].lead_time_s, 4200.0);
}

TEST(CounterfeitScore, InterceptionRecordGivesTheStage) {
  auto b = counterfeit_log();
  auto* ci = b.ops(600).mutable_counterfeit_intercepted();
  ci->set_fault("cf");
  ci->set_pack(kGtin + "/4");
  ci->set_stage("receiving");
  const auto log = b.build();
  const auto c = score_counterfeits(log, score_detection(log));
  EXPECT_EQ(c.intercepted, 4);
  EXPECT_EQ(c.by_stage.at("receiving"), 2);
  EXPECT_DOUBLE_EQ(*c.interception_percent, 100.0);
}

}  // namespace
}  // namespace pharmatwin::experiments
