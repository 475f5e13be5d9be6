#include "pharmatwin/serialization/digital_link.hpp"

#include <algorithm>
#include <array>

#include "pharmatwin/serialization/gs1_ai_table.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"

namespace pharmatwin::serialization {

namespace {

struct PrimaryKey {
  std::string_view ai;
  std::array<std::string_view, 3> qualifiers;  // in the only order allowed in the path
};

// Primary keys with their key qualifiers (Digital Link standard, path structure).
constexpr std::array kPrimaryKeys{
    PrimaryKey{"01", {"22", "10", "21"}},
    PrimaryKey{"8006", {"22", "10", "21"}},
    PrimaryKey{"00", {}},
    PrimaryKey{"414", {"254", {}, {}}},
    PrimaryKey{"8004", {}},
};

const PrimaryKey* primary_key(std::string_view ai) {
  for (const auto& key : kPrimaryKeys) {
    if (key.ai == ai) return &key;
  }
  return nullptr;
}

int qualifier_rank(const PrimaryKey& key, std::string_view ai) {
  for (std::size_t i = 0; i < key.qualifiers.size(); ++i) {
    if (!key.qualifiers[i].empty() && key.qualifiers[i] == ai) return static_cast<int>(i);
  }
  return -1;
}

// Short names of Digital Link 1.0 (still found on packs).
std::string_view ai_of_short_name(std::string_view name) {
  if (name == "gtin") return "01";
  if (name == "cpv") return "22";
  if (name == "lot") return "10";
  if (name == "ser") return "21";
  if (name == "sscc") return "00";
  if (name == "gln") return "414";
  if (name == "glnx") return "254";
  if (name == "exp") return "17";
  return {};
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Error at(std::string element, std::size_t pos, std::string rule) {
  return make_error(std::move(element), pos, std::move(rule));
}

}  // namespace

std::string percent_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : value) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

Result<std::string> percent_decode(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    if (i + 2 >= value.size()) {
      return at("percent-encoding", i, "'%' not followed by two hex digits");
    }
    const int hi = hex_value(value[i + 1]);
    const int lo = hex_value(value[i + 2]);
    if (hi < 0 || lo < 0) return at("percent-encoding", i, "'%' not followed by two hex digits");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

Result<DigitalLink> parse_digital_link(std::string_view uri, const Gs1ParseOptions& options) {
  DigitalLink link;
  const std::size_t scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos ||
      (uri.substr(0, scheme_end) != "https" && uri.substr(0, scheme_end) != "http")) {
    return at("Digital Link", 0, "URI must start with https:// or http://");
  }
  const std::size_t authority_start = scheme_end + 3;
  const std::size_t query_start = std::min(uri.find('?'), uri.size());
  const std::size_t fragment_start = std::min(uri.find('#'), uri.size());
  const std::size_t path_end = std::min(query_start, fragment_start);
  const std::size_t path_start = std::min(uri.find('/', authority_start), path_end);
  if (path_start == authority_start) return at("Digital Link", authority_start, "no host");

  // Split the path into segments with their offsets.
  struct Segment {
    std::string_view text;
    std::size_t pos;
  };
  std::vector<Segment> segments;
  for (std::size_t p = path_start; p < path_end;) {
    const std::size_t next = std::min(uri.find('/', p + 1), path_end);
    segments.push_back({uri.substr(p + 1, next - p - 1), p + 1});
    p = next;
  }
  if (!segments.empty() && segments.back().text.empty()) segments.pop_back();  // trailing '/'

  // The primary key is the first key AI after which the path splits into AI/value pairs; any
  // segments before it are the resolver's path prefix.
  std::size_t key_index = segments.size();
  const PrimaryKey* key = nullptr;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    std::string_view ai = segments[i].text;
    if (!all_digits(ai)) ai = ai_of_short_name(ai);
    const PrimaryKey* candidate = primary_key(ai);
    if (candidate == nullptr || (segments.size() - i) % 2 != 0) continue;
    key_index = i;
    key = candidate;
    break;
  }
  if (key == nullptr) {
    return at("Digital Link", path_start, "path has no GS1 primary key (01, 00, 414, 8004, 8006)");
  }
  link.domain = std::string(uri.substr(0, segments[key_index].pos - 1));

  int last_rank = -1;
  for (std::size_t i = key_index; i < segments.size(); i += 2) {
    std::string_view ai = segments[i].text;
    if (!all_digits(ai)) ai = ai_of_short_name(ai);
    if (ai.empty()) {
      return at("Digital Link", segments[i].pos,
                "\"" + std::string(segments[i].text) + "\" is not an AI");
    }
    if (i > key_index) {
      const int rank = qualifier_rank(*key, ai);
      if (rank < 0) {
        return at("AI (" + std::string(ai) + ")", segments[i].pos,
                  "not a key qualifier of (" + std::string(key->ai) + ") in the path");
      }
      if (rank <= last_rank) {
        return at("AI (" + std::string(ai) + ")", segments[i].pos,
                  "key qualifiers out of order (expected 22, 10, 21)");
      }
      last_rank = rank;
    }
    auto decoded = percent_decode(segments[i + 1].text);
    if (!decoded) {
      Error e = decoded.error();
      e.position += segments[i + 1].pos;
      return e;
    }
    std::string value = std::move(decoded).value();
    if (ai == "01" && all_digits(value) && value.size() < 14 &&
        (value.size() == 8 || value.size() == 12 || value.size() == 13)) {
      value = std::string(14 - value.size(), '0') + value;
    }
    auto checked = validate_element(ai, value, options);
    if (!checked) {
      Error e = checked.error();
      e.position += segments[i + 1].pos;
      return e;
    }
    link.elements.elements.push_back(std::move(checked).value());
  }

  // Query: AI attributes and other parameters.
  if (query_start < fragment_start) {
    std::size_t p = query_start + 1;
    while (p < fragment_start) {
      const std::size_t amp = std::min(uri.find('&', p), fragment_start);
      const std::string_view param = uri.substr(p, amp - p);
      if (!param.empty()) {
        const std::size_t eq = param.find('=');
        const std::string_view name = param.substr(0, eq);
        const std::string_view raw =
            eq == std::string_view::npos ? std::string_view{} : param.substr(eq + 1);
        auto decoded = percent_decode(raw);
        if (!decoded) {
          Error e = decoded.error();
          e.position += p + eq + 1;
          return e;
        }
        std::string_view ai = all_digits(name) ? name : ai_of_short_name(name);
        if (!ai.empty()) {
          if (primary_key(ai) != nullptr || qualifier_rank(*key, ai) >= 0) {
            return at("AI (" + std::string(ai) + ")", p,
                      "keys and key qualifiers belong in the path, not the query");
          }
          auto checked = validate_element(ai, decoded.value(), options);
          if (!checked) {
            Error e = checked.error();
            e.position += p + eq + 1;
            return e;
          }
          link.elements.elements.push_back(std::move(checked).value());
        } else {
          link.other_params.emplace_back(std::string(name), std::move(decoded).value());
        }
      }
      p = amp + 1;
    }
  }
  auto valid = validate_elements(std::move(link.elements), options);
  if (!valid) return valid.error();
  link.elements = std::move(valid).value();
  return link;
}

Result<std::string> to_digital_link(const Gs1ElementString& elements, std::string_view domain) {
  const AiElement* key_element = nullptr;
  const PrimaryKey* key = nullptr;
  for (const auto& e : elements.elements) {
    if (const PrimaryKey* k = primary_key(e.ai)) {
      if (key != nullptr) {
        return at("AI (" + e.ai + ")", 0, "more than one primary key for one Digital Link");
      }
      key = k;
      key_element = &e;
    }
  }
  if (key == nullptr) {
    return at("element string", 0, "no primary key (01, 00, 414, 8004, 8006) to link");
  }
  std::string out(domain);
  while (!out.empty() && out.back() == '/') out.pop_back();
  std::string value = key_element->value;
  if (key->ai == "01") {
    auto gtin = normalize_gtin(value);
    if (!gtin) return at("AI (01)", 0, gtin.error().rule);
    value = gtin.value();
  }
  out += "/" + key_element->ai + "/" + percent_encode(value);
  for (const auto& qualifier : key->qualifiers) {
    if (qualifier.empty()) continue;
    if (const std::string* v = elements.find(qualifier)) {
      out += "/" + std::string(qualifier) + "/" + percent_encode(*v);
    }
  }
  std::vector<const AiElement*> attributes;
  for (const auto& e : elements.elements) {
    if (&e == key_element || qualifier_rank(*key, e.ai) >= 0) continue;
    if (primary_key(e.ai) != nullptr) continue;
    attributes.push_back(&e);
  }
  std::stable_sort(attributes.begin(), attributes.end(),
                   [](const AiElement* a, const AiElement* b) { return a->ai < b->ai; });
  char separator = '?';
  for (const AiElement* e : attributes) {
    out += separator + e->ai + "=" + percent_encode(e->value);
    separator = '&';
  }
  return out;
}

std::string canonical_digital_link(const DigitalLink& link) {
  auto uri = to_digital_link(link.elements, kCanonicalDigitalLinkDomain);
  return uri ? uri.value() : std::string();
}

}  // namespace pharmatwin::serialization
