// Core Business Vocabulary (CBV 2.0) values used by EPCIS events: business steps, dispositions,
// business transaction types, source/destination types and error reasons.
//
// A CBV value may be written bare ("shipping"), as a URN ("urn:epcglobal:cbv:bizstep:shipping"),
// as a GS1 web URI ("https://ref.gs1.org/cbv/BizStep-shipping") or as a CURIE
// ("cbv:BizStep-shipping"). The library stores the bare word; anything else is a user vocabulary
// URI and is kept as written.
#pragma once

#include <string>
#include <string_view>

namespace pharmatwin::serialization {

enum class CbvKind { kBizStep, kDisposition, kBizTransactionType, kSourceDestType, kErrorReason };

// The bare CBV word of `value` if it is any of the four CBV spellings, otherwise `value`.
std::string cbv_bare(CbvKind kind, std::string_view value);

// True when `bare` is a term of the CBV 2.0 list for `kind`.
bool is_known_cbv(CbvKind kind, std::string_view bare);

// True when `value` is a user-vocabulary URI (has a scheme, e.g. "http://..." or "urn:...").
bool looks_like_uri(std::string_view value);

// The GS1 web URI of a CBV value ("shipping", "urn:epcglobal:cbv:bizstep:shipping" ->
// "https://ref.gs1.org/cbv/BizStep-shipping"); other URIs are returned unchanged.
std::string cbv_web_uri(CbvKind kind, std::string_view value);

}  // namespace pharmatwin::serialization
