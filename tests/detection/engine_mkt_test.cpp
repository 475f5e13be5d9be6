// The engine's rolling MKT against closed forms: the newest reading counts, the value is
// available at every reading, the alert follows the value, and an MKT from a distrusted probe
// is a sensor-health finding rather than a product alarm.
#include <cmath>
#include <random>
#include <vector>

#include "pharmatwin/detection/mkt.hpp"
#include "test_support.hpp"

namespace pharmatwin::detection {
namespace {

using testing::kT0;
using testing::minutes;
using testing::of_type;
using testing::with;
using testing::ZoneFixture;

double two_level_mkt(double w1, double t1, double w2, double t2) {
  const double mean = (w1 * arrhenius_term(t1) + w2 * arrhenius_term(t2)) / (w1 + w2);
  return kMktActivationK / -std::log(mean) - kKelvinOffset;
}

Policy mkt_policy() {
  Policy p = testing::base_policy("refrigerated");
  p.mkt.window_ms = 24 * kMsPerHour;
  p.mkt.limit_c = 8.0;
  p.temperature.hi = {true, 25.0, 0};  // keep excursions out of the way
  p.temperature.hihi.enabled = false;
  p.temperature.lo.enabled = false;
  p.rate.enabled = false;
  return p;
}

// 20 h at 5 °C then 4 h at 15 °C, one reading every `step_min` minutes: every reading,
// the last one included, stands for one sampling interval (USP <1079.2> worked case).
void cold_chain_day(int step_min) {
  ZoneFixture f(mkt_policy());
  const int n = 24 * 60 / step_min;
  for (int i = 0; i < n; ++i) {
    f.engine.ingest(f.sensors[0], kT0 + minutes(i * step_min), i * step_min < 20 * 60 ? 5.0 : 15.0);
  }
  const SensorHealthView h = f.engine.sensor_health(f.sensors[0]);
  EXPECT_NEAR(h.mkt_c, 7.705, 0.001) << step_min;
  EXPECT_NEAR(h.mkt_c, two_level_mkt(20, 5.0, 4, 15.0), 0.001) << step_min;
  EXPECT_NEAR(h.mkt_coverage, 1.0, 1e-9);
  EXPECT_TRUE(of_type(f.events, AlertType::kMktExceeded).empty());
}

TEST(EngineMkt, ColdChainDayAtOneMinuteSampling) { cold_chain_day(1); }
TEST(EngineMkt, ColdChainDayAtFiveMinuteSampling) { cold_chain_day(5); }

TEST(EngineMkt, ValueAtEveryReadingFollowsTheClosedForm) {
  // 5 °C for 20 h then 15 °C: after k warm readings (5-min sampling) the window holds
  // 240 cold and k warm readings until it is full, then slides.
  ZoneFixture f(mkt_policy());
  for (int i = 0; i < 288; ++i) {
    const bool warm = i >= 240;
    f.engine.ingest(f.sensors[0], kT0 + minutes(5 * i), warm ? 15.0 : 5.0);
    if (i >= 240) {
      EXPECT_NEAR(f.engine.sensor_health(f.sensors[0]).mkt_c,
                  two_level_mkt(240, 5.0, i - 239, 15.0), 0.001)
          << i;
    }
  }
}

TEST(EngineMkt, AlertRaisedAtTheReadingThatCrossesTheLimit) {
  // 20 h at 5 °C then 17 °C, one reading a minute. MKT over the 24 h window (starting at 0, at
  // least half covered) passes 8 °C after k warm minutes with (1200·a5 + k·a17)/(1200 + k) >
  // a8, solved here in closed form.
  ZoneFixture f(mkt_policy());
  const double a5 = arrhenius_term(5.0), a17 = arrhenius_term(17.0), a8 = arrhenius_term(8.0);
  const int k = static_cast<int>(std::floor(1200.0 * (a8 - a5) / (a17 - a8))) + 1;
  ASSERT_LT(1200 + k, 1440);  // within the first window
  for (int m = 0; m < 1440; ++m)
    f.engine.ingest(f.sensors[0], kT0 + minutes(m), m < 1200 ? 5.0 : 17.0);
  const auto raised = with(f.events, AlertType::kMktExceeded, Lifecycle::kRaised);
  ASSERT_EQ(raised.size(), 1u);
  // The k-th warm reading is the one at minute 1200 + k - 1.
  EXPECT_EQ(raised[0].time_ms, kT0 + minutes(1200 + k - 1));
  EXPECT_GT(raised[0].value, 8.0);
  EXPECT_LT(raised[0].value, 8.01);
  EXPECT_EQ(raised[0].severity, Severity::kHigh);
}

TEST(EngineMkt, ClearedOnceTheWindowCoolsDown) {
  ZoneFixture f(mkt_policy());
  for (int m = 0; m <= 3 * 1440; ++m) {
    const bool warm = m >= 1200 && m < 1500;
    f.engine.ingest(f.sensors[0], kT0 + minutes(m), warm ? 17.0 : 5.0);
  }
  ASSERT_EQ(with(f.events, AlertType::kMktExceeded, Lifecycle::kRaised).size(), 1u);
  ASSERT_EQ(with(f.events, AlertType::kMktExceeded, Lifecycle::kCleared).size(), 1u);
  EXPECT_NEAR(f.engine.sensor_health(f.sensors[0]).mkt_c, 5.0, 0.001);
}

TEST(EngineMkt, MktOfADriftingProbeIsASensorFindingNotAProductAlarm) {
  // Four air probes at 5 °C; probe 3 drifts up 0.02 °C/min from minute 300. The redundancy
  // check flags it within a few aggregates; its 2-h MKT passes 6 °C about 110 min into the
  // drift, while the room (the other probes) stays at 5 °C.
  Policy p = mkt_policy();
  p.mkt.window_ms = 2 * kMsPerHour;
  p.mkt.limit_c = 6.0;
  p.baseline.enabled = false;
  ZoneFixture f(p, 4);
  std::mt19937_64 rng(17);
  std::normal_distribution<double> noise(0.0, 0.05);
  for (int m = 0; m <= 600; ++m) {
    for (int i = 0; i < 4; ++i) {
      const double drift = i == 3 && m > 300 ? 0.02 * (m - 300) : 0.0;
      f.engine.ingest(f.sensors[static_cast<std::size_t>(i)], kT0 + minutes(m),
                      5.0 + drift + noise(rng));
    }
  }
  const auto drift = with(f.events, AlertType::kSensorDrift, Lifecycle::kRaised);
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_EQ(drift[0].sensor, f.sensors[3]);
  EXPECT_TRUE(of_type(f.events, AlertType::kMktExceeded).empty());
  std::vector<AlertEvent> mkt;
  for (const auto& e : with(f.events, AlertType::kExcursionSuppressed, Lifecycle::kRaised)) {
    if (e.detail.find("MKT over 2 h") != std::string::npos) mkt.push_back(e);
  }
  ASSERT_EQ(mkt.size(), 1u);
  EXPECT_EQ(mkt[0].sensor, f.sensors[3]);
  EXPECT_EQ(mkt[0].severity, Severity::kLow);
  EXPECT_EQ(mkt[0].action, Action::kScheduleCalibration);
  EXPECT_GT(mkt[0].value, 6.0);
  EXPECT_NE(mkt[0].detail.find("flagged drifting"), std::string::npos);
  EXPECT_GT(mkt[0].time_ms, drift[0].time_ms);
  // The MKT of the sound probes is what the room saw.
  EXPECT_NEAR(f.engine.sensor_health(f.sensors[0]).mkt_c, 5.0, 0.02);
}

}  // namespace
}  // namespace pharmatwin::detection
