// Stock model: GS1 identifiers, FEFO picking, stability budget per group, accounting.
#include "pharmatwin/sim/operations_stock.hpp"

#include <gtest/gtest.h>

#include <set>

#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::sim {
namespace {

TEST(OperationsIds, SsccMatchesGs1WorkedExample) {
  // GS1 General Specifications: SSCC (00) 1 0614141 123456789 7.
  EXPECT_EQ(make_sscc(1, "0614141", 123456789), "106141411234567897");
  EXPECT_EQ(sscc_from_int(sscc_to_int("106141411234567897")), "106141411234567897");
  EXPECT_EQ(make_sscc(1, "12345", 1), "");  // prefix too short
}

TEST(OperationsIds, GeneratedSsccsAndGlnsCarryValidCheckDigits) {
  for (std::uint64_t ref : {0ULL, 1ULL, 42ULL, 999999999ULL, 123456789012ULL}) {
    for (const char* prefix : {"0614141", "4006381", "950600013", "761234567890"}) {
      std::string sscc = make_sscc(3, prefix, ref);
      ASSERT_EQ(sscc.size(), 18u);
      EXPECT_TRUE(scenarios::gs1_check_digit_ok(sscc)) << sscc;
      std::string gln = make_gln(prefix, ref);
      ASSERT_EQ(gln.size(), 13u);
      EXPECT_TRUE(scenarios::gs1_check_digit_ok(gln)) << gln;
    }
  }
  // GTIN-14 worked example from GS1: 0950600013435 + check digit 2.
  EXPECT_EQ(scenarios::gs1_check_digit("0950600013435"), '2');
}

TEST(OperationsIds, SerialSpaceIsABijectionAndUnknownSerialsAreNeverCommissioned) {
  SerialSpace space(987654321);
  std::set<std::uint64_t> commissioned;
  for (std::uint64_t n = 0; n < 20000; ++n) {
    std::uint64_t s = space.serial(n);
    EXPECT_LT(s, SerialSpace::kModulus);
    EXPECT_EQ(space.counter(s), n);
    commissioned.insert(s);
  }
  EXPECT_EQ(commissioned.size(), 20000u);
  for (std::uint64_t k = 0; k < 1000; ++k) {
    std::uint64_t unknown = space.serial(SerialSpace::kGenuineCounterLimit + k);
    EXPECT_FALSE(commissioned.count(unknown));
    EXPECT_GE(space.counter(unknown), SerialSpace::kGenuineCounterLimit);
  }
  EXPECT_EQ(SerialSpace::format(42), "000000000042");
}

// Out-of-range time that grows at a fixed rate per zone (rate 0..1 of the wall of time).
class LinearExposure : public ExposureSource {
 public:
  explicit LinearExposure(std::vector<double> rates) : rates_(std::move(rates)) {}
  double cumulative_out_of_range_s(std::uint32_t zone, double, double, double t_s) override {
    return rates_[zone] * t_s;
  }

 private:
  std::vector<double> rates_;
};

struct StockFixture : ::testing::Test {
  LinearExposure exposure{{0.0, 0.5}};
  Stock stock{&exposure};
  std::uint32_t cold = 0, warm = 0, product = 0;
  void SetUp() override {
    cold = stock.add_zone("cold");
    warm = stock.add_zone("warm");
    StockProduct p;
    p.name = "vaccine";
    p.gtin = "09506000134352";
    p.min_c = 2;
    p.max_c = 8;
    p.budget_s = 3600;
    product = stock.add_product(p);
  }
  std::vector<std::uint32_t> make_packs(std::uint32_t lot, int n) {
    std::vector<std::uint32_t> packs;
    std::uint32_t c = stock.add_case(sscc_to_int(make_sscc(0, "0614141", lot)), kNone);
    for (int i = 0; i < n; ++i)
      packs.push_back(
          stock.add_pack(lot, stock.commission_serial(product), c, PackState::kInTransit));
    return packs;
  }
};

TEST_F(StockFixture, FefoTakesEarliestExpiryFirstAndSkipsBlockedOrExpiredStock) {
  std::uint32_t late = stock.lot_index(product, "LATE", "2027-06-30", 3000);
  std::uint32_t early = stock.lot_index(product, "EARLY", "2027-01-31", 2000);
  std::uint32_t expired = stock.lot_index(product, "OLD", "2026-01-01", 50);
  std::uint32_t held = stock.lot_index(product, "HELD", "2026-06-01", 1000);
  stock.put_away(make_packs(late, 5), cold, 0, 0, GroupStatus::kAvailable);
  std::uint32_t g_early = stock.put_away(make_packs(early, 3), cold, 0, 0, GroupStatus::kAvailable);
  stock.put_away(make_packs(expired, 4), cold, 0, 0, GroupStatus::kAvailable);
  std::uint32_t g_held = stock.put_away(make_packs(held, 4), cold, 0, 0, GroupStatus::kAvailable);
  stock.set_status(g_held, GroupStatus::kOnHold);

  EXPECT_EQ(stock.available_units(product, 100), 8u);  // OLD expired at 50, HELD on hold
  PickResult pick = stock.pick_fefo(product, 6, 100);
  ASSERT_EQ(pick.packs.size(), 6u);
  ASSERT_EQ(pick.groups.size(), 2u);
  EXPECT_EQ(pick.groups[0].group, g_early);
  EXPECT_EQ(pick.groups[0].units, 3u);
  EXPECT_EQ(pick.groups[1].units, 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(stock.pack_lot(pick.packs[i]), early);
  for (std::size_t i = 3; i < 6; ++i) EXPECT_EQ(stock.pack_lot(pick.packs[i]), late);
  for (std::uint32_t p : pick.packs) EXPECT_EQ(stock.pack_state(p), PackState::kShipped);

  // Short: only 2 LATE packs are still pickable.
  EXPECT_EQ(stock.pick_fefo(product, 10, 100).packs.size(), 2u);
  stock.set_status(g_held, GroupStatus::kQuarantined);
  EXPECT_EQ(stock.pick_fefo(product, 10, 100).packs.size(), 0u);
  stock.set_status(g_held, GroupStatus::kAvailable);
  EXPECT_EQ(stock.pick_fefo(product, 10, 100).packs.size(), 4u);
}

TEST_F(StockFixture, BudgetIsCarriedPlusZoneExposureSinceEntry) {
  std::uint32_t lot = stock.lot_index(product, "L1", "2030-01-01", 1e9);
  // Arrives at t=1000 in the warm zone (out of range half the time) with 600 s from transit.
  std::uint32_t g = stock.put_away(make_packs(lot, 10), warm, 600, 1000, GroupStatus::kAvailable);
  EXPECT_DOUBLE_EQ(stock.consumed_budget_s(g, 1000), 600);
  EXPECT_DOUBLE_EQ(stock.consumed_budget_s(g, 5000), 600 + 0.5 * 4000);
  EXPECT_FALSE(stock.budget_exhausted(g, 6999));
  EXPECT_TRUE(stock.budget_exhausted(g, 7000));  // 600 + 3000 = 3600 = budget
  // A split keeps the history: the part has consumed exactly what the whole had.
  std::vector<std::uint32_t> two(stock.group(g).packs.begin(), stock.group(g).packs.begin() + 2);
  std::uint32_t part = stock.split(g, two, 3000);
  EXPECT_EQ(stock.group(part).packs.size(), 2u);
  EXPECT_EQ(stock.group(g).packs.size(), 8u);
  EXPECT_DOUBLE_EQ(stock.consumed_budget_s(part, 5000), stock.consumed_budget_s(g, 5000));
  for (std::uint32_t p : two) EXPECT_EQ(stock.pack_group(p), part);
  // The cold zone adds nothing.
  std::uint32_t c = stock.put_away(make_packs(lot, 1), cold, 100, 0, GroupStatus::kAvailable);
  EXPECT_DOUBLE_EQ(stock.consumed_budget_s(c, 1e6), 100);
}

TEST_F(StockFixture, FindsPacksBySerialAndBySscc) {
  std::uint32_t lot = stock.lot_index(product, "L1", "2030-01-01", 1e9);
  auto packs = make_packs(lot, 4);
  stock.put_away(packs, cold, 0, 0, GroupStatus::kAvailable);
  auto by_serial = stock.find_packs_in_stock({stock.pack_key(packs[2])});
  ASSERT_EQ(by_serial.size(), 1u);
  EXPECT_EQ(by_serial[0], packs[2]);
  auto by_case =
      stock.find_packs_in_stock({sscc_from_int(stock.case_sscc(stock.pack_case(packs[0])))});
  EXPECT_EQ(by_case.size(), 4u);
  EXPECT_TRUE(stock.find_packs_in_stock({"09506000134352/999"}).empty());
}

TEST_F(StockFixture, AccountingIntegratesUnitsOnHandAndSojourns) {
  std::uint32_t lot = stock.lot_index(product, "L1", "2030-01-01", 1e9);
  stock.put_away(make_packs(lot, 10), cold, 0, 0, GroupStatus::kAvailable);  // 10 from t=0
  std::uint32_t g = stock.put_away(make_packs(lot, 4), cold, 0, 100, GroupStatus::kAvailable);
  stock.pick_fefo(product, 10, 200);  // takes the t=0 group first (same expiry, earlier entry)
  stock.destroy(g, 300);
  EXPECT_EQ(stock.units_on_hand(), 0u);
  EXPECT_EQ(stock.units_entered(), 14u);
  EXPECT_EQ(stock.units_left(), 14u);
  EXPECT_DOUBLE_EQ(stock.sojourn_sum_s(), 10 * 200.0 + 4 * 200.0);
  // Little's law holds exactly when every unit left: integral of N = sum of sojourns.
  EXPECT_DOUBLE_EQ(stock.on_hand_integral(1000), stock.sojourn_sum_s());
}

}  // namespace
}  // namespace pharmatwin::sim
