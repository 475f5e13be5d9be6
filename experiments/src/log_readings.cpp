#include "pharmatwin/experiments/log_readings.hpp"

#include <limits>

#include "mapped_file.hpp"
#include "wire_cursor.hpp"

namespace pharmatwin::experiments {

std::string for_each_reading_batch(const std::filesystem::path& path,
                                   const std::function<bool(const sim::ReadingBatch&)>& visit,
                                   bool* stopped) {
  if (stopped) *stopped = false;
  MappedFile file;
  std::string error;
  if (!file.open(path, &error)) return error;
  WireCursor in{file.data(), file.data() + file.size()};
  sim::ReadingBatch batch;
  sim::LogRecord record;
  std::uint64_t index = 0;
  auto damaged = [&] { return path.string() + ": damaged record #" + std::to_string(index); };
  while (in.p < in.end) {
    ++index;
    std::uint64_t size = 0;
    if (!in.varint(size) || size > static_cast<std::uint64_t>(in.end - in.p)) {
      if (index == 1) return damaged();
      break;  // a cut-off last record
    }
    if (size > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) return damaged();
    WireCursor rec{in.p, in.p + size};
    const std::uint8_t* start = in.p;
    in.p += size;
    // The readings payload, when the record is a plain one with a single payload field.
    const std::uint8_t* body = nullptr;
    std::uint64_t body_size = 0;
    int payloads = 0;
    bool plain = true;
    while (rec.p < rec.end) {
      std::uint64_t tag = 0;
      if (!rec.varint(tag)) return damaged();
      const int field = static_cast<int>(tag >> 3), wire = static_cast<int>(tag & 7);
      if (field >= sim::LogRecord::kHeaderFieldNumber && wire == 2) {
        std::uint64_t n = 0;
        if (!rec.varint(n) || n > static_cast<std::uint64_t>(rec.end - rec.p)) return damaged();
        ++payloads;
        if (field == sim::LogRecord::kReadingsFieldNumber) {
          body = rec.p;
          body_size = n;
        }
        rec.p += n;
      } else if (!rec.skip(wire)) {
        plain = false;
        break;
      }
    }
    if (plain && payloads == 1 && !body) continue;  // another kind of record
    const sim::ReadingBatch* b = nullptr;
    if (plain && payloads == 1) {
      if (!batch.ParseFromArray(body, static_cast<int>(body_size))) return damaged();
      b = &batch;
    } else {
      // Unusual encoding: let protobuf take the whole record apart.
      if (!record.ParseFromArray(start, static_cast<int>(size))) return damaged();
      if (!record.has_readings()) continue;
      b = &record.readings();
    }
    if (!visit(*b)) {
      if (stopped) *stopped = true;
      return {};
    }
  }
  return {};
}

}  // namespace pharmatwin::experiments
