// Open-addressing hash table holding the hot part of every pack: its key and the fields a
// verification reads (batch, status, flags). A slot is 32 bytes on a 32-byte boundary, so it
// never straddles a cache line and a verification that finds its pack at the home slot costs
// one memory read; the rest of the pack (custody, parent, times) lives in the repository's
// record array, which a slot points to and which points back to its slot.
//
// Linear probing from the first slot of the home cache line (two slots a line, so a probe
// that continues past the home slot mostly stays in the line already read), load factor at
// most 0.6, no deletions (packs are never removed). 10 million
// packs take 2^24 slots = 512 MiB. Growing doubles the table and reports every moved slot so
// the owner can update its back pointers. `Hash` is a parameter so tests can force collisions.
#pragma once

#include <cstdint>
#include <vector>

#include "pharmatwin/serialization/huge_page_allocator.hpp"
#include "pharmatwin/serialization/pack_key.hpp"
#include "pharmatwin/serialization/pack_state.hpp"

namespace pharmatwin::serialization {

struct alignas(32) HotPack {
  PackKey key;
  std::uint32_t record_plus_one = 0;  // position of the pack's record + 1; 0 = empty slot
  std::uint32_t batch = 0;
  PackStatus status = PackStatus::kActive;
  std::uint8_t flags = 0;

  bool empty() const { return record_plus_one == 0; }
  std::uint32_t record() const { return record_plus_one - 1; }
};
static_assert(sizeof(HotPack) == 32);

struct PackKeyHash {
  std::uint64_t operator()(const PackKey& key) const { return hash_pack_key(key); }
};

template <typename Hash = PackKeyHash>
class BasicPackTable {
 public:
  static constexpr std::uint32_t kNotFound = 0xffffffffu;

  static std::uint64_t hash(const PackKey& key) { return Hash{}(key); }

  // Makes room for `packs` without further growth. `moved(record, slot)` as for insert().
  template <typename Moved>
  void reserve(std::size_t packs, const Moved& moved) {
    std::size_t capacity = 16;
    while (!fits(packs, capacity)) capacity *= 2;
    if (capacity > slots_.size()) rehash(capacity, moved);
  }

  // Starts loading the cache lines a probe for hash `h` reads, so the caller can do other
  // work while the memory reads are on their way. At load 0.6 one hit in six and nearly half
  // the misses go on past the home line, so the next line is loaded alongside. (Doing the
  // same inside find(), for callers that do not prefetch, made event ingestion slower.)
  void prefetch(std::uint64_t h) const {
    if (slots_.empty()) return;
    __builtin_prefetch(&slots_[home(h)]);
    __builtin_prefetch(&slots_[(home(h) + kSlotsPerLine) & mask_]);
  }

  // Slot of `key` (whose hash is `h`), or kNotFound.
  std::uint32_t find(const PackKey& key, std::uint64_t h) const {
    if (slots_.empty()) return kNotFound;
    for (std::size_t i = home(h);; i = (i + 1) & mask_) {
      const HotPack& slot = slots_[i];
      if (slot.empty()) return kNotFound;
      if (slot.key == key) return static_cast<std::uint32_t>(i);
    }
  }
  std::uint32_t find(const PackKey& key) const { return find(key, hash(key)); }

  // Inserts a pack whose key is absent; returns its slot. When the table grows first,
  // `moved(record, new_slot)` is called for every pack already in it.
  template <typename Moved>
  std::uint32_t insert(const HotPack& pack, const Moved& moved) {
    if (!fits(size_ + 1, slots_.size())) {
      rehash(slots_.empty() ? 16 : slots_.size() * 2, moved);
    }
    ++size_;
    return place(pack, hash(pack.key));
  }

  HotPack& operator[](std::uint32_t slot) { return slots_[slot]; }
  const HotPack& operator[](std::uint32_t slot) const { return slots_[slot]; }

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return slots_.size(); }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(HotPack); }

 private:
  static constexpr std::size_t kSlotsPerLine = 64 / sizeof(HotPack);

  static bool fits(std::size_t packs, std::size_t capacity) { return packs * 10 <= capacity * 6; }
  std::size_t home(std::uint64_t h) const { return h & mask_ & ~(kSlotsPerLine - 1); }

  std::uint32_t place(const HotPack& pack, std::uint64_t h) {
    for (std::size_t i = home(h);; i = (i + 1) & mask_) {
      if (slots_[i].empty()) {
        slots_[i] = pack;
        return static_cast<std::uint32_t>(i);
      }
    }
  }

  template <typename Moved>
  void rehash(std::size_t capacity, const Moved& moved) {
    std::vector<HotPack, HugePageAllocator<HotPack>> old;
    old.swap(slots_);
    slots_.assign(capacity, HotPack{});
    mask_ = capacity - 1;
    for (const HotPack& pack : old) {
      if (!pack.empty()) moved(pack.record(), place(pack, hash(pack.key)));
    }
  }

  std::vector<HotPack, HugePageAllocator<HotPack>> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

using PackTable = BasicPackTable<>;

}  // namespace pharmatwin::serialization
