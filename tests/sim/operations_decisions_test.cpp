// Decisions on the stock without running SimGrid: scopes (lot, pack, SSCC, zone) and idempotency.
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include "pharmatwin/sim/operations.hpp"

namespace pharmatwin::sim {
namespace {

scenario::Scenario site() {
  scenario::Scenario s;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        run { start: "2026-01-05T00:00:00Z" seed: 5 horizon: "1d" }
        site { name: "hub" gln: "0614141000005" company_prefix: "0614141" }
        zones { name: "cold" storage_class: REFRIGERATED }
        zones { name: "ambient" storage_class: CRT_15_25 }
        products {
          name: "vaccine"
          gtin: "09506000134352"
          storage_class: REFRIGERATED
          units_per_case: 10
          cases_per_pallet: 5
        }
        products {
          name: "tablets"
          gtin: "04006381333931"
          storage_class: CRT_15_25
          units_per_case: 50
          cases_per_pallet: 2
        }
        stock { product: "vaccine" lot: "A1" expiry: "2028-01-31" zone: "cold" quantity: 100 }
        stock { product: "vaccine" lot: "A2" expiry: "2028-06-30" zone: "cold" quantity: 50 }
        stock { product: "tablets" lot: "T1" expiry: "2029-01-31" zone: "ambient" quantity: 200 }
      )pb",
      &s));
  return s;
}

adapters::Decision make(std::string key, adapters::DecisionKind kind) {
  adapters::Decision d;
  d.idempotency_key = std::move(key);
  d.kind = kind;
  return d;
}

TEST(OperationsDecisions, LotQuarantineOnceAndDuplicatesChangeNothing) {
  scenario::Scenario s = site();
  Operations ops(s, WorldServices{});
  ASSERT_EQ(ops.error(), "");
  EXPECT_EQ(ops.stock().available_units(0, 0), 150u);
  auto q = make("q-1", adapters::DecisionKind::kQuarantine);
  q.lots = {"09506000134352/A1"};
  ops.apply(q);
  EXPECT_EQ(ops.stock().available_units(0, 0), 50u);
  OperationsStats once = ops.stats();
  ops.apply(q);
  ops.apply(q);
  OperationsStats after = ops.stats();
  EXPECT_EQ(once.units_quarantined, 100u);
  EXPECT_EQ(after.units_quarantined, 100u);
  EXPECT_EQ(after.decisions_applied, 1u);
  EXPECT_EQ(after.decisions_duplicate, 2u);
  EXPECT_EQ(after.qa_reviews_queued, 1u);
  EXPECT_EQ(ops.stock().available_units(0, 0), 50u);
}

TEST(OperationsDecisions, PackAndSsccScopesSplitOnlyWhatIsNamed) {
  scenario::Scenario s = site();
  Operations ops(s, WorldServices{});
  const Stock& stock = ops.stock();
  // Three packs of A2 by "<gtin>/<serial>".
  auto hold = make("h-1", adapters::DecisionKind::kHold);
  const StockGroup& a2 = stock.group(1);
  ASSERT_EQ(stock.lot(a2.lot).lot, "A2");
  for (int i = 0; i < 3; ++i) hold.packs.push_back(stock.pack_key(a2.packs[std::size_t(i)]));
  ops.apply(hold);
  EXPECT_EQ(stock.available_units(0, 0), 147u);
  ops.apply(hold);
  EXPECT_EQ(stock.available_units(0, 0), 147u);
  EXPECT_EQ(ops.stats().units_held, 3u);
  // A case by its SSCC: destroyed (10 units).
  auto reject = make("r-1", adapters::DecisionKind::kReject);
  std::uint32_t first_case = stock.pack_case(stock.group(0).packs.front());
  reject.packs = {sscc_from_int(stock.case_sscc(first_case))};
  ops.apply(reject);
  ops.apply(reject);
  EXPECT_EQ(ops.stats().units_destroyed, 10u);
  EXPECT_EQ(stock.available_units(0, 0), 137u);
  // Releasing the held packs, once.
  auto release = make("rel-1", adapters::DecisionKind::kRelease);
  release.packs = hold.packs;
  ops.apply(release);
  EXPECT_EQ(stock.available_units(0, 0), 140u);
  EXPECT_EQ(ops.stats().units_released, 3u);
}

TEST(OperationsDecisions, ZoneScopeTouchesOnlyThatZoneAndUnknownZoneNothing) {
  scenario::Scenario s = site();
  Operations ops(s, WorldServices{});
  auto q = make("z-1", adapters::DecisionKind::kQuarantine);
  q.zone = "ambient";
  ops.apply(q);
  EXPECT_EQ(ops.stock().available_units(1, 0), 0u);
  EXPECT_EQ(ops.stock().available_units(0, 0), 150u);
  auto nowhere = make("z-2", adapters::DecisionKind::kQuarantine);
  nowhere.zone = "freezer";
  ops.apply(nowhere);
  EXPECT_EQ(ops.stats().units_quarantined, 200u);
}

}  // namespace
}  // namespace pharmatwin::sim
