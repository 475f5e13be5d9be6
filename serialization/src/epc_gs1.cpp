#include "pharmatwin/serialization/epc_gs1.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "pharmatwin/serialization/epc_uri.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"

namespace pharmatwin::serialization {

namespace {

struct Scheme {
  std::string_view name;  // "sgtin"
  std::string_view prefix;
  int fields;
};

constexpr std::array kSchemes{
    Scheme{"sgtin", "urn:epc:id:sgtin:", 3}, Scheme{"sscc", "urn:epc:id:sscc:", 2},
    Scheme{"sgln", "urn:epc:id:sgln:", 3},   Scheme{"grai", "urn:epc:id:grai:", 3},
    Scheme{"giai", "urn:epc:id:giai:", 2},   Scheme{"gsrn", "urn:epc:id:gsrn:", 2},
    Scheme{"gsrnp", "urn:epc:id:gsrnp:", 2}, Scheme{"gdti", "urn:epc:id:gdti:", 3},
    Scheme{"cpi", "urn:epc:id:cpi:", 3},     Scheme{"sgcn", "urn:epc:id:sgcn:", 3},
    Scheme{"ginc", "urn:epc:id:ginc:", 2},   Scheme{"gsin", "urn:epc:id:gsin:", 2},
    Scheme{"itip", "urn:epc:id:itip:", 5},   Scheme{"upui", "urn:epc:id:upui:", 3},
    Scheme{"pgln", "urn:epc:id:pgln:", 2},   Scheme{"lgtin", "urn:epc:class:lgtin:", 3},
};

bool all_digits(std::string_view s) {
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Error epc_error(std::size_t pos, std::string rule) {
  return make_error("EPC URI", pos, std::move(rule));
}

std::string with_check(std::string body) {
  body += static_cast<char>('0' + *gs1_check_digit(body));
  return body;
}

Result<std::string> unescape(std::string_view value, std::size_t pos) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    if (i + 2 >= value.size() || hex_value(value[i + 1]) < 0 || hex_value(value[i + 2]) < 0) {
      return epc_error(pos + i, "'%' not followed by two hex digits");
    }
    out += static_cast<char>(hex_value(value[i + 1]) * 16 + hex_value(value[i + 2]));
    i += 2;
  }
  return out;
}

// Escapes of a CPI part reference (set 39): '/' and '#'.
std::string escape_cpi(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '/') {
      out += "%2F";
    } else if (c == '#') {
      out += "%23";
    } else {
      out += c;
    }
  }
  return out;
}

struct Fields {
  std::vector<std::string_view> parts;
  std::vector<std::size_t> pos;
};

// `count` dot-separated fields; the last one takes any further dots (serials may hold '.').
std::optional<Fields> split_fields(std::string_view body, std::size_t offset, int count) {
  Fields f;
  std::size_t start = 0;
  for (int i = 0; i < count - 1; ++i) {
    const std::size_t dot = body.find('.', start);
    if (dot == std::string_view::npos) return std::nullopt;
    f.parts.push_back(body.substr(start, dot - start));
    f.pos.push_back(offset + start);
    start = dot + 1;
  }
  f.parts.push_back(body.substr(start));
  f.pos.push_back(offset + start);
  return f;
}

// Where the first element with this AI started in the input (0 when made in code).
std::size_t position_of(const Gs1ElementString& es, std::string_view ai) {
  for (const auto& e : es.elements) {
    if (e.ai == ai) return e.position;
  }
  return 0;
}

Result<int> check_prefix_length(int n) {
  if (n < 6 || n > 12) {
    return make_error("company prefix length", 0, std::to_string(n) + " is not 6-12");
  }
  return n;
}

}  // namespace

Result<Gs1ElementString> epc_to_element_string(std::string_view urn,
                                               const Gs1ParseOptions& options) {
  const Scheme* scheme = nullptr;
  for (const auto& s : kSchemes) {
    if (urn.starts_with(s.prefix)) scheme = &s;
  }
  if (scheme == nullptr) {
    if (urn.starts_with("urn:epc:id:")) {
      return epc_error(11,
                       "EPC scheme without a GS1 key (GS1 schemes: sgtin, sscc, sgln, grai, "
                       "giai, gsrn, gsrnp, gdti, cpi, sgcn, ginc, gsin, itip, upui, pgln)");
    }
    return epc_error(0, "not an EPC pure-identity URN (urn:epc:id:...) nor urn:epc:class:lgtin:");
  }
  const std::size_t offset = scheme->prefix.size();
  const auto f = split_fields(urn.substr(offset), offset, scheme->fields);
  if (!f) {
    return epc_error(offset, "expected " + std::to_string(scheme->fields) +
                                 " dot-separated fields after " + std::string(scheme->prefix));
  }
  const auto& p = f->parts;
  const std::string_view cp = p[0];
  if (cp.size() < 6 || cp.size() > 12 || !all_digits(cp)) {
    return epc_error(f->pos[0], "GS1 Company Prefix must be 6-12 digits");
  }
  const auto digits = [&](int i, std::size_t total, const char* what) -> std::optional<Error> {
    if (!all_digits(p[i]) || cp.size() + p[i].size() != total) {
      return epc_error(f->pos[i], std::string("company prefix + ") + what + " must be " +
                                      std::to_string(total) + " digits");
    }
    return std::nullopt;
  };
  Gs1ElementString es;
  const auto add = [&](const char* ai, std::string value) { es.elements.push_back({ai, value}); };
  const auto last = [&](int i) { return unescape(p[i], f->pos[i]); };
  const std::string_view name = scheme->name;
  if (name == "sgtin" || name == "lgtin" || name == "upui" || name == "itip") {
    if (auto e = digits(1, 13, "indicator and item reference")) return *e;
    add("01", with_check(std::string(1, p[1][0]) + std::string(cp) + std::string(p[1].substr(1))));
    if (name == "itip") {
      if (p[2].size() != 2 || p[3].size() != 2 || !all_digits(p[2]) || !all_digits(p[3])) {
        return epc_error(f->pos[2], "piece and total must be two digits each");
      }
      es.elements[0] = {"8006", es.elements[0].value + std::string(p[2]) + std::string(p[3])};
    }
    auto component = last(scheme->fields - 1);
    if (!component) return component.error();
    add(name == "lgtin" ? "10" : name == "upui" ? "235" : "21", std::move(component).value());
  } else if (name == "sscc") {
    if (auto e = digits(1, 17, "extension and serial reference")) return *e;
    add("00", with_check(std::string(1, p[1][0]) + std::string(cp) + std::string(p[1].substr(1))));
  } else if (name == "sgln" || name == "pgln") {
    if (auto e = digits(1, 12, "location reference")) return *e;
    add(name == "sgln" ? "414" : "417", with_check(std::string(cp) + std::string(p[1])));
    if (name == "sgln") {
      auto ext = last(2);
      if (!ext) return ext.error();
      if (ext.value() != "0") add("254", std::move(ext).value());
    }
  } else if (name == "grai" || name == "gdti" || name == "sgcn") {
    if (auto e = digits(1, 12, "reference")) return *e;
    auto serial = last(2);
    if (!serial) return serial.error();
    const std::string key = with_check(std::string(cp) + std::string(p[1]));
    if (name == "grai") add("8003", "0" + key + serial.value());
    if (name == "gdti") add("253", key + serial.value());
    if (name == "sgcn") add("255", key + serial.value());
  } else if (name == "giai" || name == "ginc") {
    auto ref = last(1);
    if (!ref) return ref.error();
    add(name == "giai" ? "8004" : "401", std::string(cp) + ref.value());
  } else if (name == "gsrn" || name == "gsrnp") {
    if (auto e = digits(1, 17, "service reference")) return *e;
    add(name == "gsrn" ? "8018" : "8017", with_check(std::string(cp) + std::string(p[1])));
  } else if (name == "gsin") {
    if (auto e = digits(1, 16, "shipper reference")) return *e;
    add("402", with_check(std::string(cp) + std::string(p[1])));
  } else if (name == "cpi") {
    auto ref = unescape(p[1], f->pos[1]);
    if (!ref) return ref.error();
    add("8010", std::string(cp) + ref.value());
    add("8011", std::string(p[2]));
  }
  auto valid = validate_elements(std::move(es), options);
  if (!valid) {
    Error e = valid.error();
    e.rule = e.element + ": " + e.rule;
    e.element = "EPC URI";
    e.position = offset;
    return e;
  }
  return valid;
}

Result<std::string> element_string_to_epc(const Gs1ElementString& es, int company_prefix_length,
                                          const Gs1ParseOptions& options) {
  auto n_ok = check_prefix_length(company_prefix_length);
  if (!n_ok) return n_ok.error();
  auto valid = validate_elements(es, options);
  if (!valid) return valid.error();
  const auto n = static_cast<std::size_t>(company_prefix_length);
  const auto get = [&](std::string_view ai) { return es.find(ai); };
  const auto too_short = [&](std::string_view ai) {
    return make_error("AI (" + std::string(ai) + ")", position_of(es, ai),
                      "too short for a " + std::to_string(n) + "-digit company prefix");
  };
  // cp.ref of a key whose company prefix starts at `from` and whose check digit is last.
  const auto split_key = [&](const std::string& key, std::size_t from, std::size_t end) {
    return key.substr(from, n) + "." + key.substr(from + n, end - from - n);
  };
  // GTIN-14 -> "cp.indicator+itemref".
  const auto gtin_fields = [&](const std::string& gtin) {
    return gtin.substr(1, n) + "." + gtin.substr(0, 1) + gtin.substr(1 + n, 12 - n);
  };
  if (const auto* itip = get("8006")) {
    const auto* serial = get("21");
    if (serial == nullptr)
      return make_error("AI (8006)", position_of(es, "8006"), "an ITIP EPC needs a serial (21)");
    const std::string gtin = itip->substr(0, 14);
    return "urn:epc:id:itip:" + gtin_fields(gtin) + "." + itip->substr(14, 2) + "." +
           itip->substr(16, 2) + "." + epc_escape(*serial);
  }
  if (const auto* gtin = get("01")) {
    if (n > 12) return too_short("01");
    if (const auto* serial = get("21")) {
      return "urn:epc:id:sgtin:" + gtin_fields(*gtin) + "." + epc_escape(*serial);
    }
    if (const auto* tpx = get("235")) {
      return "urn:epc:id:upui:" + gtin_fields(*gtin) + "." + epc_escape(*tpx);
    }
    if (const auto* lot = get("10")) {
      return "urn:epc:class:lgtin:" + gtin_fields(*gtin) + "." + epc_escape(*lot);
    }
    return make_error("AI (01)", position_of(es, "01"),
                      "a GTIN alone has no EPC: add a serial (21), TPX (235) or lot (10)");
  }
  if (const auto* sscc = get("00")) {
    return "urn:epc:id:sscc:" + sscc->substr(1, n) + "." + sscc->substr(0, 1) +
           sscc->substr(1 + n, 16 - n);
  }
  if (const auto* gln = get("414")) {
    const auto* ext = get("254");
    return "urn:epc:id:sgln:" + split_key(*gln, 0, 12) + "." + (ext ? epc_escape(*ext) : "0");
  }
  if (const auto* gln = get("417")) return "urn:epc:id:pgln:" + split_key(*gln, 0, 12);
  if (const auto* grai = get("8003")) {
    if (grai->size() <= 14)
      return make_error("AI (8003)", position_of(es, "8003"),
                        "a GRAI EPC needs a serial component");
    return "urn:epc:id:grai:" + split_key(*grai, 1, 13) + "." + epc_escape(grai->substr(14));
  }
  if (const auto* giai = get("8004")) {
    if (giai->size() <= n) return too_short("8004");
    return "urn:epc:id:giai:" + giai->substr(0, n) + "." + epc_escape(giai->substr(n));
  }
  if (const auto* gsrn = get("8018")) return "urn:epc:id:gsrn:" + split_key(*gsrn, 0, 17);
  if (const auto* gsrn = get("8017")) return "urn:epc:id:gsrnp:" + split_key(*gsrn, 0, 17);
  if (const auto* gdti = get("253")) {
    if (gdti->size() <= 13)
      return make_error("AI (253)", position_of(es, "253"), "a GDTI EPC needs a serial component");
    return "urn:epc:id:gdti:" + split_key(*gdti, 0, 12) + "." + epc_escape(gdti->substr(13));
  }
  if (const auto* gcn = get("255")) {
    if (gcn->size() <= 13)
      return make_error("AI (255)", position_of(es, "255"), "an SGCN EPC needs a serial component");
    return "urn:epc:id:sgcn:" + split_key(*gcn, 0, 12) + "." + gcn->substr(13);
  }
  if (const auto* ginc = get("401")) {
    if (ginc->size() <= n) return too_short("401");
    return "urn:epc:id:ginc:" + ginc->substr(0, n) + "." + epc_escape(ginc->substr(n));
  }
  if (const auto* gsin = get("402")) return "urn:epc:id:gsin:" + split_key(*gsin, 0, 16);
  if (const auto* cpid = get("8010")) {
    const auto* serial = get("8011");
    if (serial == nullptr)
      return make_error("AI (8010)", position_of(es, "8010"), "a CPI EPC needs a serial (8011)");
    if (cpid->size() <= n) return too_short("8010");
    return "urn:epc:id:cpi:" + cpid->substr(0, n) + "." + escape_cpi(cpid->substr(n)) + "." +
           *serial;
  }
  return make_error(
      "element string", 0,
      "no EPC scheme for these AIs (needs e.g. (01)+(21), (00), (414), (8003), "
      "(8004), (8017)/(8018), (253), (255), (401), (402), (8006)+(21), (8010)+(8011))");
}

Result<EpcKey> epc_key_of(const Gs1ElementString& es) {
  // In the order element_string_to_epc picks its scheme; `skip` digits precede the prefix.
  struct KeyAi {
    std::string_view ai;
    std::size_t skip;
  };
  static constexpr std::array kKeys{
      KeyAi{"8006", 1}, KeyAi{"01", 1},   KeyAi{"00", 1},   KeyAi{"414", 0},  KeyAi{"417", 0},
      KeyAi{"8003", 1}, KeyAi{"8004", 0}, KeyAi{"8018", 0}, KeyAi{"8017", 0}, KeyAi{"253", 0},
      KeyAi{"255", 0},  KeyAi{"401", 0},  KeyAi{"402", 0},  KeyAi{"8010", 0},
  };
  for (const auto& key : kKeys) {
    if (const auto* value = es.find(key.ai)) {
      const std::string rest = value->substr(std::min(key.skip, value->size()));
      return EpcKey{std::string(key.ai), rest.substr(0, rest.find_first_not_of("0123456789"))};
    }
  }
  return make_error("element string", 0,
                    "no GS1 key that makes an EPC ((01), (00), (414), (417), (8003), (8004), "
                    "(8017), (8018), (253), (255), (401), (402), (8006), (8010))");
}

Result<int> company_prefix_length(const Gs1ElementString& es, const CompanyPrefixTable& table) {
  auto key = epc_key_of(es);
  if (!key) return key.error();
  const AiElement* element = nullptr;
  for (const auto& e : es.elements) {
    if (e.ai == key->ai && element == nullptr) element = &e;
  }
  const std::string label = "AI (" + key->ai + ")";
  const std::size_t at = element != nullptr ? element->position : 0;
  const auto match = table.find(key->from_prefix);
  if (!match) {
    return make_error(label, at,
                      "the company prefix table has no entry for " + element->value +
                          " (no listed prefix opens " + key->from_prefix +
                          "); add one or give --company-prefix-length");
  }
  if (match->length == 0) {
    return make_error(label, at,
                      element->value + " is in range " + match->prefix +
                          ", which the company prefix table marks as without GS1 Company "
                          "Prefixes (length 0)");
  }
  if (match->length < 6 || static_cast<std::size_t>(match->length) > key->from_prefix.size()) {
    return make_error(label, at,
                      "the company prefix table gives length " + std::to_string(match->length) +
                          " for range " + match->prefix +
                          "; an EPC URN needs 6-12 digits within the key");
  }
  return match->length;
}

Result<std::string> element_string_to_epc(const Gs1ElementString& es,
                                          const CompanyPrefixTable& table,
                                          const Gs1ParseOptions& options) {
  auto valid = validate_elements(es, options);
  if (!valid) return valid.error();
  auto length = company_prefix_length(valid.value(), table);
  if (!length) return length.error();
  return element_string_to_epc(valid.value(), length.value(), options);
}

Result<std::string> epc_to_digital_link(std::string_view urn, std::string_view domain,
                                        const Gs1ParseOptions& options) {
  auto es = epc_to_element_string(urn, options);
  if (!es) return es.error();
  return to_digital_link(es.value(), domain, options);
}

Result<std::string> digital_link_to_epc(std::string_view uri, int company_prefix_length,
                                        const Gs1ParseOptions& options) {
  auto link = parse_digital_link(uri, options);
  if (!link) return link.error();
  return element_string_to_epc(link->elements, company_prefix_length, options);
}

}  // namespace pharmatwin::serialization
