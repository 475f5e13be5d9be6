#include "pharmatwin/serialization/pack_table.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pharmatwin::serialization {
namespace {

// Every key hashes alike: every probe walks one chain, the worst case of a collision.
struct SameHash {
  std::uint64_t operator()(const PackKey&) const { return 5; }
};
// Every key's home is the table's last cache line, so each chain wraps round to slot 0.
struct LastSlotHash {
  std::uint64_t operator()(const PackKey&) const { return ~std::uint64_t{0}; }
};

PackKey key_of(std::uint32_t n) {
  // Keys that differ only in the low word, or only in the high word.
  return n % 2 == 0 ? PackKey{7, n} : PackKey{n, 7};
}

// Fills a table through its growth steps while keeping record -> slot back pointers, as the
// repository does, and checks them after every insert.
template <typename Table>
class Filler {
 public:
  void insert(std::uint32_t n) {
    HotPack pack;
    pack.key = key_of(n);
    pack.record_plus_one = n + 1;
    pack.batch = n * 3;
    pack.status = n % 5 == 0 ? PackStatus::kDestroyed : PackStatus::kActive;
    pack.flags = static_cast<std::uint8_t>(n % 8);
    slot_of_.resize(n + 1);
    slot_of_[n] = table_.insert(
        pack, [this](std::uint32_t record, std::uint32_t slot) { slot_of_[record] = slot; });
  }
  void expect_all(std::uint32_t count) const {
    for (std::uint32_t n = 0; n < count; ++n) {
      const std::uint32_t slot = table_.find(key_of(n));
      ASSERT_NE(slot, Table::kNotFound) << n;
      EXPECT_EQ(slot, slot_of_[n]);
      const HotPack& pack = table_[slot];
      EXPECT_EQ(pack.record(), n);
      EXPECT_EQ(pack.batch, n * 3);
      EXPECT_EQ(pack.status, n % 5 == 0 ? PackStatus::kDestroyed : PackStatus::kActive);
      EXPECT_EQ(pack.flags, n % 8);
    }
  }
  Table& table() { return table_; }

 private:
  Table table_;
  std::vector<std::uint32_t> slot_of_;
};

TEST(PackTable, EmptyTableFindsNothing) {
  const PackTable table;
  EXPECT_EQ(table.find(PackKey{1, 2}), PackTable::kNotFound);
  EXPECT_EQ(table.size(), 0u);
  table.prefetch(123);  // no slots yet: must not touch memory
}

TEST(PackTable, GrowsAtSixTenthsLoadAndKeepsEveryPack) {
  Filler<PackTable> filler;
  // 16 slots hold 9 packs (9 * 10 <= 16 * 6); the 10th doubles the table.
  for (std::uint32_t n = 0; n < 9; ++n) filler.insert(n);
  EXPECT_EQ(filler.table().capacity(), 16u);
  filler.insert(9);
  EXPECT_EQ(filler.table().capacity(), 32u);
  for (std::uint32_t n = 10; n < 5000; ++n) filler.insert(n);
  // 5000 packs need 5000 / 0.6 = 8334 slots: 16384.
  EXPECT_EQ(filler.table().capacity(), 16384u);
  EXPECT_EQ(filler.table().size(), 5000u);
  filler.expect_all(5000);
  EXPECT_EQ(filler.table().find(PackKey{7, 1}), PackTable::kNotFound);  // n = 1 is {1, 7}
  EXPECT_EQ(filler.table().find(PackKey{3, 3}), PackTable::kNotFound);
}

TEST(PackTable, ReserveAvoidsGrowth) {
  PackTable table;
  int moves = 0;
  table.reserve(1000, [&](std::uint32_t, std::uint32_t) { ++moves; });
  const std::size_t capacity = table.capacity();
  EXPECT_EQ(capacity, 2048u);  // 1000 / 0.6 = 1667
  for (std::uint32_t n = 0; n < 1000; ++n) {
    HotPack pack;
    pack.key = key_of(n);
    pack.record_plus_one = n + 1;
    table.insert(pack, [&](std::uint32_t, std::uint32_t) { ++moves; });
  }
  EXPECT_EQ(table.capacity(), capacity);
  EXPECT_EQ(moves, 0);
  EXPECT_EQ(table.memory_bytes(), 2048u * 32u);
}

TEST(PackTable, AllKeysCollidingStillFoundThroughGrowth) {
  Filler<BasicPackTable<SameHash>> filler;
  for (std::uint32_t n = 0; n < 300; ++n) filler.insert(n);
  filler.expect_all(300);
  // An absent key walks the whole chain to the first empty slot.
  EXPECT_EQ(filler.table().find(PackKey{12345, 6789}), BasicPackTable<SameHash>::kNotFound);
}

TEST(PackTable, CollisionChainsWrapRoundTheEnd) {
  Filler<BasicPackTable<LastSlotHash>> filler;
  for (std::uint32_t n = 0; n < 9; ++n) filler.insert(n);
  ASSERT_EQ(filler.table().capacity(), 16u);
  filler.expect_all(9);
  // Probes start at the first slot of the home line (14 of 0-15): the first two keys fill the
  // last line, the others wrapped to slots 0 .. 6.
  EXPECT_EQ(filler.table().find(key_of(0)), 14u);
  EXPECT_EQ(filler.table().find(key_of(1)), 15u);
  EXPECT_EQ(filler.table().find(key_of(2)), 0u);
  EXPECT_EQ(filler.table().find(key_of(8)), 6u);
  EXPECT_EQ(filler.table().find(PackKey{99, 99}), BasicPackTable<LastSlotHash>::kNotFound);
  for (std::uint32_t n = 9; n < 100; ++n) filler.insert(n);
  filler.expect_all(100);
}

TEST(PackTable, SlotsNeverStraddleACacheLine) {
  Filler<PackTable> filler;
  for (std::uint32_t n = 0; n < 100'000; ++n) filler.insert(n);
  for (std::uint32_t n = 0; n < 100'000; n += 997) {
    const auto address =
        reinterpret_cast<std::uintptr_t>(&filler.table()[filler.table().find(key_of(n))]);
    EXPECT_EQ(address % 32, 0u);  // on a 32-byte boundary: inside one 64-byte line
  }
}

}  // namespace
}  // namespace pharmatwin::serialization
