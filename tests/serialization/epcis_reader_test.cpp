// Reading EPCIS 2.0 JSON-LD: GS1's own examples, located errors, bounds on hostile input.
#include "pharmatwin/serialization/epcis_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pharmatwin/serialization/epcis_sample.hpp"
#include "pharmatwin/serialization/epcis_writer.hpp"

namespace pharmatwin::serialization {
namespace {

namespace fs = std::filesystem;

const fs::path kExamples = fs::path(PHARMATWIN_SHARED_DIR) / "epcis" / "examples";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string dump_issues(const EpcisReadResult& r) {
  std::string out;
  for (const auto& issue : r.issues) out += issue.to_string() + "\n";
  return out;
}

EpcisReadResult read_located(std::string_view text, const std::string& name) {
  EpcisReadOptions options;
  options.keep_document = true;  // the nlohmann path
  return read_epcis_document(text, name, options);
}

// The fast (simdjson) and located (nlohmann) paths give the same result.
void expect_same_as_located(const EpcisReadResult& fast, std::string_view text) {
  const auto located = read_located(text, "doc");
  EXPECT_EQ(fast.is_json, located.is_json);
  EXPECT_EQ(fast.events, located.events);
  EXPECT_EQ(fast.event_index, located.event_index);
  EXPECT_EQ(fast.event_list_pointer, located.event_list_pointer);
  std::string a, b;
  for (const auto& issue : fast.issues) a += issue.to_string() + "\n";
  for (const auto& issue : located.issues) b += issue.to_string() + "\n";
  EXPECT_EQ(a, b);
}

TEST(EpcisReader, ReadsEveryGs1Example) {
  if (!fs::is_directory(kExamples)) GTEST_SKIP() << "no " << kExamples;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kExamples)) {
    const std::string text = slurp(entry.path());
    const auto r = read_epcis_document(text, "doc");
    EXPECT_TRUE(r.ok()) << dump_issues(r);
    EXPECT_TRUE(r.is_json);
    EXPECT_TRUE(r.document.is_null());  // not kept unless asked for
    EXPECT_FALSE(r.events.empty()) << entry.path();
    const auto located = read_located(text, "doc");
    EXPECT_EQ(r.events.size(), located.document["epcisBody"]["eventList"].size()) << entry.path();
    expect_same_as_located(r, text);
    ++files;
  }
  EXPECT_GE(files, 9);
}

TEST(EpcisReader, ObjectEventFieldsOfExample961) {
  const fs::path file = kExamples / "Example_9.6.1-ObjectEvent.jsonld";
  if (!fs::exists(file)) GTEST_SKIP() << "no " << file;
  const auto r = read_epcis_document(slurp(file), "961");
  ASSERT_TRUE(r.ok()) << dump_issues(r);
  ASSERT_EQ(r.events.size(), 2u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.type, EventType::kObject);
  EXPECT_EQ(e.action, Action::kObserve);
  EXPECT_EQ(e.biz_step, "shipping");
  EXPECT_EQ(e.disposition, "in_transit");
  EXPECT_EQ(e.event_time_ms, 1112582011116);  // 2005-04-03T20:33:31.116-06:00
  EXPECT_EQ(e.timezone_offset_minutes, -360);
  EXPECT_EQ(e.epcs, (std::vector<std::string>{"urn:epc:id:sgtin:0614141.107346.2017",
                                              "urn:epc:id:sgtin:0614141.107346.2018"}));
  EXPECT_EQ(e.read_point, "urn:epc:id:sgln:0614141.07346.1234");
  ASSERT_EQ(e.biz_transactions.size(), 1u);
  EXPECT_EQ(e.biz_transactions[0].type, "po");
  EXPECT_EQ(e.biz_transactions[0].id, "http://transaction.acme.com/po/12345678");
  EXPECT_EQ(r.events[1].biz_location, "urn:epc:id:sgln:0012345.11111.0");
  EXPECT_EQ(r.events[1].biz_transactions[1].type, "desadv");
}

TEST(EpcisReader, AggregationAndSensorExamples) {
  const fs::path agg = kExamples / "Example_9.6.3-AggregationEvent.jsonld";
  if (!fs::exists(agg)) GTEST_SKIP() << "no " << agg;
  const auto r = read_epcis_document(slurp(agg), "963");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.type, EventType::kAggregation);
  EXPECT_EQ(e.parent_id, "urn:epc:id:sscc:0614141.1234567890");
  EXPECT_EQ(e.epcs.size(), 2u);
  ASSERT_EQ(e.quantities.size(), 2u);
  EXPECT_DOUBLE_EQ(e.quantities[1].quantity, 200.5);
  EXPECT_EQ(e.quantities[1].uom, "KGM");

  const auto s = read_epcis_document(slurp(kExamples / "SensorDataExample1.jsonld"), "s1");
  ASSERT_TRUE(s.ok()) << dump_issues(s);
  ASSERT_FALSE(s.events.empty());
  ASSERT_FALSE(s.events[0].sensor_elements.empty());
  EXPECT_FALSE(s.events[0].sensor_elements[0].reports.empty());

  const auto d =
      read_epcis_document(slurp(kExamples / "ErrorDeclarationAndCorrectiveEvent.jsonld"), "ed");
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_TRUE(d.events[0].error_declared);
  EXPECT_FALSE(d.events[1].error_declared);
  EXPECT_EQ(d.events[0].type, EventType::kTransformation);
  EXPECT_EQ(d.events[0].output_epcs.size(), 1u);
}

TEST(EpcisReader, SyntaxErrorNamesLineAndColumn) {
  const std::string text = "{\n  \"type\": \"EPCISDocument\",\n  \"schemaVersion\": 2.0,,\n}";
  const auto r = read_epcis_document(text, "bad.jsonld");
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].rule, "json-syntax");
  EXPECT_EQ(r.issues[0].line, 3u);
  EXPECT_EQ(r.issues[0].column, 24u);  // the second comma
  EXPECT_NE(r.issues[0].to_string().find("bad.jsonld:3:24: error"), std::string::npos);
  EXPECT_TRUE(r.events.empty());
}

TEST(EpcisReader, NumberTooLargeIsAnIssueNotACrash) {
  const std::string text = "{\n  \"type\": \"EPCISDocument\",\n  \"schemaVersion\": 1e99999\n}";
  const auto r = read_epcis_document(text, "big.jsonld");
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].rule, "json-number");
  EXPECT_EQ(r.issues[0].line, 3u);
  EXPECT_EQ(r.issues[0].column, 20u);  // where the number starts
  EXPECT_TRUE(r.events.empty());
}

TEST(EpcisReader, EventErrorsAreLocatedByPointerAndLine) {
  const std::string text = R"({"type": "EPCISDocument", "schemaVersion": "2.0",
 "creationDate": "2024-01-01T00:00:00Z", "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
 "epcisBody": {"eventList": [
  {"type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00"},
  {"type": "ObjectEvent", "action": "OBSERVE",
   "eventTime": "2024-13-01T00:00:00Z", "eventTimeZoneOffset": "+00:00"},
  {"type": "FooEvent"}
 ]}})";
  const auto r = read_epcis_document(text, "doc");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.event_index, std::vector<std::size_t>{0});
  ASSERT_EQ(r.issues.size(), 2u) << dump_issues(r);
  EXPECT_EQ(r.issues[0].pointer, "/epcisBody/eventList/1/eventTime");
  EXPECT_EQ(r.issues[0].event_index, 1);
  EXPECT_EQ(r.issues[0].line, 6u);
  EXPECT_EQ(r.issues[0].column, 17u);
  EXPECT_EQ(r.issues[1].pointer, "/epcisBody/eventList/2/type");
  EXPECT_EQ(r.issues[1].line, 7u);
  expect_same_as_located(r, text);
  std::vector<std::size_t> streamed;
  const auto s =
      read_epcis_events(text, "doc", [&](const Event&, std::size_t i) { streamed.push_back(i); });
  EXPECT_EQ(streamed, std::vector<std::size_t>{0});
  ASSERT_EQ(s.issues.size(), 2u);
  EXPECT_EQ(s.issues[1].to_string(), r.issues[1].to_string());
}

TEST(EpcisReader, CbvSpellingsAndIlmdAreNormalised) {
  const std::string text = R"({"type": "EPCISDocument", "epcisBody": {"eventList": [
   {"type": "ObjectEvent", "action": "ADD", "eventTime": "2024-01-01T00:00:00+01:00",
    "eventTimeZoneOffset": "+01:00", "epcList": ["urn:epc:id:sgtin:4012345.012345.S1"],
    "bizStep": "urn:epcglobal:cbv:bizstep:commissioning",
    "disposition": "https://ref.gs1.org/cbv/Disp-active",
    "bizTransactionList": [{"type": "urn:epcglobal:cbv:btt:po", "bizTransaction": "urn:x:1"}],
    "ilmd": {"cbvmda:lotNumber": "L1", "cbvmda:itemExpirationDate": "2027-06-30"}}]}})";
  const auto r = read_epcis_document(text, "doc");
  ASSERT_TRUE(r.ok()) << dump_issues(r);
  const Event& e = r.events[0];
  EXPECT_EQ(e.biz_step, "commissioning");
  EXPECT_EQ(e.disposition, "active");
  EXPECT_EQ(e.biz_transactions[0].type, "po");
  EXPECT_EQ(e.ilmd_lot, "L1");
  EXPECT_EQ(e.ilmd_expiry, "2027-06-30");
  EXPECT_EQ(e.event_time_ms, 1704063600000);  // 2023-12-31T23:00:00Z
  EXPECT_EQ(e.timezone_offset_minutes, 60);
}

TEST(EpcisReader, QueryDocumentResultsAreRead) {
  const std::string text = R"({"type": "EPCISQueryDocument", "epcisBody": {"queryResults": {
    "resultsBody": {"eventList": [{"type": "ObjectEvent", "action": "OBSERVE",
    "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00"}]}}}})";
  const auto r = read_epcis_document(text, "q");
  EXPECT_TRUE(r.ok()) << dump_issues(r);
  EXPECT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.event_list_pointer, "/epcisBody/queryResults/resultsBody/eventList");
}

TEST(EpcisReader, HostileInputIsBounded) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto r = read_epcis_document(deep, "deep");
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].rule, "nesting");
  EXPECT_EQ(r.issues[0].column, 65u);  // the 65th '[' passes the default depth of 64

  EpcisReadOptions small;
  small.max_bytes = 10;
  EXPECT_EQ(read_epcis_document("{\"type\": \"EPCISDocument\"}", "big", small).issues[0].rule,
            "size");

  for (const char* text :
       {"", "null", "[]", "\"x\"", "{\"type\": \"EPCISDocument\"}",
        "{\"type\": \"EPCISDocument\", \"epcisBody\": {\"eventList\": 5}}",
        "{\"type\": \"EPCISDocument\", \"epcisBody\": {\"eventList\": [1, null, {}]}}"}) {
    const auto bad = read_epcis_document(text, "bad");
    EXPECT_FALSE(bad.ok()) << text;
    EXPECT_TRUE(bad.events.empty()) << text;
  }
}

TEST(EpcisReader, LocatesJsonPointers) {
  const std::string text = "{\"a\": [1, {\"b~/c\": \"x\"}, [2, 3]],\n \"d\": {\"e\": true}}";
  EXPECT_EQ(locate_json_pointer(text, "/a/1/b~0~1c"), text.find("\"x\""));
  EXPECT_EQ(locate_json_pointer(text, "/a/2/1"), text.find('3'));
  EXPECT_EQ(locate_json_pointer(text, "/d/e"), text.find("true"));
  EXPECT_EQ(locate_json_pointer(text, "/d/f"), std::string::npos);
  EXPECT_EQ(locate_json_pointer(text, "/a/9"), std::string::npos);
  std::size_t line = 0, column = 0;
  line_column_at(text, text.find("true"), line, column);
  EXPECT_EQ(line, 2u);
  EXPECT_EQ(column, 13u);
}

// Inputs simdjson refuses or reads differently (numbers beyond uint64 or double, nesting, bad
// UTF-8, trailing text, duplicate members) get the located path's answer.
TEST(EpcisReader, FastPathFallsBackOrAgreesOnEdgeCases) {
  const std::string event_head =
      R"({"type": "EPCISDocument", "epcisBody": {"eventList": [{"type": "ObjectEvent",
      "action": "OBSERVE", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00",)";
  const std::vector<std::string> texts = {
      event_head +
          R"("quantityList": [{"epcClass": "urn:x", "quantity": 123456789012345678901234567890}]}]}})",
      event_head +
          R"("quantityList": [{"epcClass": "urn:x", "quantity": 18446744073709551615}]}]}})",
      event_head + R"("quantityList": [{"epcClass": "urn:x", "quantity": 1e-400}]}]}})",
      event_head + R"("quantityList": [{"epcClass": "urn:x", "quantity": 1e400}]}]}})",
      event_head + R"("bizStep": "shipping", "bizStep": 5}]}})",
      event_head +
          R"("ilmd": {"cbvmda:lotNumber": "B", "urn:epcglobal:cbv:mda#lotNumber": "A"}}]}})",
      event_head + "\"bizStep\": \"\xC3\x28\"}]}}",
      event_head + R"("bizStep": "\ud800"}]}})",
      event_head + R"("epcList": ["a"]}]}} trailing)",
      event_head + "\"epcList\": " + std::string(70, '[') + std::string(70, ']') + "}]}}",
  };
  for (const auto& text : texts) {
    SCOPED_TRACE(text);
    expect_same_as_located(read_epcis_document(text, "doc"), text);
  }
  const auto big = read_epcis_document(texts[0], "doc");
  ASSERT_EQ(big.events.size(), 1u);
  EXPECT_DOUBLE_EQ(big.events[0].quantities[0].quantity, 1.2345678901234568e29);
  const auto dup = read_epcis_document(texts[4], "doc");
  // A member given twice is refused at the second one (no "last one wins").
  ASSERT_EQ(dup.issues.size(), 1u);
  EXPECT_EQ(dup.issues[0].rule, "json-duplicate-key");
  EXPECT_EQ(dup.issues[0].line, 2u);
  EXPECT_NE(dup.issues[0].message.find("duplicate key \"bizStep\""), std::string::npos)
      << dup.issues[0].message;
  EXPECT_TRUE(dup.events.empty());
  const auto ilmd = read_epcis_document(texts[5], "doc");
  ASSERT_EQ(ilmd.events.size(), 1u);
  EXPECT_EQ(ilmd.events[0].ilmd_lot, "A");  // the greatest member name wins in both paths
  const auto deep = read_epcis_document(texts.back(), "doc");
  ASSERT_EQ(deep.issues.size(), 1u);
  EXPECT_EQ(deep.issues[0].rule, "nesting");
}

// A large document as the writer produces it reads back to the same events on both paths.
TEST(EpcisReader, FastPathReadsWrittenDocuments) {
  EpcisSampleSpec spec;
  spec.cases = 50;
  spec.packs_per_case = 7;
  auto events = epcis_sample_events(spec);
  const std::string text = to_epcis_document(events, 0).dump();
  const auto r = read_epcis_document(text, "doc");
  ASSERT_TRUE(r.ok()) << dump_issues(r);
  ASSERT_EQ(r.events.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    events[i].event_id = r.events[i].event_id;  // the writer assigned hash ids
    EXPECT_EQ(r.events[i], events[i]) << i;
  }
  expect_same_as_located(r, text);
  // Streamed one by one: the same events, with their list indices.
  std::vector<Event> streamed;
  std::vector<std::size_t> index;
  const auto s = read_epcis_events(text, "doc", [&](const Event& e, std::size_t i) {
    streamed.push_back(e);
    index.push_back(i);
  });
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(s.events.empty());
  EXPECT_EQ(streamed, r.events);
  EXPECT_EQ(index, r.event_index);
  // Read again: the parser kept by the thread is reused.
  EXPECT_EQ(read_epcis_document(text, "doc").events, r.events);
}

}  // namespace
}  // namespace pharmatwin::serialization
