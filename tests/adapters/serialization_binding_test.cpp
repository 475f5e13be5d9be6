// The in-process serialization binding (repository) and the EPCIS file binding on a small
// supply story: a supplier commissions three packs into a case, ships it, the site scans it
// and finds a fourth pack nobody commissioned.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "pharmatwin/adapters/epcis_file_port.hpp"
#include "pharmatwin/adapters/external_ports.hpp"
#include "pharmatwin/adapters/inprocess_serialization_port.hpp"

namespace pharmatwin::adapters {
namespace {

// GS1 examples with valid check digits: GTIN 09506000134352, SSCC 106141412345678908,
// GLN 0614141123452 (supplier); the site's GLN 9506000000008 (check digit 8 by mod 10).
constexpr const char* kGtin = "09506000134352";
constexpr const char* kCase = "106141412345678908";
constexpr const char* kSupplier = "0614141123452";
constexpr const char* kSite = "9506000000008";

void story(SerializationPort& port, SerializationOutput& out) {
  SerializationSite site;
  site.site_name = "dc1";
  site.site_gln = kSite;
  site.start_epoch_s = 1767225600;  // 2026-01-01T00:00:00Z
  port.bind(site);
  port.on_commissioning(
      {3600, kSupplier, kGtin, "LOT1", "2027-06-30", {"S1", "S2", "S3"}, kCase, ""});
  port.on_shipping({7200, "SH1", kSupplier, kSite, {kCase}});
  port.advance_to(7200, out);
  ReceivingScan scan;
  scan.time_s = 90000;  // next day
  scan.shipment = "SH1";
  scan.from_gln = kSupplier;
  scan.site_gln = kSite;
  scan.case_sscc = kCase;
  scan.packs_read = {{kGtin, "S1", "LOT1", "2027-06-30"}, {kGtin, "FAKE9", "LOT1", "2027-06-30"}};
  port.on_receiving_scan(scan);
  port.on_verification_request(
      {"V1",
       90060,
       kSite,
       {{kGtin, "S2", "LOT1", "2027-06-30"}, {kGtin, "FAKE9", "LOT1", "2027-06-30"}}});
  port.advance_to(90060, out);
  port.finish(90060, out);
}

TEST(InProcessSerialization, UnknownSerialIsSuspectAndQuarantinedOnce) {
  InProcessSerializationPort port;
  SerializationOutput out;
  story(port, out);
  EXPECT_TRUE(port.errors().empty()) << port.errors().front();
  ASSERT_EQ(out.answers.size(), 1u);
  ASSERT_EQ(out.answers[0].statuses.size(), 2u);
  EXPECT_EQ(out.answers[0].statuses[0], VerificationStatus::kVerified);
  // EU FMD: a serial the repository never saw is NMVS_NC_PC_02, unknown serial number.
  EXPECT_EQ(out.answers[0].statuses[1], VerificationStatus::kUnknownSerial);
  bool unknown = false;
  for (const auto& a : out.alerts) {
    if (a.reason == "unknown_serial") {
      unknown = true;
      ASSERT_EQ(a.packs.size(), 1u);
      EXPECT_EQ(a.packs[0], std::string(kGtin) + "/FAKE9");
    }
  }
  EXPECT_TRUE(unknown);
  std::set<std::string> keys;
  for (const auto& d : out.decisions) {
    EXPECT_TRUE(keys.insert(d.idempotency_key).second) << d.idempotency_key;
  }
  EXPECT_TRUE(keys.count("quarantine/" + std::string(kGtin) + "/FAKE9"));
}

// A clone of a pack already in stock at the site: the serial, lot and expiry are genuine and
// the twin sits at the same custodian, so only the case it arrives in gives it away (its packing
// events put the serial in another case).
TEST(InProcessSerialization, CloneOfAPackInStockIsQuarantinedByItsSerial) {
  constexpr const char* kSecondCase = "106141412345678915";  // GS1 mod-10 check digit 5
  InProcessSerializationPort port;
  SerializationSite site;
  site.site_gln = kSite;
  site.start_epoch_s = 1767225600;
  port.bind(site);
  SerializationOutput out;
  port.on_commissioning({3600, kSupplier, kGtin, "LOT1", "2027-06-30", {"S1", "S2"}, kCase, ""});
  port.on_shipping({7200, "SH1", kSupplier, kSite, {kCase}});
  port.on_receiving_scan(
      {90000,
       "SH1",
       kSupplier,
       kSite,
       kCase,
       "",
       {{kGtin, "S1", "LOT1", "2027-06-30"}, {kGtin, "S2", "LOT1", "2027-06-30"}},
       0});
  port.advance_to(90000, out);
  EXPECT_TRUE(out.alerts.empty());
  // The second delivery's case was packed with S3 and S4; S4 was swapped for a copy of S1.
  port.on_commissioning(
      {100000, kSupplier, kGtin, "LOT1", "2027-06-30", {"S3", "S4"}, kSecondCase, ""});
  port.on_shipping({100100, "SH2", kSupplier, kSite, {kSecondCase}});
  port.on_receiving_scan(
      {190000,
       "SH2",
       kSupplier,
       kSite,
       kSecondCase,
       "",
       {{kGtin, "S3", "LOT1", "2027-06-30"}, {kGtin, "S1", "LOT1", "2027-06-30"}},
       0});
  port.advance_to(190000, out);
  EXPECT_TRUE(port.errors().empty()) << port.errors().front();
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].reason, "cloned_serial");
  ASSERT_EQ(out.alerts[0].packs.size(), 1u);
  EXPECT_EQ(out.alerts[0].packs[0], std::string(kGtin) + "/S1");
  ASSERT_EQ(out.decisions.size(), 1u);
  EXPECT_EQ(out.decisions[0].kind, DecisionKind::kQuarantine);
  EXPECT_EQ(out.decisions[0].idempotency_key, "quarantine/" + std::string(kGtin) + "/S1");
  ASSERT_EQ(out.decisions[0].packs.size(), 1u);
  EXPECT_EQ(out.decisions[0].packs[0], std::string(kGtin) + "/S1");
}

TEST(ExternalSerialization, PharmatwinSutAnswersLikeTheInProcessBinding) {
  InProcessSerializationPort local;
  SerializationOutput expected;
  story(local, expected);
  ExternalSerializationPort external(SutSession::spawn({PHARMATWIN_SUT}, {}, "pharmatwin-sut"));
  SerializationOutput actual;
  story(external, actual);
  ASSERT_EQ(actual.answers.size(), expected.answers.size());
  EXPECT_EQ(actual.answers[0].request_id, "V1");
  EXPECT_EQ(actual.answers[0].statuses, expected.answers[0].statuses);
  ASSERT_EQ(actual.alerts.size(), expected.alerts.size());
  for (std::size_t i = 0; i < actual.alerts.size(); ++i) {
    EXPECT_EQ(actual.alerts[i].id, expected.alerts[i].id);
    EXPECT_EQ(actual.alerts[i].reason, expected.alerts[i].reason);
    EXPECT_EQ(actual.alerts[i].packs, expected.alerts[i].packs);
    EXPECT_EQ(actual.alerts[i].raised_at_s, expected.alerts[i].raised_at_s);
  }
  ASSERT_EQ(actual.decisions.size(), expected.decisions.size());
  for (std::size_t i = 0; i < actual.decisions.size(); ++i) {
    EXPECT_EQ(actual.decisions[i].idempotency_key, expected.decisions[i].idempotency_key);
  }
}

TEST(EpcisFiles, OneDocumentPerSimulatedDay) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("pharmatwin-epcis-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto inner = std::make_unique<RecordingSerializationPort>();
  auto* recorded = inner.get();
  EpcisFilePort port(dir, std::move(inner));
  SerializationOutput out;
  story(port, out);
  // Everything is forwarded.
  EXPECT_EQ(recorded->commissioning.size(), 1u);
  EXPECT_EQ(recorded->receiving.size(), 1u);
  EXPECT_EQ(recorded->verification_requests.size(), 1u);
  ASSERT_EQ(port.files().size(), 2u);
  EXPECT_EQ(port.files()[0].filename(), "2026-01-01.jsonld");
  EXPECT_EQ(port.files()[1].filename(), "2026-01-02.jsonld");
  const auto day1 = nlohmann::json::parse(std::ifstream(port.files()[0]));
  EXPECT_EQ(day1["type"], "EPCISDocument");
  EXPECT_EQ(day1["schemaVersion"], "2.0");
  const auto& events = day1["epcisBody"]["eventList"];
  // Commissioning, packing into the case, shipping.
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["type"], "ObjectEvent");
  EXPECT_EQ(events[0]["action"], "ADD");
  EXPECT_EQ(events[0]["epcList"].size(), 3u);
  EXPECT_EQ(events[1]["type"], "AggregationEvent");
  EXPECT_EQ(events[1]["parentID"], "urn:epc:id:sscc:0614141.1234567890");
  EXPECT_EQ(events[0]["eventTime"], "2026-01-01T01:00:00.000Z");
  const auto day2 = nlohmann::json::parse(std::ifstream(port.files()[1]));
  EXPECT_EQ(day2["epcisBody"]["eventList"].size(), 1u);  // the receiving scan
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pharmatwin::adapters
