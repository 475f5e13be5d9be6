// Namespaces of user extensions in EPCIS 2.0 JSON-LD. A member that the standard does not define
// (an extension of an event, of its ILMD, readPoint, bizLocation, errorDeclaration or sensor
// data, or of the document) must be a compact IRI whose prefix the @context declares, or the
// EPCIS 2.0 context itself defines (epcis, cbv, cbvmda, gs1, ...), or a full IRI; JSON-LD drops
// an undefined bare term, so "lotNumber" in an ILMD would silently vanish.
//
//   PrefixScope scope;                       // the EPCIS context's own prefixes
//   scope.declare("example");                // {"example": "http://ns.example.com/epcis/"}
//   extension_name_problem("example:batch", scope);  // nullopt
//   extension_name_problem("batch", scope);          // "... has no namespace prefix ..."
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::serialization::epcis_detail {

// The prefixes in scope: those of an @context, over those of the enclosing scope (the
// document's for an event's own @context), over those the EPCIS 2.0 context defines.
class PrefixScope {
 public:
  explicit PrefixScope(const PrefixScope* enclosing = nullptr) : enclosing_(enclosing) {}
  void declare(std::string_view prefix) { declared_.emplace_back(prefix); }
  bool declares(std::string_view prefix) const;

 private:
  const PrefixScope* enclosing_;
  std::vector<std::string> declared_;
};

// Why `name` is not an acceptable extension member name, or nullopt when it is.
std::optional<std::string> extension_name_problem(std::string_view name, const PrefixScope& scope);

// Whether `name` is one of the members the standard defines for `object` ("event",
// "readPoint", "bizLocation", "errorDeclaration", "sensorElement", "sensorMetadata",
// "sensorReport", "ilmd" (none), "document").
bool is_standard_member(std::string_view object, std::string_view name);

}  // namespace pharmatwin::serialization::epcis_detail
