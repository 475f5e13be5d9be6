// The repository keeps times to the second in 32 bits: epoch ms -> s, clamped to 0 .. 2^32-1.
#pragma once

#include <cstdint>

namespace pharmatwin::serialization {

inline std::uint32_t to_seconds(std::int64_t time_ms) {
  if (time_ms <= 0) return 0;
  const std::int64_t s = time_ms / 1000;
  return s > 0xffffffffLL ? 0xffffffffu : static_cast<std::uint32_t>(s);
}

}  // namespace pharmatwin::serialization
