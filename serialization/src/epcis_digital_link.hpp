// Identifier normalisation for the CBV 2.0 event hash: EPC URIs (pure identity, class and
// pattern URIs) become canonical GS1 Digital Link URIs on https://id.gs1.org, and Digital Link
// URIs are constrained (GS1 resolver domain, no query string, finest key/qualifier only).
// Private to the EPCIS code; anything that is neither stays as written.
#pragma once

#include <string>
#include <string_view>

namespace pharmatwin::serialization::epcis_detail {

std::string hash_normalised_identifier(std::string_view uri);

}  // namespace pharmatwin::serialization::epcis_detail
