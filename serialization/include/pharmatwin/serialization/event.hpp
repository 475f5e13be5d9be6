// The serialization engine's model of an EPCIS 2.0 event.
//
// One struct covers the five EPCIS event types; fields that a type does not use stay empty.
// Identifiers are kept as EPC URIs ("urn:epc:id:sgtin:...", "urn:epc:id:sscc:...",
// "urn:epc:id:sgln:...") exactly as the EPCIS document carries them; gs1.hpp converts them.
// CBV values are stored in their bare form ("shipping", "in_progress"), whether the document
// used the bare word or the full URI ("urn:epcglobal:cbv:bizstep:shipping").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pharmatwin::serialization {

enum class EventType { kObject, kAggregation, kTransaction, kTransformation, kAssociation };
enum class Action { kNone, kAdd, kObserve, kDelete };

struct QuantityElement {
  std::string epc_class;  // "urn:epc:class:lgtin:..." or "urn:epc:idpat:sgtin:..."
  double quantity = 0;    // negative: unknown (written without a quantity)
  std::string uom;        // UN/CEFACT code, empty when counted in units

  bool operator==(const QuantityElement&) const = default;
};

struct BizTransaction {
  std::string type;  // bare CBV word: "po", "desadv", "inv", ...
  std::string id;    // usually "urn:epcglobal:cbv:bt:<gln>:<id>"

  bool operator==(const BizTransaction&) const = default;
};

struct SourceDest {
  std::string type;  // bare CBV word: "owning_party", "possessing_party", "location"
  std::string id;    // "urn:epc:id:sgln:..." or "urn:epc:id:pgln:..."

  bool operator==(const SourceDest&) const = default;
};

struct SensorReport {
  std::string type;  // "Temperature", ...
  double value = 0;
  std::optional<double> min_value, max_value, mean_value;
  std::string uom;  // "CEL"
  std::optional<std::int64_t> time_ms;

  bool operator==(const SensorReport&) const = default;
};

struct SensorElement {
  std::optional<std::int64_t> time_ms;
  std::string device_id;
  std::vector<SensorReport> reports;

  bool operator==(const SensorElement&) const = default;
};

struct Event {
  EventType type = EventType::kObject;
  std::string event_id;             // "ni:///sha-256;...?ver=CBV2.0" or a UUID URN
  std::int64_t event_time_ms = 0;   // Unix epoch, UTC
  int timezone_offset_minutes = 0;  // from eventTimeZoneOffset, e.g. "+01:00" -> 60
  std::optional<std::int64_t> record_time_ms;
  Action action = Action::kNone;            // not used by TransformationEvent
  std::string parent_id;                    // AggregationEvent / AssociationEvent parent
  std::vector<std::string> epcs;            // epcList / childEPCs / inputEPCList
  std::vector<QuantityElement> quantities;  // quantityList / childQuantityList / inputQuantityList
  // TransformationEvent only: outputs and the id linking the parts of one transformation.
  std::vector<std::string> output_epcs;            // outputEPCList
  std::vector<QuantityElement> output_quantities;  // outputQuantityList
  std::string transformation_id;                   // transformationID, e.g. a GDTI URI
  std::string biz_step;      // bare CBV word: "commissioning", "shipping", ...
  std::string disposition;   // bare CBV word: "active", "in_transit", ...
  std::string read_point;    // SGLN URI
  std::string biz_location;  // SGLN URI
  std::vector<BizTransaction> biz_transactions;
  std::vector<SourceDest> sources;
  std::vector<SourceDest> destinations;
  std::vector<SensorElement> sensor_elements;
  // ILMD (instance/lot master data) of commissioning events: lot and expiry of the EPCs.
  std::string ilmd_lot;     // cbvmda:lotNumber
  std::string ilmd_expiry;  // cbvmda:itemExpirationDate, "YYYY-MM-DD"
  // An ErrorDeclaration marks this event as corrected/retracted.
  bool error_declared = false;

  bool operator==(const Event&) const = default;
};

}  // namespace pharmatwin::serialization
