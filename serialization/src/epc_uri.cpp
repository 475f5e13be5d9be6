#include "pharmatwin/serialization/epc_uri.hpp"

#include <algorithm>

#include "pharmatwin/serialization/gs1_ai_table.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"

namespace pharmatwin::serialization {

namespace {

constexpr std::string_view kSgtinPrefix = "urn:epc:id:sgtin:";
constexpr std::string_view kSsccPrefix = "urn:epc:id:sscc:";
constexpr std::string_view kSglnPrefix = "urn:epc:id:sgln:";
constexpr std::string_view kPglnPrefix = "urn:epc:id:pgln:";
constexpr std::string_view kLgtinPrefix = "urn:epc:class:lgtin:";

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

char check_char(std::string_view digits) {
  return static_cast<char>('0' + *gs1_check_digit(digits));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Splits the part after the scheme prefix into `parts` dot-separated fields.
bool split_fields(std::string_view body, std::string_view out[3], int parts) {
  std::size_t start = 0;
  for (int i = 0; i < parts - 1; ++i) {
    const std::size_t dot = body.find('.', start);
    if (dot == std::string_view::npos) return false;
    out[i] = body.substr(start, dot - start);
    start = dot + 1;
  }
  out[parts - 1] = body.substr(start);
  return parts == 3 || out[parts - 1].find('.') == std::string_view::npos;
}

Result<int> check_company_prefix(std::string_view prefix, std::size_t pos) {
  if (prefix.size() < 6 || prefix.size() > 12 || !all_digits(prefix)) {
    return make_error("EPC URI", pos, "company prefix must be 6-12 digits");
  }
  return static_cast<int>(prefix.size());
}

Result<int> check_prefix_length(int company_prefix_length) {
  if (company_prefix_length < 6 || company_prefix_length > 12) {
    return make_error("company prefix length", 0,
                      std::to_string(company_prefix_length) + " is not 6-12");
  }
  return company_prefix_length;
}

}  // namespace

const char* scheme_name(EpcScheme scheme) {
  switch (scheme) {
    case EpcScheme::kSgtin:
      return "sgtin";
    case EpcScheme::kSscc:
      return "sscc";
    case EpcScheme::kSgln:
      return "sgln";
    case EpcScheme::kPgln:
      return "pgln";
    case EpcScheme::kLgtin:
      return "lgtin";
  }
  return "?";
}

std::string epc_escape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    switch (c) {
      case '"':
        out += "%22";
        break;
      case '%':
        out += "%25";
        break;
      case '&':
        out += "%26";
        break;
      case '/':
        out += "%2F";
        break;
      case '<':
        out += "%3C";
        break;
      case '>':
        out += "%3E";
        break;
      case '?':
        out += "%3F";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Result<std::string> epc_unescape(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '%') {
      if (i + 2 >= value.size() || hex_value(value[i + 1]) < 0 || hex_value(value[i + 2]) < 0) {
        return make_error("EPC URI", i, "'%' not followed by two hex digits");
      }
      c = static_cast<char>(hex_value(value[i + 1]) * 16 + hex_value(value[i + 2]));
      if (!is_cset82(c)) return make_error("EPC URI", i, "escape is not a GS1 set 82 character");
      i += 2;
    } else if (!is_cset82(c) || c == '"' || c == '&' || c == '/' || c == '<' || c == '>' ||
               c == '?') {
      return make_error("EPC URI", i, std::string("'") + c + "' must be escaped or is not allowed");
    }
    out += c;
  }
  if (out.empty() || out.size() > 20) {
    return make_error("EPC URI", 0, "serial/lot/extension must be 1-20 characters");
  }
  return out;
}

Result<EpcIdentity> parse_epc_uri(std::string_view uri) {
  EpcIdentity id;
  std::size_t body_pos = 0;
  int fields = 3;
  if (uri.starts_with(kSgtinPrefix)) {
    id.scheme = EpcScheme::kSgtin;
    body_pos = kSgtinPrefix.size();
  } else if (uri.starts_with(kSsccPrefix)) {
    id.scheme = EpcScheme::kSscc;
    body_pos = kSsccPrefix.size();
    fields = 2;
  } else if (uri.starts_with(kSglnPrefix)) {
    id.scheme = EpcScheme::kSgln;
    body_pos = kSglnPrefix.size();
  } else if (uri.starts_with(kPglnPrefix)) {
    id.scheme = EpcScheme::kPgln;
    body_pos = kPglnPrefix.size();
    fields = 2;
  } else if (uri.starts_with(kLgtinPrefix)) {
    id.scheme = EpcScheme::kLgtin;
    body_pos = kLgtinPrefix.size();
  } else {
    return make_error("EPC URI", 0,
                      "not an sgtin, sscc, sgln, pgln or lgtin URI (urn:epc:id:... / "
                      "urn:epc:class:lgtin:...)");
  }
  std::string_view part[3];
  if (!split_fields(uri.substr(body_pos), part, fields)) {
    return make_error("EPC URI", body_pos,
                      "expected " + std::to_string(fields) + " dot-separated fields");
  }
  auto prefix_length = check_company_prefix(part[0], body_pos);
  if (!prefix_length) return prefix_length.error();
  id.company_prefix_length = prefix_length.value();
  const std::size_t second_pos = body_pos + part[0].size() + 1;
  if (!all_digits(part[1])) return make_error("EPC URI", second_pos, "reference is not digits");
  const std::size_t total = part[0].size() + part[1].size();
  switch (id.scheme) {
    case EpcScheme::kSgtin:
    case EpcScheme::kLgtin: {
      if (total != 13) {
        return make_error("EPC URI", second_pos,
                          "company prefix + indicator/item reference must be 13 digits");
      }
      const std::string body =
          std::string(1, part[1][0]) + std::string(part[0]) + std::string(part[1].substr(1));
      id.key = body + check_char(body);
      break;
    }
    case EpcScheme::kSscc: {
      if (total != 17) {
        return make_error("EPC URI", second_pos,
                          "company prefix + extension/serial reference must be 17 digits");
      }
      const std::string body =
          std::string(1, part[1][0]) + std::string(part[0]) + std::string(part[1].substr(1));
      id.key = body + check_char(body);
      break;
    }
    case EpcScheme::kSgln:
    case EpcScheme::kPgln: {
      if (total != 12) {
        return make_error("EPC URI", second_pos,
                          "company prefix + location reference must be 12 digits");
      }
      const std::string body = std::string(part[0]) + std::string(part[1]);
      id.key = body + check_char(body);
      break;
    }
  }
  if (fields == 3) {
    const std::size_t third_pos = second_pos + part[1].size() + 1;
    auto component = epc_unescape(part[2]);
    if (!component) {
      Error e = component.error();
      e.position += third_pos;
      return e;
    }
    id.component = std::move(component).value();
  }
  return id;
}

namespace {

Result<std::string> gtin_based_uri(std::string_view prefix_text, std::string_view gtin,
                                   std::string_view component, int company_prefix_length) {
  auto cpl = check_prefix_length(company_prefix_length);
  if (!cpl) return cpl.error();
  auto gtin14 = normalize_gtin(gtin);
  if (!gtin14) return gtin14.error();
  for (std::size_t i = 0; i < component.size(); ++i) {
    if (!is_cset82(component[i])) {
      return make_error("serial/lot", i, "not a GS1 set 82 character");
    }
  }
  if (component.empty() || component.size() > 20) {
    return make_error("serial/lot", 0, "must be 1-20 characters");
  }
  const std::string& g = gtin14.value();
  const auto n = static_cast<std::size_t>(company_prefix_length);
  return std::string(prefix_text) + g.substr(1, n) + "." + g.substr(0, 1) +
         g.substr(1 + n, 12 - n) + "." + epc_escape(component);
}

}  // namespace

Result<std::string> make_sgtin_uri(std::string_view gtin, std::string_view serial,
                                   int company_prefix_length) {
  return gtin_based_uri(kSgtinPrefix, gtin, serial, company_prefix_length);
}

Result<std::string> make_lgtin_uri(std::string_view gtin, std::string_view lot,
                                   int company_prefix_length) {
  return gtin_based_uri(kLgtinPrefix, gtin, lot, company_prefix_length);
}

Result<std::string> make_sscc_uri(std::string_view sscc, int company_prefix_length) {
  auto cpl = check_prefix_length(company_prefix_length);
  if (!cpl) return cpl.error();
  auto valid = validate_gs1_key(Gs1KeyKind::kSscc, sscc);
  if (!valid) return valid.error();
  const auto n = static_cast<std::size_t>(company_prefix_length);
  return std::string(kSsccPrefix) + std::string(sscc.substr(1, n)) + "." +
         std::string(sscc.substr(0, 1)) + std::string(sscc.substr(1 + n, 16 - n));
}

Result<std::string> make_sgln_uri(std::string_view gln, std::string_view extension,
                                  int company_prefix_length) {
  auto cpl = check_prefix_length(company_prefix_length);
  if (!cpl) return cpl.error();
  auto valid = validate_gs1_key(Gs1KeyKind::kGln, gln);
  if (!valid) return valid.error();
  for (std::size_t i = 0; i < extension.size(); ++i) {
    if (!is_cset82(extension[i])) return make_error("extension", i, "not a GS1 set 82 character");
  }
  if (extension.size() > 20) return make_error("extension", 20, "longer than 20 characters");
  const auto n = static_cast<std::size_t>(company_prefix_length);
  return std::string(kSglnPrefix) + std::string(gln.substr(0, n)) + "." +
         std::string(gln.substr(n, 12 - n)) + "." +
         (extension.empty() ? std::string("0") : epc_escape(extension));
}

Result<std::string> make_pgln_uri(std::string_view gln, int company_prefix_length) {
  auto cpl = check_prefix_length(company_prefix_length);
  if (!cpl) return cpl.error();
  auto valid = validate_gs1_key(Gs1KeyKind::kGln, gln);
  if (!valid) return valid.error();
  const auto n = static_cast<std::size_t>(company_prefix_length);
  return std::string(kPglnPrefix) + std::string(gln.substr(0, n)) + "." +
         std::string(gln.substr(n, 12 - n));
}

}  // namespace pharmatwin::serialization
