// Writing EPCIS 2.0 documents: structure, determinism, hash ids, schema validity, round trip.
#include "pharmatwin/serialization/epcis_writer.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "pharmatwin/serialization/epcis_hash.hpp"
#include "pharmatwin/serialization/epcis_reader.hpp"
#include "pharmatwin/serialization/epcis_sample.hpp"
#include "pharmatwin/serialization/epcis_schema.hpp"

namespace pharmatwin::serialization {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSchemaFile = fs::path(PHARMATWIN_SHARED_DIR) / "epcis" / "EPCIS-JSON-Schema.json";

const EpcisSchema* shared_schema() {
  static const std::optional<EpcisSchema> schema = [] {
    std::string error;
    return fs::exists(kSchemaFile) ? EpcisSchema::load(kSchemaFile, error) : std::nullopt;
  }();
  return schema ? &*schema : nullptr;
}

std::string dump(const std::vector<EpcisIssue>& issues) {
  std::string out;
  for (const auto& i : issues) out += i.to_string() + "\n";
  return out;
}

TEST(EpcisWriter, DocumentEnvelope) {
  const auto events = epcis_sample_events();
  const json doc = to_epcis_document(events, 1714550400000);
  EXPECT_EQ(doc["@context"][0], "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
  EXPECT_EQ(doc["type"], "EPCISDocument");
  EXPECT_EQ(doc["schemaVersion"], "2.0");
  EXPECT_EQ(doc["creationDate"], "2024-05-01T08:00:00.000Z");
  EXPECT_EQ(doc["epcisBody"]["eventList"].size(), events.size());
}

TEST(EpcisWriter, CommissioningCarriesIlmdAndCbvTerms) {
  const auto events = epcis_sample_events();
  const json e = event_to_json(events[0]);
  EXPECT_EQ(e["type"], "ObjectEvent");
  EXPECT_EQ(e["action"], "ADD");
  EXPECT_EQ(e["bizStep"], "commissioning");
  EXPECT_EQ(e["disposition"], "active");
  EXPECT_EQ(e["eventTime"], "2024-05-01T08:00:00.000Z");
  EXPECT_EQ(e["eventTimeZoneOffset"], "+02:00");
  EXPECT_EQ(e["ilmd"]["cbvmda:lotNumber"], "L2024A0");
  EXPECT_EQ(e["ilmd"]["cbvmda:itemExpirationDate"], "2027-06-30");
  EXPECT_EQ(e["readPoint"]["id"], "urn:epc:id:sgln:4012345.00001.7");
  const json pack = event_to_json(events[1]);
  EXPECT_EQ(pack["type"], "AggregationEvent");
  EXPECT_EQ(pack["parentID"], "urn:epc:id:sscc:4012345.0000000001");
  EXPECT_EQ(pack["childEPCs"].size(), 4u);
}

TEST(EpcisWriter, ShippingCarriesTransactionsPartiesAndReceivingTemperature) {
  const auto events = epcis_sample_events();
  const json ship = event_to_json(events[2]);
  EXPECT_EQ(ship["bizStep"], "shipping");
  EXPECT_EQ(ship["bizTransactionList"][0]["type"], "desadv");
  EXPECT_EQ(ship["sourceList"][0]["type"], "owning_party");
  EXPECT_EQ(ship["destinationList"][1]["destination"], "urn:epc:id:sgln:4098765.00002.0");
  const json receive = event_to_json(events[3]);
  const json& report = receive["sensorElementList"][0]["sensorReport"][0];
  EXPECT_EQ(report["type"], "Temperature");
  EXPECT_EQ(report["uom"], "CEL");
  EXPECT_DOUBLE_EQ(report["maxValue"].get<double>(), 7.2);
}

TEST(EpcisWriter, AssignsHashIdsAndIsDeterministic) {
  const auto events = epcis_sample_events();
  const json a = to_epcis_document(events, 0);
  const json b = to_epcis_document(events, 0);
  EXPECT_EQ(a.dump(), b.dump());
  const auto ns = namespaces_from_context(a["@context"]);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const json& e = a["epcisBody"]["eventList"][i];
    EXPECT_EQ(e["eventID"], event_hash_id(e, ns));
    EXPECT_EQ(e["eventID"], event_hash_id(events[i]));
  }
  EpcisWriteOptions keep;
  keep.assign_hash_ids = false;
  EXPECT_FALSE(to_epcis_document(events, 0, keep)["epcisBody"]["eventList"][0].contains("eventID"));
}

TEST(EpcisWriter, EveryWrittenDocumentSatisfiesTheGs1Schema) {
  const EpcisSchema* schema = shared_schema();
  if (!schema) GTEST_SKIP() << "no " << kSchemaFile;
  EpcisSampleSpec spec;
  spec.cases = 3;
  spec.packs_per_case = 5;
  auto events = epcis_sample_events(spec);
  // Every event type the writer knows.
  Event transform;
  transform.type = EventType::kTransformation;
  transform.event_time_ms = 1714550400000;
  transform.epcs = {"urn:epc:id:sgtin:4012345.012345.S1"};
  transform.output_epcs = {"urn:epc:id:sgtin:4012345.012345.S9"};
  transform.quantities = {{"urn:epc:class:lgtin:4012345.012345.L1", 2.5, "KGM"}};
  transform.output_quantities = {{"urn:epc:class:lgtin:4012345.012346.L7", 4, ""}};
  transform.transformation_id = "urn:epc:id:gdti:4012345.55555.1234";
  transform.biz_step = "repackaging";
  events.push_back(transform);
  Event transaction;
  transaction.type = EventType::kTransaction;
  transaction.action = Action::kAdd;
  transaction.event_time_ms = 1714550400000;
  transaction.parent_id = "urn:epc:id:sscc:4012345.0000000001";
  transaction.epcs = {"urn:epc:id:sgtin:4012345.012345.S2"};
  transaction.biz_transactions = {{"po", "urn:epcglobal:cbv:bt:4098765000002:PO-9"}};
  events.push_back(transaction);
  Event association = transaction;
  association.type = EventType::kAssociation;
  association.biz_transactions.clear();
  events.push_back(association);
  Event declared = events[0];
  declared.error_declared = true;
  declared.record_time_ms = 1714553000000;
  events.push_back(declared);

  const json doc = to_epcis_document(events, 1714550400000);
  EXPECT_EQ(dump(schema->validate(doc, "written")), "");
}

TEST(EpcisWriter, RoundTripThroughTheReader) {
  const auto events = epcis_sample_events();
  const std::string text = to_epcis_document(events, 0).dump(2);
  const auto r = read_epcis_document(text, "round-trip");
  ASSERT_TRUE(r.ok()) << dump(r.issues);
  ASSERT_EQ(r.events.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& in = events[i];
    const Event& out = r.events[i];
    EXPECT_EQ(out.type, in.type);
    EXPECT_EQ(out.action, in.action);
    EXPECT_EQ(out.event_time_ms, in.event_time_ms);
    EXPECT_EQ(out.timezone_offset_minutes, in.timezone_offset_minutes);
    EXPECT_EQ(out.epcs, in.epcs);
    EXPECT_EQ(out.parent_id, in.parent_id);
    EXPECT_EQ(out.biz_step, in.biz_step);
    EXPECT_EQ(out.disposition, in.disposition);
    EXPECT_EQ(out.read_point, in.read_point);
    EXPECT_EQ(out.biz_location, in.biz_location);
    EXPECT_EQ(out.biz_transactions.size(), in.biz_transactions.size());
    EXPECT_EQ(out.sources.size(), in.sources.size());
    EXPECT_EQ(out.destinations.size(), in.destinations.size());
    EXPECT_EQ(out.sensor_elements.size(), in.sensor_elements.size());
    EXPECT_EQ(out.ilmd_lot, in.ilmd_lot);
    EXPECT_EQ(out.ilmd_expiry, in.ilmd_expiry);
    // The hash id survives: re-hashing the read event gives the id it was written with.
    EXPECT_EQ(event_hash_id(out), out.event_id);
  }
}

// A TransformationEvent carries inputs, outputs and transformationID; all survive a write/read
// cycle and the written document satisfies GS1's schema.
TEST(EpcisWriter, TransformationEventRoundTrip) {
  Event t;
  t.type = EventType::kTransformation;
  t.event_time_ms = 1714550400000;
  t.timezone_offset_minutes = 120;
  t.epcs = {"urn:epc:id:sgtin:4012345.011122.25"};
  t.quantities = {{"urn:epc:class:lgtin:4012345.011111.4444", 10, "KGM"},
                  {"urn:epc:idpat:sgtin:4012345.066666.*", 220, ""}};
  t.output_epcs = {"urn:epc:id:sgtin:4012345.077889.25", "urn:epc:id:sgtin:4012345.077889.26"};
  t.output_quantities = {{"urn:epc:class:lgtin:4054739.099902.P20131121", 9520, ""},
                         {"urn:epc:class:lgtin:4054739.099902.P7", 0.75, "KGM"}};
  t.transformation_id = "urn:epc:id:gdti:4012345.55555.1234";
  t.biz_step = "commissioning";
  t.disposition = "in_progress";
  t.read_point = "urn:epc:id:sgln:4012345.00001.0";
  const std::vector<Event> events = {t};
  const json doc = to_epcis_document(events, 1714550400000);
  const json& written = doc["epcisBody"]["eventList"][0];
  EXPECT_EQ(written["transformationID"], "urn:epc:id:gdti:4012345.55555.1234");
  EXPECT_EQ(written["outputQuantityList"].size(), 2u);
  EXPECT_EQ(written["outputQuantityList"][0]["quantity"], 9520);
  EXPECT_EQ(written["inputQuantityList"][1]["epcClass"], "urn:epc:idpat:sgtin:4012345.066666.*");
  EXPECT_FALSE(written.contains("action"));  // TransformationEvents have none
  if (const EpcisSchema* schema = shared_schema()) {
    EXPECT_EQ(dump(schema->validate(doc, "transformation")), "");
  }
  const auto r = read_epcis_document(doc.dump(), "transformation");
  ASSERT_TRUE(r.ok()) << dump(r.issues);
  ASSERT_EQ(r.events.size(), 1u);
  Event expected = t;
  expected.event_id = event_hash_id(t);
  EXPECT_EQ(r.events[0], expected);
  // Outputs and transformationID are part of the hash: changing one changes the id.
  Event other = t;
  other.transformation_id = "urn:epc:id:gdti:4012345.55555.1235";
  EXPECT_NE(event_hash_id(other), event_hash_id(t));
  other = t;
  other.output_quantities[1].quantity = 0.5;
  EXPECT_NE(event_hash_id(other), event_hash_id(t));
}

}  // namespace
}  // namespace pharmatwin::serialization
