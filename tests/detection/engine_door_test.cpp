// Door rules: a routine opening is an event, not an alarm. Only a door open longer than the
// zone's routine openings, or an opening that does not recover or takes the zone out of range,
// alarms; controller cycling sampled slowly is not a door.
#include <cmath>
#include <functional>
#include <numbers>
#include <random>

#include "test_support.hpp"

namespace pharmatwin::detection {
namespace {

using namespace testing;

Policy door_policy() {
  Policy p = base_policy("refrigerated");  // 2-8 °C class defaults
  p.temperature.hi = {true, 8.0, 15 * kMsPerMinute};
  p.temperature.lo.enabled = false;
  p.temperature.lolo.enabled = false;
  p.mkt.enabled = false;
  p.baseline.enabled = false;
  return p;
}

// Feeds every sensor a reading every `step_min` minutes over [from, to) minutes.
void feed(ZoneFixture& f, int from, int to, int step_min,
          const std::function<double(int, double)>& value, double noise_c = 0.02,
          std::uint64_t seed = 3) {
  std::mt19937_64 rng(seed + static_cast<std::uint64_t>(from));
  std::normal_distribution<double> noise(0.0, noise_c);
  for (int m = from; m < to; m += step_min) {
    for (std::size_t i = 0; i < f.sensors.size(); ++i) {
      f.engine.ingest(f.sensors[i], kT0 + minutes(m), value(static_cast<int>(i), m) + noise(rng));
    }
  }
}

// Thermostat cycling between 4 and 6 °C: 20 min warming, 10 min pull-down.
double sawtooth(double minute) {
  const double t = std::fmod(minute, 30.0);
  return t < 20.0 ? 4.0 + 0.1 * t : 6.0 - 0.2 * (t - 20.0);
}

TEST(EngineDoor, CyclingSampledEveryFiveMinutesIsNoDoor) {
  // No door at all: 2 °C of controller swing, probes read every 5 minutes for three days. The
  // warmest probe rises 0.5 °C between readings (1.5 °C over a window of three readings), more
  // than the 1 °C spike size, yet it is the zone's own cycling.
  for (int step : {5, 1}) {
    ZoneFixture f(door_policy(), 3);
    feed(f, 0, 3 * 24 * 60, step, [](int, double m) { return sawtooth(m); });
    EXPECT_TRUE(of_type(f.events, AlertType::kDoorOpen).empty()) << step;
    EXPECT_TRUE(of_type(f.events, AlertType::kHvacFailure).empty()) << step;
    EXPECT_TRUE(of_type(f.events, AlertType::kEarlyWarning).empty()) << step;
  }
}

TEST(EngineDoor, RoutineOpeningsAreEventsNotAlarms) {
  // Cycling 4-6 °C; one probe by the door sees +2 °C for 2 min four times an hour.
  ZoneFixture f(door_policy(), 3);
  feed(f, 0, 2 * 24 * 60, 1, [](int i, double m) {
    const double t = std::fmod(m, 15.0);
    return sawtooth(m) + (i == 0 && t >= 7.0 && t < 9.0 ? 2.0 : 0.0);
  });
  EXPECT_TRUE(of_type(f.events, AlertType::kDoorOpen).empty());
  EXPECT_TRUE(of_type(f.events, AlertType::kSensorDrift).empty());
}

TEST(EngineDoor, SpikeWithoutRecoveryAboveTheBandAlarms) {
  ZoneFixture f(door_policy(), 3);
  const int open_min = 6 * 60 + 5;  // a trough-to-peak phase: the door stays open from here
  auto temp = [&](int, double m) {
    if (m < open_min) return sawtooth(m);
    return std::min(7.5, sawtooth(open_min) + 1.5 + 0.05 * (m - open_min));
  };
  feed(f, 0, open_min + 60, 1, temp);
  const auto raised = with(f.events, AlertType::kDoorOpen, Lifecycle::kRaised);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].severity, Severity::kHigh);
  // After the recovery time (10 min), once the zone is above its learned band.
  EXPECT_GT(raised[0].time_ms, kT0 + minutes(open_min + 10));
  EXPECT_LE(raised[0].time_ms, kT0 + minutes(open_min + 20));
  EXPECT_NE(raised[0].detail.find("door left open?"), std::string::npos);
}

TEST(EngineDoor, SpikeOutOfRangeAlarms) {
  ZoneFixture f(door_policy(), 3);
  const int open_min = 6 * 60 + 5;
  feed(f, 0, open_min + 30, 1, [&](int i, double m) {
    return sawtooth(m) + (i == 0 && m >= open_min && m < open_min + 4 ? 5.0 : 0.0);
  });
  const auto raised = with(f.events, AlertType::kDoorOpen, Lifecycle::kRaised);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].severity, Severity::kHigh);
  EXPECT_LE(raised[0].time_ms, kT0 + minutes(open_min + 3));
  EXPECT_NE(raised[0].detail.find("above Hi"), std::string::npos);
  ASSERT_EQ(with(f.events, AlertType::kDoorOpen, Lifecycle::kCleared).size(), 1u);
}

// Door telemetry: open at `start` for `length` minutes.
void door(ZoneFixture& f, double start, double length) {
  f.engine.ingest_telemetry(f.zone, kT0 + minutes(start), TelemetryKind::kDoorOpen, true);
  for (double m = start; m < start + length; m += 1.0 / 6.0) f.engine.advance_to(kT0 + minutes(m));
  f.engine.ingest_telemetry(f.zone, kT0 + minutes(start + length), TelemetryKind::kDoorOpen, false);
}

TEST(EngineDoor, OpenTooLongIsLongerThanRoutineOpenings) {
  Policy p = door_policy();
  p.door.max_open_ms = 5 * kMsPerMinute;
  p.door.routine_open_factor = 3.0;
  ZoneFixture f(p, 1);
  // Routine openings of a busy dock: 2 to 3 min, some back to back up to 6 min.
  const double lengths[] = {2, 2, 3, 2, 2.5, 2, 3, 2, 2, 6, 2, 2.5, 3, 2, 2};
  double t = 10;
  for (double length : lengths) {
    door(f, t, length);
    t += 15;
  }
  EXPECT_TRUE(of_type(f.events, AlertType::kDoorOpen).empty());
  // Learned routine opening: median 2 min + 5 · 1.4826 · MAD 0 = 2 min ... the MAD of these
  // lengths is 0 (more than half are 2 min): routine 2 min, limit max(5, 3 · 2) = 6 min.
  door(f, t, 30);
  const auto raised = with(f.events, AlertType::kDoorOpen, Lifecycle::kRaised);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_GT(raised[0].time_ms, kT0 + minutes(t + 6));
  EXPECT_LE(raised[0].time_ms, kT0 + minutes(t + 6.5));
  EXPECT_NE(raised[0].detail.find("limit 6 min"), std::string::npos);
}

// A gateway that samples doors every 5 minutes: readings advance the clock each minute, an
// opening seen at two samples is reported at the second one's block (4 min after the first,
// the readings of the block coming first), dated at the first; its end at the sample that
// sees the door closed.
struct SampledDoorFeed {
  ZoneFixture& f;
  int minute = 0;
  void readings_until(int to) {
    for (; minute < to; ++minute) f.engine.ingest(f.sensors[0], kT0 + minutes(minute), 5.0);
  }
  void opening(int first_sample, int closed_sample) {
    readings_until(first_sample + 5);  // clock at first_sample + 4
    f.engine.ingest_telemetry(f.zone, kT0 + minutes(first_sample), TelemetryKind::kDoorOpen, true);
    readings_until(closed_sample);
    f.engine.ingest_telemetry(f.zone, kT0 + minutes(closed_sample), TelemetryKind::kDoorOpen,
                              false);
  }
};

TEST(EngineDoor, SampledFeedTwoShortOpeningsOnConsecutiveSamplesAreNotAnAlarm) {
  ZoneFixture f(door_policy(), 1);
  SampledDoorFeed feed{f};
  // Seen open at two samples, closed at the third: 10 min as reported, within max_open_s (5)
  // plus twice the 4-min report lag.
  for (int s : {60, 180, 300}) feed.opening(s, s + 10);
  EXPECT_TRUE(of_type(f.events, AlertType::kDoorOpen).empty());
  // A door left open: seen open from minute 400 on, closed at 445. It alarms once reported
  // open for 5 + 2 · 4 = 13 min.
  feed.opening(400, 445);
  const auto raised = with(f.events, AlertType::kDoorOpen, Lifecycle::kRaised);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_GT(raised[0].time_ms, kT0 + minutes(413));
  EXPECT_LE(raised[0].time_ms, kT0 + minutes(414));
  EXPECT_NE(raised[0].detail.find("limit 13 min"), std::string::npos) << raised[0].detail;
}

TEST(EngineDoor, OpenTooLongBeforeAnyRoutineOpeningIsLearned) {
  ZoneFixture f(door_policy(), 1);
  door(f, 10, 20);
  const auto raised = with(f.events, AlertType::kDoorOpen, Lifecycle::kRaised);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_GT(raised[0].time_ms, kT0 + minutes(15));  // max_open_s of the class: 5 min
  EXPECT_LE(raised[0].time_ms, kT0 + minutes(15.5));
}

}  // namespace
}  // namespace pharmatwin::detection
