// Event hash ids against published CBV 2.0 expectations.
//
// Expected pre-hash strings and hash ids are those published with GS1's EPCIS Event Hash
// Generator reference implementation (github.com/RalphTro/epcis-event-hash-generator,
// tests/examples/expected/CBV2.0/), for the event documents re-typed below.
#include "pharmatwin/serialization/epcis_hash.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pharmatwin/serialization/epcis_reader.hpp"
#include "pharmatwin/serialization/epcis_writer.hpp"

namespace pharmatwin::serialization {
namespace {

using nlohmann::json;

// epcisDocWithVariousEventTypes: context declares example and cbvmda ("urn:epcglobal:cbv:mda:").
const char* const kVariousEventTypes = R"({
 "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
   {"example": "https://ns.example.com/epcis/"}, {"cbvmda": "urn:epcglobal:cbv:mda:"}],
 "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2022-02-17T11:30:47.0Z",
 "epcisBody": {"eventList": [
  {"type": "ObjectEvent", "eventTime": "2019-10-21T11:00:30.000+01:00", "eventTimeZoneOffset": "+01:00",
   "epcList": ["urn:epc:id:sscc:5200001.0111111146"], "action": "OBSERVE", "bizStep": "departing",
   "readPoint": {"id": "urn:epc:id:sgln:5200001.99901.0"},
   "bizTransactionList": [{"type": "desadv", "bizTransaction": "urn:epcglobal:cbv:bt:5200001000008:4711"},
                          {"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:5200001000008:RE1099"}],
   "sourceList": [{"type": "possessing_party", "source": "urn:epc:id:pgln:5200001.00000"}],
   "destinationList": [{"type": "possessing_party", "destination": "urn:epc:id:pgln:4000001.98765"},
                       {"type": "location", "destination": "urn:epc:id:sgln:4012345.00012.0"}]},
  {"type": "ObjectEvent", "eventTime": "2019-10-21T12:00:30.000+01:00", "eventTimeZoneOffset": "+01:00",
   "epcList": ["urn:epc:id:sscc:5200001.0111111146"], "action": "OBSERVE", "bizStep": "receiving",
   "readPoint": {"id": "urn:epc:id:sgln:4012345.00012.0"},
   "bizTransactionList": [{"type": "desadv", "bizTransaction": "urn:epcglobal:cbv:bt:5200001000008:4711"},
                          {"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:5200001000008:RE1099"}],
   "sourceList": [{"type": "possessing_party", "source": "urn:epc:id:pgln:4000001.00012"},
                  {"type": "owning_party", "source": "urn:epc:id:pgln:4000001.00012"}],
   "destinationList": [{"type": "possessing_party", "destination": "urn:epc:id:pgln:4012345.00000"},
                       {"type": "owning_party", "destination": "urn:epc:id:pgln:4012345.00000"},
                       {"type": "location", "destination": "urn:epc:id:sgln:4012345.00012.0"}]},
  {"type": "ObjectEvent", "eventTime": "2019-10-21T15:45:00.000+01:00", "eventTimeZoneOffset": "+01:00",
   "epcList": ["urn:epc:id:sscc:4012345.0111111111"], "action": "OBSERVE", "bizStep": "inspecting",
   "disposition": "in_progress", "readPoint": {"id": "urn:epc:id:sgln:4012345.00024.0"}},
  {"type": "ObjectEvent", "eventTime": "2019-10-21T14:58:56.000+02:00", "eventTimeZoneOffset": "+02:00",
   "quantityList": [{"epcClass": "urn:epc:class:lgtin:4054739.099914.20160711", "quantity": 600, "uom": "KGM"}],
   "action": "ADD", "bizStep": "commissioning", "readPoint": {"id": "urn:epc:id:sgln:4054739.00001.0"},
   "ilmd": {"cbvmda:bestBeforeDate": "2019-10-21"}},
  {"type": "AggregationEvent", "eventTime": "2019-10-21T11:58:56.591+02:00", "eventTimeZoneOffset": "+02:00",
   "parentID": "urn:epc:id:sscc:4047023.0111111122",
   "childEPCs": ["urn:epc:id:sgtin:4047023.077551.98", "urn:epc:id:sgtin:4047023.077551.97",
                 "urn:epc:id:sgtin:4047023.077551.107", "urn:epc:id:sgtin:4047023.077551.109"],
   "action": "ADD", "bizStep": "packing", "readPoint": {"id": "urn:epc:id:sgln:4047023.00012.0"}},
  {"type": "AggregationEvent", "eventTime": "2019-10-21T17:30:56.591+02:00", "eventTimeZoneOffset": "+02:00",
   "parentID": "urn:epc:id:sscc:4012344.0111111133",
   "childQuantityList": [{"epcClass": "urn:epc:class:lgtin:4054739.099902.P2", "quantity": 12, "uom": "KGM"},
                         {"epcClass": "urn:epc:class:lgtin:4054739.012345.lot2", "quantity": 17}],
   "action": "ADD", "bizStep": "packing", "readPoint": {"id": "urn:epc:id:sgln:4012345.00025.0"}},
  {"type": "AggregationEvent", "eventTime": "2019-10-21T11:58:56.591+02:00", "eventTimeZoneOffset": "+02:00",
   "parentID": "urn:epc:id:sscc:4012344.0111111144", "action": "DELETE", "bizStep": "unpacking",
   "readPoint": {"id": "urn:epc:id:sgln:4012345.00025.0"},
   "bizTransactionList": [{"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:4012345123456:RE1099"}]},
  {"type": "AggregationEvent", "eventTime": "2019-10-21T14:02:56.000+02:00", "eventTimeZoneOffset": "+02:00",
   "parentID": "urn:epc:id:sscc:4012344.0998811122",
   "childEPCs": ["urn:epc:id:sscc:4012344.0998811123", "urn:epc:id:sscc:4012344.0998811124",
                 "urn:epc:id:sscc:4012344.0998811125"],
   "action": "DELETE", "bizStep": "unpacking", "readPoint": {"id": "urn:epc:id:sgln:4012345.00077.0"},
   "bizTransactionList": [{"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:4012345123456:4711"}]},
  {"type": "TransactionEvent", "eventTime": "2019-10-21T00:05:00-06:00", "eventTimeZoneOffset": "-06:00",
   "epcList": ["urn:epc:id:sgtin:0614141.107340.1", "urn:epc:id:sgtin:0614141.107340.2"],
   "action": "ADD", "bizStep": "shipping", "readPoint": {"id": "urn:epc:id:sgln:4012345.00000.5"},
   "bizLocation": {"id": "urn:epc:id:sgln:4012345.00000.0"},
   "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4012345123456:RE100099"}]},
  {"type": "TransactionEvent", "eventTime": "2019-10-21T14:58:56.591+02:00", "eventTimeZoneOffset": "+02:00",
   "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.099988.2014-02-10", "quantity": 2030, "uom": "KGM"}],
   "action": "ADD", "bizStep": "holding", "readPoint": {"id": "urn:epc:id:sgln:4012345.00025.0"},
   "bizLocation": {"id": "urn:epc:id:sgln:4012345.00002.0"},
   "bizTransactionList": [{"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:4012345123456:RE1099"}]},
  {"type": "TransformationEvent", "eventTime": "2019-10-21T14:58:56.591+02:00", "eventTimeZoneOffset": "+02:00",
   "inputEPCList": ["urn:epc:id:sgtin:4012345.011122.25", "urn:epc:id:sgtin:4000001.065432.99886655"],
   "outputEPCList": ["urn:epc:id:sgtin:4012345.077889.25", "urn:epc:id:sgtin:4012345.077889.26",
                     "urn:epc:id:sgtin:4012345.077889.27", "urn:epc:id:sgtin:4012345.077889.28"],
   "transformationID": "urn:epc:id:gdti:4012345.55555.1234", "bizStep": "commissioning",
   "readPoint": {"id": "urn:epc:id:sgln:4012345.00001.0"},
   "ilmd": {"example:bestBeforeDate": "2020-11-10", "example:batch": "4711"}},
  {"type": "TransformationEvent", "eventTime": "2019-10-21T14:58:56.591+02:00", "eventTimeZoneOffset": "+02:00",
   "inputEPCList": ["urn:epc:id:sgtin:4012345.011122.25", "urn:epc:id:sgtin:4000001.065432.99886655"],
   "outputEPCList": ["urn:epc:id:sgtin:4012345.077889.25", "urn:epc:id:sgtin:4012345.077889.26",
                     "urn:epc:id:sgtin:4012345.077889.27", "urn:epc:id:sgtin:4012345.077889.28"],
   "inputQuantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.011111.4444", "quantity": 10, "uom": "KGM"},
                         {"epcClass": "urn:epc:class:lgtin:0614141.077777.987", "quantity": 30},
                         {"epcClass": "urn:epc:idpat:sgtin:4012345.066666.*", "quantity": 220}],
   "bizStep": "commissioning", "readPoint": {"id": "urn:epc:id:sgln:4012345.00001.0"},
   "ilmd": {"example:bestBeforeDate": "2015-11-10", "example:batch": "XYZ"}},
  {"type": "TransformationEvent", "eventTime": "2019-10-21T14:58:56.591+02:00", "eventTimeZoneOffset": "+02:00",
   "inputEPCList": ["urn:epc:id:sgtin:4012345.011122.25", "urn:epc:id:sgtin:4000001.065432.99886655"],
   "outputQuantityList": [{"epcClass": "urn:epc:class:lgtin:4054739.099902.P20131121", "quantity": 9520}],
   "transformationID": "urn:epc:id:gdti:4012345.55555.1234",
   "bizStep": "http://epcis.example.com/user/vocab/bizstep/exampling",
   "readPoint": {"id": "urn:epc:id:sgln:4012345.00001.0"}}
 ]}})";

const char* const kVariousEventTypesHashes[] = {
    "253f0178f96349eedc207505b49044a602129605cf692e3d9f1f36c8bd1dfb0d",
    "ef43acf0e69951f79739f603f714893784648a41bac3f58035b5830a978a2631",
    "c50842eb714406394a77fb7b517fea621c78a61f65549874de7c9e019afe7b6f",
    "5f396ea5cb32fe4d0980cb79f5a5eb9640559e9f5a6cefa5c98a7d6ad554b50b",
    "c941e6486c561c2be83c28dc228c150eaef9a6befb1015e6cc563982fb7414b6",
    "cfda50b7ff23682e989bafc3747ac9b752f405305fcde6618280f6be27344f35",
    "c4bdb87c8d59d6ab569d0cfc6583e9dd4c314cdf71799b0ef8d4febe5239d9c5",
    "a62b9f9e429fcba628ea47d073542ca67e9fbe4688df2c649b8cd13b8519b91f",
    "cf6559dc931963f19ed9cd2fe33c02ef64c8cfd557e5a96b086a87db315b7122",
    "b741a543ea0b2a4c4bdb3441c7dc196b41710e5b2c9870b211fac8d6d4c93427",
    "335da6c3ab1d932824748791beec4d7ed261ed383f6849f6b8718e8fafb4d298",
    "36ab2ba0e3eac03d14a630148c63c31da00b8c4f1c311f501eb459e89a6e6350",
    "756558aa09b2d38c6bcb6e50eab2fcbebd9bde17362a7c4f4686a5d7f5fb013f",
};

TEST(EpcisHash, Sha256OfKnownText) {
  // FIPS 180-2 test vector.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(EpcisHash, PublishedHashesOfVariousEventTypes) {
  const json doc = json::parse(kVariousEventTypes);
  const NamespaceMap namespaces = namespaces_from_context(doc["@context"]);
  const json& events = doc["epcisBody"]["eventList"];
  ASSERT_EQ(events.size(), std::size(kVariousEventTypesHashes));
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(event_hash_id(events[i], namespaces),
              std::string("ni:///sha-256;") + kVariousEventTypesHashes[i] + "?ver=CBV2.0")
        << "event " << i << " pre-hash: " << event_pre_hash(events[i], namespaces);
  }
}

TEST(EpcisHash, PublishedPreHashOfAggregationEvent) {
  const json doc = json::parse(kVariousEventTypes);
  const NamespaceMap namespaces = namespaces_from_context(doc["@context"]);
  EXPECT_EQ(event_pre_hash(doc["epcisBody"]["eventList"][4], namespaces),
            "eventType=AggregationEventeventTime=2019-10-21T09:58:56.591ZeventTimeZoneOffset=+02:00"
            "parentID=https://id.gs1.org/00/040470231111111229childEPCs"
            "epc=https://id.gs1.org/01/04047023775511/21/107"
            "epc=https://id.gs1.org/01/04047023775511/21/109"
            "epc=https://id.gs1.org/01/04047023775511/21/97"
            "epc=https://id.gs1.org/01/04047023775511/21/98action=ADD"
            "bizStep=https://ref.gs1.org/cbv/BizStep-packing"
            "readPointid=https://id.gs1.org/414/4047023000125");
}

// The last TransformationEvent of epcisDocWithVariousEventTypes (inputEPCList, outputQuantityList,
// transformationID, user bizStep) fits the Event struct: read into an Event and hashed from it,
// it keeps the published id.
TEST(EpcisHash, TransformationEventHashFromTheEventStruct) {
  const auto r = read_epcis_document(kVariousEventTypes, "various");
  ASSERT_EQ(r.events.size(), std::size(kVariousEventTypesHashes));
  const Event& t = r.events[12];
  ASSERT_EQ(t.type, EventType::kTransformation);
  EXPECT_EQ(t.transformation_id, "urn:epc:id:gdti:4012345.55555.1234");
  ASSERT_EQ(t.output_quantities.size(), 1u);
  EXPECT_EQ(t.output_quantities[0].epc_class, "urn:epc:class:lgtin:4054739.099902.P20131121");
  EXPECT_EQ(t.output_quantities[0].quantity, 9520);
  EXPECT_EQ(event_hash_id(t),
            std::string("ni:///sha-256;") + kVariousEventTypesHashes[12] + "?ver=CBV2.0");
  // Event 10 (outputEPCList, transformationID; no ILMD kept in the Event) differs only by its ILMD.
  EXPECT_EQ(r.events[10].output_epcs.size(), 4u);
  EXPECT_EQ(r.events[10].transformation_id, "urn:epc:id:gdti:4012345.55555.1234");
}

TEST(EpcisHash, PublishedHashOfSingleShippingEvent) {
  // epcisDocWithSingleEvent (CBV2.0 expectation).
  const json event = json::parse(R"({"type": "ObjectEvent", "action": "OBSERVE",
    "bizStep": "shipping", "disposition": "in_transit",
    "epcList": ["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"],
    "eventTime": "2022-02-16T20:33:31.116000-06:00", "eventTimeZoneOffset": "-06:00",
    "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
    "bizTransactionList": [{"type": "po", "bizTransaction": "http://transaction.acme.com/po/12345678"}]})");
  EXPECT_EQ(
      event_hash_id(event, namespaces_from_context(json())),
      "ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b?ver=CBV2.0");
}

TEST(EpcisHash, PublishedHashOfSensorEvent) {
  // epcisDocWithSensorDataObjectEvent: three sensor elements of four reports each.
  json event = json::parse(R"({"type": "ObjectEvent", "eventTime": "2022-02-16T15:00:00.000+01:00",
    "eventTimeZoneOffset": "+01:00", "epcList": ["urn:epc:id:sgtin:4012345.011111.9876"],
    "action": "OBSERVE", "bizStep": "inspecting", "readPoint": {"id": "urn:epc:id:sgln:4012345.00005.0"},
    "sensorElementList": []})");
  const char* times[] = {"2022-02-16T14:05:00.000+01:00", "2022-02-16T14:35:00.000+01:00",
                         "2022-02-16T14:55:00.000+01:00"};
  const double temperature[] = {26, 26.1, 26.2}, humidity[] = {12.1, 12.2, 12.2};
  for (int i = 0; i < 3; ++i) {
    event["sensorElementList"].push_back(
        {{"sensorMetadata",
          {{"time", times[i]},
           {"deviceID", "urn:epc:id:giai:4000001.111"},
           {"deviceMetadata", "https://id.gs1.org/8004/4000001111"},
           {"rawData", "https://id.example.org/8004/401234599999"}}},
         {"sensorReport",
          {{{"type", "Temperature"}, {"value", temperature[i]}, {"uom", "CEL"}},
           {{"type", "AbsoluteHumidity"}, {"value", humidity[i]}, {"uom", "A93"}},
           {{"type", "Speed"}, {"value", 160 + i}, {"uom", "KMH"}},
           {{"type", "Illuminance"}, {"value", 800 + i}, {"uom", "LUX"}}}}});
  }
  EXPECT_EQ(
      event_hash_id(event, namespaces_from_context(json())),
      "ni:///sha-256;bea63f2741e3f4ae7cab8abba1be5bf172109f749bedaa7e8620fb9bd26847b5?ver=CBV2.0");
}

TEST(EpcisHash, SameEventInDifferentSpellingsHashesAlike) {
  const json bare = json::parse(R"({"type": "ObjectEvent", "action": "OBSERVE",
    "eventTime": "2020-01-01T01:00:00+01:00", "eventTimeZoneOffset": "+01:00",
    "epcList": ["urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:id:sgtin:0614141.107346.2017"],
    "bizStep": "shipping", "disposition": "in_transit"})");
  const json spelled = json::parse(R"({"disposition": "urn:epcglobal:cbv:disp:in_transit",
    "bizStep": "https://ref.gs1.org/cbv/BizStep-shipping", "eventTimeZoneOffset": "+01:00",
    "epcList": ["https://example.com/01/10614141073464/21/2017?linkType=all",
                "https://id.gs1.org/01/10614141073464/21/2018"],
    "eventTime": "2020-01-01T00:00:00.000Z", "action": "OBSERVE", "type": "ObjectEvent"})");
  const auto ns = namespaces_from_context(json());
  EXPECT_EQ(event_pre_hash(bare, ns), event_pre_hash(spelled, ns));
  json changed = bare;
  changed["disposition"] = "in_progress";
  EXPECT_NE(event_hash_id(bare, ns), event_hash_id(changed, ns));
}

TEST(EpcisHash, SubMillisecondDigitsRoundOnTheFourthDecimal) {
  const auto ns = namespaces_from_context(json());
  const json a = {{"type", "ObjectEvent"}, {"eventTime", "2020-01-01T00:00:00.1235Z"}};
  const json b = {{"type", "ObjectEvent"}, {"eventTime", "2020-01-01T00:00:00.1234999Z"}};
  EXPECT_EQ(event_pre_hash(a, ns), "eventType=ObjectEventeventTime=2020-01-01T00:00:00.124Z");
  EXPECT_EQ(event_pre_hash(b, ns), "eventType=ObjectEventeventTime=2020-01-01T00:00:00.123Z");
}

TEST(EpcisHash, EventStructHashMatchesItsJsonForm) {
  Event event;
  event.type = EventType::kObject;
  event.action = Action::kObserve;
  event.event_time_ms = 1645065211116;  // 2022-02-17T02:33:31.116Z
  event.timezone_offset_minutes = -360;
  event.epcs = {"urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"};
  event.biz_step = "shipping";
  event.disposition = "in_transit";
  event.read_point = "urn:epc:id:sgln:0614141.07346.1234";
  event.biz_transactions = {{"po", "http://transaction.acme.com/po/12345678"}};
  // The same event as epcisDocWithSingleEvent above.
  EXPECT_EQ(
      event_hash_id(event),
      "ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b?ver=CBV2.0");
}

}  // namespace
}  // namespace pharmatwin::serialization
