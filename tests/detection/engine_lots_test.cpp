// Stability budgets belong to lots: stock lists re-sent, lots arriving, leaving and moving between
// zones during an excursion, and the bounded memory of lots gone. Expected consumption is counted
// by hand in one-minute zone periods (a period is charged at its end to the lots present when it
// began; it is finalised by the first reading of the next period).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace pharmatwin::detection {
namespace {

using namespace testing;

Policy budget_policy() {
  Policy p = base_policy();
  p.range_min_c = 2.0;
  p.range_max_c = 8.0;
  p.temperature.lo.enabled = false;
  p.temperature.hi = {true, 8.0, 15 * kMsPerMinute};
  p.temperature.hihi = {true, 12.0, 5 * kMsPerMinute};
  p.budget.warn_share = 0.5;
  p.rate.enabled = false;
  p.baseline.enabled = false;
  return p;
}

// Two zones of the same class, one probe each: "warm" held at 10 °C (out of 2-8 °C), "cold" at
// 5 °C (inside).
struct TwoZones {
  Engine engine;
  ZoneId warm = 0;
  ZoneId cold = 0;
  SensorId warm_probe = 0;
  SensorId cold_probe = 0;
  std::vector<AlertEvent> events;

  TwoZones() {
    Policy p = budget_policy();
    const std::string storage_class = p.storage_class;
    EXPECT_EQ(engine.add_policy(std::move(p)), "");
    warm = engine.add_zone({"site", "warm", storage_class}).id;
    cold = engine.add_zone({"site", "cold", storage_class}).id;
    warm_probe = engine.add_sensor({"w", warm, SensorKind::kTemperature, kNoTime}).id;
    cold_probe = engine.add_sensor({"c", cold, SensorKind::kTemperature, kNoTime}).id;
    engine.set_sink([this](const AlertEvent& e) { events.push_back(e); });
  }
  // One reading a minute in each zone, minutes `from` to `to` inclusive.
  void feed(int from, int to) {
    for (int m = from; m <= to; ++m) {
      engine.ingest(warm_probe, kT0 + minutes(m), 10.0);
      engine.ingest(cold_probe, kT0 + minutes(m), 5.0);
    }
  }
  void stock(ZoneId zone, const std::vector<Lot>& lots) { engine.set_lots_in_zone(zone, lots); }
  TimeMs consumed(const std::string& lot) const {
    const auto view = engine.lot_budget(lot);
    EXPECT_TRUE(view.has_value()) << lot;
    return view ? view->consumed_ms : -1;
  }
  std::vector<AlertEvent> budget_events() const {
    return of_type(events, AlertType::kStabilityBudget);
  }
};

const Lot kA{"LOT-A", 5 * kMsPerHour, {}, {}};
const Lot kB{"LOT-B", 2 * kMsPerHour, {}, {}};
const Lot kC{"LOT-C", 3 * kMsPerHour, {}, {}};

// The warm zone is out of range for 3 h (periods 0..179). A is there throughout, B arrives after
// 1 h, C leaves after 2 h: A 180 min, B 120 min (periods 60..179), C 120 min (periods 0..119).
TEST(EngineLots, ArrivalsAndDeparturesKeepWhatTheStayingLotsConsumed) {
  TwoZones z;
  z.stock(z.warm, {kA, kC});
  z.feed(0, 60);
  z.stock(z.warm, {kA, kB, kC});
  z.feed(61, 120);
  z.stock(z.warm, {kA, kB});
  z.feed(121, 180);
  EXPECT_EQ(z.consumed("LOT-A"), 3 * kMsPerHour);
  EXPECT_EQ(z.consumed("LOT-B"), 2 * kMsPerHour);
  EXPECT_EQ(z.consumed("LOT-C"), 2 * kMsPerHour);
  EXPECT_EQ(z.engine.lot_budget("LOT-C")->zones, 0);

  const auto budget = z.budget_events();
  ASSERT_EQ(budget.size(), 5u);
  // C: half of 3 h after 90 periods.
  EXPECT_EQ(budget[0].lifecycle, Lifecycle::kRaised);
  EXPECT_EQ(budget[0].lots, std::vector<std::string>{"LOT-C"});
  EXPECT_EQ(budget[0].time_ms, kT0 + minutes(90));
  EXPECT_NEAR(budget[0].value, 0.5, 1e-9);
  // B: half of 2 h after 60 periods of its own (60..119), not restarted by C's departure.
  EXPECT_EQ(budget[1].lifecycle, Lifecycle::kRaised);
  EXPECT_EQ(budget[1].lots, std::vector<std::string>{"LOT-B"});
  EXPECT_EQ(budget[1].time_ms, kT0 + minutes(120));
  // C left: its alert closes at its departure, with the share it had used (2 h of 3 h).
  EXPECT_EQ(budget[2].lifecycle, Lifecycle::kCleared);
  EXPECT_EQ(budget[2].id, budget[0].id);
  EXPECT_EQ(budget[2].time_ms, kT0 + minutes(120));
  EXPECT_NEAR(budget[2].value, 2.0 / 3.0, 1e-9);
  EXPECT_EQ(budget[2].lots, std::vector<std::string>{"LOT-C"});
  // A: half of 5 h after 150 periods, not restarted by B's arrival nor C's departure.
  EXPECT_EQ(budget[3].lifecycle, Lifecycle::kRaised);
  EXPECT_EQ(budget[3].lots, std::vector<std::string>{"LOT-A"});
  EXPECT_EQ(budget[3].time_ms, kT0 + minutes(150));
  // B exhausted after 120 periods.
  EXPECT_EQ(budget[4].lifecycle, Lifecycle::kUpdated);
  EXPECT_EQ(budget[4].id, budget[1].id);
  EXPECT_EQ(budget[4].time_ms, kT0 + minutes(180));
  EXPECT_EQ(budget[4].severity, Severity::kCritical);
  EXPECT_NEAR(budget[4].value, 1.0, 1e-9);
}

TEST(EngineLots, ResendingTheSameListChangesNothing) {
  TwoZones z;
  z.stock(z.warm, {kA, kB});
  z.feed(0, 150);  // A at half its budget (150 of 300 min), B exhausted (120 of 120 min)
  ASSERT_EQ(z.budget_events().size(), 3u);
  const std::size_t events = z.events.size();
  for (int i = 0; i < 3; ++i) {
    z.stock(z.warm, {kA, kB});
    z.stock(z.warm, {kB, kA, kA});  // order and repetition do not matter
  }
  z.feed(151, 151);  // the scan after the re-sends
  EXPECT_EQ(z.events.size(), events);
  EXPECT_EQ(z.consumed("LOT-A"), minutes(151));
  EXPECT_EQ(z.consumed("LOT-B"), minutes(151));
  z.feed(152, 180);
  EXPECT_EQ(z.consumed("LOT-A"), 3 * kMsPerHour);
  EXPECT_EQ(z.budget_events().size(), 3u);  // no alert raised again
  for (const OpenAlert& open : z.engine.open_alerts()) {
    if (open.type == AlertType::kStabilityBudget) EXPECT_FALSE(open.cleared);
  }
}

// After the 3 h above, A moves to the cold zone (in range): it keeps 3 h and its open alert, and
// stops accumulating. C comes back into the warm zone with its 2 h and runs out one hour later.
TEST(EngineLots, MovedLotsCarryTheirConsumption) {
  TwoZones z;
  z.stock(z.warm, {kA, kC});
  z.feed(0, 60);
  z.stock(z.warm, {kA, kB, kC});
  z.feed(61, 120);
  z.stock(z.warm, {kA, kB});
  z.feed(121, 180);
  const auto before = z.budget_events();
  ASSERT_EQ(before.size(), 5u);
  const AlertId a_alert = before[3].id;

  // The move as a stock system reports it: out of one zone, then into the other.
  z.stock(z.warm, {kB, kC});
  z.stock(z.cold, {kA});
  z.feed(181, 240);
  EXPECT_EQ(z.consumed("LOT-A"), 3 * kMsPerHour);
  EXPECT_EQ(z.engine.lot_budget("LOT-A")->zones, 1);
  EXPECT_EQ(z.consumed("LOT-B"), 3 * kMsPerHour);
  EXPECT_EQ(z.consumed("LOT-C"), 3 * kMsPerHour);  // 120 + periods 180..239

  const auto budget = z.budget_events();
  ASSERT_EQ(budget.size(), 6u);  // nothing for A, nothing more for B
  EXPECT_EQ(budget[5].lifecycle, Lifecycle::kRaised);
  EXPECT_EQ(budget[5].lots, std::vector<std::string>{"LOT-C"});
  EXPECT_EQ(budget[5].time_ms, kT0 + minutes(240));
  EXPECT_EQ(budget[5].severity, Severity::kCritical);
  EXPECT_EQ(budget[5].action, Action::kQuarantineLots);
  bool a_open = false;
  for (const OpenAlert& open : z.engine.open_alerts()) {
    if (open.id == a_alert) a_open = !open.cleared;
  }
  EXPECT_TRUE(a_open);
  // Excursions in the warm zone no longer name A.
  z.stock(z.cold, {});
  z.feed(241, 242);
  EXPECT_EQ(z.budget_events().back().lifecycle, Lifecycle::kCleared);
  EXPECT_EQ(z.budget_events().back().id, a_alert);
}

TEST(EngineLots, LotsGoneAreForgottenAfterTheRetentionOrBeyondTheCap) {
  TwoZones z;
  z.engine.set_lot_retention(2 * kMsPerHour, 3);
  std::vector<Lot> lots;
  for (int i = 0; i < 5; ++i) lots.push_back({"L" + std::to_string(i), kMsPerHour * 10, {}, {}});
  z.stock(z.warm, lots);
  z.feed(0, 30);
  EXPECT_EQ(z.engine.tracked_lot_count(), 5u);
  // L0 and L1 leave first, then the others: over the cap of 3, the two oldest go.
  z.stock(z.warm, {lots[2], lots[3], lots[4]});
  z.feed(31, 31);
  z.stock(z.warm, {});
  z.feed(32, 32);
  EXPECT_EQ(z.engine.tracked_lot_count(), 3u);
  EXPECT_FALSE(z.engine.lot_budget("L0").has_value());
  EXPECT_FALSE(z.engine.lot_budget("L1").has_value());
  EXPECT_EQ(z.consumed("L2"), minutes(31));  // periods 0..30
  // Within the retention a returning lot carries its consumption.
  z.stock(z.cold, {lots[2]});
  z.feed(33, 60);
  EXPECT_EQ(z.consumed("L2"), minutes(31));
  z.stock(z.cold, {});  // L2 gone at minute 60, L3 and L4 since minute 31
  z.feed(61, 152);
  EXPECT_EQ(z.engine.tracked_lot_count(), 1u);
  EXPECT_TRUE(z.engine.lot_budget("L2").has_value());
  // Two hours after leaving, the lots are forgotten; L2 back again starts from zero.
  z.feed(153, 181);
  EXPECT_EQ(z.engine.tracked_lot_count(), 0u);
  z.stock(z.warm, {lots[2]});
  EXPECT_EQ(z.consumed("L2"), 0);
  z.feed(182, 191);
  EXPECT_EQ(z.consumed("L2"), minutes(10));  // periods 181..190
}

}  // namespace
}  // namespace pharmatwin::detection
