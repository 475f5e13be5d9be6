// Results store and history, JUnit XML, scenario discovery for regress.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "pharmatwin/experiments/junit.hpp"
#include "pharmatwin/experiments/pipeline.hpp"
#include "pharmatwin/experiments/process_pool.hpp"
#include "pharmatwin/experiments/regress.hpp"
#include "pharmatwin/experiments/results_store.hpp"

namespace pharmatwin::experiments {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  auto dir =
      fs::temp_directory_path() / ("pharmatwin-exp-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

RunScore score_with(const std::string& scenario, double latency_s, double fill_percent) {
  RunScore s;
  s.scenario_name = scenario;
  s.scenario_hash = "h";
  s.seed = 42;
  s.metrics = {{"fault.f.latency_s", latency_s, "s", Better::kLower},
               {"ops.fill_rate_percent", fill_percent, "%", Better::kHigher},
               {"detection.alerts", 3, "alerts", Better::kNeither}};
  return s;
}

TEST(ResultsStore, HistoryFlagsMovesInTheWorseDirection) {
  const auto dir = temp_dir("store");
  std::string error;
  auto store = ResultsStore::open(dir / "results.sqlite", &error);
  ASSERT_TRUE(store) << error;
  ASSERT_TRUE(store->record(score_with("a", 600, 97), {}, &error)) << error;
  ASSERT_TRUE(store->record(score_with("b", 100, 50), {}, &error)) << error;  // other scenario
  ASSERT_TRUE(store->record(score_with("a", 900, 98), {}, &error))
      << error;  // latency worse, fill better
  ASSERT_TRUE(store->record(score_with("a", 300, 96), {}, &error))
      << error;  // latency better, fill worse
  EXPECT_EQ(store->run_count(), 4);

  const auto latency = store->history("a", "fault.f.latency_s", &error);
  ASSERT_EQ(latency.size(), 1u);
  ASSERT_EQ(latency[0].points.size(), 3u);
  EXPECT_FALSE(latency[0].points[0].regression);
  EXPECT_TRUE(latency[0].points[1].regression);
  EXPECT_DOUBLE_EQ(*latency[0].points[1].change, 300.0);
  EXPECT_FALSE(latency[0].points[2].regression);

  const auto fill = store->history("a", "ops.fill_rate_percent", &error);
  ASSERT_EQ(fill[0].points.size(), 3u);
  EXPECT_FALSE(fill[0].points[1].regression);
  EXPECT_TRUE(fill[0].points[2].regression);

  // No direction, no regression.
  const auto alerts = store->history("a", "detection.alerts", &error);
  for (const auto& p : alerts[0].points) EXPECT_FALSE(p.regression);
  // Every metric of every scenario.
  EXPECT_EQ(store->history("", "", &error).size(), 6u);
  fs::remove_all(dir);
}

TEST(Junit, SuitesCasesAndFailureMessages) {
  ScenarioOutcome ok;
  ok.scenario = "default";
  ok.file = "scenarios/default.textproto";
  ok.wall_time_s = 1.5;
  ok.add(42, {{"detected f within 2h", true, "latency 10m (600 s)", "latency <= 2h (7200 s)"},
              {"fill rate", false, "90 %", ">= 95 %"}});
  ScenarioOutcome broken;
  broken.scenario = "bad <one>";
  broken.file = "x.textproto";
  broken.add_error(42, "run exited with status 3");
  const auto xml = junit_xml({ok, broken});
  EXPECT_NE(
      xml.find("<testsuites name=\"pharmatwin regress\" tests=\"3\" failures=\"1\" errors=\"1\""),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"default\" tests=\"2\" failures=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"default\" name=\"detected f within 2h\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"measured 90 %, expected &gt;= 95 %\">"),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"bad &lt;one&gt;\""), std::string::npos);
  EXPECT_NE(xml.find("<error message=\"run exited with status 3\"/>"), std::string::npos);
  EXPECT_FALSE(ok.passed());
  EXPECT_EQ(xml_escape("a&b\"c'"), "a&amp;b&quot;c&apos;");
}

TEST(Regress, DiscoverySkipsBaseSitesAndScenariosWithoutExpectations) {
  const auto dir = temp_dir("discover");
  fs::create_directories(dir / "sites");
  fs::copy_file(PHARMATWIN_SOURCE_DIR "/scenarios/sites/small-site.textproto",
                dir / "sites/small-site.textproto");
  std::ofstream(dir / "with-expectations.textproto")
      << "imports: \"sites/small-site.textproto\"\nname: \"e\"\n"
         "faults { name: \"f\" start: \"1h\" duration: \"1h\" hvac_failure { zone: \"cold-room\" } "
         "}\n"
         "expectations { detected { fault: \"f\" within: \"1h\" } }\n";
  std::ofstream(dir / "faults-only.textproto")
      << "imports: \"sites/small-site.textproto\"\nname: \"g\"\n"
         "faults { name: \"f\" start: \"1h\" duration: \"1h\" hvac_failure { zone: \"cold-room\" } "
         "}\n";
  std::ofstream(dir / "notes.txt") << "not a scenario";

  auto d = discover_scenarios({dir}, false);
  EXPECT_TRUE(d.invalid.empty());
  ASSERT_EQ(d.selected.size(), 1u);
  EXPECT_EQ(d.selected[0].scenario.name(), "e");
  EXPECT_EQ(d.skipped.size(), 2u);
  d = discover_scenarios({dir}, true);
  EXPECT_EQ(d.selected.size(), 2u);  // the base site stays skipped

  std::ofstream(dir / "broken.textproto") << "name: \"b\"\nzones { nme: \"x\" }\n";
  d = discover_scenarios({dir}, false);
  ASSERT_FALSE(d.invalid.empty());
  EXPECT_NE(d.invalid[0].find("broken.textproto:2"), std::string::npos) << d.invalid[0];
  EXPECT_FALSE(discover_scenarios({dir / "missing"}, false).invalid.empty());
  fs::remove_all(dir);
}

TEST(Regress, BaselineScenarioHasNoFaultsAndAbsolutePaths) {
  scenario::Scenario s;
  s.set_name("x");
  s.add_faults()->set_name("f");
  s.mutable_expectations()->set_min_fill_rate_percent(90);
  s.mutable_site()->mutable_ambient()->set_hourly_csv("data/t.csv");
  s.add_imports("base.textproto");
  const auto b = baseline_scenario(s, "/tmp/scn");
  EXPECT_EQ(b.faults_size(), 0);
  EXPECT_FALSE(b.has_expectations());
  EXPECT_EQ(b.imports_size(), 0);
  EXPECT_EQ(b.site().ambient().hourly_csv(), "/tmp/scn/data/t.csv");
  EXPECT_EQ(b.name(), "x");
}

TEST(Regress, SafeName) {
  EXPECT_EQ(safe_name("cold room/1"), "cold_room_1");
  EXPECT_EQ(safe_name(""), "scenario");
}

}  // namespace
}  // namespace pharmatwin::experiments

namespace pharmatwin::experiments {
namespace {

TEST(ProcessPool, RunsEveryJobAndReportsExitCodesAndOutput) {
  const auto dir = temp_dir("pool");
  std::vector<ProcessJob> jobs;
  std::vector<int> codes(4, -1);
  for (int i = 0; i < 4; ++i) {
    ProcessJob j;
    j.argv = {"/bin/sh", "-c", "echo job " + std::to_string(i) + "; exit " + std::to_string(i)};
    j.log_file = dir / ("job" + std::to_string(i) + ".log");
    j.label = "job" + std::to_string(i);
    j.done = [&codes, i](int code, double) { codes[i] = code; };
    jobs.push_back(std::move(j));
  }
  ProcessJob missing;
  missing.argv = {(dir / "no-such-program").string()};
  missing.log_file = dir / "missing.log";
  int missing_code = -1;
  missing.done = [&](int code, double) { missing_code = code; };
  jobs.push_back(std::move(missing));
  std::ostringstream progress;
  run_process_pool(jobs, 2, progress);
  EXPECT_EQ(codes, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(missing_code, 127);
  std::ifstream log(dir / "job2.log");
  std::string line;
  std::getline(log, line);
  EXPECT_EQ(line, "job 2");
  EXPECT_NE(progress.str().find("FAILED job3"), std::string::npos) << progress.str();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pharmatwin::experiments
