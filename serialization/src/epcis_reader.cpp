#include "pharmatwin/serialization/epcis_reader.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <unordered_set>

#include "epcis_json_view.hpp"
#include "epcis_namespaces.hpp"
#include "pharmatwin/serialization/epcis_cbv.hpp"
#include "pharmatwin/serialization/epcis_time.hpp"
#include "pharmatwin/serialization/json_keys.hpp"

namespace pharmatwin::serialization {
namespace {

using epcis_detail::NlohmannView;
using epcis_detail::SimdView;
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

// A JSON pointer built only when an issue needs it (most events have none): a chain of member
// names and array indices under a root prefix.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;       // member name; the whole prefix at the root
  std::ptrdiff_t index = -1;  // array index when >= 0

  Path member(std::string_view name) const { return {this, name, -1}; }
  Path at(std::size_t i) const { return {this, {}, static_cast<std::ptrdiff_t>(i)}; }
  std::string str() const {
    std::string out = parent ? parent->str() : std::string();
    if (parent) out += '/';
    if (index >= 0)
      out += std::to_string(index);
    else
      out += key;
    return out;
  }
};

// Members of an event object the conversion uses, found in one pass over the object.
enum Field : std::uint8_t {
  kType,
  kEventTime,
  kEventTimeZoneOffset,
  kRecordTime,
  kEventId,
  kAction,
  kEpcList,
  kQuantityList,
  kChildEpcs,
  kChildQuantityList,
  kInputEpcList,
  kInputQuantityList,
  kOutputEpcList,
  kOutputQuantityList,
  kTransformationId,
  kParentId,
  kBizStep,
  kDisposition,
  kReadPoint,
  kBizLocation,
  kBizTransactionList,
  kSourceList,
  kDestinationList,
  kSensorElementList,
  kIlmd,
  kErrorDeclaration,
  kFieldCount
};

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {"type",
                                                                   "eventTime",
                                                                   "eventTimeZoneOffset",
                                                                   "recordTime",
                                                                   "eventID",
                                                                   "action",
                                                                   "epcList",
                                                                   "quantityList",
                                                                   "childEPCs",
                                                                   "childQuantityList",
                                                                   "inputEPCList",
                                                                   "inputQuantityList",
                                                                   "outputEPCList",
                                                                   "outputQuantityList",
                                                                   "transformationID",
                                                                   "parentID",
                                                                   "bizStep",
                                                                   "disposition",
                                                                   "readPoint",
                                                                   "bizLocation",
                                                                   "bizTransactionList",
                                                                   "sourceList",
                                                                   "destinationList",
                                                                   "sensorElementList",
                                                                   "ilmd",
                                                                   "errorDeclaration"};

// The Field of a member name, or kFieldCount; names are bucketed by length for a short search.
Field field_of(std::string_view key) {
  constexpr std::size_t kMaxLength = 20;
  struct Buckets {
    std::array<std::array<std::uint8_t, 4>, kMaxLength> fields{};
    std::array<std::uint8_t, kMaxLength> count{};
  };
  static const Buckets buckets = [] {
    Buckets b;
    for (std::size_t f = 0; f < kFieldNames.size(); ++f) {
      const std::size_t n = kFieldNames[f].size();
      b.fields[n][b.count[n]++] = static_cast<std::uint8_t>(f);
    }
    return b;
  }();
  if (key.size() >= kMaxLength) return kFieldCount;
  for (std::size_t i = 0; i < buckets.count[key.size()]; ++i) {
    const std::uint8_t f = buckets.fields[key.size()][i];
    if (kFieldNames[f] == key) return static_cast<Field>(f);
  }
  return kFieldCount;
}

// Collects issues for one event, all pointing into it.
template <class V>
class EventReader {
 public:
  EventReader(const std::string& file, int index, std::vector<EpcisIssue>& issues)
      : file_(file), index_(index), issues_(issues) {}

  void error(const Path& where, std::string rule, std::string message) {
    failed_ = true;
    EpcisIssue issue;
    issue.severity = IssueSeverity::kError;
    issue.file = file_;
    issue.pointer = where.str();
    issue.event_index = index_;
    issue.rule = std::move(rule);
    issue.message = std::move(message);
    issues_.push_back(std::move(issue));
  }
  bool failed() const { return failed_; }

  // String value of member `key` of the object at `where`; "" when absent. Wrong types are errors.
  std::string_view text(const std::optional<V>& value, const Path& where, std::string_view key) {
    if (!value) return {};
    if (!value->is_string()) {
      error(where.member(key), "type", std::string(key) + " must be a string");
      return {};
    }
    return value->string();
  }
  std::string_view text(const V& object, const Path& where, std::string_view key) {
    return text(object.find(key), where, key);
  }

  std::vector<std::string> string_list(const std::optional<V>& list, const Path& event,
                                       std::string_view key) {
    std::vector<std::string> out;
    if (!list) return out;
    const Path at = event.member(key);
    if (!list->is_array()) {
      error(at, "type", std::string(key) + " must be an array");
      return out;
    }
    out.reserve(list->size());
    std::size_t i = 0;
    list->for_each_element([&](V value) {
      if (value.is_string())
        out.emplace_back(value.string());
      else
        error(at.at(i), "type", "identifiers must be strings");
      ++i;
    });
    return out;
  }

  std::optional<std::int64_t> time(const std::optional<V>& value, const Path& where,
                                   std::string_view key) {
    if (!value) return std::nullopt;
    const auto parsed = value->is_string() ? parse_epcis_time(value->string()) : std::nullopt;
    if (!parsed) {
      error(where.member(key), "time",
            std::string(key) +
                " is not an ISO 8601 date-time with offset, e.g. "
                "2024-05-01T08:30:00.000+02:00");
      return std::nullopt;
    }
    return parsed->epoch_ms;
  }

  std::optional<double> number(const V& object, const Path& where, std::string_view key) {
    const auto value = object.find(key);
    if (!value) return std::nullopt;
    if (!value->is_number()) {
      error(where.member(key), "type", std::string(key) + " must be a number");
      return std::nullopt;
    }
    return value->number();
  }

 private:
  const std::string& file_;
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

template <class V>
std::vector<QuantityElement> quantity_list(const std::optional<V>& list, const Path& event,
                                           std::string_view key, EventReader<V>& r) {
  std::vector<QuantityElement> out;
  if (!list) return out;
  const Path at = event.member(key);
  if (!list->is_array()) {
    r.error(at, "type", std::string(key) + " must be an array");
    return out;
  }
  std::size_t i = 0;
  list->for_each_element([&](V element) {
    const Path where = at.at(i++);
    if (!element.is_object()) {
      r.error(where, "type", "a quantity element must be an object");
      return;
    }
    QuantityElement q;
    q.epc_class = r.text(element, where, "epcClass");
    q.quantity = r.number(element, where, "quantity").value_or(0);
    q.uom = r.text(element, where, "uom");
    if (q.epc_class.empty()) r.error(where, "quantity", "quantity element without epcClass");
    out.push_back(std::move(q));
  });
  return out;
}

template <class V>
std::vector<SourceDest> source_dest_list(const std::optional<V>& list, const Path& event,
                                         std::string_view list_key, std::string_view id_key,
                                         EventReader<V>& r) {
  std::vector<SourceDest> out;
  if (!list) return out;
  const Path at = event.member(list_key);
  if (!list->is_array()) {
    r.error(at, "type", std::string(list_key) + " must be an array");
    return out;
  }
  std::size_t i = 0;
  list->for_each_element([&](V entry) {
    const Path where = at.at(i++);
    if (!entry.is_object()) {
      r.error(where, "type", "entries must be objects");
      return;
    }
    const std::string_view type = r.text(entry, where, "type");
    out.push_back(
        {cbv_bare(CbvKind::kSourceDestType, type), std::string(r.text(entry, where, id_key))});
  });
  return out;
}

template <class V>
void read_sensor_elements(const std::optional<V>& list, const Path& event, Event& out,
                          EventReader<V>& r) {
  if (!list) return;
  const Path at = event.member("sensorElementList");
  if (!list->is_array()) {
    r.error(at, "type", "sensorElementList must be an array");
    return;
  }
  std::size_t i = 0;
  list->for_each_element([&](V element) {
    const Path where = at.at(i++);
    if (!element.is_object()) {
      r.error(where, "type", "a sensor element must be an object");
      return;
    }
    SensorElement sensor;
    if (const auto meta = element.find("sensorMetadata"); meta && meta->is_object()) {
      const Path meta_at = where.member("sensorMetadata");
      sensor.time_ms = r.time(meta->find("time"), meta_at, "time");
      sensor.device_id = r.text(*meta, meta_at, "deviceID");
    }
    if (const auto reports = element.find("sensorReport"); reports && reports->is_array()) {
      const Path reports_at = where.member("sensorReport");
      std::size_t k = 0;
      reports->for_each_element([&](V report) {
        const Path report_at = reports_at.at(k++);
        if (!report.is_object()) {
          r.error(report_at, "type", "a sensor report must be an object");
          return;
        }
        SensorReport sr;
        sr.type = r.text(report, report_at, "type");
        if (sr.type.rfind("gs1:", 0) == 0) sr.type.erase(0, 4);
        sr.value = r.number(report, report_at, "value").value_or(0);
        sr.min_value = r.number(report, report_at, "minValue");
        sr.max_value = r.number(report, report_at, "maxValue");
        sr.mean_value = r.number(report, report_at, "meanValue");
        sr.uom = r.text(report, report_at, "uom");
        sr.time_ms = r.time(report.find("time"), report_at, "time");
        sensor.reports.push_back(std::move(sr));
      });
    }
    out.sensor_elements.push_back(std::move(sensor));
  });
}

// The prefixes an @context (a URL, an object or an array of both) declares.
template <class V>
void declare_context(const std::optional<V>& context, epcis_detail::PrefixScope& scope) {
  if (!context) return;
  const auto add_object = [&](const V& object) {
    object.for_each_member([&](std::string_view key, V value) {
      if (!key.empty() && key[0] != '@' && (value.is_string() || value.is_object())) {
        scope.declare(key);
      }
    });
  };
  if (context->is_object()) {
    add_object(*context);
  } else if (context->is_array()) {
    context->for_each_element([&](V entry) {
      if (entry.is_object()) add_object(entry);
    });
  }
}

template <class V, class Report>
void check_extension_value(const V& value, const Path& at, const epcis_detail::PrefixScope& scope,
                           const Report& report);

// Calls report(where, message) for every member of `object` that is neither a member the
// standard defines for `kind` nor a namespaced extension; extension values are checked inside.
// Members are visited in key order, whatever the document's order, so that both readers (one
// keeps document order, the other sorts keys) report the same issues in the same order.
template <class V, class Report>
void check_extensions(const V& object, std::string_view kind, const Path& at,
                      const epcis_detail::PrefixScope& scope, const Report& report) {
  std::vector<std::pair<std::string_view, V>> extensions;
  object.for_each_member([&](std::string_view key, V value) {
    if (!epcis_detail::is_standard_member(kind, key)) extensions.emplace_back(key, value);
  });
  std::stable_sort(extensions.begin(), extensions.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, value] : extensions) {
    const Path where = at.member(key);
    if (auto problem = epcis_detail::extension_name_problem(key, scope)) {
      report(where, *problem);
      continue;
    }
    check_extension_value(value, where, scope, report);
  }
}

template <class V, class Report>
void check_extension_value(const V& value, const Path& at, const epcis_detail::PrefixScope& scope,
                           const Report& report) {
  if (value.is_object()) {
    check_extensions(value, "extension", at, scope, report);
  } else if (value.is_array()) {
    std::size_t i = 0;
    value.for_each_element(
        [&](V element) { check_extension_value(element, at.at(i++), scope, report); });
  }
}

// The extension members of an event and of its ILMD, readPoint, bizLocation, errorDeclaration
// and sensor elements.
template <class V>
void check_event_extensions(const V& object, const std::array<std::optional<V>, kFieldCount>& m,
                            bool event_level, const Path& at,
                            const epcis_detail::PrefixScope& document_scope, EventReader<V>& r) {
  epcis_detail::PrefixScope scope(&document_scope);
  declare_context(object.find("@context"), scope);
  const auto report = [&](const Path& where, const std::string& message) {
    r.error(where, "namespace", message);
  };
  if (event_level) check_extensions(object, "event", at, scope, report);
  const auto nested = [&](Field f, std::string_view kind) {
    if (m[f] && m[f]->is_object())
      check_extensions(*m[f], kind, at.member(kFieldNames[f]), scope, report);
  };
  nested(kIlmd, "ilmd");
  nested(kReadPoint, "readPoint");
  nested(kBizLocation, "bizLocation");
  nested(kErrorDeclaration, "errorDeclaration");
  if (const auto& list = m[kSensorElementList]; list && list->is_array()) {
    const Path list_at = at.member("sensorElementList");
    std::size_t i = 0;
    list->for_each_element([&](V element) {
      const Path where = list_at.at(i++);
      if (!element.is_object()) return;
      check_extensions(element, "sensorElement", where, scope, report);
      if (const auto meta = element.find("sensorMetadata"); meta && meta->is_object()) {
        check_extensions(*meta, "sensorMetadata", where.member("sensorMetadata"), scope, report);
      }
      if (const auto reports = element.find("sensorReport"); reports && reports->is_array()) {
        const Path reports_at = where.member("sensorReport");
        std::size_t k = 0;
        reports->for_each_element([&](V sensor_report) {
          const Path report_at = reports_at.at(k++);
          if (sensor_report.is_object()) {
            check_extensions(sensor_report, "sensorReport", report_at, scope, report);
          }
        });
      }
    });
  }
}

// Lot and expiry from the ILMD, whichever CBV master-data spelling the document used. When
// several spellings are present the greatest member name wins, whatever the member order.
template <class V>
void read_ilmd(const std::optional<V>& ilmd, const Path& event, Event& out, EventReader<V>& r) {
  if (!ilmd) return;
  if (!ilmd->is_object()) {
    r.error(event.member("ilmd"), "type", "ilmd must be an object");
    return;
  }
  std::string_view lot_key, expiry_key;
  ilmd->for_each_member([&](std::string_view key, V value) {
    const auto sep = key.find_last_of(":#");
    const std::string_view local = sep == std::string_view::npos ? key : key.substr(sep + 1);
    const bool cbv_mda = key.rfind("cbvmda:", 0) == 0 || key.find("cbv:mda") != std::string::npos;
    if (!cbv_mda || !value.is_string()) return;
    if (local == "lotNumber" && key >= lot_key) {
      out.ilmd_lot = value.string();
      lot_key = key;
    }
    if (local == "itemExpirationDate" && key >= expiry_key) {
      out.ilmd_expiry = value.string();
      expiry_key = key;
    }
  });
}

template <class V>
bool read_event(const V& object, Event& event, const std::string& source_name, const Path& at,
                int event_index, std::vector<EpcisIssue>& issues,
                const epcis_detail::PrefixScope& document_scope) {
  EventReader<V> r(source_name, event_index, issues);
  if (!object.is_object()) {
    r.error(at, "type", "an event must be a JSON object");
    return false;
  }
  // One pass over the members; a repeated name keeps its last value, as nlohmann does.
  std::array<std::optional<V>, kFieldCount> m;
  bool extension_member = false;
  object.for_each_member([&](std::string_view key, V value) {
    if (const Field f = field_of(key); f != kFieldCount) {
      m[f] = value;
    } else if (!extension_member && !epcis_detail::is_standard_member("event", key)) {
      extension_member = true;
    }
  });

  const std::string_view type_name = r.text(m[kType], at, "type");
  const auto type = event_type_of(type_name);
  if (!type) {
    r.error(at.member("type"), "event-type",
            type_name.empty() ? "event without a type"
                              : "unknown event type '" + std::string(type_name) + "'");
    return false;
  }
  event.type = *type;
  if (!m[kEventTime]) r.error(at, "event-time", "event without eventTime");
  event.event_time_ms = r.time(m[kEventTime], at, "eventTime").value_or(0);
  const std::string_view offset = r.text(m[kEventTimeZoneOffset], at, "eventTimeZoneOffset");
  if (offset.empty()) {
    r.error(at, "event-time", "event without eventTimeZoneOffset");
  } else if (const auto minutes = parse_timezone_offset(offset)) {
    event.timezone_offset_minutes = *minutes;
  } else {
    r.error(at.member("eventTimeZoneOffset"), "event-time",
            "eventTimeZoneOffset must look like +01:00");
  }
  event.record_time_ms = r.time(m[kRecordTime], at, "recordTime");
  event.event_id = r.text(m[kEventId], at, "eventID");

  const std::string_view action = r.text(m[kAction], at, "action");
  if (action == "ADD")
    event.action = Action::kAdd;
  else if (action == "OBSERVE")
    event.action = Action::kObserve;
  else if (action == "DELETE")
    event.action = Action::kDelete;
  else if (!action.empty())
    r.error(at.member("action"), "action", "action must be ADD, OBSERVE or DELETE");
  else if (event.type != EventType::kTransformation)
    r.error(at, "action", "event without action");

  switch (event.type) {
    case EventType::kObject:
    case EventType::kTransaction:
      event.epcs = r.string_list(m[kEpcList], at, "epcList");
      event.quantities = quantity_list(m[kQuantityList], at, "quantityList", r);
      break;
    case EventType::kAggregation:
    case EventType::kAssociation:
      event.epcs = r.string_list(m[kChildEpcs], at, "childEPCs");
      event.quantities = quantity_list(m[kChildQuantityList], at, "childQuantityList", r);
      break;
    case EventType::kTransformation:
      event.epcs = r.string_list(m[kInputEpcList], at, "inputEPCList");
      event.quantities = quantity_list(m[kInputQuantityList], at, "inputQuantityList", r);
      event.output_epcs = r.string_list(m[kOutputEpcList], at, "outputEPCList");
      event.output_quantities = quantity_list(m[kOutputQuantityList], at, "outputQuantityList", r);
      event.transformation_id = r.text(m[kTransformationId], at, "transformationID");
      break;
  }
  event.parent_id = r.text(m[kParentId], at, "parentID");
  event.biz_step = cbv_bare(CbvKind::kBizStep, r.text(m[kBizStep], at, "bizStep"));
  event.disposition = cbv_bare(CbvKind::kDisposition, r.text(m[kDisposition], at, "disposition"));
  for (const Field place : {kReadPoint, kBizLocation}) {
    const auto& value = m[place];
    if (!value) continue;
    const std::string_view name = kFieldNames[place];
    std::string& target = place == kReadPoint ? event.read_point : event.biz_location;
    if (value->is_object())
      target = r.text(*value, at.member(name), "id");
    else
      r.error(at.member(name), "type", std::string(name) + " must be an object");
  }
  if (const auto& list = m[kBizTransactionList]) {
    const Path list_at = at.member("bizTransactionList");
    if (!list->is_array()) {
      r.error(list_at, "type", "bizTransactionList must be an array");
    } else {
      std::size_t i = 0;
      list->for_each_element([&](V bt) {
        const Path where = list_at.at(i++);
        if (!bt.is_object()) {
          r.error(where, "type", "entries must be objects");
          return;
        }
        const std::string_view bt_type = r.text(bt, where, "type");
        event.biz_transactions.push_back({cbv_bare(CbvKind::kBizTransactionType, bt_type),
                                          std::string(r.text(bt, where, "bizTransaction"))});
      });
    }
  }
  event.sources = source_dest_list(m[kSourceList], at, "sourceList", "source", r);
  event.destinations =
      source_dest_list(m[kDestinationList], at, "destinationList", "destination", r);
  read_sensor_elements(m[kSensorElementList], at, event, r);
  read_ilmd(m[kIlmd], at, event, r);
  if (extension_member || m[kIlmd] || m[kReadPoint] || m[kBizLocation] || m[kErrorDeclaration] ||
      m[kSensorElementList]) {
    check_event_extensions(object, m, extension_member, at, document_scope, r);
  }
  event.error_declared = m[kErrorDeclaration].has_value();
  return !r.failed();
}

void add_document_issue(EpcisReadResult& result, std::string_view text, const std::string& file,
                        std::string rule, std::string message, std::size_t offset,
                        std::string pointer) {
  EpcisIssue issue;
  issue.file = file;
  issue.rule = std::move(rule);
  issue.message = std::move(message);
  issue.pointer = std::move(pointer);
  if (offset != std::string_view::npos) line_column_at(text, offset, issue.line, issue.column);
  result.issues.push_back(std::move(issue));
}

// Finds the event list of an EPCISDocument or EPCISQueryDocument and converts its events.
template <class V>
void read_document(const V& document, std::string_view text, const std::string& source_name,
                   const EpcisReadOptions& options, const EpcisEventSink* on_event,
                   EpcisReadResult& result) {
  auto fail = [&](std::string rule, std::string message, std::size_t offset, std::string pointer) {
    add_document_issue(result, text, source_name, std::move(rule), std::move(message), offset,
                       std::move(pointer));
  };
  std::optional<V> events;
  std::string list_pointer;
  if (!document.is_object()) {
    fail("document", "an EPCIS document must be a JSON object", 0, "");
  } else {
    const auto type = document.find("type");
    const std::string_view type_name =
        type && type->is_string() ? type->string() : std::string_view();
    std::optional<V> body = document.find("epcisBody");
    if (body && !body->is_object()) body.reset();
    if (type_name == "EPCISDocument" && body) {
      events = body->find("eventList");
      list_pointer = "/epcisBody/eventList";
    } else if (type_name == "EPCISQueryDocument" && body) {
      std::optional<V> results;
      if (const auto q = body->find("queryResults"); q && q->is_object()) {
        if (const auto rb = q->find("resultsBody"); rb && rb->is_object()) results = rb;
      }
      if (results) events = results->find("eventList");
      list_pointer = "/epcisBody/queryResults/resultsBody/eventList";
    } else if (type_name != "EPCISDocument" && type_name != "EPCISQueryDocument") {
      fail("document", "type must be EPCISDocument or EPCISQueryDocument", std::string_view::npos,
           type ? "/type" : "");
    }
    if (!events && (type_name == "EPCISDocument" || type_name == "EPCISQueryDocument")) {
      fail("document", "document without an event list", std::string_view::npos,
           body ? "/epcisBody" : "");
    }
  }
  if (events && !events->is_array()) {
    fail("document", "eventList must be an array", std::string_view::npos, list_pointer);
    events.reset();
  }
  std::size_t count = events ? events->size() : 0;
  if (events && count > options.max_events) {
    fail("size", "more than " + std::to_string(options.max_events) + " events",
         std::string_view::npos, list_pointer);
    events.reset();
  }
  result.event_list_pointer = list_pointer;
  // Prefixes of the document's @context; document-level extensions must use them.
  epcis_detail::PrefixScope scope;
  if (document.is_object()) {
    declare_context(document.find("@context"), scope);
    check_extensions(document, "document", Path{nullptr, ""}, scope,
                     [&](const Path& where, const std::string& message) {
                       EpcisIssue issue;
                       issue.severity = IssueSeverity::kError;
                       issue.file = source_name;
                       issue.pointer = where.str();
                       issue.rule = "namespace";
                       issue.message = message;
                       result.issues.push_back(std::move(issue));
                     });
  }
  if (!events) return;
  const Path list_at{nullptr, list_pointer};
  std::size_t i = 0;
  if (on_event) {
    // Streaming: one Event, handed over and overwritten; memory stays hot and nothing piles up.
    Event event;
    events->for_each_element([&](V object) {
      event = Event();
      if (read_event(object, event, source_name, list_at.at(i), static_cast<int>(i), result.issues,
                     scope)) {
        (*on_event)(event, i);
      }
      ++i;
    });
    return;
  }
  result.events.reserve(count);
  result.event_index.reserve(count);
  events->for_each_element([&](V object) {
    Event& event = result.events.emplace_back();
    if (read_event(object, event, source_name, list_at.at(i), static_cast<int>(i), result.issues,
                   scope)) {
      result.event_index.push_back(i);
    } else {
      result.events.pop_back();
    }
    ++i;
  });
}

// The fast path's parser and a padded copy of the text, kept per thread: re-reading documents
// of similar size then allocates nothing. Released after documents above kKeepBytes.
struct FastParser {
  static constexpr std::size_t kKeepBytes = std::size_t{256} << 20;
  simdjson::dom::parser parser;
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;

  void release() {
    parser = simdjson::dom::parser();
    buffer.reset();
    capacity = 0;
  }
};

// Parses with simdjson; false on any error (syntax, depth, number range, encoding, capacity),
// which the caller then reports through the nlohmann path.
bool parse_fast(FastParser& fast, std::string_view text, std::size_t max_depth,
                simdjson::dom::element& root) {
  if (max_depth == 0) return false;
  const std::size_t needed = text.size() + simdjson::SIMDJSON_PADDING;
  if (fast.capacity < needed) {
    fast.buffer.reset(new char[needed]);
    fast.capacity = needed;
  }
  std::memcpy(fast.buffer.get(), text.data(), text.size());
  std::memset(fast.buffer.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  if (fast.parser.max_depth() != max_depth &&
      fast.parser.allocate(std::max<std::size_t>(text.size(), 1), max_depth) != simdjson::SUCCESS) {
    return false;
  }
  return fast.parser.parse(fast.buffer.get(), text.size(), false).get(root) == simdjson::SUCCESS;
}

// Whether an object anywhere in `e` has a key twice. A walk over the parsed document (keys are
// already unescaped), much cheaper than scanning the text; the text scan then locates it.
bool has_duplicate_key(simdjson::dom::element e) {
  simdjson::dom::object object;
  simdjson::dom::array array;
  if (e.get(object) == simdjson::SUCCESS) {
    std::array<std::string_view, 16> few;
    std::size_t count = 0;
    std::unique_ptr<std::unordered_set<std::string_view>> many;
    for (const auto field : object) {
      if (!many && count < few.size()) {
        for (std::size_t i = 0; i < count; ++i) {
          if (few[i] == field.key) return true;
        }
        few[count++] = field.key;
      } else {
        if (!many)
          many = std::make_unique<std::unordered_set<std::string_view>>(few.begin(), few.end());
        if (!many->insert(field.key).second) return true;
      }
      if (has_duplicate_key(field.value)) return true;
    }
  } else if (e.get(array) == simdjson::SUCCESS) {
    for (const auto item : array) {
      if (has_duplicate_key(item)) return true;
    }
  }
  return false;
}

}  // namespace

bool read_epcis_event(const json& object, Event& event, const std::string& source_name,
                      const std::string& pointer, int event_index,
                      std::vector<EpcisIssue>& issues) {
  const epcis_detail::PrefixScope epcis_context;
  return read_event(NlohmannView(object), event, source_name, Path{nullptr, pointer}, event_index,
                    issues, epcis_context);
}

namespace {

EpcisReadResult read_document_text(std::string_view json_text, const std::string& source_name,
                                   const EpcisReadOptions& options,
                                   const EpcisEventSink* on_event) {
  EpcisReadResult result;
  auto fail = [&](std::string rule, std::string message, std::size_t offset) {
    add_document_issue(result, json_text, source_name, std::move(rule), std::move(message), offset,
                       "");
  };

  if (json_text.size() > options.max_bytes) {
    fail("size",
         "document of " + std::to_string(json_text.size()) + " bytes exceeds the limit of " +
             std::to_string(options.max_bytes),
         std::string_view::npos);
    return result;
  }
  // A byte-order mark is not content: accepted and skipped (docs/reliability.md).
  json_text = skip_utf8_bom(json_text);
  // Parsers keep the last of two equal keys silently; a document that says one thing twice is
  // refused at the second key.
  auto duplicate_key = [&] {
    const auto dup = find_duplicate_key(json_text);
    if (!dup) return false;
    std::size_t line = 0, column = 0;
    line_column_at(json_text, dup->first, line, column);
    fail("json-duplicate-key",
         "duplicate key \"" + dup->key + "\" (the object already has it at line " +
             std::to_string(line) + ", column " + std::to_string(column) + ")",
         dup->offset);
    result.is_json = false;
    if (options.locate_lines) locate_issues(json_text, result.issues);
    return true;
  };
  if (!options.keep_document) {
    thread_local FastParser fast;
    simdjson::dom::element root;
    if (parse_fast(fast, json_text, options.max_depth, root)) {
      if (has_duplicate_key(root) && duplicate_key()) return result;
      result.is_json = true;
      read_document(SimdView(root), json_text, source_name, options, on_event, result);
      if (json_text.size() > FastParser::kKeepBytes) fast.release();
      if (options.locate_lines) locate_issues(json_text, result.issues);
      return result;
    }
    // Not parsed: the path below finds and locates the problem.
  }
  if (const auto at = nesting_beyond(json_text, options.max_depth); at != std::string_view::npos) {
    fail("nesting", "JSON nested deeper than " + std::to_string(options.max_depth) + " levels", at);
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
    fail("json-syntax", "not valid JSON: " + message, offset);
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
    if (const auto bracket = message.find("] "); bracket != std::string::npos) {
      message = message.substr(bracket + 2);
    }
    fail("json-number", "not valid JSON: " + message, offset);
    return result;
  }
  if (duplicate_key()) return result;
  result.is_json = true;
  read_document(NlohmannView(document), json_text, source_name, options, on_event, result);
  if (options.locate_lines) locate_issues(json_text, result.issues);
  if (options.keep_document) result.document = std::move(document);
  return result;
}

}  // namespace

EpcisReadResult read_epcis_document(std::string_view json_text, const std::string& source_name,
                                    const EpcisReadOptions& options) {
  return read_document_text(json_text, source_name, options, nullptr);
}

EpcisReadResult read_epcis_events(std::string_view json_text, const std::string& source_name,
                                  const EpcisEventSink& on_event, const EpcisReadOptions& options) {
  return read_document_text(json_text, source_name, options, &on_event);
}

}  // namespace pharmatwin::serialization
