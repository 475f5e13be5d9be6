// Validation against GS1's EPCIS 2.0 JSON Schema (../shared/epcis).
#include "pharmatwin/serialization/epcis_schema.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pharmatwin/serialization/epcis_reader.hpp"

namespace pharmatwin::serialization {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kShared = fs::path(PHARMATWIN_SHARED_DIR) / "epcis";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class EpcisSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kShared / "EPCIS-JSON-Schema.json")) GTEST_SKIP() << "no " << kShared;
    std::string error;
    schema_ = EpcisSchema::load(kShared / "EPCIS-JSON-Schema.json", error);
    ASSERT_TRUE(schema_) << error;
  }
  std::optional<EpcisSchema> schema_;
};

TEST_F(EpcisSchemaTest, AcceptsEveryGs1Example) {
  for (const auto& entry : fs::directory_iterator(kShared / "examples")) {
    const json doc = json::parse(slurp(entry.path()));
    const auto issues = schema_->validate(doc, entry.path().filename().string());
    std::string text;
    for (const auto& i : issues) text += i.to_string() + "\n";
    EXPECT_TRUE(issues.empty()) << text;
  }
}

TEST_F(EpcisSchemaTest, RejectsBrokenEventsWithLocatedIssues) {
  const std::string text =
      R"({"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
 "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-01-01T00:00:00Z",
 "epcisBody": {"eventList": [
  {"type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2024-01-01T00:00:00Z",
   "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:4012345.012345.1"]},
  {"type": "ObjectEvent", "action": "SHOUT", "eventTime": "2024-01-01T00:00:00Z",
   "eventTimeZoneOffset": "+00:00"}
 ]}})";
  const json doc = json::parse(text);
  auto issues = schema_->validate(doc, "bad.jsonld");
  ASSERT_FALSE(issues.empty());
  bool found_action = false;
  locate_issues(text, issues);
  for (const auto& issue : issues) {
    EXPECT_EQ(issue.rule, "schema");
    EXPECT_EQ(issue.event_index, 1) << issue.to_string();
    if (issue.pointer == "/epcisBody/eventList/1/action") {
      found_action = true;
      EXPECT_EQ(issue.line, 6u);
    }
  }
  EXPECT_TRUE(found_action);
}

TEST_F(EpcisSchemaTest, RequiresTheDocumentEnvelope) {
  const json doc = json::parse(R"({"type": "EPCISDocument", "epcisBody": {"eventList": []}})");
  EXPECT_FALSE(schema_->validate(doc, "envelope").empty());
}

TEST(EpcisSchemaFile, MissingFileIsAnErrorNotACrash) {
  std::string error;
  EXPECT_FALSE(EpcisSchema::load("/nonexistent/schema.json", error));
  EXPECT_NE(error.find("/nonexistent/schema.json"), std::string::npos);
  EXPECT_EQ(find_epcis_schema(fs::path("/explicit.json")), fs::path("/explicit.json"));
}

}  // namespace
}  // namespace pharmatwin::serialization
