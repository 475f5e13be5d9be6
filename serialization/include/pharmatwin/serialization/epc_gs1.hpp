// EPC pure-identity URNs of every Tag Data Standard scheme that carries a GS1 key, to and from
// GS1 element strings and Digital Link URIs in one step (TDS sections 6-7: sgtin, sscc, sgln,
// grai, giai, gsrn, gsrnp, gdti, cpi, sgcn, ginc, gsin, itip, upui, pgln and the lgtin class).
//
//   epc_to_digital_link("urn:epc:id:sgtin:0614141.812345.6789")
//       -> "https://id.gs1.org/01/80614141123458/21/6789"
//   digital_link_to_epc("https://id.gs1.org/00/106141412345678908", 7)
//       -> "urn:epc:id:sscc:0614141.1234567890"
// An EPC URN shows the GS1 Company Prefix on its own, so going to one needs the prefix length
// (6-12 digits), which a GS1 key does not carry.
#pragma once

#include <string>
#include <string_view>

#include "pharmatwin/serialization/digital_link.hpp"
#include "pharmatwin/serialization/gs1_element_string.hpp"
#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

// The AIs of an EPC URN, e.g. sgtin -> (01) (21), sgln -> (414) [(254)], cpi -> (8010) (8011).
Result<Gs1ElementString> epc_to_element_string(std::string_view urn,
                                               const Gs1ParseOptions& options = {});
// The EPC URN of an element string: the scheme follows the AIs present ((01)+(21) sgtin,
// (01)+(235) upui, (01)+(10) lgtin, (00) sscc, (414) sgln, (8003) grai, ...).
Result<std::string> element_string_to_epc(const Gs1ElementString& elements,
                                          int company_prefix_length,
                                          const Gs1ParseOptions& options = {});

Result<std::string> epc_to_digital_link(std::string_view urn,
                                        std::string_view domain = kCanonicalDigitalLinkDomain,
                                        const Gs1ParseOptions& options = {});
Result<std::string> digital_link_to_epc(std::string_view uri, int company_prefix_length,
                                        const Gs1ParseOptions& options = {});

}  // namespace pharmatwin::serialization
