#include "pharmatwin/serialization/epcis_reader.hpp"

#include "pharmatwin/serialization/epcis_cbv.hpp"
#include "pharmatwin/serialization/epcis_time.hpp"

namespace pharmatwin::serialization {
namespace {

using nlohmann::json;

// Deepest nesting of objects/arrays in the text, and where it first passes `limit`.
std::size_t nesting_beyond(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return i;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

// Collects issues for one event, all pointing into it.
class EventReader {
 public:
  EventReader(const std::string& file, const std::string& pointer, int index,
              std::vector<EpcisIssue>& issues)
      : file_(file), pointer_(pointer), index_(index), issues_(issues) {}

  void error(const std::string& member, std::string rule, std::string message) {
    add(IssueSeverity::kError, member, std::move(rule), std::move(message));
  }
  void warning(const std::string& member, std::string rule, std::string message) {
    add(IssueSeverity::kWarning, member, std::move(rule), std::move(message));
  }
  bool failed() const { return failed_; }

  // String member; "" when absent. Wrong types are errors.
  std::string text(const json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end()) return {};
    if (!it->is_string()) {
      error(where + "/" + key, "type", std::string(key) + " must be a string");
      return {};
    }
    return it->get<std::string>();
  }

  std::vector<std::string> string_list(const json& object, const char* key) {
    std::vector<std::string> out;
    const auto it = object.find(key);
    if (it == object.end()) return out;
    if (!it->is_array()) {
      error(std::string("/") + key, "type", std::string(key) + " must be an array");
      return out;
    }
    out.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& value = (*it)[i];
      if (value.is_string()) {
        out.push_back(value.get<std::string>());
      } else {
        error("/" + std::string(key) + "/" + std::to_string(i), "type",
              "identifiers must be strings");
      }
    }
    return out;
  }

  std::optional<std::int64_t> time(const json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    const auto parsed =
        it->is_string() ? parse_epcis_time(it->get_ref<const std::string&>()) : std::nullopt;
    if (!parsed) {
      error(where + "/" + key, "time",
            std::string(key) +
                " is not an ISO 8601 date-time with offset, e.g. "
                "2024-05-01T08:30:00.000+02:00");
      return std::nullopt;
    }
    return parsed->epoch_ms;
  }

  std::optional<double> number(const json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (!it->is_number()) {
      error(where + "/" + key, "type", std::string(key) + " must be a number");
      return std::nullopt;
    }
    return it->get<double>();
  }

 private:
  void add(IssueSeverity severity, const std::string& member, std::string rule,
           std::string message) {
    if (severity == IssueSeverity::kError) failed_ = true;
    EpcisIssue issue;
    issue.severity = severity;
    issue.file = file_;
    issue.pointer = pointer_ + member;
    issue.event_index = index_;
    issue.rule = std::move(rule);
    issue.message = std::move(message);
    issues_.push_back(std::move(issue));
  }

  const std::string& file_;
  const std::string& pointer_;
  int index_;
  std::vector<EpcisIssue>& issues_;
  bool failed_ = false;
};

std::optional<EventType> event_type_of(std::string_view name) {
  if (name == "ObjectEvent") return EventType::kObject;
  if (name == "AggregationEvent") return EventType::kAggregation;
  if (name == "TransactionEvent") return EventType::kTransaction;
  if (name == "TransformationEvent") return EventType::kTransformation;
  if (name == "AssociationEvent") return EventType::kAssociation;
  return std::nullopt;
}

std::vector<QuantityElement> quantity_list(const json& event, const char* key, EventReader& r) {
  std::vector<QuantityElement> out;
  const auto it = event.find(key);
  if (it == event.end()) return out;
  if (!it->is_array()) {
    r.error(std::string("/") + key, "type", std::string(key) + " must be an array");
    return out;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& element = (*it)[i];
    const std::string where = "/" + std::string(key) + "/" + std::to_string(i);
    if (!element.is_object()) {
      r.error(where, "type", "a quantity element must be an object");
      continue;
    }
    QuantityElement q;
    q.epc_class = r.text(element, "epcClass", where);
    q.quantity = r.number(element, "quantity", where).value_or(0);
    q.uom = r.text(element, "uom", where);
    if (q.epc_class.empty()) r.error(where, "quantity", "quantity element without epcClass");
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<SourceDest> source_dest_list(const json& event, const char* list_key,
                                         const char* id_key, EventReader& r) {
  std::vector<SourceDest> out;
  const auto it = event.find(list_key);
  if (it == event.end()) return out;
  if (!it->is_array()) {
    r.error(std::string("/") + list_key, "type", std::string(list_key) + " must be an array");
    return out;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string where = "/" + std::string(list_key) + "/" + std::to_string(i);
    const json& entry = (*it)[i];
    if (!entry.is_object()) {
      r.error(where, "type", "entries must be objects");
      continue;
    }
    out.push_back({cbv_bare(CbvKind::kSourceDestType, r.text(entry, "type", where)),
                   r.text(entry, id_key, where)});
  }
  return out;
}

void read_sensor_elements(const json& event, Event& out, EventReader& r) {
  const auto it = event.find("sensorElementList");
  if (it == event.end()) return;
  if (!it->is_array()) {
    r.error("/sensorElementList", "type", "sensorElementList must be an array");
    return;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string where = "/sensorElementList/" + std::to_string(i);
    const json& element = (*it)[i];
    if (!element.is_object()) {
      r.error(where, "type", "a sensor element must be an object");
      continue;
    }
    SensorElement sensor;
    if (const auto meta = element.find("sensorMetadata");
        meta != element.end() && meta->is_object()) {
      sensor.time_ms = r.time(*meta, "time", where + "/sensorMetadata");
      sensor.device_id = r.text(*meta, "deviceID", where + "/sensorMetadata");
    }
    const auto reports = element.find("sensorReport");
    if (reports != element.end() && reports->is_array()) {
      for (std::size_t k = 0; k < reports->size(); ++k) {
        const json& report = (*reports)[k];
        const std::string at = where + "/sensorReport/" + std::to_string(k);
        if (!report.is_object()) {
          r.error(at, "type", "a sensor report must be an object");
          continue;
        }
        SensorReport sr;
        sr.type = r.text(report, "type", at);
        if (sr.type.rfind("gs1:", 0) == 0) sr.type.erase(0, 4);
        sr.value = r.number(report, "value", at).value_or(0);
        sr.min_value = r.number(report, "minValue", at);
        sr.max_value = r.number(report, "maxValue", at);
        sr.mean_value = r.number(report, "meanValue", at);
        sr.uom = r.text(report, "uom", at);
        sr.time_ms = r.time(report, "time", at);
        sensor.reports.push_back(std::move(sr));
      }
    }
    out.sensor_elements.push_back(std::move(sensor));
  }
}

// Lot and expiry from the ILMD, whichever CBV master-data spelling the document used.
void read_ilmd(const json& event, Event& out, EventReader& r) {
  const auto it = event.find("ilmd");
  if (it == event.end()) return;
  if (!it->is_object()) {
    r.error("/ilmd", "type", "ilmd must be an object");
    return;
  }
  for (const auto& [key, value] : it->items()) {
    const auto sep = key.find_last_of(":#");
    const std::string_view local =
        sep == std::string::npos ? std::string_view(key) : std::string_view(key).substr(sep + 1);
    const bool cbv_mda = key.rfind("cbvmda:", 0) == 0 || key.find("cbv:mda") != std::string::npos;
    if (!cbv_mda || !value.is_string()) continue;
    if (local == "lotNumber") out.ilmd_lot = value.get<std::string>();
    if (local == "itemExpirationDate") out.ilmd_expiry = value.get<std::string>();
  }
}

}  // namespace

bool read_epcis_event(const json& object, Event& event, const std::string& source_name,
                      const std::string& pointer, int event_index,
                      std::vector<EpcisIssue>& issues) {
  EventReader r(source_name, pointer, event_index, issues);
  if (!object.is_object()) {
    r.error("", "type", "an event must be a JSON object");
    return false;
  }
  const std::string type_name = r.text(object, "type", "");
  const auto type = event_type_of(type_name);
  if (!type) {
    r.error("/type", "event-type",
            type_name.empty() ? "event without a type" : "unknown event type '" + type_name + "'");
    return false;
  }
  event.type = *type;
  if (object.find("eventTime") == object.end())
    r.error("", "event-time", "event without eventTime");
  event.event_time_ms = r.time(object, "eventTime", "").value_or(0);
  const std::string offset = r.text(object, "eventTimeZoneOffset", "");
  if (offset.empty()) {
    r.error("", "event-time", "event without eventTimeZoneOffset");
  } else if (const auto minutes = parse_timezone_offset(offset)) {
    event.timezone_offset_minutes = *minutes;
  } else {
    r.error("/eventTimeZoneOffset", "event-time", "eventTimeZoneOffset must look like +01:00");
  }
  event.record_time_ms = r.time(object, "recordTime", "");
  event.event_id = r.text(object, "eventID", "");

  const std::string action = r.text(object, "action", "");
  if (action == "ADD")
    event.action = Action::kAdd;
  else if (action == "OBSERVE")
    event.action = Action::kObserve;
  else if (action == "DELETE")
    event.action = Action::kDelete;
  else if (!action.empty())
    r.error("/action", "action", "action must be ADD, OBSERVE or DELETE");
  else if (event.type != EventType::kTransformation)
    r.error("", "action", "event without action");

  switch (event.type) {
    case EventType::kObject:
    case EventType::kTransaction:
      event.epcs = r.string_list(object, "epcList");
      event.quantities = quantity_list(object, "quantityList", r);
      break;
    case EventType::kAggregation:
    case EventType::kAssociation:
      event.epcs = r.string_list(object, "childEPCs");
      event.quantities = quantity_list(object, "childQuantityList", r);
      break;
    case EventType::kTransformation:
      event.epcs = r.string_list(object, "inputEPCList");
      event.quantities = quantity_list(object, "inputQuantityList", r);
      event.output_epcs = r.string_list(object, "outputEPCList");
      event.output_quantities = quantity_list(object, "outputQuantityList", r);
      event.transformation_id = r.text(object, "transformationID", "");
      break;
  }
  event.parent_id = r.text(object, "parentID", "");
  event.biz_step = cbv_bare(CbvKind::kBizStep, r.text(object, "bizStep", ""));
  event.disposition = cbv_bare(CbvKind::kDisposition, r.text(object, "disposition", ""));
  for (const char* place : {"readPoint", "bizLocation"}) {
    const auto it = object.find(place);
    if (it == object.end()) continue;
    std::string& target = place[0] == 'r' ? event.read_point : event.biz_location;
    if (it->is_object())
      target = r.text(*it, "id", std::string("/") + place);
    else
      r.error(std::string("/") + place, "type", std::string(place) + " must be an object");
  }
  if (const auto it = object.find("bizTransactionList"); it != object.end()) {
    if (!it->is_array()) {
      r.error("/bizTransactionList", "type", "bizTransactionList must be an array");
    } else {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& bt = (*it)[i];
        const std::string where = "/bizTransactionList/" + std::to_string(i);
        if (!bt.is_object()) {
          r.error(where, "type", "entries must be objects");
          continue;
        }
        event.biz_transactions.push_back(
            {cbv_bare(CbvKind::kBizTransactionType, r.text(bt, "type", where)),
             r.text(bt, "bizTransaction", where)});
      }
    }
  }
  event.sources = source_dest_list(object, "sourceList", "source", r);
  event.destinations = source_dest_list(object, "destinationList", "destination", r);
  read_sensor_elements(object, event, r);
  read_ilmd(object, event, r);
  event.error_declared = object.find("errorDeclaration") != object.end();
  return !r.failed();
}

EpcisReadResult read_epcis_document(std::string_view json_text, const std::string& source_name,
                                    const EpcisReadOptions& options) {
  EpcisReadResult result;
  auto fail = [&](std::string rule, std::string message, std::size_t offset, std::string pointer) {
    EpcisIssue issue;
    issue.file = source_name;
    issue.rule = std::move(rule);
    issue.message = std::move(message);
    issue.pointer = std::move(pointer);
    if (offset != std::string_view::npos) {
      line_column_at(json_text, offset, issue.line, issue.column);
    }
    result.issues.push_back(std::move(issue));
  };

  if (json_text.size() > options.max_bytes) {
    fail("size",
         "document of " + std::to_string(json_text.size()) + " bytes exceeds the limit of " +
             std::to_string(options.max_bytes),
         std::string_view::npos, "");
    return result;
  }
  if (const auto at = nesting_beyond(json_text, options.max_depth); at != std::string_view::npos) {
    fail("nesting", "JSON nested deeper than " + std::to_string(options.max_depth) + " levels", at,
         "");
    return result;
  }
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::parse_error& e) {
    // e.byte counts characters read, 1-based: the offending character is at e.byte - 1.
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    std::string message = e.what();
    if (const auto colon = message.find(": "); colon != std::string::npos) {
      message =
          message.substr(colon + 2);  // drop nlohmann's "[json.exception...] parse error at..."
    }
    fail("json-syntax", "not valid JSON: " + message, offset, "");
    return result;
  } catch (const json::exception& e) {
    // A number too large for a double ("number overflow parsing '1e999'"): nlohmann gives no
    // position, so locate the quoted token it names.
    std::string message = e.what();
    std::size_t offset = 0;
    if (const auto open = message.find('\''), close = message.rfind('\'');
        open != std::string::npos && close > open + 1) {
      const auto at = json_text.find(message.substr(open + 1, close - open - 1));
      if (at != std::string_view::npos) offset = at;
    }
    if (const auto bracket = message.find("] "); bracket != std::string::npos) message = message.substr(bracket + 2);
    fail("json-number", "not valid JSON: " + message, offset, "");
    return result;
  }

  const json* events = nullptr;
  std::string list_pointer;
  if (!document.is_object()) {
    fail("document", "an EPCIS document must be a JSON object", 0, "");
  } else {
    const auto type = document.find("type");
    const std::string type_name =
        type != document.end() && type->is_string() ? type->get<std::string>() : "";
    const json* body = nullptr;
    if (const auto b = document.find("epcisBody"); b != document.end() && b->is_object())
      body = &*b;
    if (type_name == "EPCISDocument" && body) {
      if (const auto l = body->find("eventList"); l != body->end()) events = &*l;
      list_pointer = "/epcisBody/eventList";
    } else if (type_name == "EPCISQueryDocument" && body) {
      const json* results = nullptr;
      if (const auto q = body->find("queryResults"); q != body->end() && q->is_object()) {
        if (const auto rb = q->find("resultsBody"); rb != q->end() && rb->is_object())
          results = &*rb;
      }
      if (results) {
        if (const auto l = results->find("eventList"); l != results->end()) events = &*l;
      }
      list_pointer = "/epcisBody/queryResults/resultsBody/eventList";
    } else if (type_name != "EPCISDocument" && type_name != "EPCISQueryDocument") {
      fail("document", "type must be EPCISDocument or EPCISQueryDocument", std::string_view::npos,
           type != document.end() ? "/type" : "");
    }
    if (!events && (type_name == "EPCISDocument" || type_name == "EPCISQueryDocument")) {
      fail("document", "document without an event list", std::string_view::npos,
           body ? "/epcisBody" : "");
    }
  }
  if (events && !events->is_array()) {
    fail("document", "eventList must be an array", std::string_view::npos, list_pointer);
    events = nullptr;
  }
  if (events && events->size() > options.max_events) {
    fail("size", "more than " + std::to_string(options.max_events) + " events",
         std::string_view::npos, list_pointer);
    events = nullptr;
  }
  result.event_list_pointer = list_pointer;
  if (events) {
    result.events.reserve(events->size());
    result.event_index.reserve(events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
      Event event;
      const std::string pointer = list_pointer + "/" + std::to_string(i);
      if (read_epcis_event((*events)[i], event, source_name, pointer, static_cast<int>(i),
                           result.issues)) {
        result.events.push_back(std::move(event));
        result.event_index.push_back(i);
      }
    }
  }
  if (options.locate_lines) locate_issues(json_text, result.issues);
  if (options.keep_document) result.document = std::move(document);
  return result;
}

}  // namespace pharmatwin::serialization
