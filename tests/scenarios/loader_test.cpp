#include "pharmatwin/scenarios/loader.hpp"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace pharmatwin::scenarios {
namespace {

namespace fs = std::filesystem;

std::string join_diagnostics(const LoadResult& result) {
  std::string out;
  for (const auto& d : result.diagnostics) out += d.to_string() + "\n";
  return out;
}

TEST(Loader, EveryShippedScenarioValidates) {
  int count = 0;
  for (const auto& entry : fs::recursive_directory_iterator("scenarios")) {
    const auto ext = entry.path().extension();
    if (ext != ".textproto" && ext != ".pbtxt" && ext != ".json") continue;
    const auto result = load_scenario(entry.path());
    EXPECT_TRUE(result.ok()) << entry.path() << "\n" << join_diagnostics(result);
    ++count;
  }
  EXPECT_GE(count, 2);
}

TEST(Loader, DefaultScenarioMergesItsSite) {
  const auto result = load_scenario("scenarios/default.textproto");
  ASSERT_TRUE(result.ok()) << join_diagnostics(result);
  const auto& s = result.scenario;
  EXPECT_EQ(s.name(), "default");  // the importing file wins
  EXPECT_EQ(s.zones_size(), 3);    // the site's zones come from the import
  EXPECT_EQ(s.imports_size(), 0);
  ASSERT_EQ(s.faults_size(), 1);
  EXPECT_EQ(s.faults(0).hvac_failure().zone(), "cold-room");
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pharmatwin-loader-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  fs::path dir_;
};

using Imports = TempDir;

TEST_F(Imports, NamedElementsMergeFieldByFieldAndNewOnesAppend) {
  write("base.textproto", R"(
    name: "base"
    zones { name: "a" storage_class: REFRIGERATED hvac { capacity_kw: 5 setpoint_c: 5 hysteresis_c: 1 }
            sensors { name: "s1" kind: AIR sample_interval: "1m" } }
    zones { name: "b" storage_class: FROZEN }
    stock { product: "p" lot: "L1" }
  )");
  const auto top = write("top.textproto", R"(
    imports: "base.textproto"
    zones { name: "a" hvac { setpoint_c: 4 } sensors { name: "s1" noise_sigma_c: 0.2 } }
    zones { name: "c" storage_class: COOL }
    stock { product: "p" lot: "L2" }
  )");
  const auto result = load_scenario(top);  // invalid as a whole; the merge is what is checked
  const auto& s = result.scenario;
  ASSERT_EQ(s.zones_size(), 3);
  EXPECT_EQ(s.name(), "base");
  EXPECT_EQ(s.zones(0).name(), "a");
  EXPECT_EQ(s.zones(0).hvac().setpoint_c(), 4);
  EXPECT_EQ(s.zones(0).hvac().capacity_kw(), 5);
  ASSERT_EQ(s.zones(0).sensors_size(), 1);
  EXPECT_EQ(s.zones(0).sensors(0).noise_sigma_c(), 0.2);
  EXPECT_EQ(s.zones(0).sensors(0).sample_interval(), "1m");
  EXPECT_EQ(s.zones(2).name(), "c");
  ASSERT_EQ(s.stock_size(), 2);
  EXPECT_EQ(s.stock(1).lot(), "L2");
}

// proto3 scalars have no presence: an override to false, 0, "" or the first enum value is not
// "set" in the parsed file, yet it was written and must replace the base's value, in text and in
// JSON, through two levels of imports; a field not written keeps the base's value.
TEST_F(Imports, OverridesToDefaultValuesReplaceTheBase) {
  write("site.textproto", R"(
    name: "site"
    description: "a site"
    zones { name: "a" storage_class: FROZEN hvac { capacity_kw: 5 setpoint_c: -20 hysteresis_c: 2 }
            backup_power { generator: true start_delay: "2m" } }
    zones { name: "b" backup_power { generator: true } }
  )");
  write("middle.textproto", R"(
    imports: "site.textproto"
    zones { name: "a" hvac { setpoint_c: 0 } }
  )");
  const auto top = write("top.textproto", R"(
    imports: "middle.textproto"
    description: ""
    zones { name: "a" storage_class: STORAGE_CLASS_UNSPECIFIED backup_power { generator: false } }
  )");
  const auto text = load_scenario(top);
  const auto& s = text.scenario;
  ASSERT_EQ(s.zones_size(), 2);
  EXPECT_FALSE(s.zones(0).backup_power().generator());
  EXPECT_EQ(s.zones(0).backup_power().start_delay(), "2m");
  EXPECT_EQ(s.zones(0).hvac().setpoint_c(), 0);  // from the middle file, through the top
  EXPECT_EQ(s.zones(0).hvac().capacity_kw(), 5);
  EXPECT_EQ(s.zones(0).storage_class(), scenario::STORAGE_CLASS_UNSPECIFIED);
  EXPECT_TRUE(s.zones(1).backup_power().generator());
  EXPECT_EQ(s.description(), "");
  EXPECT_EQ(s.name(), "site");

  const auto json = write("top.json", R"({"imports": ["middle.textproto"],
    "zones": [{"name": "a", "backup_power": {"generator": false}}]})");
  const auto from_json = load_scenario(json);
  ASSERT_EQ(from_json.scenario.zones_size(), 2);
  EXPECT_FALSE(from_json.scenario.zones(0).backup_power().generator());
  EXPECT_TRUE(from_json.scenario.zones(1).backup_power().generator());
}

TEST_F(Imports, CyclesAreReportedNotFollowed) {
  write("a.textproto", "imports: \"b.textproto\"\nname: \"a\"\n");
  const auto b = write("b.textproto", "imports: \"a.textproto\"\nname: \"b\"\n");
  const auto result = load_scenario(b);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(join_diagnostics(result).find("import cycle"), std::string::npos)
      << join_diagnostics(result);
}

TEST_F(Imports, JsonAndTextFormatGiveTheSameScenario) {
  const auto text = load_scenario("scenarios/default.textproto");
  ASSERT_TRUE(text.ok());
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(text.scenario, &json, options).ok());
  // Relative data paths stay valid because the JSON copy sits beside the original.
  const auto path = fs::path("scenarios") / ("tmp-json-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << json;
  const auto from_json = load_scenario(path);
  fs::remove(path);
  ASSERT_TRUE(from_json.ok()) << join_diagnostics(from_json);
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(text.scenario, from_json.scenario));
  EXPECT_EQ(scenario_hash(text.scenario), scenario_hash(from_json.scenario));
}

TEST(Hash, IsStableAndSensitive) {
  const auto a = load_scenario("scenarios/default.textproto");
  const auto b = load_scenario("scenarios/default.textproto");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(scenario_hash(a.scenario), scenario_hash(b.scenario));
  EXPECT_EQ(scenario_hash(a.scenario).size(), 64u);
  auto changed = a.scenario;
  changed.mutable_run()->set_seed(43);
  EXPECT_NE(scenario_hash(a.scenario), scenario_hash(changed));
}

TEST(LoaderText, NeverThrowsOnGarbage) {
  for (const std::string junk :
       {"", "{", "zones { zones {", "\xff\xfe\x00", "name: \"\\x", "[[[[[[", "{\"run\": 5}"}) {
    EXPECT_NO_THROW(load_scenario_text(junk, "junk.textproto"));
    EXPECT_NO_THROW(load_scenario_text(junk, "junk.json"));
  }
}

}  // namespace
}  // namespace pharmatwin::scenarios
