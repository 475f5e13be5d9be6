// GS1 Digital Link URIs (GS1 Digital Link standard 1.x, URI syntax):
//   https://id.gs1.org/01/09506000134352/10/AB12/21/XYZ?17=271231
// The path carries one primary key and its key qualifiers in their fixed order; other AIs
// (data attributes) go in the query string. Values are percent-encoded.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pharmatwin/serialization/gs1_element_string.hpp"
#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

inline constexpr std::string_view kCanonicalDigitalLinkDomain = "https://id.gs1.org";

struct DigitalLink {
  std::string domain;  // scheme + authority + any path prefix, e.g. "https://example.com/abc"
  Gs1ElementString elements;  // primary key first, then qualifiers, then attributes
  // Query parameters that are not AIs (e.g. linkType), in order of appearance.
  std::vector<std::pair<std::string, std::string>> other_params;
};

// Parses a Digital Link URI; GTINs of 8/12/13 digits are normalised to 14; short names of
// older versions (gtin, lot, ser, cpv, sscc, gln) are accepted. Errors give the position in
// the URI.
Result<DigitalLink> parse_digital_link(std::string_view uri, const Gs1ParseOptions& options = {});

// Builds the Digital Link of an element string: needs exactly one primary key ((01), (00),
// (414), (8004) or (8006)). Qualifiers go in the path in standard order, every other AI in the
// query sorted by AI. `domain` defaults to the canonical https://id.gs1.org.
Result<std::string> to_digital_link(const Gs1ElementString& elements,
                                    std::string_view domain = kCanonicalDigitalLinkDomain);

// The canonical form: id.gs1.org, 14-digit GTIN, qualifiers in order, attributes sorted,
// non-AI parameters dropped.
std::string canonical_digital_link(const DigitalLink& link);

// Percent-encoding used in Digital Link path segments and query values: everything outside
// A-Z a-z 0-9 - . _ ~ becomes %XX (uppercase hex).
std::string percent_encode(std::string_view value);
// Decodes %XX; error on a malformed escape (position relative to `value`).
Result<std::string> percent_decode(std::string_view value);

}  // namespace pharmatwin::serialization
