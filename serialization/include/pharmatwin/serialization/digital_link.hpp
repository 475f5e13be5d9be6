// GS1 Digital Link URIs (GS1 Digital Link standard, URI syntax):
//   https://id.gs1.org/01/09506000134352/10/AB12/21/XYZ?17=271231
// The path carries one primary key and its key qualifiers in one of the key's qualifier
// orders; other AIs (data attributes) go in the query string. Values are percent-encoded.
// Primary keys, qualifier paths and which AIs may be attributes come from GS1's Barcode Syntax
// Dictionary (dlpkey=, "?"): GTIN, SSCC, GLN, GRAI, GIAI, GSRN, GDTI, GCN, GINC, GSIN, ITIP,
// CPID, GMN, ...
//
//   auto link = parse_digital_link("HTTPS://example.com/shop/01/09506000134352?17=271231");
//   canonical_digital_link(*link);  // "https://id.gs1.org/01/09506000134352?17=271231"
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

// Parses a Digital Link URI: scheme and host in any case, any path prefix (custom stem) before
// the primary key, attributes in any order, the same AI twice with the same value once.
// GTINs of 8/12/13 digits are normalised to 14; short names of older versions (gtin, lot, ser,
// cpv, sscc, gln, glnx, exp) are accepted. Errors give the position in the URI.
Result<DigitalLink> parse_digital_link(std::string_view uri, const Gs1ParseOptions& options = {});

// Builds the Digital Link of an element string: the first primary key in it, its qualifiers in
// the path in the dictionary's order, every other AI in the query in AI order (each must be a
// permitted data attribute). `domain` defaults to the canonical https://id.gs1.org.
Result<std::string> to_digital_link(const Gs1ElementString& elements,
                                    std::string_view domain = kCanonicalDigitalLinkDomain,
                                    const Gs1ParseOptions& options = {});

// The canonical form: id.gs1.org, 14-digit GTIN, qualifiers in order, attributes sorted,
// non-AI parameters dropped.
std::string canonical_digital_link(const DigitalLink& link);

// Percent-encoding used in Digital Link path segments and query values: everything outside
// A-Z a-z 0-9 - . _ ~ becomes %XX (uppercase hex).
std::string percent_encode(std::string_view value);
// Decodes %XX; error on a malformed escape (position relative to `value`).
Result<std::string> percent_decode(std::string_view value);

}  // namespace pharmatwin::serialization
