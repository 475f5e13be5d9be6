// Detection scoring against hand-made logs; every expected figure is worked out in the comments.
#include <gtest/gtest.h>

#include <cmath>

#include "log_builder.hpp"
#include "pharmatwin/experiments/detection_score.hpp"
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
  b.alert("door", "door_open", 4000, 0);          // a door alert is no evidence of an HVAC fault
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
