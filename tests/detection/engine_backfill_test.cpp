// Late data through the engine: a gateway holds a zone's readings back for two hours while the
// zone leaves its range, then delivers them after live data resumed. The late readings must
// raise the alerts they deserve (per sensor and per zone), flagged late, at their original time.
#include <gtest/gtest.h>

#include <sstream>

#include "test_support.hpp"

namespace pharmatwin::detection {
namespace {

using namespace testing;

Policy cold_room_policy() {
  Policy p = base_policy("refrigerated");
  p.range_min_c = 2.0;
  p.range_max_c = 8.0;
  p.temperature = {};
  p.temperature.lo = {true, 2.0, 15 * kMsPerMinute};
  p.temperature.hi = {true, 8.0, 15 * kMsPerMinute};
  p.temperature.off_margin = 0.5;
  p.health.comm_timeout_ms = 15 * kMsPerMinute;
  p.rate = {true, 0.5, 10 * kMsPerMinute, 0.5};
  p.budget.warn_share = 0.5;
  p.baseline.enabled = false;
  return p;
}

// True zone temperature: 5 °C, 10 °C from minute 70 to 159, 5 °C again from 160.
double room_c(int minute) { return minute >= 70 && minute < 160 ? 10.0 : 5.0; }

// Live data 0..60, gateway down 61..180 (readings held back), live again from 181; the backlog
// is delivered after the first live reading, sensor by sensor, then once more (a resend); live
// data go on to minute 240 so that the backlog is known to be complete.
struct HoldBack {
  ZoneFixture f{cold_room_policy(), 3};
  HoldBack() {
    const Lot lot{"LOT-R", 90 * kMsPerMinute, {}, {}};
    f.engine.set_lots_in_zone(f.zone, std::span<const Lot>(&lot, 1));
    auto live = [&](int from, int to) {
      for (int m = from; m <= to; ++m) {
        for (SensorId s : f.sensors) f.engine.ingest(s, kT0 + minutes(m), room_c(m));
      }
    };
    auto backlog = [&] {
      for (SensorId s : f.sensors) {
        for (int m = 61; m <= 180; ++m) f.engine.ingest(s, kT0 + minutes(m), room_c(m));
      }
    };
    live(0, 60);
    live(181, 181);
    backlog();
    events_after_backlog = f.events.size();
    backlog();  // resent: nothing new
    events_after_resend = f.events.size();
    live(182, 240);
  }
  std::size_t events_after_backlog = 0;
  std::size_t events_after_resend = 0;
};

TEST(EngineBackfill, HeldBackExcursionIsRaisedLateAtItsOriginalTime) {
  HoldBack h;
  const auto raised = with(h.f.events, AlertType::kExcursionHigh, Lifecycle::kRaised);
  ASSERT_EQ(raised.size(), 3u);  // one per sensor
  for (const auto& e : raised) {
    EXPECT_TRUE(e.late);
    EXPECT_EQ(e.time_ms, kT0 + minutes(70 + 15));  // Hi delay after the first reading beyond
    EXPECT_EQ(e.emitted_ms, kT0 + minutes(181));   // known when the backlog arrived
    EXPECT_EQ(e.lots, std::vector<std::string>{"LOT-R"});
  }
  const auto cleared = with(h.f.events, AlertType::kExcursionHigh, Lifecycle::kCleared);
  ASSERT_EQ(cleared.size(), 3u);
  for (const auto& e : cleared) EXPECT_EQ(e.time_ms, kT0 + minutes(160));
}

TEST(EngineBackfill, HeldBackPeriodsConsumeTheStabilityBudgetOnce) {
  HoldBack h;
  // Periods 70..159 are out of 2-8 °C: 90 min against a 90 min budget. Half of it is used at
  // the end of period 114 (45 periods), all of it at the end of period 159 (90 periods), however
  // many sensors saw each period.
  const auto budget = of_type(h.f.events, AlertType::kStabilityBudget);
  ASSERT_EQ(budget.size(), 2u);
  EXPECT_EQ(budget[0].lifecycle, Lifecycle::kRaised);
  EXPECT_EQ(budget[0].time_ms, kT0 + minutes(115));
  EXPECT_NEAR(budget[0].value, 0.5, 1e-9);
  EXPECT_EQ(budget[0].severity, Severity::kMedium);
  EXPECT_TRUE(budget[0].late);
  EXPECT_EQ(budget[1].lifecycle, Lifecycle::kUpdated);
  EXPECT_EQ(budget[1].time_ms, kT0 + minutes(160));
  EXPECT_NEAR(budget[1].value, 1.0, 1e-9);
  EXPECT_EQ(budget[1].severity, Severity::kCritical);
  EXPECT_EQ(budget[1].action, Action::kQuarantineLots);
  EXPECT_TRUE(budget[1].late);
  EXPECT_EQ(budget[0].lots, std::vector<std::string>{"LOT-R"});
}

TEST(EngineBackfill, LateDataDoNotChargeALotStockedAfterThem) {
  ZoneFixture f{cold_room_policy(), 1};
  for (int m = 0; m <= 60; ++m) f.engine.ingest(f.sensors[0], kT0 + minutes(m), 5.0);
  f.engine.ingest(f.sensors[0], kT0 + minutes(181), 5.0);
  // The lot arrives once live data resumed; the backlog (out of range 70..159) predates it.
  const Lot lot{"LOT-NEW", 30 * kMsPerMinute, {}, {}};
  f.engine.set_lots_in_zone(f.zone, std::span<const Lot>(&lot, 1));
  for (int m = 61; m <= 180; ++m) f.engine.ingest(f.sensors[0], kT0 + minutes(m), room_c(m));
  EXPECT_TRUE(of_type(f.events, AlertType::kStabilityBudget).empty());
  EXPECT_EQ(with(f.events, AlertType::kExcursionHigh, Lifecycle::kRaised).size(), 1u);
}

TEST(EngineBackfill, HeldBackJumpRaisesARateOfChangeFlaggedLate) {
  HoldBack h;
  // +5 °C at minute 70: anchors every 2 min (spacing 75 s at one reading a minute), so the
  // 10-min window sees 5 °C over 9 min = 0.56 °C/min > 0.5 at minute 70.
  const auto rate = with(h.f.events, AlertType::kRateOfChange, Lifecycle::kRaised);
  ASSERT_EQ(rate.size(), 6u);  // per sensor: the rise at 70 and the fall at 160
  for (const auto& e : rate) EXPECT_TRUE(e.late);
  EXPECT_EQ(rate[0].time_ms, kT0 + minutes(70));
  EXPECT_GT(rate[0].value, 0.5);
}

TEST(EngineBackfill, ResentBacklogChangesNothing) {
  HoldBack h;
  EXPECT_EQ(h.events_after_resend, h.events_after_backlog);
  EXPECT_EQ(h.f.engine.stats().backfilled, 3u * 120u);
  EXPECT_EQ(h.f.engine.stats().duplicates, 3u * 120u);
  EXPECT_EQ(h.f.engine.stats().out_of_order_dropped, 0u);
  // Live values are 5 °C on both sides of the 2 h gap: no evidence of a frozen sensor.
  EXPECT_TRUE(of_type(h.f.events, AlertType::kStuckSensor).empty());
  // Nothing left open by the backlog once it has ended.
  for (const auto& a : h.f.engine.open_alerts()) {
    if (a.type == AlertType::kExcursionHigh || a.type == AlertType::kRateOfChange) {
      EXPECT_TRUE(a.cleared);
    }
  }
}

TEST(EngineBackfill, SameInputGivesTheSameEvents) {
  auto run = [] {
    HoldBack h;
    std::ostringstream out;
    for (const auto& e : h.f.events) {
      out << static_cast<int>(e.lifecycle) << ' ' << e.id << ' ' << to_string(e.type) << ' '
          << e.time_ms << ' ' << e.emitted_ms << ' ' << e.late << ' ' << e.value << ' ' << e.detail
          << '\n';
    }
    return out.str();
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace pharmatwin::detection
