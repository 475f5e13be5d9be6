// History across recorded runs: like compared with like (same scenario and seed), moves within the
// noise tolerance not flagged, and the store found next to the runs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "pharmatwin/experiments/results_store.hpp"

namespace pharmatwin::experiments {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  auto dir =
      fs::temp_directory_path() / ("pharmatwin-history-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

RunScore run_of(std::uint64_t seed, double false_alarms_per_day, double fill_percent,
                const std::string& hash = "h1") {
  RunScore s;
  s.scenario_name = "default";
  s.scenario_hash = hash;
  s.seed = seed;
  s.metrics = {{"detection.false_alarms_per_day", false_alarms_per_day, "1/day", Better::kLower},
               {"ops.fill_rate_percent", fill_percent, "%", Better::kHigher}};
  return s;
}

const MetricHistory* find(const std::vector<MetricHistory>& hs, const std::string& metric,
                          std::uint64_t seed) {
  for (const auto& h : hs)
    if (h.metric == metric && h.seed == seed) return &h;
  return nullptr;
}

TEST(IsRegression, RelativeToleranceWithAnAbsoluteFloor) {
  // 1 % of 100 is 1: a move of 0.9 is noise, 1.1 is not.
  EXPECT_FALSE(is_regression(100, 100.9, Better::kLower, 0.01, 1e-9));
  EXPECT_TRUE(is_regression(100, 101.1, Better::kLower, 0.01, 1e-9));
  EXPECT_FALSE(is_regression(100, 99.1, Better::kHigher, 0.01, 1e-9));
  EXPECT_TRUE(is_regression(100, 98.9, Better::kHigher, 0.01, 1e-9));
  // Better moves never regress, metrics without a direction neither.
  EXPECT_FALSE(is_regression(100, 50, Better::kLower, 0.01, 1e-9));
  EXPECT_FALSE(is_regression(100, 500, Better::kNeither, 0.01, 1e-9));
  // From zero the absolute floor decides: one false alarm more is a regression.
  EXPECT_TRUE(is_regression(0, 1, Better::kLower, 0.01, 1e-9));
  EXPECT_FALSE(is_regression(0, 1, Better::kLower, 0.01, 2));
  // Tolerance 0: any worse move.
  EXPECT_TRUE(is_regression(100, 100.001, Better::kLower, 0, 1e-9));
}

TEST(History, ComparesRunsOfTheSameSeedOnly) {
  const auto dir = temp_dir("seeds");
  std::string error;
  auto store = ResultsStore::open(store_path_for(dir), &error);
  ASSERT_TRUE(store) << error;
  // Seed 1 is a noisy seed (many false alarms), seed 2 a quiet one. Interleaved, a comparison with
  // the previous run of any seed would flag every seed-1 run.
  ASSERT_TRUE(store->record(run_of(1, 9.0, 97.0), {}, &error)) << error;
  ASSERT_TRUE(store->record(run_of(2, 1.0, 99.0), {}, &error)) << error;
  ASSERT_TRUE(store->record(run_of(1, 9.05, 96.5), {}, &error)) << error;  // within 1 %
  ASSERT_TRUE(store->record(run_of(2, 1.5, 99.5), {}, &error)) << error;   // +50 %
  const auto hs = store->history(HistoryQuery{}, &error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_EQ(hs.size(), 4u);  // 2 metrics x 2 seeds

  const auto* fa1 = find(hs, "detection.false_alarms_per_day", 1);
  ASSERT_NE(fa1, nullptr);
  ASSERT_EQ(fa1->points.size(), 2u);
  EXPECT_NEAR(*fa1->points[1].change, 0.05, 1e-12);
  EXPECT_FALSE(fa1->points[1].regression);  // 0.05 < 1 % of 9

  const auto* fill1 = find(hs, "ops.fill_rate_percent", 1);
  EXPECT_FALSE(fill1->points[1].regression);  // -0.5 < 1 % of 97

  const auto* fa2 = find(hs, "detection.false_alarms_per_day", 2);
  ASSERT_EQ(fa2->points.size(), 2u);
  EXPECT_TRUE(fa2->points[1].regression);
  EXPECT_EQ(fa2->points[1].seed, 2u);

  // A stricter tolerance flags the small move too; --seed keeps one seed.
  HistoryQuery strict;
  strict.metric = "ops.fill_rate_percent";
  strict.seed = 1;
  strict.relative_tolerance = 0.001;
  const auto s = store->history(strict, &error);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].seed, 1u);
  EXPECT_TRUE(s[0].points[1].regression);
  fs::remove_all(dir);
}

TEST(History, MarksAChangedScenario) {
  const auto dir = temp_dir("hash");
  std::string error;
  auto store = ResultsStore::open(store_path_for(dir), &error);
  ASSERT_TRUE(store) << error;
  ASSERT_TRUE(store->record(run_of(1, 1, 99, "h1"), {}, &error));
  ASSERT_TRUE(store->record(run_of(1, 1, 99, "h1"), {}, &error));
  ASSERT_TRUE(store->record(run_of(1, 1, 99, "h2"), {}, &error));
  const auto hs = store->history("default", "ops.fill_rate_percent", &error);
  ASSERT_EQ(hs[0].points.size(), 3u);
  EXPECT_FALSE(hs[0].points[0].scenario_changed);
  EXPECT_FALSE(hs[0].points[1].scenario_changed);
  EXPECT_TRUE(hs[0].points[2].scenario_changed);
  EXPECT_EQ(hs[0].points[2].scenario_hash, "h2");
  fs::remove_all(dir);
}

TEST(FindResultsStore, NextToTheRuns) {
  // regress-out/results.sqlite with regress-out/default/run/ under it.
  const auto root = temp_dir("find");
  const auto out = root / "regress-out";
  fs::create_directories(out / "default" / "run");
  std::ofstream(store_path_for(out)) << "";
  EXPECT_EQ(store_path_for(out), out / "results.sqlite");
  const auto from_run = find_results_store(out / "default" / "run");
  ASSERT_TRUE(from_run.has_value());
  EXPECT_TRUE(fs::equivalent(*from_run, out / "results.sqlite"));
  EXPECT_TRUE(fs::equivalent(*find_results_store(out), out / "results.sqlite"));
  // The store file itself.
  EXPECT_EQ(*find_results_store(out / "results.sqlite"), out / "results.sqlite");
  // A directory with no store at or above it within the temporary tree finds nothing there.
  const auto elsewhere = root / "elsewhere";
  fs::create_directories(elsewhere);
  const auto found = find_results_store(elsewhere);
  if (found) EXPECT_FALSE(fs::equivalent(*found, out / "results.sqlite"));
  EXPECT_FALSE(find_results_store(root / "missing").has_value());
  fs::remove_all(root);
}

}  // namespace
}  // namespace pharmatwin::experiments
