// `pharmatwin run` as the testbed loop: the run, its cached fault-free baseline, the scores and
// reports, the headline on stdout and the exit code that follows the expectations.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_child.hpp"

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;
const std::string kDefault = std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/default.textproto";

class RunCommand : public ScratchDirTest {
 protected:
  // A scenario importing the default one, with `extra` text appended.
  std::string scenario_with(const std::string& extra) {
    const fs::path file = dir_ / "scenario.textproto";
    std::ofstream(file) << "imports: \"" << kDefault << "\"\nname: \"variant\"\n" << extra;
    return file.string();
  }
  static long long mtime_ns(const fs::path& p) {
    struct stat st {};
    stat(p.c_str(), &st);
    return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  }
};

TEST_F(RunCommand, ScoresAgainstItsBaselineAndExitsByItsExpectations) {
  const auto out = dir_ / "run";
  const auto r = run_cli({"run", kDefault, "--out", out.string(), "-q"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  for (const char* f :
       {"events.pb", "report.json", "report.html", "audit.jsonl", "baseline/events.pb"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const auto report = nlohmann::json::parse(read_file((out / "report.json").string()));
  ASSERT_FALSE(report["expectations"].empty());
  bool all_passed = true;
  for (const auto& e : report["expectations"]) all_passed = all_passed && e["passed"].get<bool>();
  EXPECT_EQ(r.exit_code, all_passed ? 0 : 1);
  EXPECT_FALSE(report["baseline"].is_null()) << "fill rate is measured against the baseline";
  // The headline names the fault and every expectation's outcome.
  EXPECT_NE(r.out.find("cold-room-hvac-failure"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("false alarms"), std::string::npos) << r.out;
  for (const auto& e : report["expectations"])
    EXPECT_NE(r.out.find(e["name"].get<std::string>()), std::string::npos) << e["name"];
}

TEST_F(RunCommand, FailedExpectationExitsOne) {
  // Nothing detects an HVAC failure within a second of its onset.
  const auto file = scenario_with(
      "expectations { detected { fault: \"cold-room-hvac-failure\" within: \"1s\" } }\n");
  const auto r = run_cli({"run", file, "--out", (dir_ / "run").string(), "-q"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL"), std::string::npos) << r.out;
}

TEST_F(RunCommand, BaselineIsReusedWhileScenarioSeedAndOptionsAreUnchanged) {
  const auto out = dir_ / "run";
  const auto first = run_cli({"run", kDefault, "--out", out.string(), "--seed", "5"});
  ASSERT_LE(first.exit_code, 1) << first.err;
  const auto baseline_log = out / "baseline" / "events.pb";
  const auto made = mtime_ns(baseline_log);
  const auto report = read_file((out / "report.json").string());

  const auto again = run_cli({"run", kDefault, "--out", out.string(), "--seed", "5"});
  EXPECT_EQ(again.exit_code, first.exit_code);
  EXPECT_NE(again.err.find("baseline: reusing"), std::string::npos) << again.err;
  EXPECT_EQ(mtime_ns(baseline_log), made);
  EXPECT_EQ(read_file((out / "report.json").string()), report) << "same seed, same report";

  const auto other_seed = run_cli({"run", kDefault, "--out", out.string(), "--seed", "6"});
  EXPECT_EQ(other_seed.err.find("baseline: reusing"), std::string::npos) << other_seed.err;
  EXPECT_NE(mtime_ns(baseline_log), made);

  const auto forced =
      run_cli({"run", kDefault, "--out", out.string(), "--seed", "6", "--fresh-baseline"});
  EXPECT_EQ(forced.err.find("baseline: reusing"), std::string::npos) << forced.err;
}

TEST_F(RunCommand, SameSeedGivesByteIdenticalOutputsInAnotherDirectory) {
  const auto a = dir_ / "a", b = dir_ / "b";
  ASSERT_LE(run_cli({"run", kDefault, "--out", a.string(), "-q", "--seed", "11"}).exit_code, 1);
  ASSERT_LE(run_cli({"run", kDefault, "--out", b.string(), "-q", "--seed", "11"}).exit_code, 1);
  for (const char* f : {"events.pb", "report.json", "report.html", "baseline/events.pb"})
    EXPECT_EQ(read_file((a / f).string()), read_file((b / f).string())) << f;
}

// The recall scenario: the notice, the hold and the recall section of the report are the same
// bytes on the same seed.
TEST_F(RunCommand, SameSeedGivesByteIdenticalRecallRunsAndReports) {
  const std::string recall =
      std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/library/recall-lot.textproto";
  const auto a = dir_ / "a", b = dir_ / "b";
  const auto first = run_cli({"run", recall, "--out", a.string(), "--seed", "4"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  ASSERT_EQ(run_cli({"run", recall, "--out", b.string(), "-q", "--seed", "4"}).exit_code, 0);
  for (const char* f : {"events.pb", "report.json", "report.html"})
    EXPECT_EQ(read_file((a / f).string()), read_file((b / f).string())) << f;
  const auto report = nlohmann::json::parse(read_file((a / "report.json").string()));
  ASSERT_EQ(report["recalls"].size(), 1u);
  EXPECT_EQ(report["recalls"][0]["units_shipped_after_notice"], 0);
  EXPECT_NE(first.out.find("recall insulin-ins2512c"), std::string::npos) << first.out;
}

TEST_F(RunCommand, ScoredRunsAreRecordedWhereHistoryFindsThem) {
  const auto out = dir_ / "runs" / "default";
  ASSERT_LE(run_cli({"run", kDefault, "--out", out.string(), "-q", "--seed", "3"}).exit_code, 1);
  ASSERT_LE(run_cli({"run", kDefault, "--out", out.string(), "-q", "--seed", "3"}).exit_code, 1);
  EXPECT_TRUE(fs::exists(dir_ / "runs" / "results.sqlite"));
  const auto h = run_cli({"history", out.string(), "--runs"});
  EXPECT_EQ(h.exit_code, 0) << h.err;
  EXPECT_NE(h.out.find("default"), std::string::npos) << h.out;
  // The baseline child and --no-store record nothing more.
  const auto other = dir_ / "elsewhere" / "run";
  ASSERT_LE(run_cli({"run", kDefault, "--out", other.string(), "-q", "--no-store"}).exit_code, 1);
  EXPECT_FALSE(fs::exists(dir_ / "elsewhere" / "results.sqlite"));
}

TEST_F(RunCommand, NoScoreWritesTheEventLogOnly) {
  const auto out = dir_ / "raw";
  const auto r = run_cli({"run", kDefault, "--out", out.string(), "-q", "--no-score"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(out / "events.pb"));
  EXPECT_FALSE(fs::exists(out / "report.json"));
  EXPECT_FALSE(fs::exists(out / "baseline"));
  EXPECT_NE(r.out.find("alert events received"), std::string::npos) << r.out;
}

TEST_F(RunCommand, HorizonThatDropsAFaultWarns) {
  const auto r = run_cli(
      {"run", kDefault, "--out", (dir_ / "short").string(), "-q", "--horizon", "1d", "--no-score"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("fault 'cold-room-hvac-failure' starts at 2d10h"), std::string::npos)
      << r.err;
}

TEST_F(RunCommand, ScenarioWithoutFaultsIsItsOwnBaseline) {
  const fs::path file = dir_ / "quiet.textproto";
  std::ofstream(file) << "imports: \"" << PHARMATWIN_SOURCE_DIR
                      << "/scenarios/sites/small-site.textproto\"\n"
                      << "name: \"quiet\"\nrun { horizon: \"2d\" }\n";
  const auto out = dir_ / "quiet";
  const auto r = run_cli({"run", file.string(), "--out", out.string(), "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(fs::exists(out / "baseline"));
  const auto report = nlohmann::json::parse(read_file((out / "report.json").string()));
  EXPECT_EQ(report["baseline"], report["operations"]);
}

TEST_F(RunCommand, BadScenarioIsALocatedErrorWithExitTwo) {
  const fs::path file = dir_ / "broken.textproto";
  std::ofstream(file) << "name: \"broken\"\nzones { nmae: \"x\" }\n";
  const auto r = run_cli({"run", file.string(), "--out", (dir_ / "b").string(), "-q"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken.textproto:2"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace pharmatwin::testing
