#include "epcis_digital_link.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "pharmatwin/serialization/gs1_check_digit.hpp"

namespace pharmatwin::serialization::epcis_detail {
namespace {

constexpr std::string_view kResolver = "https://id.gs1.org";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = s.find(sep, start);
    parts.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

// Digits followed by their GS1 check digit; nullopt when not all digits.
std::optional<std::string> with_check_digit(std::string digits) {
  const auto check = gs1_check_digit(digits);
  if (!check) return std::nullopt;
  digits.push_back(static_cast<char>('0' + *check));
  return digits;
}

// GTIN-14 from an SGTIN/LGTIN company prefix and indicator+item reference.
std::optional<std::string> gtin_from(std::string_view company, std::string_view item_ref) {
  if (item_ref.empty() || !all_digits(company) || !all_digits(item_ref)) return std::nullopt;
  std::string body(1, item_ref[0]);
  body.append(company).append(item_ref.substr(1));
  if (body.size() != 13) return std::nullopt;
  return with_check_digit(body);
}

// A 12-digit key body (company prefix + reference) completed with its check digit.
std::optional<std::string> key13_from(std::string_view company, std::string_view ref) {
  if (!all_digits(company) || (!ref.empty() && !all_digits(ref))) return std::nullopt;
  std::string body(company);
  body.append(ref);
  if (body.size() != 12) return std::nullopt;
  return with_check_digit(body);
}

// "urn:epc:id:<scheme>:a.b.c" -> the Digital Link path, or nullopt when not convertible.
std::optional<std::string> epc_id_path(std::string_view scheme, std::string_view body) {
  const auto f = split(body, '.');
  if (scheme == "sgtin" && f.size() == 3) {
    const auto gtin = gtin_from(f[0], f[1]);
    if (gtin) return "/01/" + *gtin + "/21/" + std::string(f[2]);
  } else if (scheme == "sscc" && f.size() == 2 && !f[1].empty() && all_digits(f[0]) &&
             all_digits(f[1])) {
    std::string body17(1, f[1][0]);
    body17.append(f[0]).append(f[1].substr(1));
    if (body17.size() == 17) {
      const auto sscc = with_check_digit(body17);
      if (sscc) return "/00/" + *sscc;
    }
  } else if (scheme == "sgln" && f.size() == 3) {
    const auto gln = key13_from(f[0], f[1]);
    if (gln) return "/414/" + *gln + (f[2] == "0" ? "" : "/254/" + std::string(f[2]));
  } else if (scheme == "pgln" && f.size() == 2) {
    const auto gln = key13_from(f[0], f[1]);
    if (gln) return "/417/" + *gln;
  } else if (scheme == "grai" && f.size() == 3) {
    const auto grai = key13_from(f[0], f[1]);
    if (grai) return "/8003/0" + *grai + std::string(f[2]);
  } else if (scheme == "giai" && f.size() == 2) {
    return "/8004/" + std::string(f[0]) + std::string(f[1]);
  } else if ((scheme == "gsrn" || scheme == "gsrnp") && f.size() == 2 && all_digits(f[0]) &&
             all_digits(f[1]) && f[0].size() + f[1].size() == 17) {
    const auto gsrn = with_check_digit(std::string(f[0]) + std::string(f[1]));
    if (gsrn) return (scheme == "gsrn" ? "/8018/" : "/8017/") + *gsrn;
  } else if (scheme == "gdti" && f.size() == 3) {
    const auto gdti = key13_from(f[0], f[1]);
    if (gdti) return "/253/" + *gdti + std::string(f[2]);
  } else if (scheme == "sgcn" && f.size() == 3) {
    const auto gcn = key13_from(f[0], f[1]);
    if (gcn) return "/255/" + *gcn + std::string(f[2]);
  } else if (scheme == "ginc" && f.size() == 2) {
    return "/401/" + std::string(f[0]) + std::string(f[1]);
  } else if (scheme == "gsin" && f.size() == 2 && all_digits(f[0]) && all_digits(f[1]) &&
             f[0].size() + f[1].size() == 16) {
    const auto gsin = with_check_digit(std::string(f[0]) + std::string(f[1]));
    if (gsin) return "/402/" + *gsin;
  } else if (scheme == "cpi" && f.size() == 3) {
    return "/8010/" + std::string(f[0]) + std::string(f[1]) + "/8011/" + std::string(f[2]);
  }
  return std::nullopt;
}

// Keeps the primary key and only the finest qualifier the CBV 2.0 hash rules allow.
std::optional<std::string> constrained_dl_path(std::string_view path) {
  static constexpr std::array<std::string_view, 15> kPrimary = {
      "00",   "01",   "253",  "255",  "401",  "402",  "414", "417",
      "8003", "8004", "8006", "8010", "8017", "8018", "8013"};
  const auto segments = split(path, '/');
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    const std::string_view ai = segments[i];
    if (std::find(kPrimary.begin(), kPrimary.end(), ai) == kPrimary.end()) continue;
    std::string key(segments[i + 1]);
    if (key.empty()) return std::nullopt;
    const bool numeric_key = ai == "00" || ai == "01" || ai == "414" || ai == "417" ||
                             ai == "402" || ai == "8017" || ai == "8018";
    if (numeric_key && !all_digits(key)) continue;  // e.g. a date path "2020/01/15", not a key
    if (ai == "01" && all_digits(key) && key.size() < 14) key.insert(0, 14 - key.size(), '0');
    std::string out = "/" + std::string(ai) + "/" + key;
    // Qualifier pairs after the key; pick the finest permitted one.
    std::string serial, lot, cpv, ext, component_serial;
    for (std::size_t q = i + 2; q + 1 < segments.size(); q += 2) {
      const std::string_view qai = segments[q];
      const std::string value(segments[q + 1]);
      if (qai == "21")
        serial = value;
      else if (qai == "10")
        lot = value;
      else if (qai == "235")
        cpv = value;
      else if (qai == "254")
        ext = value;
      else if (qai == "8011")
        component_serial = value;
    }
    if (ai == "01" || ai == "8006") {
      if (!serial.empty())
        out += "/21/" + serial;
      else if (!cpv.empty() && ai == "01")
        out += "/235/" + cpv;
      else if (!lot.empty())
        out += "/10/" + lot;
    } else if (ai == "414" && !ext.empty() && ext != "0") {
      out += "/254/" + ext;
    } else if (ai == "8010" && !component_serial.empty()) {
      out += "/8011/" + component_serial;
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace

std::string hash_normalised_identifier(std::string_view uri) {
  if (starts_with(uri, "urn:epc:id:")) {
    const std::string_view rest = uri.substr(11);
    const auto colon = rest.find(':');
    if (colon != std::string_view::npos) {
      const auto path = epc_id_path(rest.substr(0, colon), rest.substr(colon + 1));
      if (path) return std::string(kResolver) + *path;
    }
    return std::string(uri);
  }
  if (starts_with(uri, "urn:epc:class:lgtin:")) {
    const auto f = split(uri.substr(20), '.');
    if (f.size() == 3) {
      const auto gtin = gtin_from(f[0], f[1]);
      if (gtin) return std::string(kResolver) + "/01/" + *gtin + "/10/" + std::string(f[2]);
    }
    return std::string(uri);
  }
  if (starts_with(uri, "urn:epc:idpat:sgtin:")) {
    const auto f = split(uri.substr(20), '.');
    if (f.size() == 3 && f[2] == "*") {
      const auto gtin = gtin_from(f[0], f[1]);
      if (gtin) return std::string(kResolver) + "/01/" + *gtin;
    }
    return std::string(uri);
  }
  for (std::string_view scheme : {"https://", "http://"}) {
    if (!starts_with(uri, scheme)) continue;
    std::string_view rest = uri.substr(scheme.size());
    const auto query = rest.find_first_of("?#");
    if (query != std::string_view::npos) rest = rest.substr(0, query);
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return std::string(uri);
    const auto path = constrained_dl_path(rest.substr(slash + 1));
    if (path) return std::string(kResolver) + *path;
  }
  return std::string(uri);
}

}  // namespace pharmatwin::serialization::epcis_detail
