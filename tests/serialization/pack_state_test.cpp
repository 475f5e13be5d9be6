#include "pharmatwin/serialization/pack_state.hpp"

#include <gtest/gtest.h>

#include "pharmatwin/serialization/pack_key.hpp"

namespace pharmatwin::serialization {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

UndoContext supplied_undo(std::int64_t after_ms) {
  return UndoContext{
      PackStatus::kSupplied, PackStatus::kSupplied, 0, 7, after_ms, 7, BatchStatus::kActive, false};
}

// Delegated Regulation (EU) 2016/161 Art. 13: reversal within 10 days, same premises, not for
// recalled/withdrawn/expired/stolen/destroyed packs.
TEST(PackState, UndoRules) {
  EXPECT_EQ(check_undo(supplied_undo(10 * kDayMs)), NmvsCode::kOk);
  EXPECT_EQ(check_undo(supplied_undo(10 * kDayMs + 1)), NmvsCode::kUndoTimeExceeded);
  auto other = supplied_undo(kDayMs);
  other.location = 8;
  EXPECT_EQ(check_undo(other), NmvsCode::kUndoOtherLocation);
  auto recalled = supplied_undo(kDayMs);
  recalled.batch = BatchStatus::kRecalled;
  EXPECT_EQ(check_undo(recalled), NmvsCode::kStatusChangeRefused);
  auto withdrawn = supplied_undo(kDayMs);
  withdrawn.batch = BatchStatus::kWithdrawn;
  EXPECT_EQ(check_undo(withdrawn), NmvsCode::kStatusChangeRefused);
  auto expired = supplied_undo(kDayMs);
  expired.expired = true;
  EXPECT_EQ(check_undo(expired), NmvsCode::kStatusChangeRefused);
  for (PackStatus s : {PackStatus::kStolen, PackStatus::kDestroyed}) {
    auto never = supplied_undo(kDayMs);
    never.current = never.undo_of = s;
    EXPECT_EQ(check_undo(never), NmvsCode::kStatusChangeRefused);
  }
  auto mismatch = supplied_undo(kDayMs);
  mismatch.undo_of = PackStatus::kExported;
  EXPECT_EQ(check_undo(mismatch), NmvsCode::kUndoStatusMismatch);
  auto active = supplied_undo(kDayMs);
  active.current = PackStatus::kActive;
  EXPECT_EQ(check_undo(active), NmvsCode::kUndoStatusMismatch);
}

TEST(PackState, DecommissionRules) {
  EXPECT_EQ(check_decommission(PackStatus::kActive, PackStatus::kSupplied), NmvsCode::kOk);
  EXPECT_EQ(check_decommission(PackStatus::kSupplied, PackStatus::kExported),
            NmvsCode::kAlreadyInactive);
  EXPECT_EQ(check_decommission(PackStatus::kSupplied, PackStatus::kSupplied),
            NmvsCode::kStatusAlreadySet);
  EXPECT_EQ(nmvs_return_code(NmvsCode::kAlreadyInactive), "NMVS_NC_PCK_22");
  EXPECT_EQ(nmvs_return_code(NmvsCode::kUnknownSerial), "NMVS_NC_PC_02");
  EXPECT_EQ(nmvs_return_code(NmvsCode::kUnknownBatch), "NMVS_FE_LOT_03");
  EXPECT_EQ(nmvs_return_code(NmvsCode::kExpiryMismatch), "NMVS_FE_LOT_12");
  EXPECT_EQ(nmvs_return_code(NmvsCode::kBatchMismatch), "NMVS_FE_LOT_13");
  EXPECT_EQ(nmvs_return_code(NmvsCode::kUndoTimeExceeded), "NMVS_NC_PCK_20");
}

TEST(PackKey, RoundTripsAndKeepsLeadingZeros) {
  for (const char* serial :
       {"1", "007", "7", "12345678901234567890", "XYZ", "A(B)C", "abcdefghijklmn"}) {
    const auto key = pack_serial(42, serial);
    ASSERT_TRUE(key.has_value()) << serial;
    EXPECT_EQ(unpack_serial(*key), serial);
    EXPECT_EQ(gtin_index_of(*key), 42u);
  }
  EXPECT_NE(*pack_serial(1, "007"), *pack_serial(1, "7"));
  EXPECT_NE(*pack_serial(1, "7"), *pack_serial(2, "7"));
  EXPECT_FALSE(pack_serial(1, "abcdefghijklmno").has_value());  // 15 chars: interned instead
  EXPECT_EQ(gtin_from_number(*gtin_to_number("09506000134352")), "09506000134352");
}

}  // namespace
}  // namespace pharmatwin::serialization
