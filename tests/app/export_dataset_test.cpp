// `pharmatwin export-dataset` as a user runs it: labels consistent with the run's ground truth,
// NAB files that NAB can read, the same bytes twice, and located errors for bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli_child.hpp"

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kScenarios = std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/";
const std::string kDefault = kScenarios + "default.textproto";
const std::string kSite = kScenarios + "sites/small-site.textproto";  // no faults

std::vector<std::string> lines(const fs::path& p) {
  std::vector<std::string> out;
  std::istringstream in(read_file(p.string()));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) out.push_back(field);
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

// Every file under `dir` (relative path -> bytes).
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      out[fs::relative(e.path(), dir).string()] = read_file(e.path().string());
  return out;
}

// The default scenario over 3 days (its HVAC failure is on day 3), exported once for the suite.
class ExportDataset : public ScratchDirTest {
 protected:
  static void SetUpTestSuite() {
    shared_ = fs::temp_directory_path() / ("pharmatwin-export-dataset-" + std::to_string(getpid()));
    fs::remove_all(shared_);
    const auto r = run_cli({"export-dataset", kDefault, "--horizon", "3d", "--out",
                            (shared_ / "default").string(), "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    default_out_ = r.out;
  }
  static void TearDownTestSuite() { fs::remove_all(shared_); }
  static fs::path shared_;
  static std::string default_out_;
};
fs::path ExportDataset::shared_;
std::string ExportDataset::default_out_;

TEST_F(ExportDataset, SamplesInAFaultsWindowCarryItsLabel) {
  const fs::path ds = shared_ / "default";
  const json m = json::parse(read_file((ds / "manifest.json").string()));
  ASSERT_EQ(m["runs"].size(), 1u);
  const json& run = m["runs"][0];
  EXPECT_EQ(run["category"], "default-seed42");
  ASSERT_EQ(run["faults"].size(), 1u);
  const double start = run["faults"][0]["start_s"], end = run["faults"][0]["end_s"];
  EXPECT_EQ(start, 2 * 86400 + 10 * 3600);
  EXPECT_EQ(end, start + 8 * 3600);
  EXPECT_FALSE(fs::exists(ds / "runs"));  // the run made for the export is gone
  std::uint64_t in_window = 0;
  for (const auto& series : run["series"]) {
    const bool cold = series["zone"] == "cold-room";
    const auto rows = lines(ds / series["samples_file"].get<std::string>());
    ASSERT_GT(rows.size(), 1u);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto f = split(rows[i]);
      ASSERT_EQ(f.size(), 10u) << rows[i];
      const double t = std::stod(f[1]);
      const bool inside = t >= start && t < end;
      if (cold && inside) {
        ++in_window;
        EXPECT_EQ(f[7], "hvac_failure") << rows[i];
        EXPECT_EQ(f[9], "cold-room-hvac-failure") << rows[i];
      } else {
        EXPECT_TRUE(f[7] == "normal" || f[7] == "excursion") << rows[i];
        EXPECT_EQ(f[9], "") << rows[i];
      }
      EXPECT_EQ(f[6], "1") << rows[i];  // no dropout in this scenario
    }
  }
  // 8 h of three 1-minute air sensors and one 5-minute product sensor.
  EXPECT_EQ(in_window, 3 * 480 + 96);
  EXPECT_EQ(run["label_counts"]["hvac_failure"], 3 * 480 + 96);
  EXPECT_NE(default_out_.find("default-seed42"), std::string::npos) << default_out_;
}

TEST_F(ExportDataset, NabWindowsNameExistingFilesWithinTheirTimeRange) {
  const fs::path ds = shared_ / "default";
  const json windows = json::parse(read_file((ds / "labels/combined_windows.json").string()));
  std::set<std::string> data_files;
  for (const auto& e : fs::recursive_directory_iterator(ds / "data"))
    if (e.is_regular_file()) data_files.insert(fs::relative(e.path(), ds / "data").string());
  EXPECT_EQ(data_files.size(), 10u);
  std::set<std::string> keys;
  std::size_t with_windows = 0;
  for (const auto& [key, list] : windows.items()) {
    keys.insert(key);
    const auto rows = lines(ds / "data" / key);
    ASSERT_GT(rows.size(), 2u) << key;
    EXPECT_EQ(rows[0], "timestamp,value");
    const std::string first = split(rows[1])[0], last = split(rows.back())[0];
    std::set<std::string> stamps;
    for (std::size_t i = 1; i < rows.size(); ++i) stamps.insert(split(rows[i])[0]);
    for (const auto& w : list) {
      ASSERT_EQ(w.size(), 2u);
      const std::string a = w[0], b = w[1];
      ASSERT_EQ(a.size(), 26u) << a;  // "YYYY-MM-DD HH:MM:SS.ffffff"
      EXPECT_LE(a, b);
      EXPECT_GE(a.substr(0, 19), first) << key;
      EXPECT_LE(b.substr(0, 19), last) << key;
      // NAB requires window limits to be timestamps of the file.
      EXPECT_TRUE(stamps.count(a.substr(0, 19))) << key << " " << a;
      EXPECT_TRUE(stamps.count(b.substr(0, 19))) << key << " " << b;
    }
    if (!list.empty()) ++with_windows;
    if (key.find("cr-") != std::string::npos) {
      ASSERT_FALSE(list.empty()) << key;
      EXPECT_EQ(list[0][0], "2026-01-07 10:00:00.000000") << key;
    }
  }
  EXPECT_EQ(keys, data_files);
  EXPECT_GE(with_windows, 4u);  // the cold room's four sensors
}

TEST_F(ExportDataset, IsByteIdenticalTwice) {
  const auto r = run_cli(
      {"export-dataset", kDefault, "--horizon", "3d", "--out", (dir_ / "again").string(), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The same table; only the dataset's path in the last line differs.
  EXPECT_EQ(r.out.substr(0, r.out.find("dataset:")),
            default_out_.substr(0, default_out_.find("dataset:")));
  const auto a = tree(shared_ / "default"), b = tree(dir_ / "again");
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, bytes] : a) EXPECT_TRUE(b.count(name) && b.at(name) == bytes) << name;
}

TEST_F(ExportDataset, ARunDirectoryGivesTheSameSeries) {
  // With its readings logged (and the in-process detector), and without them (rebuilt by rerunning
  // its scenario): the same data and windows as the scenario's export.
  const fs::path run = dir_ / "run", plain = dir_ / "plain";
  ASSERT_EQ(run_cli({"run", kDefault, "--horizon", "3d", "--log-readings", "--no-score", "-q",
                     "--out", run.string()})
                .exit_code,
            0);
  ASSERT_EQ(
      run_cli({"run", kDefault, "--horizon", "3d", "--no-score", "-q", "--out", plain.string()})
          .exit_code,
      0);
  auto r = run_cli({"export-dataset", run.string(), "--out", (dir_ / "from-run").string(), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_cli({"export-dataset", plain.string(), "--out", (dir_ / "plain-ds").string(), "-q"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find((plain / "events.pb").string() + ": the run did not log its readings"),
            std::string::npos)
      << r.err;
  r = run_cli({"export-dataset", plain.string(), "--scenario", kSite, "--out",
               (dir_ / "plain-ds").string(), "-q"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("small-site.textproto: not the scenario of"), std::string::npos) << r.err;
  r = run_cli({"export-dataset", plain.string(), "--scenario", kDefault, "--out",
               (dir_ / "rebuilt").string(), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto expected = tree(shared_ / "default");
  for (const fs::path ds : {dir_ / "from-run", dir_ / "rebuilt"}) {
    const auto got = tree(ds);
    for (const auto& [name, bytes] : expected) {
      if (name == "manifest.json") continue;  // says where the run came from
      EXPECT_TRUE(got.count(name) && got.at(name) == bytes) << ds.string() << ": " << name;
    }
  }
}

TEST_F(ExportDataset, AFaultFreeScenarioIsAllNormal) {
  const fs::path ds = dir_ / "site";
  const auto r = run_cli({"export-dataset", kSite, "--horizon", "1d", "--seeds", "1-2", "--out",
                          ds.string(), "-q", "--jobs", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json m = json::parse(read_file((ds / "manifest.json").string()));
  ASSERT_EQ(m["runs"].size(), 2u);
  EXPECT_EQ(m["runs"][0]["category"], "small-site-seed1");
  EXPECT_EQ(m["runs"][1]["category"], "small-site-seed2");
  EXPECT_EQ(m["label_counts"]["normal"], m["samples"]);
  const json windows = json::parse(read_file((ds / "labels/combined_windows.json").string()));
  EXPECT_EQ(windows.size(), 20u);
  for (const auto& [key, list] : windows.items()) EXPECT_TRUE(list.empty()) << key;
  // Two seeds, two different series.
  EXPECT_NE(read_file((ds / "data/small-site-seed1/cr-air-1.csv").string()),
            read_file((ds / "data/small-site-seed2/cr-air-1.csv").string()));
}

TEST_F(ExportDataset, BadInputIsAClearErrorNamingTheFile) {
  const std::string out = (dir_ / "ds").string();
  auto r = run_cli({"export-dataset", (dir_ / "nope.textproto").string(), "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nope.textproto: no such file"), std::string::npos) << r.err;

  r = run_cli({"export-dataset", kDefault});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--out DIR is required"), std::string::npos) << r.err;

  const std::string blocker = file("blocker", "a file, not a directory");
  r = run_cli({"export-dataset", kDefault, "--horizon", "1h", "--out", blocker + "/ds"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(blocker + "/ds: cannot create"), std::string::npos) << r.err;

  fs::create_directories(dir_ / "not-a-run");
  r = run_cli({"export-dataset", (dir_ / "not-a-run").string(), "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not-a-run/events.pb: no such file"), std::string::npos) << r.err;

  fs::create_directories(dir_ / "damaged");
  file("damaged/events.pb", "\x05garbage that is no event log");
  r = run_cli({"export-dataset", (dir_ / "damaged").string(), "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("damaged/events.pb"), std::string::npos) << r.err;

  const std::string bad = file(
      "bad.textproto",
      "name: \"bad\"\nzones { name: \"z\" sensors { name: \"s\" sample_interval: \"-1m\" } }\n");
  r = run_cli({"export-dataset", bad, "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.textproto:"), std::string::npos) << r.err;

  r = run_cli({"export-dataset", kDefault, "--seeds", "0", "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--seeds"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace pharmatwin::testing
