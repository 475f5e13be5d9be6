// EPCIS event hash ids (CBV 2.0, "EPCIS Event Hash ID"): a syntax-independent fingerprint of an
// event, written "ni:///sha-256;<64 hex>?ver=CBV2.0".
//
// The pre-hash string concatenates the event's fields in the canonical property order (eventType,
// eventTime, eventTimeZoneOffset, epcList, parentID, inputEPCList, childEPCs, the quantity lists,
// outputEPCList, action, transformationID, bizStep, disposition, persistentDisposition, readPoint,
// bizLocation, bizTransactionList, sourceList, destinationList, sensorElementList, ilmd, user
// extensions) as key=value pairs without separators. Timestamps become UTC with milliseconds,
// CBV values become https://ref.gs1.org/cbv/ URIs, EPC URIs become canonical GS1 Digital Link
// URIs, list members are sorted, and extension names are expanded to "{namespace}local".
//
// Example:
//   std::string id = event_hash_id(event);  // "ni:///sha-256;3e0f...?ver=CBV2.0"
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "pharmatwin/serialization/event.hpp"

namespace pharmatwin::serialization {

// JSON-LD prefix -> namespace IRI ("example" -> "http://ns.example.com/epcis/").
using NamespaceMap = std::map<std::string, std::string, std::less<>>;

// The namespaces a document's "@context" declares, over the defaults of the EPCIS 2.0 context.
NamespaceMap namespaces_from_context(const nlohmann::json& context);

// Pre-hash string of one EPCIS 2.0 JSON-LD event object.
std::string event_pre_hash(const nlohmann::json& event, const NamespaceMap& namespaces);

// "ni:///sha-256;<hex>?ver=CBV2.0" of one EPCIS 2.0 JSON-LD event object.
std::string event_hash_id(const nlohmann::json& event, const NamespaceMap& namespaces);

// Hash id of an Event as the EPCIS writer would serialise it (its own event_id is ignored).
std::string event_hash_id(const Event& event);

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace pharmatwin::serialization
