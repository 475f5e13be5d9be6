#include "pharmatwin/experiments/run_metrics.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace pharmatwin::experiments {
namespace {

TEST(RunMetrics, KeepsNameOrderWhateverTheOrderOfSetting) {
  RunMetrics m;
  m["zone.b.peak_air_c"] = {7.5, "°C", "neither"};
  m["delta.fill_rate_percent"] = {-1.25, "%", "higher"};
  m.set("fault.f.latency_s", 600, "s", "lower");
  std::vector<std::string> names;
  for (const auto& [name, metric] : m) names.emplace_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"delta.fill_rate_percent", "fault.f.latency_s",
                                             "zone.b.peak_air_c"}));
  EXPECT_EQ(m.size(), 3u);
  EXPECT_EQ(m.at("zone.b.peak_air_c"), (RunMetric{7.5, "°C", "neither"}));
  EXPECT_EQ(m.find("delta.fill_rate_percent")->better, "higher");
}

TEST(RunMetrics, SettingANameAgainReplacesValueUnitAndDirection) {
  RunMetrics m;
  m["x"] = {1, "s", "lower"};
  m["x"] = {2, "h", "higher"};
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(m.at("x"), (RunMetric{2, "h", "higher"}));
}

TEST(RunMetrics, AbsentNamesAreNotFound) {
  RunMetrics m;
  m["present"] = {1, "", "neither"};
  EXPECT_FALSE(m.value("never-interned-name-7f3a").has_value());
  EXPECT_FALSE(m.find("x-other").has_value());
  EXPECT_THROW(m.at("absent"), std::out_of_range);
  EXPECT_EQ(*m.value("present"), 1.0);
  m.clear();
  EXPECT_TRUE(m.empty());
}

TEST(RunMetrics, EqualityComparesNamesUnitsAndValues) {
  RunMetrics a, b;
  a["m"] = {1, "s", "lower"};
  b["m"] = {1, "s", "lower"};
  EXPECT_EQ(a, b);
  b["m"] = {1, "min", "lower"};
  EXPECT_NE(a, b);
  b["m"] = {1.5, "s", "lower"};
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace pharmatwin::experiments
