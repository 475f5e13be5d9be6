// The event log reads back exactly what was written, record by record.
#include "pharmatwin/sim/event_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace pharmatwin::sim {
namespace {

TEST(EventLog, EachRecordReadsBackOnItsOwn) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("pharmatwin-event-log-" + std::to_string(::getpid()) + ".pb");
  std::string error;
  {
    auto writer = EventLogWriter::open(path, &error);
    ASSERT_TRUE(writer) << error;
    LogRecord first;
    first.set_t_s(60.0);
    first.mutable_readings()->add_time_s(60.0);
    first.mutable_readings()->add_time_s(120.0);
    writer->write(first);
    LogRecord second;  // t_s left at 0, one reading: nothing may carry over from the first
    second.mutable_readings()->add_time_s(0.0);
    writer->write(second);
  }
  auto reader = EventLogReader::open(path, &error);
  ASSERT_TRUE(reader) << error;
  LogRecord record;
  ASSERT_TRUE(reader->next(record));
  EXPECT_EQ(record.t_s(), 60.0);
  EXPECT_EQ(record.readings().time_s_size(), 2);
  ASSERT_TRUE(reader->next(record));
  EXPECT_EQ(record.t_s(), 0.0);
  EXPECT_EQ(record.readings().time_s_size(), 1);
  EXPECT_FALSE(reader->next(record));
  EXPECT_TRUE(reader->error().empty()) << reader->error();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace pharmatwin::sim
