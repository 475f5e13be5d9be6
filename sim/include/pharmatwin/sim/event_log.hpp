// Writing and reading the event log (events.pb): length-delimited LogRecord messages.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "pharmatwin/event_log.pb.h"

namespace google::protobuf::io {
class IstreamInputStream;
class CodedInputStream;
}  // namespace google::protobuf::io

namespace pharmatwin::sim {

class EventLogWriter {
 public:
  // Creates (truncates) `path`; null with `error` when it cannot.
  static std::unique_ptr<EventLogWriter> open(const std::filesystem::path& path,
                                              std::string* error);
  ~EventLogWriter();

  void write(const LogRecord& record);
  // The operations half's records, stamped with their own t_s.
  void write_operations(const OperationsRecord& record);
  std::uint64_t records() const { return records_; }
  bool ok() const { return static_cast<bool>(out_); }
  void flush() { out_.flush(); }

 private:
  std::ofstream out_;
  std::uint64_t records_ = 0;
  std::string buffer_;            // one serialized record
  LogRecord operations_wrapper_;  // carries an operations record while it is written
};

class EventLogReader {
 public:
  static std::unique_ptr<EventLogReader> open(const std::filesystem::path& path,
                                              std::string* error);
  ~EventLogReader();
  // Next record; false at the end (or on a damaged record, with error() set).
  bool next(LogRecord& record);
  const std::string& error() const { return error_; }

 private:
  EventLogReader() = default;
  std::ifstream in_;
  std::unique_ptr<google::protobuf::io::IstreamInputStream> raw_;
  std::string error_;
  std::uint64_t index_ = 0;
};

}  // namespace pharmatwin::sim
