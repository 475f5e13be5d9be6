#include "pharmatwin/serialization/epcis_cbv.hpp"

#include <algorithm>
#include <array>

namespace pharmatwin::serialization {
namespace {

// CBV 2.0 term lists (the same sets the EPCIS 2.0 JSON schema enumerates).
constexpr std::string_view kBizSteps[] = {"accepting",
                                          "arriving",
                                          "assembling",
                                          "collecting",
                                          "commissioning",
                                          "consigning",
                                          "creating_class_instance",
                                          "cycle_counting",
                                          "decommissioning",
                                          "departing",
                                          "destroying",
                                          "disassembling",
                                          "dispensing",
                                          "encoding",
                                          "entering_exiting",
                                          "holding",
                                          "inspecting",
                                          "installing",
                                          "killing",
                                          "loading",
                                          "other",
                                          "packing",
                                          "picking",
                                          "receiving",
                                          "removing",
                                          "repackaging",
                                          "repairing",
                                          "replacing",
                                          "reserving",
                                          "retail_selling",
                                          "sampling",
                                          "sensor_reporting",
                                          "shipping",
                                          "staging_outbound",
                                          "stock_taking",
                                          "stocking",
                                          "storing",
                                          "transporting",
                                          "unloading",
                                          "unpacking",
                                          "void_shipping"};
constexpr std::string_view kDispositions[] = {"active",
                                              "available",
                                              "completeness_inferred",
                                              "completeness_verified",
                                              "conformant",
                                              "container_closed",
                                              "container_open",
                                              "damaged",
                                              "destroyed",
                                              "dispensed",
                                              "disposed",
                                              "encoded",
                                              "expired",
                                              "in_progress",
                                              "in_transit",
                                              "inactive",
                                              "mismatch_class",
                                              "mismatch_instance",
                                              "mismatch_quantity",
                                              "needs_replacement",
                                              "no_pedigree_match",
                                              "non_conformant",
                                              "non_sellable_other",
                                              "partially_dispensed",
                                              "recalled",
                                              "reserved",
                                              "retail_sold",
                                              "returned",
                                              "sellable_accessible",
                                              "sellable_not_accessible",
                                              "stolen",
                                              "unavailable",
                                              "unknown"};
constexpr std::string_view kBizTransactionTypes[] = {
    "bol",       "cert",   "desadv", "inv",     "pedigree", "po",   "poc",
    "prodorder", "recadv", "rma",    "testprd", "testres",  "upevt"};
constexpr std::string_view kSourceDestTypes[] = {"location", "owning_party", "possessing_party"};
constexpr std::string_view kErrorReasons[] = {"did_not_occur", "incorrect_data"};

struct Spelling {
  std::string_view urn_prefix;  // "urn:epcglobal:cbv:bizstep:"
  std::string_view web_stem;    // "BizStep-"
};

Spelling spelling(CbvKind kind) {
  switch (kind) {
    case CbvKind::kBizStep:
      return {"urn:epcglobal:cbv:bizstep:", "BizStep-"};
    case CbvKind::kDisposition:
      return {"urn:epcglobal:cbv:disp:", "Disp-"};
    case CbvKind::kBizTransactionType:
      return {"urn:epcglobal:cbv:btt:", "BTT-"};
    case CbvKind::kSourceDestType:
      return {"urn:epcglobal:cbv:sdt:", "SDT-"};
    case CbvKind::kErrorReason:
      return {"urn:epcglobal:cbv:er:", "ER-"};
  }
  return {"", ""};
}

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string cbv_bare(CbvKind kind, std::string_view value) {
  const Spelling sp = spelling(kind);
  constexpr std::string_view kWeb = "https://ref.gs1.org/cbv/";
  constexpr std::string_view kCurie = "cbv:";
  if (starts_with(value, sp.urn_prefix)) return std::string(value.substr(sp.urn_prefix.size()));
  for (std::string_view base : {kWeb, kCurie}) {
    if (starts_with(value, base) && starts_with(value.substr(base.size()), sp.web_stem)) {
      return std::string(value.substr(base.size() + sp.web_stem.size()));
    }
  }
  return std::string(value);
}

bool is_known_cbv(CbvKind kind, std::string_view bare) {
  switch (kind) {
    case CbvKind::kBizStep:
      return contains(kBizSteps, bare);
    case CbvKind::kDisposition:
      return contains(kDispositions, bare);
    case CbvKind::kBizTransactionType:
      return contains(kBizTransactionTypes, bare);
    case CbvKind::kSourceDestType:
      return contains(kSourceDestTypes, bare);
    case CbvKind::kErrorReason:
      return contains(kErrorReasons, bare);
  }
  return false;
}

bool looks_like_uri(std::string_view value) {
  const auto colon = value.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = value[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return colon + 1 < value.size();
}

std::string cbv_web_uri(CbvKind kind, std::string_view value) {
  const Spelling sp = spelling(kind);
  const std::string stem = "https://ref.gs1.org/cbv/" + std::string(sp.web_stem);
  if (starts_with(value, sp.urn_prefix))
    return stem + std::string(value.substr(sp.urn_prefix.size()));
  if (starts_with(value, "cbv:")) return "https://ref.gs1.org/cbv/" + std::string(value.substr(4));
  if (looks_like_uri(value)) return std::string(value);
  return stem + std::string(value);  // a bare word stands for its CBV term
}

}  // namespace pharmatwin::serialization
