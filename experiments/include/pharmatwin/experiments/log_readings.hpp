// The readings of an event log (events.pb of a run with --log-readings), batch by batch in log
// order, without keeping them: a month of readings is millions of them.
//
//   bool stopped = false;
//   const std::string error = for_each_reading_batch("out/default/events.pb",
//       [&](const sim::ReadingBatch& b) { count += b.time_s_size(); return true; }, &stopped);
//
// Records other than readings are skipped without being parsed. A file cut off inside its last
// record (a run killed mid-write) reads up to its last whole record, as read_run_log does.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "pharmatwin/event_log.pb.h"

namespace pharmatwin::experiments {

// Calls `visit` with each ReadingBatch; `visit` returning false stops the walk (`*stopped` is
// then set). Returns an error naming the file and the record ("" when the walk went through).
std::string for_each_reading_batch(const std::filesystem::path& path,
                                   const std::function<bool(const sim::ReadingBatch&)>& visit,
                                   bool* stopped = nullptr);

}  // namespace pharmatwin::experiments
