#include "pharmatwin/serialization/epcis_writer.hpp"

#include <cmath>

#include "pharmatwin/serialization/epcis_hash.hpp"
#include "pharmatwin/serialization/epcis_time.hpp"

namespace pharmatwin::serialization {
namespace {

using nlohmann::json;

// Whole quantities are written as JSON integers ("quantity": 12, not 12.0).
json number(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9.0e15) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

json quantity_list(const std::vector<QuantityElement>& quantities) {
  json list = json::array();
  for (const auto& q : quantities) {
    json element = {{"epcClass", q.epc_class}};
    if (q.quantity >= 0) element["quantity"] = number(q.quantity);  // < 0: unknown, left out
    if (!q.uom.empty()) element["uom"] = q.uom;
    list.push_back(std::move(element));
  }
  return list;
}

json source_dest_list(const std::vector<SourceDest>& entries, const char* id_key) {
  json list = json::array();
  for (const auto& entry : entries) {
    list.push_back({{"type", entry.type}, {id_key, entry.id}});
  }
  return list;
}

json sensor_element_list(const std::vector<SensorElement>& elements) {
  json list = json::array();
  for (const auto& element : elements) {
    json out = json::object();
    json metadata = json::object();
    if (element.time_ms) metadata["time"] = format_utc_ms(*element.time_ms);
    if (!element.device_id.empty()) metadata["deviceID"] = element.device_id;
    if (!metadata.empty()) out["sensorMetadata"] = std::move(metadata);
    json reports = json::array();
    for (const auto& report : element.reports) {
      json r = {{"type", report.type}, {"value", number(report.value)}};
      if (report.min_value) r["minValue"] = number(*report.min_value);
      if (report.max_value) r["maxValue"] = number(*report.max_value);
      if (report.mean_value) r["meanValue"] = number(*report.mean_value);
      if (!report.uom.empty()) r["uom"] = report.uom;
      if (report.time_ms) r["time"] = format_utc_ms(*report.time_ms);
      reports.push_back(std::move(r));
    }
    out["sensorReport"] = std::move(reports);
    list.push_back(std::move(out));
  }
  return list;
}

}  // namespace

const char* event_type_name(EventType type) {
  switch (type) {
    case EventType::kObject:
      return "ObjectEvent";
    case EventType::kAggregation:
      return "AggregationEvent";
    case EventType::kTransaction:
      return "TransactionEvent";
    case EventType::kTransformation:
      return "TransformationEvent";
    case EventType::kAssociation:
      return "AssociationEvent";
  }
  return "ObjectEvent";
}

const char* action_name(Action action) {
  switch (action) {
    case Action::kAdd:
      return "ADD";
    case Action::kObserve:
      return "OBSERVE";
    case Action::kDelete:
      return "DELETE";
    case Action::kNone:
      return "";
  }
  return "";
}

json event_to_json(const Event& event) {
  json out = json::object();
  out["type"] = event_type_name(event.type);
  out["eventTime"] = format_utc_ms(event.event_time_ms);
  out["eventTimeZoneOffset"] = format_timezone_offset(event.timezone_offset_minutes);
  if (event.record_time_ms) out["recordTime"] = format_utc_ms(*event.record_time_ms);
  if (!event.event_id.empty()) out["eventID"] = event.event_id;
  if (event.error_declared) {
    // event.hpp keeps no declaration time; the record time (else event time) stands in.
    out["errorDeclaration"] = {
        {"declarationTime", format_utc_ms(event.record_time_ms.value_or(event.event_time_ms))}};
  }
  const bool transformation = event.type == EventType::kTransformation;
  const bool grouping =
      event.type == EventType::kAggregation || event.type == EventType::kAssociation;
  if (!event.parent_id.empty() && !transformation && event.type != EventType::kObject) {
    out["parentID"] = event.parent_id;
  }
  const char* epc_key = transformation ? "inputEPCList" : grouping ? "childEPCs" : "epcList";
  if (!event.epcs.empty()) out[epc_key] = event.epcs;
  if (!event.quantities.empty()) {
    const char* key = transformation ? "inputQuantityList"
                      : grouping     ? "childQuantityList"
                                     : "quantityList";
    out[key] = quantity_list(event.quantities);
  }
  if (transformation) {
    if (!event.output_epcs.empty()) out["outputEPCList"] = event.output_epcs;
    if (!event.output_quantities.empty()) {
      out["outputQuantityList"] = quantity_list(event.output_quantities);
    }
    if (!event.transformation_id.empty()) out["transformationID"] = event.transformation_id;
  }
  if (!transformation && event.action != Action::kNone) out["action"] = action_name(event.action);
  if (!event.biz_step.empty()) out["bizStep"] = event.biz_step;
  if (!event.disposition.empty()) out["disposition"] = event.disposition;
  if (!event.read_point.empty()) out["readPoint"] = {{"id", event.read_point}};
  if (!event.biz_location.empty()) out["bizLocation"] = {{"id", event.biz_location}};
  if (!event.biz_transactions.empty()) {
    json list = json::array();
    for (const auto& bt : event.biz_transactions) {
      json entry = {{"bizTransaction", bt.id}};
      if (!bt.type.empty()) entry["type"] = bt.type;
      list.push_back(std::move(entry));
    }
    out["bizTransactionList"] = std::move(list);
  }
  if (!event.sources.empty()) out["sourceList"] = source_dest_list(event.sources, "source");
  if (!event.destinations.empty()) {
    out["destinationList"] = source_dest_list(event.destinations, "destination");
  }
  if (!event.sensor_elements.empty()) {
    out["sensorElementList"] = sensor_element_list(event.sensor_elements);
  }
  if (!event.ilmd_lot.empty() || !event.ilmd_expiry.empty()) {
    json ilmd = json::object();
    if (!event.ilmd_lot.empty()) ilmd["cbvmda:lotNumber"] = event.ilmd_lot;
    if (!event.ilmd_expiry.empty()) ilmd["cbvmda:itemExpirationDate"] = event.ilmd_expiry;
    out["ilmd"] = std::move(ilmd);
  }
  return out;
}

json to_epcis_document(std::span<const Event> events, std::int64_t creation_time_ms,
                       const EpcisWriteOptions& options) {
  static const NamespaceMap kDefaultNamespaces = namespaces_from_context(json());
  json event_list = json::array();
  for (const auto& event : events) {
    json object = event_to_json(event);
    if (event.event_id.empty() && options.assign_hash_ids) {
      object["eventID"] = event_hash_id(object, kDefaultNamespaces);
    }
    event_list.push_back(std::move(object));
  }
  json document = json::object();
  document["@context"] = json::array({kEpcisContextUrl});
  if (!options.document_id.empty()) document["id"] = options.document_id;
  document["type"] = "EPCISDocument";
  document["schemaVersion"] = "2.0";
  document["creationDate"] = format_utc_ms(creation_time_ms);
  document["epcisBody"] = {{"eventList", std::move(event_list)}};
  return document;
}

}  // namespace pharmatwin::serialization
