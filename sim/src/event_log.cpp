#include "pharmatwin/sim/event_log.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/util/delimited_message_util.h>

#include <cstdint>

namespace pharmatwin::sim {

std::unique_ptr<EventLogWriter> EventLogWriter::open(const std::filesystem::path& path,
                                                     std::string* error) {
  auto writer = std::unique_ptr<EventLogWriter>(new EventLogWriter());
  writer->out_.open(path, std::ios::binary | std::ios::trunc);
  if (!writer->out_) {
    if (error) *error = path.string() + ": cannot create the event log";
    return nullptr;
  }
  return writer;
}

EventLogWriter::~EventLogWriter() { out_.flush(); }

// The bytes SerializeDelimitedToOstream writes (varint size, then the message), through one
// buffer kept across records: no stream objects or allocations per record.
void EventLogWriter::write(const LogRecord& record) {
  using google::protobuf::io::CodedOutputStream;
  const std::size_t size = record.ByteSizeLong();
  const std::size_t prefix = CodedOutputStream::VarintSize32(static_cast<std::uint32_t>(size));
  if (buffer_.size() < prefix + size) buffer_.resize(prefix + size);
  auto* data = reinterpret_cast<std::uint8_t*>(buffer_.data());
  CodedOutputStream::WriteVarint32ToArray(static_cast<std::uint32_t>(size), data);
  record.SerializeWithCachedSizesToArray(data + prefix);
  out_.write(buffer_.data(), static_cast<std::streamsize>(prefix + size));
  ++records_;
}

// The record is lent to the wrapper for the write, not copied into it.
void EventLogWriter::write_operations(const OperationsRecord& record) {
  operations_wrapper_.set_t_s(record.t_s());
  operations_wrapper_.unsafe_arena_set_allocated_operations(const_cast<OperationsRecord*>(&record));
  write(operations_wrapper_);
  operations_wrapper_.unsafe_arena_release_operations();
}

std::unique_ptr<EventLogReader> EventLogReader::open(const std::filesystem::path& path,
                                                     std::string* error) {
  auto reader = std::unique_ptr<EventLogReader>(new EventLogReader());
  reader->in_.open(path, std::ios::binary);
  if (!reader->in_) {
    if (error) *error = path.string() + ": cannot open the event log";
    return nullptr;
  }
  reader->raw_ = std::make_unique<google::protobuf::io::IstreamInputStream>(&reader->in_);
  return reader;
}

EventLogReader::~EventLogReader() = default;

bool EventLogReader::next(LogRecord& record) {
  if (!error_.empty()) return false;
  // A fresh CodedInputStream per record keeps its byte limit from growing with the file.
  google::protobuf::io::CodedInputStream coded(raw_.get());
  bool clean_eof = false;
  record.Clear();  // parsing merges into the message: nothing may carry over from the last record
  if (!google::protobuf::util::ParseDelimitedFromCodedStream(&record, &coded, &clean_eof)) {
    if (!clean_eof) error_ = "damaged record #" + std::to_string(index_ + 1);
    return false;
  }
  ++index_;
  return true;
}

}  // namespace pharmatwin::sim
