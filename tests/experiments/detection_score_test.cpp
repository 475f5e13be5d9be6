// Detection scoring against hand-made logs; every expected figure is worked out in the comments.
#include "pharmatwin/experiments/detection_score.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "log_builder.hpp"
#include "pharmatwin/experiments/kind_table.hpp"

namespace pharmatwin::experiments {
namespace {

using testing::LogBuilder;

TEST(DetectionScore, LatencyAndLeadTimeOfADetectedFault) {
  LogBuilder b;  // one day
  // Cold-room HVAC fails at 1 h for 8 h; the product leaves 2..8 °C at 3 h.
  b.fault(0, "hvac", "hvac_failure", 3600, 3600 + 8 * 3600, "cold-room");
  b.left_range(3 * 3600, 0);
  // Detected 10 min after onset.
  b.alert("a1", "hvac_failure", 3600 + 600, 0);
  const auto s = score_detection(b.build());
  ASSERT_EQ(s.faults.size(), 1u);
  const auto& f = s.faults[0];
  EXPECT_TRUE(f.detected);
  EXPECT_DOUBLE_EQ(*f.latency_s, 600.0);
  // Lead time: harm at 10800 s, alert at 4200 s.
  EXPECT_DOUBLE_EQ(*f.lead_time_s, 6600.0);
  EXPECT_EQ(f.harm, "product_left_range");
  // The window closes at the harm, before the end + grace (34200 s).
  EXPECT_DOUBLE_EQ(f.window_end_s, 10800.0);
  EXPECT_TRUE(s.false_alarm_ids.empty());
  EXPECT_DOUBLE_EQ(*s.by_kind.at("hvac_failure").recall, 1.0);
  EXPECT_DOUBLE_EQ(*s.by_kind.at("hvac_failure").precision, 1.0);
}

TEST(DetectionScore, AlertOutsideEveryWindowIsAFalseAlarm) {
  LogBuilder b;  // 1 day, 3 sensors, 2 zones
  b.fault(0, "hvac", "hvac_failure", 3600, 7200, "cold-room");
  b.alert("ok", "excursion_high", 4000, 0);
  b.alert("fa", "excursion_high", 50000, 1);  // hall, no fault there
  const auto s = score_detection(b.build());
  ASSERT_EQ(s.false_alarm_ids.size(), 1u);
  EXPECT_EQ(s.false_alarm_ids[0], "fa");
  EXPECT_DOUBLE_EQ(s.false_alarms_per_day, 1.0);
  EXPECT_DOUBLE_EQ(s.false_alarms_per_sensor_day, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.false_alarms_per_zone_day, 1.0 / 2.0);
  // Precision of hvac_failure: 2 candidate excursion alerts, one true.
  EXPECT_DOUBLE_EQ(*s.by_kind.at("hvac_failure").precision, 0.5);
}

TEST(DetectionScore, WrongKindOrScopeDoesNotDetect) {
  LogBuilder b;
  b.fault(0, "hvac", "hvac_failure", 3600, 7200, "cold-room");
  b.alert("door", "door_open", 4000, 0);           // a door alert is no evidence of an HVAC fault
  b.alert("other-zone", "hvac_failure", 4000, 1);  // right kind, wrong zone
  const auto s = score_detection(b.build());
  EXPECT_FALSE(s.faults[0].detected);
  EXPECT_EQ(s.false_alarm_ids.size(), 2u);
  EXPECT_DOUBLE_EQ(*s.by_kind.at("hvac_failure").recall, 0.0);
}

TEST(DetectionScore, SensorFaultMatchesItsSensorAndLateAlertsAreNotFalse) {
  LogBuilder b;
  // cr-air-2 (index 1) stuck from 20000 s to 30000 s; no harm: window ends at 31800 s.
  b.fault(0, "stuck", "sensor_stuck", 20000, 30000, "", "cr-air-2");
  b.alert("wrong-sensor", "stuck_sensor", 25000, 0, 0);
  b.alert("right", "stuck_sensor", 26000, 0, 1);
  b.alert("within-grace", "stuck_sensor", 31000, 0, 1);
  b.alert("after-grace", "stuck_sensor", 32000, 0, 1);
  const auto s = score_detection(b.build());
  EXPECT_TRUE(s.faults[0].detected);
  EXPECT_DOUBLE_EQ(*s.faults[0].latency_s, 6000.0);
  EXPECT_FALSE(s.faults[0].lead_time_s.has_value());
  EXPECT_DOUBLE_EQ(s.faults[0].window_end_s, 31800.0);
  EXPECT_EQ(s.faults[0].matching_alerts, 2);
  ASSERT_EQ(s.false_alarm_ids.size(), 2u);
  EXPECT_EQ(s.false_alarm_ids[0], "wrong-sensor");
  EXPECT_EQ(s.false_alarm_ids[1], "after-grace");
}

TEST(DetectionScore, AlertAfterHarmButBeforeEndIsLateNotFalse) {
  LogBuilder b;
  b.fault(0, "hvac", "hvac_failure", 3600, 20000, "cold-room");
  b.left_range(7200, 0);
  b.alert("late", "excursion_high", 9000, 0);
  const auto s = score_detection(b.build());
  EXPECT_FALSE(s.faults[0].detected);
  EXPECT_TRUE(s.false_alarm_ids.empty());
}

TEST(DetectionScore, RepeatedAlertIdIsOneAlert) {
  LogBuilder b;
  b.fault(0, "hvac", "hvac_failure", 3600, 7200, "cold-room");
  b.alert("a", "hvac_failure", 4200, 0);
  b.alert("a", "hvac_failure", 9000, 0);  // the clearing update of the same alert
  const auto log = b.build();
  EXPECT_EQ(log.alerts.size(), 1u);
  EXPECT_DOUBLE_EQ(*score_detection(log).faults[0].latency_s, 600.0);
}

TEST(DetectionScore, CounterfeitIsMatchedByLot) {
  LogBuilder b;
  b.fault(0, "cf", "counterfeit", 1000, -1);
  auto* inj = b.ops(1000).mutable_counterfeit_injected();
  inj->set_fault("cf");
  inj->set_gtin("00614141000012");
  inj->set_lot("L1");
  inj->add_serials("1");
  b.alert("other-lot", "unknown_serial", 2000, -1, -1, {"00614141000012/L2"});
  b.alert("suspect", "suspect:unknown_serial", 3000, -1, -1, {"00614141000012/L1"});
  const auto s = score_detection(b.build());
  EXPECT_TRUE(s.faults[0].detected);
  EXPECT_DOUBLE_EQ(*s.faults[0].latency_s, 2000.0);
  // Instantaneous: the window runs to the end of the run.
  EXPECT_DOUBLE_EQ(s.faults[0].window_end_s, 86400.0);
  EXPECT_EQ(s.false_alarm_ids, std::vector<std::string>{"other-lot"});
}

// Two counterfeit faults in one delivery, same lot: suspect alerts name packs, and each pack
// belongs to one fault only.
TEST(DetectionScore, SuspectAlertsAreMatchedToCounterfeitsByPack) {
  LogBuilder b;  // one day
  const std::string gtin = "00614141000012";
  b.fault(0, "cloned", "counterfeit", 7200, -1);
  b.fault(1, "unknown", "counterfeit", 7200, -1);
  b.fault(2, "never-caught", "counterfeit", 7200, -1);
  auto inject = [&](const char* fault, std::vector<std::string> serials, const char* sscc) {
    auto* inj = b.ops(7200).mutable_counterfeit_injected();
    inj->set_fault(fault);
    inj->set_gtin(gtin);
    inj->set_lot("L1");
    for (auto& s : serials) inj->add_serials(s);
    inj->set_case_sscc(sscc);
  };
  inject("cloned", {"c1", "c2"}, "106141410000000017");
  inject("unknown", {"u1"}, "106141410000000024");
  inject("never-caught", {"n1"}, "106141410000000031");
  // Receiving scan at 10 h: the unknown serial first, then the clones (and a pack of no fault,
  // in the same lot: a false alarm even though its lot is a counterfeit lot).
  b.suspect("ser-1", "unknown_serial", 36000, {gtin + "/u1"});
  b.suspect("ser-2", "cloned_serial", 36060, {gtin + "/c2"}, {gtin + "/L1"});
  b.suspect("ser-3", "cloned_serial", 36120, {gtin + "/c1"}, {gtin + "/L1"});
  b.suspect("ser-4", "cloned_serial", 36180, {gtin + "/g9"}, {gtin + "/L1"});
  // A case-level alert names the SSCC of the never-caught fault's case, but before onset.
  b.suspect("ser-0", "aggregation_mismatch", 3600, {"106141410000000031"});
  // The never-caught counterfeit is shipped at 20 h: harm.
  auto& shipped = b.ops(72000);
  auto* c = shipped.mutable_compromised_unit_shipped();
  c->set_gtin(gtin);
  c->set_serial("n1");
  c->set_lot("L1");
  c->set_reason("counterfeit");
  c->set_units(1);
  // A suspect alert for its case after the harm: late, not a detection, not a false alarm.
  b.suspect("ser-5", "aggregation_mismatch", 75600, {"106141410000000031"});

  const auto log = b.build();
  ASSERT_EQ(log.alerts.size(), 6u);
  EXPECT_EQ(log.alerts[1].source, "serialization");
  EXPECT_EQ(log.alerts[1].packs, std::vector<std::string>{gtin + "/u1"});
  const auto s = score_detection(log);
  ASSERT_EQ(s.faults.size(), 3u);
  // cloned: first matching alert ser-2 at 36060 s; 36060 - 7200 = 28860 s. No harm.
  EXPECT_TRUE(s.faults[0].detected);
  EXPECT_DOUBLE_EQ(*s.faults[0].latency_s, 28860.0);
  EXPECT_EQ(s.faults[0].first_alert_id, "ser-2");
  EXPECT_EQ(s.faults[0].matching_alerts, 2);
  EXPECT_FALSE(s.faults[0].lead_time_s.has_value());
  // unknown: ser-1 at 36000 s; 28800 s.
  EXPECT_TRUE(s.faults[1].detected);
  EXPECT_DOUBLE_EQ(*s.faults[1].latency_s, 28800.0);
  EXPECT_EQ(s.faults[1].first_alert_kind, "suspect:unknown_serial");
  // never-caught: harm at 72000 s closes the window; ser-5 came after it.
  EXPECT_FALSE(s.faults[2].detected);
  EXPECT_EQ(s.faults[2].harm, "compromised_shipped");
  EXPECT_DOUBLE_EQ(*s.faults[2].harm_s, 72000.0);
  EXPECT_DOUBLE_EQ(s.faults[2].window_end_s, 72000.0);
  EXPECT_EQ(s.faults[2].matching_alerts, 1);
  // ser-0 (before onset) and ser-4 (a pack of no fault) are false alarms.
  EXPECT_EQ(s.false_alarm_ids, (std::vector<std::string>{"ser-0", "ser-4"}));
  const auto& k = s.by_kind.at("counterfeit");
  EXPECT_EQ(k.detected, 2);
  EXPECT_DOUBLE_EQ(*k.mean_latency_s, (28860.0 + 28800.0) / 2);
}

// A suspect alert detecting before harm gets a lead time: harm - alert.
TEST(DetectionScore, SuspectAlertLeadTimeBeforeTheShippedCounterfeit) {
  LogBuilder b;
  const std::string gtin = "00614141000012";
  b.fault(0, "cf", "counterfeit", 1000, -1);
  auto* inj = b.ops(1000).mutable_counterfeit_injected();
  inj->set_fault("cf");
  inj->set_gtin(gtin);
  inj->set_lot("L1");
  inj->add_serials("1");
  inj->add_serials("2");
  b.suspect("ser-1", "cloned_serial", 5000, {gtin + "/2"});
  auto* c = b.ops(9000).mutable_compromised_unit_shipped();
  c->set_gtin(gtin);
  c->set_serial("1");
  c->set_reason("counterfeit");
  const auto s = score_detection(b.build());
  EXPECT_TRUE(s.faults[0].detected);
  EXPECT_DOUBLE_EQ(*s.faults[0].latency_s, 4000.0);
  EXPECT_DOUBLE_EQ(*s.faults[0].lead_time_s, 4000.0);  // 9000 - 5000
  EXPECT_TRUE(s.false_alarm_ids.empty());
}

// Alerts are folded by source and id: two systems may both number theirs from 1.
TEST(RunLogAlerts, SameIdFromTwoSourcesStaysTwoAlerts) {
  LogBuilder b;
  b.alert("1", "hvac_failure", 100, 0);
  b.suspect("1", "unknown_serial", 200, {"00614141000012/9"});
  const auto log = b.build();
  ASSERT_EQ(log.alerts.size(), 2u);
  EXPECT_EQ(log.alerts[0].source, "");
  EXPECT_EQ(log.alerts[1].kind, "suspect:unknown_serial");
}

TEST(KindTable, EveryScenarioFaultKindHasARule) {
  for (const char* kind : {"hvac_failure", "hvac_degraded", "door_left_open", "power_outage",
                           "sensor_drift", "sensor_bias_step", "sensor_stuck", "sensor_dropout",
                           "counterfeit", "serialization_exception", "channel_fault"}) {
    EXPECT_NE(rule_for(kind), nullptr) << kind;
  }
  EXPECT_TRUE(alert_can_detect("communication_loss", "sensor_dropout"));
  EXPECT_FALSE(alert_can_detect("stuck_sensor", "hvac_failure"));
}

}  // namespace
}  // namespace pharmatwin::experiments

namespace pharmatwin::experiments {
namespace {

TEST(DetectionScore, AFaultOverSeveralZonesMatchesAlertsInEachOfThem) {
  // A power outage over both zones of the site: the world logs every zone it covers.
  testing::LogBuilder b;
  b.fault(0, "mains", "power_outage", 3600, 7200);
  b.records[1].mutable_fault_started()->add_zones("cold-room");
  b.records[1].mutable_fault_started()->add_zones("hall");
  b.alert("cold", "power_failure", 3600, 0);
  b.alert("hall", "power_failure", 3600, 1);
  auto s = score_detection(b.build());
  EXPECT_TRUE(s.faults[0].detected);
  EXPECT_TRUE(s.false_alarm_ids.empty());
  EXPECT_EQ(s.faults[0].matching_alerts, 2);

  // The same outage over the cold room only: the hall's alert is a false alarm.
  testing::LogBuilder one;
  one.fault(0, "mains", "power_outage", 3600, 7200);
  one.records[1].mutable_fault_started()->add_zones("cold-room");
  one.alert("cold", "power_failure", 3600, 0);
  one.alert("hall", "power_failure", 3600, 1);
  s = score_detection(one.build());
  EXPECT_EQ(s.false_alarm_ids, (std::vector<std::string>{"hall"}));
}

}  // namespace
}  // namespace pharmatwin::experiments
