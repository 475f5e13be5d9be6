// Business rules over a document's events: lifecycle order, aggregation, ILMD, vocabulary.
#include "pharmatwin/serialization/epcis_rules.hpp"

#include <gtest/gtest.h>

#include "pharmatwin/serialization/epcis_sample.hpp"

namespace pharmatwin::serialization {
namespace {

std::vector<std::size_t> identity_index(std::size_t n) {
  std::vector<std::size_t> index(n);
  for (std::size_t i = 0; i < n; ++i) index[i] = i;
  return index;
}

std::vector<EpcisIssue> check(const std::vector<Event>& events) {
  return check_epcis_rules(events, identity_index(events.size()), "t.jsonld");
}

std::size_t count(const std::vector<EpcisIssue>& issues, const std::string& rule) {
  std::size_t n = 0;
  for (const auto& i : issues) n += i.rule == rule ? 1 : 0;
  return n;
}

Event object(Action action, const char* step, std::int64_t t, std::vector<std::string> epcs) {
  Event e;
  e.type = EventType::kObject;
  e.action = action;
  e.biz_step = step;
  e.event_time_ms = t;
  e.epcs = std::move(epcs);
  return e;
}

Event aggregation(Action action, std::int64_t t, std::string parent,
                  std::vector<std::string> kids) {
  Event e;
  e.type = EventType::kAggregation;
  e.action = action;
  e.biz_step = action == Action::kAdd ? "packing" : "unpacking";
  e.event_time_ms = t;
  e.parent_id = std::move(parent);
  e.epcs = std::move(kids);
  return e;
}

const std::string kPack = "urn:epc:id:sgtin:4012345.012345.S1";
const std::string kCaseA = "urn:epc:id:sscc:4012345.0000000001";
const std::string kCaseB = "urn:epc:id:sscc:4012345.0000000002";

TEST(EpcisRules, TheSampleStoryIsClean) {
  EpcisSampleSpec spec;
  spec.cases = 4;
  const auto issues = check(epcis_sample_events(spec));
  std::string text;
  for (const auto& i : issues) text += i.to_string() + "\n";
  EXPECT_TRUE(issues.empty()) << text;
}

TEST(EpcisRules, UseBeforeCommissioningAndAfterDestruction) {
  Event commission = object(Action::kAdd, "commissioning", 2000, {kPack});
  commission.ilmd_lot = "L1";
  commission.ilmd_expiry = "2027-01-31";
  const std::vector<Event> events = {
      object(Action::kObserve, "shipping", 1000, {kPack}),  // before commissioning
      commission, object(Action::kDelete, "destroying", 3000, {kPack}),
      object(Action::kObserve, "receiving", 4000, {kPack}),  // after destruction
  };
  const auto issues = check(events);
  ASSERT_EQ(count(issues, "event-order"), 2u);
  EXPECT_EQ(issues[0].event_index, 0);
  EXPECT_EQ(issues[0].pointer, "/epcisBody/eventList/0/epcList");
  EXPECT_NE(issues[0].message.find("before its commissioning"), std::string::npos);
  EXPECT_EQ(issues.back().event_index, 3);
  EXPECT_NE(issues.back().message.find("event 2 (destroying)"), std::string::npos);
}

TEST(EpcisRules, LifecycleFollowsEventTimeNotFileOrder) {
  Event commission = object(Action::kAdd, "commissioning", 1000, {kPack});
  commission.ilmd_lot = "L1";
  commission.ilmd_expiry = "2027-01-31";
  // Listed out of order in the file, but consistent in time.
  const std::vector<Event> events = {object(Action::kObserve, "dispensing", 3000, {kPack}),
                                     object(Action::kObserve, "storing", 2000, {kPack}),
                                     commission};
  EXPECT_TRUE(check(events).empty());
}

TEST(EpcisRules, ChildInTwoParentsAndBadUnpacking) {
  const std::vector<Event> events = {
      aggregation(Action::kAdd, 1000, kCaseA, {kPack}),
      aggregation(Action::kAdd, 2000, kCaseB, {kPack, kCaseB, "x", "x"}),
      aggregation(Action::kDelete, 3000, kCaseA, {kPack}),
  };
  const auto issues = check(events);
  ASSERT_EQ(count(issues, "aggregation"), 4u);
  EXPECT_EQ(issues[0].pointer, "/epcisBody/eventList/1/childEPCs/0");
  EXPECT_EQ(issues[0].severity, IssueSeverity::kError);
  EXPECT_NE(issues[0].message.find("still packed in " + kCaseA), std::string::npos);
  EXPECT_EQ(issues.back().severity, IssueSeverity::kWarning);  // removed from a case it left
}

TEST(EpcisRules, UnpackingEverythingReleasesChildren) {
  const std::vector<Event> events = {
      aggregation(Action::kAdd, 1000, kCaseA, {kPack}),
      aggregation(Action::kDelete, 2000, kCaseA, {}),
      aggregation(Action::kAdd, 3000, kCaseB, {kPack}),
  };
  EXPECT_TRUE(check(events).empty());
}

TEST(EpcisRules, CommissioningWithoutIlmdAndUnknownVocabulary) {
  Event commission = object(Action::kObserve, "commissioning", 1000, {kPack});
  commission.ilmd_lot = "L1";
  Event odd = object(Action::kObserve, "teleporting", 2000, {kPack});
  odd.disposition = "urn:example:disp:fine";  // a URI: user vocabulary is allowed
  odd.sources = {{"owner", "urn:epc:id:pgln:4012345.00000"}};
  const auto issues = check({commission, odd});
  EXPECT_EQ(count(issues, "ilmd-missing"), 1u);
  for (const auto& issue : issues) {
    if (issue.rule == "ilmd-missing") {
      EXPECT_NE(issue.message.find("expiry date"), std::string::npos);
      EXPECT_EQ(issue.severity, IssueSeverity::kWarning);
    }
  }
  EXPECT_EQ(count(issues, "commissioning-action"), 1u);
  EXPECT_EQ(count(issues, "cbv-unknown"), 2u);  // bizStep and source type
  EXPECT_TRUE(has_errors(issues));
}

TEST(EpcisRules, DuplicateEventIdsAndSensorUnits) {
  Event a = object(Action::kObserve, "storing", 1000, {});
  a.event_id = "urn:uuid:1";
  Event b = a;
  SensorElement element;
  element.reports.push_back({"Temperature", 5, 8.0, 2.0, std::nullopt, "KMH", std::nullopt});
  b.sensor_elements.push_back(element);
  const auto issues = check({a, b});
  EXPECT_EQ(count(issues, "duplicate-event-id"), 1u);
  EXPECT_EQ(count(issues, "sensor"), 2u);  // unit, and min above max
}

}  // namespace
}  // namespace pharmatwin::serialization
