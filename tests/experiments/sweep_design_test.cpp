#include "pharmatwin/experiments/sweep_design.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::experiments {
namespace {

scenario::Scenario base() {
  return scenarios::load_scenario("scenarios/default.textproto").scenario;
}

TEST(SweepDesign, QuantilesOfTheDistributions) {
  DistributionSpec u{"x", "uniform", {10, 20}, ""};
  EXPECT_DOUBLE_EQ(distribution_quantile(u, 0.25), 12.5);
  DistributionSpec t{"x", "triangular", {0, 1, 4}, ""};  // F(1) = 1/4
  EXPECT_NEAR(distribution_quantile(t, 0.25), 1, 1e-12);
  EXPECT_NEAR(distribution_quantile(t, 0.8125), 2.5, 1e-12);  // F(2.5) = 1 - 1.5² / (4 × 3)
  DistributionSpec n{"x", "normal", {5, 2}, ""};
  EXPECT_NEAR(distribution_quantile(n, 0.975), 5 + 2 * 1.959963984540054, 1e-9);
  // Lognormal with mean 10 and sd 5 of the value: its median is 10 / sqrt(1 + 0.25).
  DistributionSpec l{"x", "lognormal", {10, 5}, ""};
  EXPECT_NEAR(distribution_quantile(l, 0.5), 10 / std::sqrt(1.25), 1e-9);
}

TEST(SweepDesign, LatinHypercubeHitsEveryStratumOnceAndIsSeeded) {
  std::vector<Diagnostic> problems;
  const auto s = base();
  auto d = parse_distribution("faults[cold-room-hvac-failure].duration~uniform(1h,11h)", "--vary 1",
                              s, &problems);
  ASSERT_TRUE(d) << (problems.empty() ? "" : problems[0].to_string());
  EXPECT_EQ(d->params, (std::vector<double>{3600, 39600}));
  const auto plan = monte_carlo_plan(s, "scenarios/default.textproto", {}, {*d}, 10, 7, &problems);
  ASSERT_TRUE(problems.empty()) << problems[0].to_string();
  ASSERT_EQ(plan.variants.size(), 10u);
  std::vector<int> strata;
  for (const auto& v : plan.variants) {
    const double seconds = *scenarios::parse_duration_s(v.values[0]);
    strata.push_back(static_cast<int>((seconds - 3600) / 3600));  // 10 strata of one hour
    EXPECT_EQ(v.scenario.faults(0).duration(), v.values[0]);
  }
  std::sort(strata.begin(), strata.end());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(strata[static_cast<std::size_t>(i)], i);
  const auto again = monte_carlo_plan(s, "scenarios/default.textproto", {}, {*d}, 10, 7, &problems);
  const auto other = monte_carlo_plan(s, "scenarios/default.textproto", {}, {*d}, 10, 8, &problems);
  EXPECT_EQ(again.key, plan.key);
  EXPECT_NE(other.key, plan.key);
}

TEST(SweepDesign, DistributionErrorsAreLocated) {
  std::vector<Diagnostic> problems;
  const auto s = base();
  EXPECT_FALSE(parse_distribution("faults[cold-room-hvac-failure].duration~gamma(1h,2h)",
                                  "--vary 1", s, &problems));
  EXPECT_FALSE(parse_distribution("faults[cold-room-hvac-failure].duration~uniform(3h,2h)",
                                  "--vary 2", s, &problems));
  EXPECT_FALSE(parse_distribution("zones[cold-room].name~uniform(1,2)", "--vary 3", s, &problems));
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].column, 41);
  EXPECT_NE(problems[0].message.find("unknown distribution 'gamma'"), std::string::npos);
  EXPECT_NE(problems[1].message.find("out of order"), std::string::npos);
  EXPECT_NE(problems[2].message.find("numeric or duration"), std::string::npos);
}

TEST(SweepDesign, SensitivityVariesOneFieldAtATimeAndRanksByEffect) {
  std::vector<Diagnostic> problems;
  auto a = parse_vary("faults[cold-room-hvac-failure].duration=2h,6h", "--vary 1", &problems);
  auto b = parse_vary("staff.qa_reviewers.count=1,3", "--vary 2", &problems);
  const auto plan =
      sensitivity_plan(base(), "scenarios/default.textproto", {}, {*a, *b}, &problems);
  ASSERT_TRUE(problems.empty()) << problems[0].to_string();
  ASSERT_EQ(plan.variants.size(), 5u);
  EXPECT_EQ(plan.variants[0].id, "base");
  EXPECT_EQ(plan.variants[0].values,
            (std::vector<std::string>{"8h", "1"}));  // the base's own values
  EXPECT_EQ(plan.variants[4].id, "2-high");
  EXPECT_EQ(plan.variants[4].values, (std::vector<std::string>{"8h", "3"}));
  EXPECT_EQ(plan.variants[4].scenario.staff().qa_reviewers().count(), 3u);
  // Field 2 moves the metric by 10, field 1 by 1.
  const auto table = table_of(plan);
  std::vector<RunRecordLine> records;
  const std::map<std::string, double> value = {
      {"1-low", 5}, {"1-high", 6}, {"2-low", 0}, {"2-high", 10}};
  for (const auto& [id, x] : value) {
    for (int rep = 1; rep <= 2; ++rep) {
      RunRecordLine r;
      r.variant = id;
      r.replication = rep;
      r.status = "ok";
      r.metrics["m"] = {x + rep, "", "lower"};
      records.push_back(r);
    }
  }
  const auto effects = sensitivity_effects(table, records, "m");
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_EQ(effects[0].field, "staff.qa_reviewers.count");
  EXPECT_DOUBLE_EQ(effects[0].difference.mean, 10);
  EXPECT_DOUBLE_EQ(effects[1].difference.mean, 1);
  EXPECT_EQ(effects[1].low, "2h");
}

}  // namespace
}  // namespace pharmatwin::experiments
