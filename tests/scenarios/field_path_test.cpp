#include "pharmatwin/scenarios/field_path.hpp"

#include <gtest/gtest.h>

namespace pharmatwin::scenarios {
namespace {

scenario::Scenario default_scenario() {
  auto loaded = load_scenario("scenarios/default.textproto");
  EXPECT_TRUE(loaded.ok());
  return loaded.scenario;
}

const scenario::Zone& zone(const scenario::Scenario& s, const std::string& name) {
  for (const auto& z : s.zones())
    if (z.name() == name) return z;
  throw std::runtime_error("no zone " + name);
}

TEST(FieldPath, StarSetsEverySensorOfTheNamedZoneOnly) {
  auto s = default_scenario();
  const auto r = apply_override(s, "zones[cold-room].sensors[*].sample_interval", "7m");
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.kind, FieldValueKind::kDuration);
  EXPECT_EQ(r.fields, zone(s, "cold-room").sensors_size());
  for (const auto& sensor : zone(s, "cold-room").sensors())
    EXPECT_EQ(sensor.sample_interval(), "7m");
  for (const auto& sensor : zone(s, "freezer").sensors()) EXPECT_NE(sensor.sample_interval(), "7m");
}

TEST(FieldPath, NamedElementsNestedMessagesAndFaults) {
  auto s = default_scenario();
  ASSERT_TRUE(apply_override(s, "staff.qa_reviewers.count", "2").ok());
  EXPECT_EQ(s.staff().qa_reviewers().count(), 2u);
  ASSERT_TRUE(apply_override(s, "faults[cold-room-hvac-failure].duration", "2h").ok());
  EXPECT_EQ(s.faults(0).duration(), "2h");
  ASSERT_TRUE(apply_override(s, "zones[freezer].hvac.setpoint_c", "-21.5C").ok());
  EXPECT_DOUBLE_EQ(zone(s, "freezer").hvac().setpoint_c(), -21.5);
  ASSERT_TRUE(apply_override(s, "zones[cold-room].storage_class", "cool").ok());
  EXPECT_EQ(zone(s, "cold-room").storage_class(), scenario::COOL);
  ASSERT_TRUE(apply_override(s, "zones[cold-room].doors[dock].curtain", "false").ok());
  EXPECT_FALSE(zone(s, "cold-room").doors(0).curtain());
  const auto v = read_field(s, "zones[cold-room].backup_power.start_delay");
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, std::vector<std::string>{"2m"});
}

TEST(FieldPath, UnnamedElementsByIndex) {
  auto s = default_scenario();
  ASSERT_GT(s.stock_size(), 1);
  ASSERT_TRUE(apply_override(s, "stock[1].quantity", "7").ok());
  EXPECT_EQ(s.stock(1).quantity(), 7u);
  const auto r = apply_override(s, "stock[999].quantity", "7");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.column, 7);
  EXPECT_NE(r.message.find("past the end"), std::string::npos) << r.message;
}

TEST(FieldPath, ErrorsAreLocatedAndChangeNothing) {
  const auto original = default_scenario();
  auto s = original;
  struct Case {
    const char* path;
    const char* value;
    int column;
    bool in_value;
    const char* says;
  } cases[] = {
      {"zones[cold-rom].sensors[*].sample_interval", "5m", 7, false, "did you mean 'cold-room'"},
      {"zones[cold-room].sensor[*].sample_interval", "5m", 18, false, "did you mean 'sensors'"},
      {"zones[cold-room].sensors[*].sample_interval", "5 minutes", 0, true, "duration"},
      {"zones[cold-room].sensors.sample_interval", "5m", 25, false, "is a list"},
      {"staff.qa_reviewers", "2", 7, false, "is a message"},
      {"staff.qa_reviewers.count", "-1", 0, true, "whole number >= 0"},
      {"staff.qa_reviewers.count.x", "1", 26, false, "is a value"},
      {"faults[cold-room-hvac-failure].power_outage.zones[*]", "x", 32, false, "hvac_failure"},
      {"zones[cold-room].hvac.setpoint_c", "warm", 0, true, "expected a number"},
      {"zones[cold-room].storage_class", "TEPID", 0, true, "one of FROZEN"},
      {"zones[cold-room", "1", 6, false, "closing"},
  };
  for (const auto& c : cases) {
    const auto r = apply_override(s, c.path, c.value);
    EXPECT_FALSE(r.ok()) << c.path;
    EXPECT_EQ(r.in_value, c.in_value) << c.path << ": " << r.message;
    if (!c.in_value) EXPECT_EQ(r.column, c.column) << c.path << ": " << r.message;
    EXPECT_NE(r.message.find(c.says), std::string::npos) << c.path << ": " << r.message;
  }
  EXPECT_EQ(s.SerializeAsString(), original.SerializeAsString());
}

TEST(FieldPath, SplitAssignmentKeepsBracketsWhole) {
  const auto a = split_assignment("pharmacies[a=b].due_within=2h");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->path, "pharmacies[a=b].due_within");
  EXPECT_EQ(a->value, "2h");
  EXPECT_EQ(a->value_column, 28);
  EXPECT_FALSE(split_assignment("zones[x].name"));
}

TEST(FieldPath, VariantValidationNamesTheField) {
  auto s = default_scenario();
  ASSERT_TRUE(apply_override(s, "zones[cold-room].sensors[*].sample_interval", "0s").ok());
  const auto d = validate_scenario(s, "scenarios", "variant v2");
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].file, "variant v2");
  EXPECT_NE(d[0].path.find("sample_interval"), std::string::npos) << d[0].to_string();
}

}  // namespace
}  // namespace pharmatwin::scenarios
