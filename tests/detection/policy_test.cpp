#include "pharmatwin/detection/policy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pharmatwin::detection {
namespace {

const std::string kDir = std::string(PHARMATWIN_SOURCE_DIR) + "/data/policies/";

TEST(Policy, ShippedPoliciesLoad) {
  for (const char* name : {"frozen", "refrigerated", "cool", "crt"}) {
    const PolicyLoad load = load_policy(kDir + name + ".json");
    for (const auto& e : load.errors) ADD_FAILURE() << e.to_string();
    EXPECT_EQ(load.policy.storage_class, name);
    EXPECT_FALSE(load.policy.version.empty());
  }
}

TEST(Policy, ClassRangesFollowUsp659) {
  const Policy cold = load_policy(kDir + "refrigerated.json").policy;
  EXPECT_EQ(cold.range_min_c, 2.0);
  EXPECT_EQ(cold.range_max_c, 8.0);
  EXPECT_EQ(cold.mkt.window_ms, 24 * kMsPerHour);
  EXPECT_EQ(cold.mkt.limit_c, 8.0);
  EXPECT_TRUE(cold.temperature.lolo.enabled);
  EXPECT_EQ(cold.temperature.lolo.limit, 0.0);
  const Policy crt = load_policy(kDir + "crt.json").policy;
  EXPECT_EQ(crt.mkt.window_ms, 30 * kMsPerDay);
  EXPECT_EQ(crt.mkt.limit_c, 25.0);
  EXPECT_EQ(crt.mkt.spike_max_c, 40.0);
  EXPECT_EQ(crt.temperature.hi.delay_ms, 30 * kMsPerMinute);
  EXPECT_EQ(crt.routing[static_cast<int>(AlertType::kCalibrationDue)].team, Team::kCompliance);
}

TEST(Policy, SyntaxErrorIsLocated) {
  const PolicyLoad load =
      parse_policy("{\n  \"version\": \"x\",\n  \"storage_class\": oops\n}", "p.json");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].line, 3);
  EXPECT_EQ(load.errors[0].file, "p.json");
}

TEST(Policy, MeaningErrorsNameLineAndPath) {
  const std::string text =
      "{\n"
      "  \"version\": \"v1\",\n"
      "  \"storage_class\": \"crt\",\n"
      "  \"temperature\": {\n"
      "    \"hi\": {\"limit\": \"warm\", \"delay_s\": 60},\n"
      "    \"hihi\": {\"limit\": 20}\n"
      "  },\n"
      "  \"mkt\": {\"window_hours\": 24},\n"
      "  \"routing\": {\"excursion_high\": {\"team\": \"janitors\"}}\n"
      "}\n";
  const PolicyLoad load = parse_policy(text, "bad.json");
  ASSERT_FALSE(load.ok());
  auto find = [&](const std::string& path) -> const PolicyError* {
    for (const auto& e : load.errors) {
      if (e.path == path) return &e;
    }
    return nullptr;
  };
  const PolicyError* limit = find("/temperature/hi/limit");
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(limit->line, 5);
  EXPECT_NE(limit->message.find("number"), std::string::npos);
  const PolicyError* order = find("/temperature/hihi");  // 20 is below the default Hi of 25
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(order->line, 6);
  const PolicyError* unknown = find("/mkt/window_hours");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->line, 8);
  ASSERT_NE(find("/routing/excursion_high/team"), nullptr);
  EXPECT_EQ(find("/routing/excursion_high/team")->line, 9);
  EXPECT_NE(limit->to_string().find("bad.json:5:"), std::string::npos);
}

TEST(Policy, VersionAndClassAreRequired) {
  const PolicyLoad load = parse_policy("{}", "empty.json");
  EXPECT_EQ(load.errors.size(), 2u);
  EXPECT_FALSE(parse_policy("[1,2]", "array.json").ok());
  EXPECT_FALSE(load_policy("/nonexistent/policy.json").ok());
}

}  // namespace
}  // namespace pharmatwin::detection
