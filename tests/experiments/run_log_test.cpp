// Reading events.pb: records are read on their own (nothing carries over from the record before),
// readings become per-pixel chart traces and the alerts' last readings, and chart thinning keeps
// every excursion.
#include "pharmatwin/experiments/run_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "log_builder.hpp"
#include "pharmatwin/experiments/audit.hpp"
#include "pharmatwin/sim/event_log.hpp"

namespace pharmatwin::experiments {
namespace {

namespace fs = std::filesystem;
using testing::LogBuilder;

class LogFile : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("pharmatwin-runlog-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".pb");
  }
  void TearDown() override { fs::remove(path_); }
  void write(const std::vector<sim::LogRecord>& records) {
    std::string error;
    auto writer = sim::EventLogWriter::open(path_, &error);
    ASSERT_TRUE(writer) << error;
    for (const auto& r : records) writer->write(r);
  }
  fs::path path_;
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

sim::LogRecord readings(double block_end_s,
                        std::vector<std::tuple<double, std::uint32_t, double>> rs) {
  sim::LogRecord r;
  r.set_t_s(block_end_s);
  for (const auto& [t, s, v] : rs) {
    r.mutable_readings()->add_time_s(t);
    r.mutable_readings()->add_sensor(s);
    r.mutable_readings()->add_value_c(v);
  }
  return r;
}

TEST_F(LogFile, NothingCarriesOverFromThePreviousRecord) {
  LogBuilder b;
  // A telemetry record at 300 s, then a truth sample at 0 s: protobuf leaves t_s = 0 out of the
  // bytes, so a reader merging into the previous record would date the sample 300 s.
  sim::LogRecord tel;
  tel.set_t_s(300);
  tel.mutable_telemetry()->add_zones()->set_zone(0);
  b.records.push_back(tel);
  b.truth(0, {5.0, 20.0}, {5.5, 20.5});
  // Two alerts: the second has zone 0 and no clearing, both left out of its bytes.
  b.alert("a1", "door_open", 600, 1);
  b.records.back().mutable_alert()->set_cleared(true);
  b.records.back().mutable_alert()->set_cleared_at_s(650);
  b.alert("a2", "hvac_failure", 700, 0);
  write(b.records);
  const auto read = read_run_log(path_);
  ASSERT_TRUE(read.ok()) << read.error;
  ASSERT_EQ(read.log.truth.size(), 2u);
  ASSERT_EQ(read.log.truth[0].size(), 1u);
  EXPECT_EQ(read.log.truth[0][0].t_s, 0.0);
  EXPECT_EQ(read.log.truth[1][0].product_c, 20.5);
  ASSERT_EQ(read.log.alerts.size(), 2u);
  EXPECT_EQ(read.log.alerts[1].zone, 0);
  EXPECT_FALSE(read.log.alerts[1].cleared);
  EXPECT_EQ(read.log.records, 5u);
  // The in-memory reader agrees.
  const auto mem = run_log_from_records(b.records);
  ASSERT_TRUE(mem.ok());
  EXPECT_EQ(mem.log.truth[0][0].t_s, 0.0);
  EXPECT_EQ(mem.log.alerts[1].zone, 0);
}

TEST_F(LogFile, AlertsGetTheLastThreeReadingsOfTheirSensorUpToWhenTheyWereRaised) {
  LogBuilder b(3600);
  // Sensor 0 every 60 s, sensor 2 every 60 s, delivered in 5-minute blocks.
  for (int block = 0; block < 4; ++block) {
    std::vector<std::tuple<double, std::uint32_t, double>> rs;
    for (int i = 0; i < 5; ++i) {
      const double t = block * 300 + i * 60;
      rs.emplace_back(t, 0, t / 60);
      rs.emplace_back(t, 2, 100 + t / 60);
    }
    b.records.push_back(readings(block * 300 + 300, rs));
  }
  // Raised at 420 s on sensor 0 (received at the end of the block, after later readings).
  b.alert("s0", "sensor_drift", 420, -1, 0);
  b.records.back().set_t_s(600);
  // Raised at 30 s on sensor 2: one reading before it.
  b.alert("s2", "stuck_sensor", 30, -1, 2);
  b.records.back().set_t_s(600);
  // Sensor 1 has no readings.
  b.alert("s1", "stuck_sensor", 500, -1, 1);
  write(b.records);
  const auto read = read_run_log(path_);
  ASSERT_TRUE(read.ok()) << read.error;
  EXPECT_EQ(read.log.readings, 40u);
  ASSERT_EQ(read.log.alerts.size(), 3u);
  EXPECT_EQ(read.log.alerts[0].last_readings, (Series{{300, 5}, {360, 6}, {420, 7}}));
  EXPECT_EQ(read.log.alerts[1].last_readings, (Series{{0, 100}}));
  EXPECT_TRUE(read.log.alerts[2].last_readings.empty());
  // Traces per sensor: 20 readings each over 3600 s / 888 px buckets of 4.05 s, so all kept.
  ASSERT_EQ(read.log.reading_traces.size(), 3u);
  EXPECT_EQ(read.log.reading_traces[0].size(), 20u);
  EXPECT_TRUE(read.log.reading_traces[1].empty());
  // Not keeping readings drops the traces and the evidence.
  const auto lean = read_run_log(path_, false);
  EXPECT_EQ(lean.log.readings, 0u);
  EXPECT_TRUE(lean.log.alerts[0].last_readings.empty());
}

TEST_F(LogFile, ALogWithoutAnEndRecordCoversOnlyWhatItRecorded) {
  LogBuilder b;  // a one-day horizon in the header
  b.truth(0, {5.0, 20.0}, {5.0, 20.0});
  b.records.push_back(readings(300, {{0, 0, 5.0}}));
  write(b.records);
  const auto read = read_run_log(path_);
  ASSERT_TRUE(read.ok()) << read.error;
  EXPECT_FALSE(read.log.truncated);
  EXPECT_FALSE(read.log.complete());
  EXPECT_EQ(read.log.end_s, 300.0);  // not the header's 86400 s: rates over what it covers
  EXPECT_EQ(read.log.incomplete_reason(), "no end record (the run was killed)");
}

TEST_F(LogFile, ALogCutInsideItsLastRecordReadsUpToTheRecordBefore) {
  LogBuilder b;
  b.truth(0, {5.0, 20.0}, {5.0, 20.0});
  b.records.push_back(readings(300, {{0, 0, 5.0}}));
  write(b.records);
  fs::resize_file(path_, fs::file_size(path_) - 2);
  const auto read = read_run_log(path_);
  ASSERT_TRUE(read.ok()) << read.error;
  EXPECT_TRUE(read.log.truncated);
  EXPECT_EQ(read.log.records, 2u);  // header and truth sample; the readings were cut
  EXPECT_EQ(read.log.end_s, 0.0);
  EXPECT_FALSE(read.log.complete());
  EXPECT_NE(read.log.incomplete_reason().find("cut off"), std::string::npos);
  EXPECT_FALSE(read_run_log("/nonexistent/events.pb").ok());
}

TEST_F(LogFile, ADamagedRecordInsideTheLogIsReported) {
  LogBuilder b;
  b.truth(0, {5.0, 20.0}, {5.0, 20.0});
  b.records.push_back(readings(300, {{0, 0, 5.0}}));
  write(b.records);
  // Record 2 starts after record 1's size varint and body; its first body byte becomes a tag
  // with wire type 7, which no protobuf message has.
  std::string bytes = read_bytes(path_);
  std::size_t p = 0;
  std::uint64_t size = 0;
  for (int shift = 0;; shift += 7) {
    const auto c = static_cast<unsigned char>(bytes[p++]);
    size |= std::uint64_t(c & 0x7f) << shift;
    if (!(c & 0x80)) break;
  }
  p += size;
  while (static_cast<unsigned char>(bytes[p]) & 0x80) ++p;  // record 2's size
  bytes[p + 1] = 0x07;
  write_bytes(path_, bytes);
  const auto read = read_run_log(path_);
  EXPECT_FALSE(read.ok());
  EXPECT_NE(read.error.find("damaged record #2"), std::string::npos) << read.error;
}

TEST(ChartThinner, KeepsTheLowestAndHighestOfEachBucketInTheirOrder) {
  // Bucket 0 (t in [0, 10)): 5, 1, 7, 9, 4 -> 1 then 9; bucket 1: one point; bucket 2: 8, 2 ->
  // both, high first; bucket 3: 3, 3, 3 -> the first only.
  ChartThinner t(0, 10);
  for (auto [time, v] : Series{{0, 5},
                               {2, 1},
                               {4, 7},
                               {5, 9},
                               {8, 4},
                               {12, 6},
                               {21, 8},
                               {22, 2},
                               {30, 3},
                               {35, 3},
                               {39, 3}})
    t.add(time, v);
  EXPECT_EQ(t.finish(), (Series{{2, 1}, {5, 9}, {12, 6}, {21, 8}, {22, 2}, {30, 3}}));
}

TEST(ChartThinner, ASpikeOfOneSampleSurvivesAndThinningTwiceEqualsThinningOnce) {
  // A year of 1-minute samples at 5 °C with one sample at 30 °C.
  Series year;
  for (int i = 0; i < 525600; ++i)
    year.emplace_back(i * 60.0, i == 300000 ? 30.0 : 5.0 + (i % 7) * 0.01);
  const double horizon = 525600 * 60.0;
  const auto fine = thin_for_chart(year, 0, horizon / kChartPixels);
  EXPECT_LE(fine.size(), 2u * (kChartPixels + 1));
  EXPECT_NE(std::find(fine.begin(), fine.end(), std::make_pair(300000 * 60.0, 30.0)), fine.end());
  // Thinning again with the same buckets changes nothing; with buckets made of whole fine ones
  // (twice as wide) it is the same as thinning the raw series.
  EXPECT_EQ(thin_for_chart(fine, 0, horizon / kChartPixels), fine);
  const double twice = 2 * horizon / kChartPixels;
  EXPECT_EQ(thin_for_chart(fine, 0, twice), thin_for_chart(year, 0, twice));
  // Buckets that do not line up (a run that went past its horizon) still keep the spike.
  const auto wider = thin_for_chart(fine, 0, 1.25 * horizon / kChartPixels);
  EXPECT_NE(std::find(wider.begin(), wider.end(), std::make_pair(300000 * 60.0, 30.0)),
            wider.end());
}

TEST(AuditText, OddStringsAndNumbersHashAsNlohmannSerialisesThem) {
  // The trail's lines are written without nlohmann; verification re-serialises them with it, so
  // any difference in escaping or number format would break the chain.
  LogBuilder b;
  b.truth(0, {-0.0, 1e-7}, {0.1, 1e21});
  const std::string odd = std::string(
      "q\"b\\s/\b\f\n\r\t\x01\x1f ok °C ✓ 𝄞 bad:\xC3\x28 \xE0\x80\xAF \xED\xA0\x80 end");
  b.alert(odd, odd, 1.0 / 3, 0);
  b.records.back().mutable_alert()->add_lots(odd);
  b.records.back().mutable_alert()->set_message(odd);
  b.alert("nan", "x", 2, 1);
  b.records.back().mutable_alert()->set_raised_at_s(NAN);
  b.decision("k\"1", "quarantine", 5e-324, {odd}, {"\x7f"});
  const auto log = b.build();
  ScoreInputs in;
  in.run = &log;
  const auto score = score_run(in);
  const auto path = fs::temp_directory_path() /
                    ("pharmatwin-audit-text-" + std::to_string(::getpid()) + ".jsonl");
  fs::remove(path);
  std::string error;
  AuditContext ctx;
  ctx.key = SigningKey::generate(path.string() + ".key", &error);
  ASSERT_TRUE(ctx.key) << error;
  ASSERT_TRUE(write_audit_trail(path, log, score, ctx, &error)) << error;
  fs::remove(path.string() + ".key");
  AuditVerifyOptions trail_only;
  trail_only.check_files = false;
  const auto check = verify_audit(path, trail_only);
  EXPECT_TRUE(check.intact) << check.first_bad_line << ": " << check.problem;
  EXPECT_GE(check.lines, 6u);
  fs::remove(path);
}

}  // namespace
}  // namespace pharmatwin::experiments
