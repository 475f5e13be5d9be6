// Append-only array in fixed blocks of 2^20 entries: growing never copies or doubles the
// memory (the custody log of ten million packs only ever grows).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "pharmatwin/serialization/huge_page_allocator.hpp"

namespace pharmatwin::serialization {

template <typename T>
class ChunkedLog {
 public:
  static constexpr std::size_t kBlockBits = 20;
  static constexpr std::size_t kBlockSize = std::size_t{1} << kBlockBits;

  void push_back(const T& value) {
    if ((size_ & (kBlockSize - 1)) == 0 && (size_ >> kBlockBits) == blocks_.size()) {
      blocks_.push_back(std::vector<T, HugePageAllocator<T>>());
      blocks_.back().reserve(kBlockSize);
    }
    blocks_[size_ >> kBlockBits].push_back(value);
    ++size_;
  }
  T& operator[](std::size_t i) { return blocks_[i >> kBlockBits][i & (kBlockSize - 1)]; }
  const T& operator[](std::size_t i) const {
    return blocks_[i >> kBlockBits][i & (kBlockSize - 1)];
  }
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return blocks_.size() * kBlockSize * sizeof(T); }

 private:
  std::vector<std::vector<T, HugePageAllocator<T>>> blocks_;
  std::size_t size_ = 0;
};

}  // namespace pharmatwin::serialization
