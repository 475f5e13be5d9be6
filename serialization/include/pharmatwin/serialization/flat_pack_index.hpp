// Open-addressing hash index from PackKey to a pack's position in the record vector.
// 8 bytes a slot (position + hash fingerprint), linear probing, no deletions (packs are never
// removed), so 10 million packs take 128 MiB of slots at a load factor of 0.6. Keys live in
// the records; `key_of(position)` fetches one for comparison and for rehashing.
#pragma once

#include <cstdint>
#include <vector>

#include "pharmatwin/serialization/huge_page_allocator.hpp"
#include "pharmatwin/serialization/pack_key.hpp"

namespace pharmatwin::serialization {

class FlatPackIndex {
 public:
  static constexpr std::uint32_t kNotFound = 0xffffffffu;

  template <typename KeyOf>
  void reserve(std::size_t packs, const KeyOf& key_of) {
    std::size_t capacity = 16;
    while (capacity * 6 < packs * 10) capacity *= 2;
    if (capacity > slots_.size()) rehash(capacity, key_of);
  }

  template <typename KeyOf>
  std::uint32_t find(const PackKey& key, const KeyOf& key_of) const {
    return find_hashed(key, hash_pack_key(key), key_of);
  }

  // Starts loading the slot a hash lands on (batch lookups overlap their memory misses).
  void prefetch(std::uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
  }

  // First position whose fingerprint matches, without comparing keys (no record load):
  // the record to prefetch. May rarely be another key's; kNotFound when none.
  std::uint32_t candidate(std::uint64_t h) const {
    if (slots_.empty()) return kNotFound;
    const auto fingerprint = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.position_plus_one == 0) return kNotFound;
      if (slot.fingerprint == fingerprint) return slot.position_plus_one - 1;
    }
  }

  template <typename KeyOf>
  std::uint32_t find_hashed(const PackKey& key, std::uint64_t h, const KeyOf& key_of) const {
    if (slots_.empty()) return kNotFound;
    const auto fingerprint = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.position_plus_one == 0) return kNotFound;
      if (slot.fingerprint == fingerprint && key_of(slot.position_plus_one - 1) == key) {
        return slot.position_plus_one - 1;
      }
    }
  }

  // Inserts a key known to be absent.
  template <typename KeyOf>
  void insert(const PackKey& key, std::uint32_t position, const KeyOf& key_of) {
    if ((size_ + 1) * 10 > slots_.size() * 6) {
      rehash(slots_.empty() ? 16 : slots_.size() * 2, key_of);
    }
    place(hash_pack_key(key), position);
    ++size_;
  }

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint32_t position_plus_one = 0;
    std::uint32_t fingerprint = 0;
  };

  void place(std::uint64_t h, std::uint32_t position) {
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].position_plus_one == 0) {
        slots_[i] = {position + 1, static_cast<std::uint32_t>(h >> 32)};
        return;
      }
    }
  }

  template <typename KeyOf>
  void rehash(std::size_t capacity, const KeyOf& key_of) {
    std::vector<Slot, HugePageAllocator<Slot>> old;
    old.swap(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    for (const Slot& slot : old) {
      if (slot.position_plus_one == 0) continue;
      place(hash_pack_key(key_of(slot.position_plus_one - 1)), slot.position_plus_one - 1);
    }
  }

  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace pharmatwin::serialization
