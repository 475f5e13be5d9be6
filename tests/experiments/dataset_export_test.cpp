// Labels of samples and the dataset files (NAB data, windows, samples, manifest) of hand-made
// event logs whose labels are worked out by hand.
#include "pharmatwin/experiments/dataset_export.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "log_builder.hpp"
#include "pharmatwin/experiments/dataset_labels.hpp"
#include "pharmatwin/sim/event_log.hpp"

namespace pharmatwin::experiments {
namespace {

namespace fs = std::filesystem;
using testing::LogBuilder;

std::string label_at(const SampleLabeller& l, std::uint32_t sensor, double t) {
  return std::string(label_name(l.at(sensor, t).label));
}

// Cold room (zone 0): HVAC failure 1 h..2 h, its product back in range only after an excursion
// from 8280 s to 9900 s; drift of cr-air-2 during the failure; a site-wide power outage later.
LogBuilder site_with_faults() {
  LogBuilder b(6 * 3600.0);
  b.fault(1, "hvac", "hvac_failure", 3600, 7200, "cold-room");
  b.fault(2, "drift", "sensor_drift", 5000, 6000, "cold-room", "cr-air-2");
  b.fault(3, "outage", "power_outage", 20000, 21000);
  b.fault(4, "fake-packs", "counterfeit", 100, -1);
  b.truth(0, {5, 20}, {5, 20});
  b.truth(7200, {9, 20}, {5, 20});
  b.truth(9000, {9, 20}, {10, 20});  // crosses 8 at 7200 + 3/5 * 1800 = 8280
  b.truth(10800, {5, 20}, {6, 20});  // back below 8 at 9000 + 2/4 * 1800 = 9900
  return b;
}

TEST(SampleLabeller, LabelsEachSampleWithTheMostSpecificCause) {
  const RunLog log = site_with_faults().build();
  const SampleLabeller l(log);
  EXPECT_EQ(label_at(l, 0, 3599), "normal");
  EXPECT_EQ(label_at(l, 0, 3600), "hvac_failure");
  EXPECT_EQ(label_at(l, 0, 7199), "hvac_failure");
  EXPECT_EQ(label_at(l, 0, 7200), "normal");  // fault over, product still in range
  EXPECT_EQ(label_at(l, 0, 8279), "normal");
  EXPECT_EQ(label_at(l, 0, 8281), "excursion");
  EXPECT_EQ(label_at(l, 0, 9899), "excursion");
  EXPECT_EQ(label_at(l, 0, 9901), "normal");
  // The drifting sensor: its own fault wins over its zone's, and both are listed.
  const auto s = l.at(1, 5500);
  EXPECT_EQ(label_name(s.label), "sensor_drift");
  ASSERT_EQ(s.faults.size(), 2u);
  EXPECT_EQ(log.faults[s.faults[0]].name, "hvac");
  EXPECT_EQ(log.faults[s.faults[1]].name, "drift");
  EXPECT_EQ(label_at(l, 0, 5500), "hvac_failure");  // another sensor of the zone
  EXPECT_EQ(label_at(l, 2, 5500), "normal");        // the hall
  // A power outage without zones covers them all; a counterfeit labels nothing.
  EXPECT_EQ(label_at(l, 2, 20500), "power_outage");
  EXPECT_EQ(label_at(l, 0, 20999), "power_outage");
  EXPECT_EQ(label_at(l, 2, 150), "normal");
  EXPECT_TRUE(l.at(2, 150).faults.empty());
  ASSERT_EQ(l.out_of_range(0).size(), 1u);
  EXPECT_NEAR(l.out_of_range(0)[0].first, 8280, 1e-9);
  EXPECT_NEAR(l.out_of_range(0)[0].second, 9900, 1e-9);
  EXPECT_TRUE(l.out_of_range(1).empty());
}

TEST(SampleLabeller, FaultKindsMapToTheirLabels) {
  SampleLabel label;
  for (const char* kind : {"hvac_failure", "hvac_degraded", "door_left_open", "power_outage",
                           "sensor_drift", "sensor_bias_step", "sensor_stuck", "sensor_dropout"}) {
    ASSERT_TRUE(label_of_fault_kind(kind, &label)) << kind;
    EXPECT_EQ(label_name(label), kind);
  }
  for (const char* kind :
       {"counterfeit", "serialization_exception", "channel_fault", "normal", "excursion"})
    EXPECT_FALSE(label_of_fault_kind(kind, &label)) << kind;
}

TEST(DatasetTimestamp, WritesNabTimestamps) {
  EXPECT_EQ(dataset_timestamp(1767571200), "2026-01-05 00:00:00");
  EXPECT_EQ(dataset_timestamp(1767571200 + 86399, true), "2026-01-05 23:59:59.000000");
  EXPECT_EQ(dataset_timestamp(1767571200.25), "2026-01-05 00:00:00.250000");
  EXPECT_EQ(dataset_timestamp(951782400), "2000-02-29 00:00:00");
  EXPECT_EQ(dataset_file_name("cr air/1"), "cr_air_1");
  EXPECT_EQ(dataset_file_name(".."), "_..");
}

class DatasetWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pharmatwin-dataset-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A 3-hour run: every sensor each minute; cr-air-2 drops out from 1 h to 1 h 30 m, the cold
  // room's HVAC fails from 2 h to 2 h 30 m. Readings are 5 + sensor index / 10.
  fs::path write_log(const std::string& name) {
    LogBuilder b(3 * 3600.0);
    auto& h = *b.records.front().mutable_header();
    h.set_readings_logged(true);
    h.set_start_epoch_s(1767571200);  // 2026-01-05T00:00:00Z
    h.set_start("2026-01-05T00:00:00Z");
    b.fault(1, "dropout", "sensor_dropout", 3600, 5400, "cold-room", "cr-air-2");
    b.fault(2, "hvac", "hvac_failure", 7200, 9000, "cold-room");
    b.truth(0, {5, 20}, {5, 20});
    for (double block = 0; block < 3 * 3600.0; block += 300) {
      sim::LogRecord r;
      r.set_t_s(block + 300);
      auto* batch = r.mutable_readings();
      for (double t = block; t < block + 300; t += 60) {
        for (std::uint32_t s = 0; s < 3; ++s) {
          if (s == 1 && t >= 3600 && t < 5400) continue;
          batch->add_time_s(t);
          batch->add_sensor(s);
          batch->add_value_c(5 + s / 10.0);
        }
      }
      b.records.push_back(r);
    }
    auto records = b.records;
    std::stable_sort(
        records.begin() + 1, records.end(),
        [](const sim::LogRecord& a, const sim::LogRecord& c) { return a.t_s() < c.t_s(); });
    sim::LogRecord end;
    end.set_t_s(3 * 3600.0);
    end.mutable_run_end();
    records.push_back(end);
    const fs::path path = dir_ / name;
    std::string error;
    auto w = sim::EventLogWriter::open(path, &error);
    EXPECT_TRUE(w) << error;
    for (const auto& r : records) w->write(r);
    w.reset();
    return path;
  }

  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  static std::vector<std::string> lines(const fs::path& p) {
    std::vector<std::string> out;
    std::istringstream in(slurp(p));
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  fs::path dir_;
};

TEST_F(DatasetWriterTest, WritesNabFilesAndLabelledSamples) {
  const fs::path events = write_log("events.pb");
  std::string error;
  auto w = DatasetWriter::create(dir_ / "ds", &error);
  ASSERT_TRUE(w) << error;
  ASSERT_TRUE(w->add_run({events, "hand-made-seed7", "test"}, &error)) << error;
  ASSERT_TRUE(w->finish(&error)) << error;

  // NAB data: readings only, 180 of them for cr-air-1, 150 for the one that dropped out.
  const auto a1 = lines(dir_ / "ds/data/hand-made-seed7/cr-air-1.csv");
  ASSERT_EQ(a1.size(), 181u);
  EXPECT_EQ(a1[0], "timestamp,value");
  EXPECT_EQ(a1[1], "2026-01-05 00:00:00,5.0000");
  EXPECT_EQ(lines(dir_ / "ds/data/hand-made-seed7/cr-air-2.csv").size(), 151u);

  // Samples: every instant, the missing ones with ok=0 and the dropout's label.
  const auto s2 = lines(dir_ / "ds/samples/hand-made-seed7/cr-air-2.csv");
  ASSERT_EQ(s2.size(), 181u);
  EXPECT_EQ(s2[0], "timestamp,t_s,sensor,zone,kind,value_c,ok,label,product_out_of_range,faults");
  EXPECT_EQ(s2[60], "2026-01-05 00:59:00,3540,cr-air-2,cold-room,air,5.1000,1,normal,0,");
  EXPECT_EQ(s2[61], "2026-01-05 01:00:00,3600,cr-air-2,cold-room,air,,0,sensor_dropout,0,dropout");
  EXPECT_EQ(s2[121],
            "2026-01-05 02:00:00,7200,cr-air-2,cold-room,air,5.1000,1,hvac_failure,0,hvac");

  // Windows: the HVAC failure on the cold room's sensors (readings 7200..8940 s), none in the
  // hall; the dropout has no rows in the NAB data, so no window of its own.
  const auto windows = nlohmann::json::parse(slurp(dir_ / "ds/labels/combined_windows.json"));
  const auto expected_cold =
      nlohmann::json::parse(R"([["2026-01-05 02:00:00.000000", "2026-01-05 02:29:00.000000"]])");
  EXPECT_EQ(windows["hand-made-seed7/cr-air-1.csv"], expected_cold);
  EXPECT_EQ(windows["hand-made-seed7/cr-air-2.csv"], expected_cold);
  EXPECT_EQ(windows["hand-made-seed7/hall-air-1.csv"], nlohmann::json::array());
  EXPECT_EQ(windows.size(), 3u);

  const auto m = nlohmann::json::parse(slurp(dir_ / "ds/manifest.json"));
  EXPECT_EQ(m["format"], "pharmatwin-dataset/1");
  const auto& run = m["runs"][0];
  EXPECT_EQ(run["seed"], 7);
  EXPECT_EQ(run["readings"], 180 + 150 + 180);
  EXPECT_EQ(run["samples"], 540);
  EXPECT_EQ(run["label_counts"]["sensor_dropout"], 30);
  EXPECT_EQ(run["label_counts"]["hvac_failure"], 60);
  EXPECT_EQ(run["label_counts"]["normal"], 540 - 30 - 60);
  EXPECT_EQ(run["series"][1]["missing"], 30);
  EXPECT_EQ(run["faults"][0]["label"], "sensor_dropout");
  EXPECT_EQ(run["faults"][1]["start"], "2026-01-05 02:00:00");
}

TEST_F(DatasetWriterTest, SameRunsGiveTheSameBytes) {
  const fs::path events = write_log("events.pb");
  std::string error;
  for (const char* name : {"a", "b"}) {
    auto w = DatasetWriter::create(dir_ / name, &error);
    ASSERT_TRUE(w) << error;
    ASSERT_TRUE(w->add_run({events, "c", "test"}, &error)) << error;
    ASSERT_TRUE(w->finish(&error)) << error;
  }
  for (const char* f : {"manifest.json", "labels/combined_windows.json", "data/c/cr-air-2.csv",
                        "samples/c/cr-air-2.csv"})
    EXPECT_EQ(slurp(dir_ / "a" / f), slurp(dir_ / "b" / f)) << f;
}

TEST_F(DatasetWriterTest, RefusesLogsWithoutReadingsAndForeignFolders) {
  LogBuilder b;
  sim::LogRecord end;
  end.set_t_s(86400);
  end.mutable_run_end();
  const fs::path path = dir_ / "no-readings.pb";
  std::string error;
  {
    auto w = sim::EventLogWriter::open(path, &error);
    w->write(b.records.front());
    w->write(end);
  }
  auto w = DatasetWriter::create(dir_ / "ds", &error);
  ASSERT_TRUE(w) << error;
  EXPECT_FALSE(w->add_run({path, "x", ""}, &error));
  EXPECT_NE(error.find("no-readings.pb: the run did not log its readings"), std::string::npos)
      << error;
  EXPECT_FALSE(w->add_run({dir_ / "missing.pb", "y", ""}, &error));
  EXPECT_NE(error.find("missing.pb"), std::string::npos) << error;

  // A folder named data/ with other things in it is not overwritten.
  fs::create_directories(dir_ / "mine/data");
  std::ofstream(dir_ / "mine/data/keep.txt") << "mine";
  EXPECT_FALSE(DatasetWriter::create(dir_ / "mine", &error));
  EXPECT_NE(error.find("mine/data: exists and does not belong to a pharmatwin dataset"),
            std::string::npos)
      << error;
  EXPECT_TRUE(fs::exists(dir_ / "mine/data/keep.txt"));
}

TEST_F(DatasetWriterTest, ReplacesAPreviousDataset) {
  const fs::path events = write_log("events.pb");
  std::string error;
  {
    auto w = DatasetWriter::create(dir_ / "ds", &error);
    ASSERT_TRUE(w->add_run({events, "old", ""}, &error)) << error;
    ASSERT_TRUE(w->finish(&error));
  }
  auto w = DatasetWriter::create(dir_ / "ds", &error);
  ASSERT_TRUE(w) << error;
  ASSERT_TRUE(w->add_run({events, "new", ""}, &error)) << error;
  ASSERT_TRUE(w->finish(&error));
  EXPECT_FALSE(fs::exists(dir_ / "ds/data/old"));
  EXPECT_TRUE(fs::exists(dir_ / "ds/data/new/cr-air-1.csv"));
  EXPECT_FALSE(w->add_run({events, "new", ""}, &error));
  EXPECT_NE(error.find("'new' is exported twice"), std::string::npos) << error;
}

}  // namespace
}  // namespace pharmatwin::experiments
