// Protobuf wire format, just enough to walk an event log's records and find a record's time and
// payload without parsing it (run_log.cpp, dataset_readings.cpp).
//
//   WireCursor in{data, data + size};
//   std::uint64_t n = 0;
//   if (in.varint(n) && in.advance(n)) ...
#pragma once

#include <cstddef>
#include <cstdint>

namespace pharmatwin::experiments {

struct WireCursor {
  const std::uint8_t* p;
  const std::uint8_t* end;

  bool varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
      const std::uint8_t b = *p++;
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  // Skips a field's value; false on a wire type this reader does not take apart (groups) or bytes
  // running past the end.
  bool skip(int wire_type) {
    std::uint64_t v = 0;
    switch (wire_type) {
      case 0:
        return varint(v);
      case 1:
        return advance(8);
      case 2:
        return varint(v) && advance(v);
      case 5:
        return advance(4);
      default:
        return false;
    }
  }
  bool advance(std::uint64_t n) {
    if (n > static_cast<std::uint64_t>(end - p)) return false;
    p += n;
    return true;
  }
};

}  // namespace pharmatwin::experiments
