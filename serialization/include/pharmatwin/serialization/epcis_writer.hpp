// Writes Events as EPCIS 2.0 JSON-LD: one event object, or a whole EPCISDocument with @context,
// schemaVersion "2.0", creationDate and epcisBody.eventList.
//
// Events that carry no event_id get their CBV 2.0 event hash id ("ni:///sha-256;...?ver=CBV2.0").
// Output is deterministic: the same events and creation time always give the same bytes.
//
// Example:
//   nlohmann::json doc = to_epcis_document(events, now_ms);
//   std::ofstream("out.jsonld") << doc.dump(2);
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "pharmatwin/serialization/event.hpp"

namespace pharmatwin::serialization {

inline constexpr const char* kEpcisContextUrl =
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

struct EpcisWriteOptions {
  bool assign_hash_ids = true;  // give events without event_id their CBV 2.0 hash id
  std::string document_id;      // the document's "id" (an IRI); omitted when empty
};

// "ObjectEvent", "AggregationEvent", ...
const char* event_type_name(EventType type);
// "ADD", "OBSERVE", "DELETE"; "" for kNone.
const char* action_name(Action action);

// One event as an EPCIS 2.0 JSON-LD event object (eventID only if the event has one).
nlohmann::json event_to_json(const Event& event);

// A complete EPCISDocument holding `events` in order.
nlohmann::json to_epcis_document(std::span<const Event> events, std::int64_t creation_time_ms,
                                 const EpcisWriteOptions& options = {});

}  // namespace pharmatwin::serialization
