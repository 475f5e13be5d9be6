#include "epcis_namespaces.hpp"

#include <algorithm>
#include <array>

namespace pharmatwin::serialization::epcis_detail {

namespace {

// Prefixes the EPCIS 2.0 JSON-LD context (epcis-context.jsonld) defines itself.
constexpr std::array<std::string_view, 8> kContextPrefixes = {"epcis", "cbv",  "cbvmda", "gs1",
                                                              "rdf",   "rdfs", "owl",    "xsd"};

constexpr std::array<std::string_view, 29> kEventMembers = {"@context",
                                                            "type",
                                                            "eventTime",
                                                            "eventTimeZoneOffset",
                                                            "recordTime",
                                                            "eventID",
                                                            "certificationInfo",
                                                            "errorDeclaration",
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
                                                            "persistentDisposition",
                                                            "readPoint",
                                                            "bizLocation",
                                                            "bizTransactionList",
                                                            "sourceList",
                                                            "destinationList",
                                                            "sensorElementList",
                                                            "ilmd"};
constexpr std::array<std::string_view, 3> kErrorDeclarationMembers = {"declarationTime", "reason",
                                                                      "correctiveEventIDs"};
constexpr std::array<std::string_view, 2> kSensorElementMembers = {"sensorMetadata",
                                                                   "sensorReport"};
constexpr std::array<std::string_view, 8> kSensorMetadataMembers = {
    "time",      "deviceID", "deviceMetadata",       "rawData",
    "startTime", "endTime",  "dataProcessingMethod", "bizRules"};
constexpr std::array<std::string_view, 24> kSensorReportMembers = {"type",
                                                                   "exception",
                                                                   "deviceID",
                                                                   "deviceMetadata",
                                                                   "rawData",
                                                                   "dataProcessingMethod",
                                                                   "bizRules",
                                                                   "time",
                                                                   "microorganism",
                                                                   "chemicalSubstance",
                                                                   "coordinateReferenceSystem",
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
                                                                   "uom"};
constexpr std::array<std::string_view, 10> kDocumentMembers = {
    "@context",           "id",     "type",     "schemaVersion", "creationDate",
    "instanceIdentifier", "sender", "receiver", "epcisHeader",   "epcisBody"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

bool PrefixScope::declares(std::string_view prefix) const {
  if (std::find(declared_.begin(), declared_.end(), prefix) != declared_.end()) return true;
  return enclosing_ != nullptr ? enclosing_->declares(prefix) : listed(kContextPrefixes, prefix);
}

std::optional<std::string> extension_name_problem(std::string_view name, const PrefixScope& scope) {
  if (!name.empty() && name[0] == '@') return std::nullopt;  // JSON-LD keyword
  const std::size_t colon = name.find(':');
  if (colon == std::string_view::npos) {
    return "extension member \"" + std::string(name) +
           "\" has no namespace prefix (write it prefix:" + std::string(name) +
           " with the prefix declared in @context)";
  }
  const std::string_view prefix = name.substr(0, colon);
  const std::string_view rest = name.substr(colon + 1);
  if (rest.starts_with("//") || prefix == "urn") return std::nullopt;  // a full IRI
  if (prefix.empty() || rest.empty()) {
    return "extension member \"" + std::string(name) + "\" is not prefix:name";
  }
  if (!scope.declares(prefix)) {
    return "namespace prefix \"" + std::string(prefix) + "\" of extension member \"" +
           std::string(name) + "\" is not declared in @context";
  }
  return std::nullopt;
}

bool is_standard_member(std::string_view object, std::string_view name) {
  if (object == "event") return listed(kEventMembers, name);
  if (object == "readPoint" || object == "bizLocation") return name == "id";
  if (object == "errorDeclaration") return listed(kErrorDeclarationMembers, name);
  if (object == "sensorElement") return listed(kSensorElementMembers, name);
  if (object == "sensorMetadata") return listed(kSensorMetadataMembers, name);
  if (object == "sensorReport") return listed(kSensorReportMembers, name);
  if (object == "document") return listed(kDocumentMembers, name);
  return false;  // ilmd: every member is an extension
}

}  // namespace pharmatwin::serialization::epcis_detail
