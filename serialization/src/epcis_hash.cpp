#include "pharmatwin/serialization/epcis_hash.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "epcis_digital_link.hpp"
#include "pharmatwin/serialization/epcis_cbv.hpp"
#include "pharmatwin/serialization/epcis_time.hpp"
#include "pharmatwin/serialization/epcis_writer.hpp"

namespace pharmatwin::serialization {
namespace {

using epcis_detail::hash_normalised_identifier;
using nlohmann::json;

constexpr std::string_view kGs1VocWeb = "https://ref.gs1.org/voc/";

// Event members with a place in the canonical order (or deliberately left out of the hash).
constexpr std::array<std::string_view, 30> kStandardMembers = {"@context",
                                                               "type",
                                                               "eventTime",
                                                               "eventTimeZoneOffset",
                                                               "recordTime",
                                                               "eventID",
                                                               "certificationInfo",
                                                               "errorDeclaration",
                                                               "epcList",
                                                               "parentID",
                                                               "inputEPCList",
                                                               "childEPCs",
                                                               "quantityList",
                                                               "childQuantityList",
                                                               "inputQuantityList",
                                                               "outputEPCList",
                                                               "outputQuantityList",
                                                               "action",
                                                               "transformationID",
                                                               "bizStep",
                                                               "disposition",
                                                               "persistentDisposition",
                                                               "readPoint",
                                                               "bizLocation",
                                                               "bizTransactionList",
                                                               "sourceList",
                                                               "destinationList",
                                                               "sensorElementList",
                                                               "ilmd",
                                                               "isA"};

constexpr std::array<std::string_view, 8> kSensorMetadataOrder = {"time",
                                                                  "startTime",
                                                                  "endTime",
                                                                  "deviceID",
                                                                  "deviceMetadata",
                                                                  "rawData",
                                                                  "dataProcessingMethod",
                                                                  "bizRules"};
constexpr std::array<std::string_view, 23> kSensorReportOrder = {"type",
                                                                 "exception",
                                                                 "deviceID",
                                                                 "deviceMetadata",
                                                                 "rawData",
                                                                 "dataProcessingMethod",
                                                                 "time",
                                                                 "microorganism",
                                                                 "chemicalSubstance",
                                                                 "value",
                                                                 "component",
                                                                 "stringValue",
                                                                 "booleanValue",
                                                                 "hexBinaryValue",
                                                                 "uriValue",
                                                                 "minValue",
                                                                 "maxValue",
                                                                 "meanValue",
                                                                 "sDev",
                                                                 "percRank",
                                                                 "percValue",
                                                                 "uom",
                                                                 "coordinateReferenceSystem"};

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::string format_number(const json& value) {
  if (value.is_number_integer()) return value.dump();
  const double d = value.get<double>();
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
  return std::string(buffer, result.ptr);
}

// "23.000" -> "23", "0.3430" -> "0.343"; other strings unchanged.
std::string strip_decimal_zeros(std::string_view s) {
  std::size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
  const std::size_t digits_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == digits_start || i >= s.size() || s[i] != '.' || i + 1 >= s.size()) return std::string(s);
  const std::size_t dot = i++;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i != s.size()) return std::string(s);
  std::size_t end = s.size();
  while (end > dot + 1 && s[end - 1] == '0') --end;
  if (end == dot + 1) end = dot;
  return std::string(s.substr(0, end));
}

std::string string_of(const json& value) {
  if (value.is_string()) return std::string(trim(value.get_ref<const std::string&>()));
  if (value.is_number()) return format_number(value);
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return {};
}

std::string time_of(const json& value) {
  const std::string text = string_of(value);
  const auto parsed = parse_epcis_time(text);
  return parsed ? format_utc_ms(parsed->epoch_ms) : text;
}

// A CURIE "prefix:local" with a declared prefix becomes the full IRI; anything else unchanged.
std::string expand_curie(std::string_view value, const NamespaceMap& namespaces) {
  const auto colon = value.find(':');
  if (colon == std::string_view::npos) return std::string(value);
  const auto it = namespaces.find(value.substr(0, colon));
  if (it == namespaces.end() || value.substr(colon + 1, 2) == "//") return std::string(value);
  return it->second + std::string(value.substr(colon + 1));
}

// Extension member name "{namespace}local".
std::string qualified_name(std::string_view key, const NamespaceMap& namespaces) {
  const auto colon = key.find(':');
  if (colon != std::string_view::npos) {
    const auto it = namespaces.find(key.substr(0, colon));
    if (it != namespaces.end()) return "{" + it->second + "}" + std::string(key.substr(colon + 1));
  }
  return std::string(key);
}

std::string extension_value(const json& value) {
  std::string text = string_of(value);
  const auto parsed = parse_epcis_time(text);
  if (parsed) return format_utc_ms(parsed->epoch_ms);
  return hash_normalised_identifier(strip_decimal_zeros(text));
}

// Appends the pre-hash pieces of one extension member; arrays give one piece per element.
void extension_pieces(std::string_view key, const json& value, const NamespaceMap& namespaces,
                      std::vector<std::string>& out);

std::string object_children(const json& object, const NamespaceMap& namespaces) {
  std::vector<std::string> pieces;
  for (const auto& [key, child] : object.items()) {
    if (!key.empty() && key[0] == '@') continue;  // JSON-LD keywords are not data
    extension_pieces(key, child, namespaces, pieces);
  }
  std::sort(pieces.begin(), pieces.end());
  std::string joined;
  for (const auto& piece : pieces) joined += piece;
  return joined;
}

void extension_pieces(std::string_view key, const json& value, const NamespaceMap& namespaces,
                      std::vector<std::string>& out) {
  const std::string name = qualified_name(key, namespaces);
  if (value.is_array()) {
    for (const auto& element : value) extension_pieces(key, element, namespaces, out);
  } else if (value.is_object()) {
    out.push_back(name + object_children(value, namespaces));
  } else if (value.is_null()) {
    out.push_back(name);
  } else {
    out.push_back(name + "=" + extension_value(value));
  }
}

const json* member(const json& object, std::string_view key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

void append_sorted(std::string& out, std::string_view list_name, std::vector<std::string> pieces) {
  if (pieces.empty()) return;
  std::sort(pieces.begin(), pieces.end());
  out += list_name;
  for (const auto& piece : pieces) out += piece;
}

void append_epc_list(std::string& out, const json& event, std::string_view name) {
  const json* list = member(event, name);
  if (!list || !list->is_array()) return;
  std::vector<std::string> pieces;
  for (const auto& epc : *list)
    pieces.push_back("epc=" + hash_normalised_identifier(string_of(epc)));
  append_sorted(out, name, std::move(pieces));
}

void append_quantity_list(std::string& out, const json& event, std::string_view name) {
  const json* list = member(event, name);
  if (!list || !list->is_array()) return;
  std::vector<std::string> pieces;
  for (const auto& element : *list) {
    if (!element.is_object()) continue;
    std::string piece = "quantityElement";
    if (const json* c = member(element, "epcClass")) {
      piece += "epcClass=" + hash_normalised_identifier(string_of(*c));
    }
    if (const json* q = member(element, "quantity")) piece += "quantity=" + string_of(*q);
    if (const json* u = member(element, "uom")) piece += "uom=" + string_of(*u);
    pieces.push_back(std::move(piece));
  }
  append_sorted(out, name, std::move(pieces));
}

void append_typed_list(std::string& out, const json& event, std::string_view list_name,
                       std::string_view id_key, CbvKind kind) {
  const json* list = member(event, list_name);
  if (!list || !list->is_array()) return;
  std::vector<std::string> pieces;
  for (const auto& element : *list) {
    if (!element.is_object()) continue;
    std::string piece;
    if (const json* t = member(element, "type"))
      piece += "type=" + cbv_web_uri(kind, string_of(*t));
    if (const json* id = member(element, id_key)) {
      piece += std::string(id_key) + "=" + hash_normalised_identifier(string_of(*id));
    }
    pieces.push_back(std::move(piece));
  }
  append_sorted(out, list_name, std::move(pieces));
}

std::string sensor_field(std::string_view key, const json& value, const NamespaceMap& namespaces) {
  if (key == "time" || key == "startTime" || key == "endTime") return time_of(value);
  if (key == "type" || key == "exception") {
    const std::string text = string_of(value);
    if (text.find(':') == std::string::npos) return std::string(kGs1VocWeb) + text;
    return expand_curie(text, namespaces);
  }
  if (value.is_string()) return hash_normalised_identifier(string_of(value));
  return string_of(value);
}

template <std::size_t N>
std::string ordered_fields(const json& object, const std::array<std::string_view, N>& order,
                           const NamespaceMap& namespaces) {
  std::string out;
  for (std::string_view key : order) {
    if (const json* v = member(object, key)) {
      out += std::string(key) + "=" + sensor_field(key, *v, namespaces);
    }
  }
  return out;
}

void append_sensor_elements(std::string& out, const json& event, const NamespaceMap& namespaces) {
  const json* list = member(event, "sensorElementList");
  if (!list || !list->is_array()) return;
  std::vector<std::string> elements;
  for (const auto& element : *list) {
    if (!element.is_object()) continue;
    std::string piece = "sensorElement";
    if (const json* meta = member(element, "sensorMetadata"); meta && meta->is_object()) {
      piece += "sensorMetadata" + ordered_fields(*meta, kSensorMetadataOrder, namespaces);
    }
    if (const json* reports = member(element, "sensorReport"); reports && reports->is_array()) {
      std::vector<std::string> report_pieces;
      for (const auto& report : *reports) {
        if (report.is_object()) {
          report_pieces.push_back("sensorReport" +
                                  ordered_fields(report, kSensorReportOrder, namespaces));
        }
      }
      std::sort(report_pieces.begin(), report_pieces.end());
      for (const auto& p : report_pieces) piece += p;
    }
    elements.push_back(std::move(piece));
  }
  std::sort(elements.begin(), elements.end());
  for (const auto& e : elements) out += e;
}

void append_scalar(std::string& out, const json& event, std::string_view key,
                   std::string (*normalise)(const json&)) {
  if (const json* v = member(event, key)) out += std::string(key) + "=" + normalise(*v);
}

std::string identifier_of(const json& v) { return hash_normalised_identifier(string_of(v)); }

}  // namespace

NamespaceMap namespaces_from_context(const json& context) {
  NamespaceMap namespaces = {{"cbvmda", "urn:epcglobal:cbv:mda"},
                             {"gs1", "https://gs1.org/voc/"},
                             {"cbv", "https://ref.gs1.org/cbv/"},
                             {"epcis", "https://ref.gs1.org/epcis/"}};
  auto add_object = [&](const json& object) {
    for (const auto& [prefix, iri] : object.items()) {
      if (iri.is_string()) namespaces[prefix] = iri.get<std::string>();
    }
  };
  if (context.is_object()) add_object(context);
  if (context.is_array()) {
    for (const auto& entry : context) {
      if (entry.is_object()) add_object(entry);
    }
  }
  return namespaces;
}

std::string event_pre_hash(const json& event, const NamespaceMap& namespaces) {
  std::string out;
  if (!event.is_object()) return out;
  out.reserve(512);
  if (const json* type = member(event, "type")) out += "eventType=" + string_of(*type);
  append_scalar(out, event, "eventTime", time_of);
  append_scalar(out, event, "eventTimeZoneOffset", string_of);
  append_epc_list(out, event, "epcList");
  append_scalar(out, event, "parentID", identifier_of);
  append_epc_list(out, event, "inputEPCList");
  append_epc_list(out, event, "childEPCs");
  append_quantity_list(out, event, "quantityList");
  append_quantity_list(out, event, "childQuantityList");
  append_quantity_list(out, event, "inputQuantityList");
  append_epc_list(out, event, "outputEPCList");
  append_quantity_list(out, event, "outputQuantityList");
  append_scalar(out, event, "action", string_of);
  append_scalar(out, event, "transformationID", identifier_of);
  if (const json* v = member(event, "bizStep")) {
    out += "bizStep=" + cbv_web_uri(CbvKind::kBizStep, string_of(*v));
  }
  if (const json* v = member(event, "disposition")) {
    out += "disposition=" + cbv_web_uri(CbvKind::kDisposition, string_of(*v));
  }
  if (const json* pd = member(event, "persistentDisposition"); pd && pd->is_object()) {
    out += "persistentDisposition";
    for (std::string_view part : {"set", "unset"}) {
      const json* values = member(*pd, part);
      if (!values || !values->is_array()) continue;
      std::vector<std::string> pieces;
      for (const auto& v : *values) {
        pieces.push_back(std::string(part) + "=" +
                         cbv_web_uri(CbvKind::kDisposition, string_of(v)));
      }
      std::sort(pieces.begin(), pieces.end());
      for (const auto& p : pieces) out += p;
    }
  }
  for (std::string_view place : {"readPoint", "bizLocation"}) {
    const json* v = member(event, place);
    if (!v || !v->is_object()) continue;
    out += place;
    if (const json* id = member(*v, "id")) out += "id=" + identifier_of(*id);
  }
  append_typed_list(out, event, "bizTransactionList", "bizTransaction",
                    CbvKind::kBizTransactionType);
  append_typed_list(out, event, "sourceList", "source", CbvKind::kSourceDestType);
  append_typed_list(out, event, "destinationList", "destination", CbvKind::kSourceDestType);
  append_sensor_elements(out, event, namespaces);
  if (const json* ilmd = member(event, "ilmd"); ilmd && ilmd->is_object()) {
    out += "ilmd" + object_children(*ilmd, namespaces);
  }
  std::vector<std::string> extensions;
  for (const auto& [key, value] : event.items()) {
    if (std::find(kStandardMembers.begin(), kStandardMembers.end(), key) !=
        kStandardMembers.end()) {
      continue;
    }
    extension_pieces(key, value, namespaces, extensions);
  }
  std::sort(extensions.begin(), extensions.end());
  for (const auto& e : extensions) out += e;
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(length * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return hex;
}

std::string event_hash_id(const json& event, const NamespaceMap& namespaces) {
  return "ni:///sha-256;" + sha256_hex(event_pre_hash(event, namespaces)) + "?ver=CBV2.0";
}

std::string event_hash_id(const Event& event) {
  static const NamespaceMap kDefaults = namespaces_from_context(json());
  return event_hash_id(event_to_json(event), kDefaults);  // eventID is not part of the hash
}

}  // namespace pharmatwin::serialization
