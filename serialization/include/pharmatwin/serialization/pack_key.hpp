// Compact 128-bit key of a serialized pack: interned GTIN index + the serial packed in place.
// Serials of up to 20 digits or up to 14 characters need no string storage; longer ones are
// interned by the caller and stored by id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pharmatwin::serialization {

struct PackKey {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  friend bool operator==(const PackKey&, const PackKey&) = default;
};

inline std::uint64_t hash_pack_key(const PackKey& key) {
  // Two rounds of multiply-xorshift over both words (good spread for sequential serials).
  std::uint64_t h = key.hi * 0x9E3779B97F4A7C15ULL ^ key.lo;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 29;
  return h;
}

inline constexpr std::uint32_t kMaxGtinIndex = (1u << 24) - 1;

// Packs `serial` under `gtin_index`; nullopt when the serial is too long to pack in place
// (then use make_interned_key with an id for the serial string).
std::optional<PackKey> pack_serial(std::uint32_t gtin_index, std::string_view serial);
PackKey make_interned_key(std::uint32_t gtin_index, std::uint32_t serial_id);

std::uint32_t gtin_index_of(const PackKey& key);
bool is_interned(const PackKey& key);
std::uint32_t interned_serial_id(const PackKey& key);
// Serial of an in-place key (not for interned keys).
std::string unpack_serial(const PackKey& key);

// 14-digit GTIN <-> integer; nullopt unless exactly 14 digits.
std::optional<std::uint64_t> gtin_to_number(std::string_view gtin14);
std::string gtin_from_number(std::uint64_t gtin);

}  // namespace pharmatwin::serialization
