#include "pharmatwin/experiments/sweep_results.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "pharmatwin/experiments/sweep.hpp"

namespace pharmatwin::experiments {
namespace {

namespace fs = std::filesystem;

SweepTable two_variants() {
  SweepTable t;
  t.name = "s";
  t.key = "k";
  t.kind = "factorial";
  t.fields = {"staff.qa_reviewers.count"};
  t.variants = {{"v1", "h1", {"1"}}, {"v2", "h2", {"3"}}};
  t.replications = 3;
  return t;
}

RunRecordLine rec(const std::string& v, int rep, double latency, const std::string& hash) {
  RunRecordLine r;
  r.variant = v;
  r.replication = rep;
  r.seed = 41 + rep;
  r.variant_hash = hash;
  r.status = "ok";
  r.wall_s = rep * 0.37;  // differs between runs; must not reach the outputs
  r.metrics["fault.f.latency_s"] = {latency, "s", "lower"};
  return r;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SweepResults, OutputsDoNotDependOnTheOrderRunsEnded) {
  const auto t = two_variants();
  std::vector<RunRecordLine> records;
  for (int rep = 1; rep <= 3; ++rep) {
    records.push_back(rec("v1", rep, 600 + rep, "h1"));
    records.push_back(rec("v2", rep, 300 + 2 * rep, "h2"));
  }
  const fs::path a = fs::temp_directory_path() / "sweep-results-a",
                 b = fs::temp_directory_path() / "sweep-results-b";
  fs::create_directories(a);
  fs::create_directories(b);
  std::string error;
  ASSERT_TRUE(write_outputs(a, t, plan_records(t, records), &error)) << error;
  std::mt19937 rng(7);
  std::shuffle(records.begin(), records.end(), rng);
  records.front().wall_s = 99;
  ASSERT_TRUE(write_outputs(b, t, plan_records(t, records), &error)) << error;
  EXPECT_EQ(slurp(a / "runs.csv"), slurp(b / "runs.csv"));
  EXPECT_EQ(slurp(a / "summary.csv"), slurp(b / "summary.csv"));
  const std::string runs = slurp(a / "runs.csv");
  EXPECT_EQ(runs.substr(0, runs.find('\n')),
            "variant,replication,seed,staff.qa_reviewers.count,status,expectations,error,fault.f."
            "latency_s");
  EXPECT_NE(runs.find("\nv2,2,43,3,ok,,,304\n"), std::string::npos) << runs;
}

TEST(SweepResults, SummaryHasPairedDifferencesAgainstTheFirstVariant) {
  const auto t = two_variants();
  std::vector<RunRecordLine> records = {rec("v1", 1, 600, "h1"), rec("v1", 2, 700, "h1"),
                                        rec("v1", 3, 800, "h1"), rec("v2", 1, 500, "h2"),
                                        rec("v2", 2, 610, "h2"), rec("v2", 3, 690, "h2")};
  const auto s = summarize(t, plan_records(t, records));
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_FALSE(s.rows[0].difference);
  ASSERT_TRUE(s.rows[1].difference);
  const auto& d = *s.rows[1].difference;  // differences -100, -90, -110
  EXPECT_NEAR(d.mean, -100, 1e-9);
  EXPECT_NEAR(d.sd, 10, 1e-9);
  EXPECT_NEAR(*d.half_width, t_quantile(0.975, 2) * 10 / std::sqrt(3.0), 1e-9);
  const auto ranked = rank_variants(t, s, plan_records(t, records), "fault.f.latency_s");
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].variant, "v2");  // lower is better
  EXPECT_TRUE(ranked[1].distinguishable);
  const auto ranked_max = rank_variants(t, s, plan_records(t, records), "max:fault.f.latency_s");
  EXPECT_EQ(ranked_max[0].variant, "v1");
}

TEST(SweepResults, LatestRecordWinsAndOtherPlansAreIgnored) {
  const auto t = two_variants();
  auto failed = rec("v1", 1, 0, "h1");
  failed.status = "failed";
  failed.metrics.clear();
  std::vector<RunRecordLine> records = {failed, rec("v1", 1, 650, "h1"),
                                        rec("v2", 1, 1, "stale-hash")};
  const auto kept = plan_records(t, records);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].status, "ok");
}

TEST(SweepResults, JournalSurvivesATornLastLine) {
  const fs::path p = fs::temp_directory_path() / "sweep-journal-test.jsonl";
  fs::remove(p);
  std::string error;
  {
    auto j = Journal::open(p, &error);
    ASSERT_TRUE(j) << error;
    ASSERT_TRUE(j->append(rec("v1", 1, 600.25, "h1"), &error)) << error;
  }
  std::ofstream(p, std::ios::app) << "{\"variant\":\"v1\",\"repl";  // killed while writing
  {
    auto j = Journal::open(p, &error);
    ASSERT_TRUE(j->append(rec("v2", 1, 0.1, "h2"), &error)) << error;
  }
  error.clear();
  const auto back = read_journal(p, &error);
  EXPECT_NE(error.find(":2: unreadable record"), std::string::npos) << error;
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].metrics.at("fault.f.latency_s").value, 600.25);
  EXPECT_EQ(back[1].metrics.at("fault.f.latency_s").value, 0.1);  // exact round trip
}

TEST(SweepResults, ReplicationsNeededForPrecision) {
  SweepSummary s;
  MetricSummary row;
  row.metric = "m";
  row.estimate = estimate({10, 12, 8, 11, 9});  // mean 10, half-width ~1.96
  s.rows.push_back(row);
  EXPECT_EQ(replications_needed(s, {"m"}, 0.5, 5, 100), 5);   // 1.96 <= 5: precise
  const int n = replications_needed(s, {"m"}, 0.05, 5, 100);  // 0.5 wanted: ~ 5 * (1.96/0.5)^2
  EXPECT_GE(n, 70);
  EXPECT_LE(n, 80);
  EXPECT_EQ(replications_needed(s, {"m"}, 0.01, 5, 40), 40);
  EXPECT_EQ(replications_needed(s, {"other"}, 0.01, 5, 40), 5);
}

}  // namespace
}  // namespace pharmatwin::experiments
