// Engine behaviour on a single sensor's stream: delays through the engine, missing data,
// duplicates, backfill, stuck values, rate of change, MKT, lifecycle and routing.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.hpp"

namespace pharmatwin::detection {
namespace {

using namespace testing;
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

Policy sensor_policy() {
  Policy p = base_policy();
  p.temperature.hi = {true, 25.0, 15 * kMsPerMinute};
  p.temperature.hihi = {true, 30.0, 5 * kMsPerMinute};
  p.temperature.off_margin = 0.5;
  p.health.comm_timeout_ms = 15 * kMsPerMinute;
  p.rate.enabled = false;
  return p;
}

TEST(EngineSensor, ExcursionLifecycleWithEvidenceRoutingAndVersion) {
  ZoneFixture f(sensor_policy());
  const SensorId s = f.sensors[0];
  // 24 °C for 10 min, 26 °C from minute 10 to 40, 31 °C from 40 to 50, back to 24.
  for (int m = 0; m <= 70; ++m) {
    const double v = m < 10 ? 24.0 : m < 40 ? 26.0 : m < 50 ? 31.0 : 24.0;
    f.engine.ingest(s, kT0 + minutes(m), v);
  }
  const auto high = of_type(f.events, AlertType::kExcursionHigh);
  ASSERT_EQ(high.size(), 3u);
  // Raised at 25 (15 min after the first reading beyond at 10), escalated to HiHi at 45
  // (5 min after 40), cleared at 50 (24 <= 24.5).
  EXPECT_EQ(high[0].lifecycle, Lifecycle::kRaised);
  EXPECT_EQ(high[0].time_ms, kT0 + minutes(25));
  EXPECT_EQ(high[0].severity, Severity::kHigh);
  EXPECT_EQ(high[0].policy_version, "test-1");
  EXPECT_EQ(high[0].team, Team::kQuality);
  ASSERT_EQ(high[0].evidence.size(), 3u);
  EXPECT_EQ(high[0].evidence[0].time_ms, kT0 + minutes(10));  // first reading beyond
  EXPECT_EQ(high[0].evidence[0].value, 26.0);
  EXPECT_EQ(high[1].lifecycle, Lifecycle::kUpdated);
  EXPECT_EQ(high[1].time_ms, kT0 + minutes(45));
  EXPECT_EQ(high[1].severity, Severity::kCritical);
  EXPECT_EQ(high[2].lifecycle, Lifecycle::kCleared);
  EXPECT_EQ(high[2].time_ms, kT0 + minutes(50));
  EXPECT_EQ(high[0].id, high[2].id);
  EXPECT_FALSE(high[0].late);
}

TEST(EngineSensor, MissingDataRaisesCommunicationAlertAndNoExcursion) {
  ZoneFixture f(sensor_policy());
  const SensorId s = f.sensors[0];
  f.engine.ingest(s, kT0, 24.0);
  f.engine.ingest(s, kT0 + minutes(1), 26.0);  // beyond Hi, then nothing valid for 40 min
  for (int m = 2; m < 40; ++m) f.engine.ingest(s, kT0 + minutes(m), kMissing);
  f.engine.ingest(s, kT0 + minutes(41), 26.0);
  f.engine.ingest(s, kT0 + minutes(42), 24.0);
  EXPECT_TRUE(of_type(f.events, AlertType::kExcursionHigh).empty());
  const auto comm = of_type(f.events, AlertType::kCommunicationLoss);
  ASSERT_EQ(comm.size(), 2u);
  EXPECT_EQ(comm[0].lifecycle, Lifecycle::kRaised);
  // More than 15 min after the last valid reading (minute 1): the clock, driven by the
  // one-a-minute rows, first passes that at minute 17.
  EXPECT_EQ(comm[0].time_ms, kT0 + minutes(17));
  EXPECT_EQ(comm[0].team, Team::kMaintenance);
  EXPECT_EQ(comm[0].action, Action::kCheckCommunication);
  EXPECT_EQ(comm[1].lifecycle, Lifecycle::kCleared);
  EXPECT_EQ(comm[1].time_ms, kT0 + minutes(41));
  EXPECT_EQ(f.engine.stats().missing_values, 38u);
}

TEST(EngineSensor, SilenceWithAdvanceToRaisesCommunicationLoss) {
  ZoneFixture f(sensor_policy());
  f.engine.ingest(f.sensors[0], kT0, 24.0);
  f.engine.advance_to(kT0 + minutes(14));
  EXPECT_TRUE(f.events.empty());
  f.engine.advance_to(kT0 + minutes(16));
  ASSERT_EQ(of_type(f.events, AlertType::kCommunicationLoss).size(), 1u);
}

TEST(EngineSensor, DuplicatesAreIgnored) {
  ZoneFixture f(sensor_policy());
  const SensorId s = f.sensors[0];
  for (int m = 0; m <= 30; ++m) {
    f.engine.ingest(s, kT0 + minutes(m), 26.0);
    f.engine.ingest(s, kT0 + minutes(m), 26.0);
  }
  EXPECT_EQ(f.engine.stats().duplicates, 31u);
  EXPECT_EQ(with(f.events, AlertType::kExcursionHigh, Lifecycle::kRaised).size(), 1u);
  EXPECT_EQ(with(f.events, AlertType::kExcursionHigh, Lifecycle::kRaised)[0].time_ms,
            kT0 + minutes(15));
}

TEST(EngineSensor, LateBackfillStillRaisesItsAlertFlaggedLate) {
  // Sensor 0 reports live; sensor 1's gateway is down from minute 10 to 60, then delivers the
  // buffered readings (26 °C from minute 20) after the live ones resumed.
  ZoneFixture f(sensor_policy(), 2);
  for (int m = 0; m <= 60; ++m) {
    f.engine.ingest(f.sensors[0], kT0 + minutes(m), 22.0);
    if (m <= 10) f.engine.ingest(f.sensors[1], kT0 + minutes(m), 22.0);
  }
  f.engine.ingest(f.sensors[1], kT0 + minutes(61), 22.0);  // live data resumes
  for (int m = 11; m <= 60; ++m) {
    f.engine.ingest(f.sensors[1], kT0 + minutes(m), m >= 20 && m < 50 ? 26.0 : 22.0);
  }
  f.engine.ingest(f.sensors[1], kT0 + minutes(30), 26.0);  // a resend within the backfilled run
  f.engine.ingest(f.sensors[1], kT0 + minutes(5), 22.0);   // older than the run: out of order
  const auto high = of_type(f.events, AlertType::kExcursionHigh);
  ASSERT_EQ(high.size(), 2u);
  EXPECT_EQ(high[0].lifecycle, Lifecycle::kRaised);
  EXPECT_EQ(high[0].sensor, f.sensors[1]);
  EXPECT_EQ(high[0].time_ms, kT0 + minutes(35));  // 15 min after 20
  EXPECT_TRUE(high[0].late);
  EXPECT_EQ(high[1].lifecycle, Lifecycle::kCleared);
  EXPECT_EQ(high[1].time_ms, kT0 + minutes(50));
  EXPECT_EQ(f.engine.stats().backfilled, 50u);
  EXPECT_EQ(f.engine.stats().duplicates, 1u);
  EXPECT_EQ(f.engine.stats().out_of_order_dropped, 1u);
  // The communication loss was raised during the outage and cleared when data came back.
  EXPECT_EQ(of_type(f.events, AlertType::kCommunicationLoss).size(), 2u);
}

TEST(EngineSensor, InOrderButLateReadingsAreFlaggedLate) {
  ZoneFixture f(sensor_policy(), 2);
  for (int m = 0; m <= 120; ++m) f.engine.ingest(f.sensors[0], kT0 + minutes(m), 22.0);
  // Sensor 1's whole history arrives after the clock reached minute 120.
  for (int m = 0; m <= 60; ++m) f.engine.ingest(f.sensors[1], kT0 + minutes(m), 31.0);
  const auto raised = with(f.events, AlertType::kExcursionHigh, Lifecycle::kRaised);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_TRUE(raised[0].late);
  EXPECT_EQ(raised[0].time_ms, kT0 + minutes(5));  // HiHi delay 5 min (Hi 15 min comes later)
  EXPECT_EQ(raised[0].severity, Severity::kCritical);
}

TEST(EngineSensor, StuckValueIsReported) {
  Policy p = sensor_policy();
  p.health.stuck_for_ms = 2 * kMsPerHour;
  p.health.stuck_tolerance = 0.02;
  ZoneFixture f(p);
  for (int m = 0; m <= 180; ++m) {
    const double v = m < 30 ? 21.0 + 0.1 * std::sin(m) : 21.37;
    f.engine.ingest(f.sensors[0], kT0 + minutes(m), v);
  }
  const auto stuck = of_type(f.events, AlertType::kStuckSensor);
  ASSERT_EQ(stuck.size(), 1u);
  EXPECT_EQ(stuck[0].time_ms, kT0 + minutes(30 + 120));
  f.engine.ingest(f.sensors[0], kT0 + minutes(181), 21.5);
  EXPECT_EQ(with(f.events, AlertType::kStuckSensor, Lifecycle::kCleared).size(), 1u);
}

TEST(EngineSensor, RateOfChange) {
  Policy p = sensor_policy();
  p.rate = {true, 0.5, 10 * kMsPerMinute, 0.5};
  ZoneFixture f(p);
  // Flat, then +2 °C/min for 4 minutes (a sensor moved into a warm spot), then flat: the
  // 10-min window sees 8 °C / 10 min = 0.8 °C/min.
  double v = 20.0;
  for (int m = 0; m <= 60; ++m) {
    if (m > 20 && m <= 24) v += 2.0;
    f.engine.ingest(f.sensors[0], kT0 + minutes(m), v);
  }
  const auto rate = of_type(f.events, AlertType::kRateOfChange);
  ASSERT_EQ(rate.size(), 2u);
  EXPECT_EQ(rate[0].lifecycle, Lifecycle::kRaised);
  EXPECT_GT(rate[0].value, 0.5);
  EXPECT_EQ(rate[1].lifecycle, Lifecycle::kCleared);
}

TEST(EngineSensor, RollingMktOverTheColdChainDay) {
  Policy p = base_policy("refrigerated");
  p.mkt.window_ms = 24 * kMsPerHour;
  p.mkt.limit_c = 8.0;
  p.temperature.hi = {true, 25.0, 0};  // keep excursions out of the way
  p.temperature.hihi.enabled = false;
  p.temperature.lo.enabled = false;
  p.rate.enabled = false;
  ZoneFixture f(p);
  // One reading a minute: 20 h at 5 °C then 4 h at 15 °C (the last minute not yet held).
  for (int m = 0; m < 1440; ++m) {
    f.engine.ingest(f.sensors[0], kT0 + minutes(m), m < 1200 ? 5.0 : 15.0);
  }
  EXPECT_NEAR(f.engine.sensor_health(f.sensors[0]).mkt_c, 7.70, 0.01);
  EXPECT_TRUE(of_type(f.events, AlertType::kMktExceeded).empty());
}

TEST(EngineSensor, MktAboveTheLimitIsReported) {
  Policy p = base_policy("refrigerated");
  p.mkt.window_ms = 24 * kMsPerHour;
  p.mkt.limit_c = 8.0;
  p.temperature.hi = {true, 25.0, 0};
  p.temperature.hihi.enabled = false;
  p.rate.enabled = false;
  ZoneFixture f(p);
  // 20 h at 5 °C then 17 °C: the 24 h MKT reaches 8.54 °C at hour 24.
  for (int m = 0; m <= 1470; ++m) {
    f.engine.ingest(f.sensors[0], kT0 + minutes(m), m < 1200 ? 5.0 : 17.0);
  }
  const auto mkt = with(f.events, AlertType::kMktExceeded, Lifecycle::kRaised);
  ASSERT_EQ(mkt.size(), 1u);
  EXPECT_GT(mkt[0].value, 8.0);
  EXPECT_GT(mkt[0].time_ms, kT0 + minutes(1200));
}

TEST(EngineSensor, AcknowledgeRecordsTheDecision) {
  ZoneFixture f(sensor_policy());
  for (int m = 0; m <= 20; ++m) f.engine.ingest(f.sensors[0], kT0 + minutes(m), 26.0);
  const auto raised = with(f.events, AlertType::kExcursionHigh, Lifecycle::kRaised);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_TRUE(f.engine.acknowledge(raised[0].id, Decision::kQuarantined));
  EXPECT_FALSE(f.engine.acknowledge(9999, Decision::kAccepted));
  const auto ack = with(f.events, AlertType::kExcursionHigh, Lifecycle::kAcknowledged);
  ASSERT_EQ(ack.size(), 1u);
  EXPECT_EQ(ack[0].decision, Decision::kQuarantined);
  ASSERT_EQ(f.engine.open_alerts().size(), 1u);
  EXPECT_TRUE(f.engine.open_alerts()[0].acknowledged);
  f.engine.ingest(f.sensors[0], kT0 + minutes(21), 20.0);  // cleared + acknowledged: closed
  EXPECT_TRUE(f.engine.open_alerts().empty());
}

TEST(EngineSensor, CalibrationDueThenOverdue) {
  Policy p = sensor_policy();
  p.health.calibration_warn_ms = 14 * kMsPerDay;
  ZoneFixture f(p);
  f.engine.set_calibration_due(f.sensors[0], kT0 + 20 * kMsPerDay);
  f.engine.ingest(f.sensors[0], kT0, 20.0);
  f.engine.advance_to(kT0 + 5 * kMsPerDay);
  f.engine.ingest(f.sensors[0], kT0 + 5 * kMsPerDay, 20.0);
  EXPECT_TRUE(of_type(f.events, AlertType::kCalibrationDue).empty());
  f.engine.advance_to(kT0 + 7 * kMsPerDay);
  auto cal = of_type(f.events, AlertType::kCalibrationDue);
  ASSERT_EQ(cal.size(), 1u);
  EXPECT_EQ(cal[0].severity, Severity::kLow);
  EXPECT_EQ(cal[0].team, Team::kCompliance);
  EXPECT_EQ(cal[0].action, Action::kScheduleCalibration);
  f.engine.advance_to(kT0 + 21 * kMsPerDay);
  cal = of_type(f.events, AlertType::kCalibrationDue);
  ASSERT_GE(cal.size(), 2u);
  EXPECT_EQ(cal[1].lifecycle, Lifecycle::kUpdated);
  EXPECT_EQ(cal[1].severity, Severity::kMedium);
}

TEST(EngineSensor, MemoryPerSensorIsBounded) {
  // Ring buffers and running statistics only: no per-reading history.
  std::printf("state per sensor: %zu bytes\n", Engine::state_bytes_per_sensor());
  EXPECT_LT(Engine::state_bytes_per_sensor(), 4096u);
  ZoneFixture f(sensor_policy());
  for (int m = 0; m < 20000; ++m)
    f.engine.ingest(f.sensors[0], kT0 + minutes(m), 20.0 + (m % 7) * 0.1);
  EXPECT_EQ(f.engine.stats().readings, 20000u);
}

TEST(EngineSensor, AllowedExcursionRules) {
  Policy p = base_policy();
  p.rate.enabled = false;
  ZoneFixture f(p);
  // CRT: 35 °C for 2 h is an allowed spike; 41 °C is not.
  for (int m = 0; m <= 120; ++m) f.engine.ingest(f.sensors[0], kT0 + minutes(m), 35.0);
  EXPECT_TRUE(of_type(f.events, AlertType::kExcursionNotAllowed).empty());
  f.engine.ingest(f.sensors[0], kT0 + minutes(121), 41.0);
  EXPECT_EQ(with(f.events, AlertType::kExcursionNotAllowed, Lifecycle::kRaised).size(), 1u);
}

}  // namespace
}  // namespace pharmatwin::detection

namespace pharmatwin::detection {
namespace {

TEST(EngineSensor, SensorThatNeverReportedRaisesThenClearsCommunicationLoss) {
  using namespace testing;
  ZoneFixture f(base_policy(), 2);
  for (int m = 0; m <= 20; ++m) f.engine.ingest(f.sensors[0], kT0 + minutes(m), 20.0);
  f.engine.ingest(f.sensors[1], kT0 + minutes(21), 20.0);
  const auto comm = of_type(f.events, AlertType::kCommunicationLoss);
  ASSERT_EQ(comm.size(), 2u);
  EXPECT_EQ(comm[0].sensor, f.sensors[1]);
  EXPECT_TRUE(comm[0].evidence.empty());
  EXPECT_EQ(comm[1].lifecycle, Lifecycle::kCleared);
  EXPECT_EQ(comm[1].detail, "first data received");
}

}  // namespace
}  // namespace pharmatwin::detection
