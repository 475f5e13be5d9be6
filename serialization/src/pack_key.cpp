#include "pharmatwin/serialization/pack_key.hpp"

namespace pharmatwin::serialization {

namespace {

// hi word: [gtin index 24][tag 2][payload high 38]; lo word: payload low 64.
constexpr int kTagShift = 38;
constexpr std::uint64_t kPayloadHighMask = (1ULL << 38) - 1;
constexpr std::uint64_t kTagNumeric = 0;
constexpr std::uint64_t kTagText = 1;
constexpr std::uint64_t kTagInterned = 2;

using u128 = unsigned __int128;

PackKey compose(std::uint32_t gtin_index, std::uint64_t tag, u128 payload) {
  PackKey key;
  key.hi = (std::uint64_t{gtin_index} << 40) | (tag << kTagShift) |
           (static_cast<std::uint64_t>(payload >> 64) & kPayloadHighMask);
  key.lo = static_cast<std::uint64_t>(payload);
  return key;
}

std::uint64_t tag_of(const PackKey& key) { return (key.hi >> kTagShift) & 3; }

u128 payload_of(const PackKey& key) {
  return (static_cast<u128>(key.hi & kPayloadHighMask) << 64) | key.lo;
}

}  // namespace

std::optional<PackKey> pack_serial(std::uint32_t gtin_index, std::string_view serial) {
  if (serial.empty() || gtin_index > kMaxGtinIndex) return std::nullopt;
  bool numeric = serial.size() <= 20;
  for (const char c : serial) numeric = numeric && c >= '0' && c <= '9';
  if (numeric) {
    // Length first so "007" and "7" differ: 5 bits length + 67 bits value.
    u128 value = 0;
    for (const char c : serial) value = value * 10 + static_cast<unsigned>(c - '0');
    return compose(gtin_index, kTagNumeric, (static_cast<u128>(serial.size()) << 67) | value);
  }
  if (serial.size() > 14) return std::nullopt;
  // 4 bits length + 14 x 7-bit ASCII.
  u128 payload = serial.size();
  for (const char c : serial) {
    if (static_cast<unsigned char>(c) > 0x7f) return std::nullopt;
    payload = (payload << 7) | static_cast<unsigned char>(c);
  }
  payload <<= 7 * (14 - serial.size());
  return compose(gtin_index, kTagText, payload);
}

PackKey make_interned_key(std::uint32_t gtin_index, std::uint32_t serial_id) {
  return compose(gtin_index, kTagInterned, serial_id);
}

std::uint32_t gtin_index_of(const PackKey& key) { return static_cast<std::uint32_t>(key.hi >> 40); }
bool is_interned(const PackKey& key) { return tag_of(key) == kTagInterned; }
std::uint32_t interned_serial_id(const PackKey& key) { return static_cast<std::uint32_t>(key.lo); }

std::string unpack_serial(const PackKey& key) {
  const u128 payload = payload_of(key);
  if (tag_of(key) == kTagNumeric) {
    const auto length = static_cast<std::size_t>(payload >> 67);
    u128 value = payload & ((static_cast<u128>(1) << 67) - 1);
    std::string out(length, '0');
    for (std::size_t i = length; i-- > 0;) {
      out[i] = static_cast<char>('0' + static_cast<int>(value % 10));
      value /= 10;
    }
    return out;
  }
  if (tag_of(key) == kTagText) {
    const auto length = static_cast<std::size_t>(payload >> 98);
    std::string out(length, ' ');
    for (std::size_t i = 0; i < length; ++i) {
      out[i] = static_cast<char>((payload >> (7 * (13 - i))) & 0x7f);
    }
    return out;
  }
  return {};
}

std::optional<std::uint64_t> gtin_to_number(std::string_view gtin14) {
  if (gtin14.size() != 14) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : gtin14) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

std::string gtin_from_number(std::uint64_t gtin) {
  std::string out(14, '0');
  for (std::size_t i = 14; i-- > 0;) {
    out[i] = static_cast<char>('0' + gtin % 10);
    gtin /= 10;
  }
  return out;
}

}  // namespace pharmatwin::serialization
