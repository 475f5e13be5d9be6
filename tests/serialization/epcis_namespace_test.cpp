// User extensions in EPCIS 2.0 JSON-LD must be namespaced with a prefix the @context declares
// (EPCIS 2.0 JSON/JSON-LD binding): a bare ILMD or event member is an error at its location, on
// the fast and on the located reading path alike; GS1's own examples all pass (epcis_reader_test).
#include <gtest/gtest.h>

#include <string>

#include "pharmatwin/serialization/epcis_reader.hpp"

namespace pharmatwin::serialization {
namespace {

// A commissioning ObjectEvent with `extra` spliced into the event and `ilmd` as its ILMD.
std::string document(const std::string& context, const std::string& extra,
                     const std::string& ilmd = R"("cbvmda:lotNumber": "L1")") {
  return R"({"@context": )" + context + R"(,
"type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-05-01T08:00:00Z",
"epcisBody": {"eventList": [
{"type": "ObjectEvent", "eventTime": "2024-05-01T08:00:00.000Z", "eventTimeZoneOffset": "+00:00",
 "epcList": ["urn:epc:id:sgtin:0614141.812345.6789"], "action": "ADD",
 "bizStep": "commissioning", "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"},
 "ilmd": {)" +
         ilmd + "}" + extra + R"(}
]}})";
}

const std::string kContext =
    R"(["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"example": "http://ns.example.com/epcis/"}])";

std::vector<EpcisIssue> namespace_issues(const std::string& text, bool located) {
  EpcisReadOptions options;
  options.keep_document = located;
  const auto r = read_epcis_document(text, "doc.jsonld", options);
  std::vector<EpcisIssue> out;
  for (const auto& issue : r.issues) {
    if (issue.rule == "namespace") out.push_back(issue);
  }
  return out;
}

void expect_one(const std::string& text, const std::string& pointer, const std::string& words) {
  for (const bool located : {false, true}) {
    const auto issues = namespace_issues(text, located);
    ASSERT_EQ(issues.size(), 1u) << text;
    EXPECT_EQ(issues[0].pointer, pointer);
    EXPECT_EQ(issues[0].severity, IssueSeverity::kError);
    EXPECT_GT(issues[0].line, 0u);
    EXPECT_NE(issues[0].message.find(words), std::string::npos) << issues[0].message;
  }
}

TEST(EpcisNamespaces, DeclaredPrefixesFullIrisAndTheContextsOwnPass) {
  EXPECT_TRUE(namespace_issues(document(kContext, R"(, "example:myField": "x")"), false).empty());
  EXPECT_TRUE(
      namespace_issues(
          document(kContext, R"(, "http://ns.example.com/epcis/myField": {"example:a": 1})"), false)
          .empty());
  EXPECT_TRUE(namespace_issues(document(kContext, R"(, "urn:example:field": 1)"), false).empty());
  EXPECT_TRUE(
      namespace_issues(document(kContext, "", R"("cbvmda:lotNumber": "L1", "example:batch": "B")"),
                       false)
          .empty());
  // An event may declare a prefix in its own @context.
  EXPECT_TRUE(
      namespace_issues(document(kContext, R"(, "@context": {"own": "urn:own:"}, "own:x": 1)"), true)
          .empty());
}

TEST(EpcisNamespaces, BareIlmdMemberIsRejectedWhereItIs) {
  expect_one(document(kContext, "", R"("cbvmda:lotNumber": "L1", "batch": "B")"),
             "/epcisBody/eventList/0/ilmd/batch", "\"batch\" has no namespace prefix");
}

TEST(EpcisNamespaces, UndeclaredPrefixOnAnEventMemberIsRejected) {
  expect_one(document(kContext, R"(, "other:myField": "x")"),
             "/epcisBody/eventList/0/other:myField",
             "prefix \"other\" of extension member \"other:myField\" is not declared in @context");
  // A document whose @context is only the EPCIS context declares no "example".
  expect_one(document(R"("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld")",
                      R"(, "example:myField": "x")"),
             "/epcisBody/eventList/0/example:myField", "not declared");
}

TEST(EpcisNamespaces, NestedAndSensorAndDocumentExtensionsAreChecked) {
  expect_one(document(kContext, R"(, "example:outer": {"inner": 1})"),
             "/epcisBody/eventList/0/example:outer/inner", "\"inner\" has no namespace prefix");
  expect_one(document(kContext, R"(, "sensorElementList": [{"sensorReport": [
               {"type": "Temperature", "value": 5, "uom": "CEL", "feature": "x"}]}])"),
             "/epcisBody/eventList/0/sensorElementList/0/sensorReport/0/feature", "no namespace");
  std::string doc_level = document(kContext, "");
  doc_level.insert(1, R"("vendor": 1, )");
  expect_one(doc_level, "/vendor", "\"vendor\" has no namespace prefix");
}

// Several bad members, written against key order: both readers report them alike, in key
// order (the fuzzer found the fast reader kept document order while the located one sorted).
TEST(EpcisNamespaces, SeveralProblemsComeInTheSameOrderOnBothPaths) {
  const std::string text =
      document(kContext, R"(, "zeta": 1, "other:b": 2, "event@x": 3, "alpha": {"x": 1})");
  const auto fast = namespace_issues(text, false);
  const auto located = namespace_issues(text, true);
  ASSERT_EQ(fast.size(), 4u);
  ASSERT_EQ(located.size(), fast.size());
  const std::vector<std::string> expected = {
      "/epcisBody/eventList/0/alpha", "/epcisBody/eventList/0/event@x",
      "/epcisBody/eventList/0/other:b", "/epcisBody/eventList/0/zeta"};
  for (std::size_t i = 0; i < fast.size(); ++i) {
    EXPECT_EQ(fast[i].pointer, expected[i]);
    EXPECT_EQ(fast[i].to_string(), located[i].to_string());
  }
}

}  // namespace
}  // namespace pharmatwin::serialization
