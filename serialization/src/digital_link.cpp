#include "pharmatwin/serialization/digital_link.hpp"

#include <algorithm>

#include "gs1_element_checks.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"
#include "pharmatwin/serialization/gs1_dictionary.hpp"

namespace pharmatwin::serialization {

namespace {

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

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

Error at(std::string element, std::size_t pos, std::string rule) {
  return make_error(std::move(element), pos, std::move(rule));
}

Error shifted(Error e, std::size_t offset) {
  e.position += offset;
  return e;
}

std::string ai_label(std::string_view ai) { return "AI (" + std::string(ai) + ")"; }

Result<const Gs1Dictionary*> dictionary_of(const Gs1ParseOptions& options) {
  if (options.dictionary != nullptr) return options.dictionary;
  return default_gs1_dictionary();
}

std::string path_text(const std::vector<std::vector<std::string>>& paths) {
  std::string out;
  for (const auto& path : paths) {
    if (!out.empty()) out += " or ";
    for (std::size_t i = 0; i < path.size(); ++i) out += (i ? ", " : "") + path[i];
  }
  return out.empty() ? "none" : out;
}

// Whether `qualifiers` (in path order) follow one of the key's qualifier sequences; the index of
// the first one out of place otherwise.
std::size_t first_misplaced(const AiEntry& key, const std::vector<std::string_view>& qualifiers) {
  std::size_t best = 0;
  for (const auto& path : key.dl_qualifier_paths) {
    std::size_t q = 0, p = 0;
    while (q < qualifiers.size() && p < path.size()) {
      if (path[p] == qualifiers[q]) ++q;
      ++p;
    }
    if (q == qualifiers.size()) return qualifiers.size();
    best = std::max(best, q);
  }
  return best;
}

bool is_qualifier_of(const AiEntry& key, std::string_view ai) {
  for (const auto& path : key.dl_qualifier_paths) {
    if (std::find(path.begin(), path.end(), ai) != path.end()) return true;
  }
  return false;
}

std::string normalised_value(std::string_view ai, std::string value) {
  if (ai == "01" && all_digits(value) &&
      (value.size() == 8 || value.size() == 12 || value.size() == 13)) {
    value.insert(0, 14 - value.size(), '0');
  }
  return value;
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
  auto dict_result = dictionary_of(options);
  if (!dict_result) return dict_result.error();
  const Gs1Dictionary& dict = **dict_result;
  DigitalLink link;
  const std::size_t scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos || (!iequals(uri.substr(0, scheme_end), "https") &&
                                               !iequals(uri.substr(0, scheme_end), "http"))) {
    return at("Digital Link", 0, "URI must start with https:// or http://");
  }
  const std::size_t authority_start = scheme_end + 3;
  const std::size_t query_start = std::min(uri.find('?'), uri.size());
  const std::size_t fragment_start = std::min(uri.find('#'), uri.size());
  const std::size_t path_end = std::min(query_start, fragment_start);
  const std::size_t path_start = std::min(uri.find('/', authority_start), path_end);
  if (path_start == authority_start) return at("Digital Link", authority_start, "no host");

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

  const auto ai_of = [](std::string_view segment) {
    return all_digits(segment) ? segment : ai_of_short_name(segment);
  };
  // From the end, AI/value pairs back to the first primary key; what lies before is the stem.
  std::size_t key_index = segments.size();
  for (std::size_t i = segments.size(); i >= 2; i -= 2) {
    const AiEntry* entry = dict.find(ai_of(segments[i - 2].text));
    if (entry == nullptr) break;
    if (entry->dl_primary_key) {
      key_index = i - 2;
      break;
    }
  }
  if (key_index == segments.size()) {
    return at("Digital Link", path_start,
              "path has no GS1 primary key (e.g. /01/ GTIN, /00/ SSCC, /414/ GLN, /8004/ GIAI)");
  }
  const AiEntry& key = *dict.find(ai_of(segments[key_index].text));
  link.domain = std::string(uri.substr(0, segments[key_index].pos - 1));

  std::vector<std::string_view> qualifiers;
  for (std::size_t i = key_index; i < segments.size(); i += 2) {
    const std::string_view ai = ai_of(segments[i].text);
    if (i > key_index) {
      if (!is_qualifier_of(key, ai)) {
        return at(ai_label(ai), segments[i].pos,
                  "not a key qualifier of (" + key.ai +
                      ") in the path (qualifiers: " + path_text(key.dl_qualifier_paths) + ")");
      }
      qualifiers.push_back(ai);
      if (first_misplaced(key, qualifiers) < qualifiers.size()) {
        return at(
            ai_label(ai), segments[i].pos,
            "key qualifiers out of order (expected " + path_text(key.dl_qualifier_paths) + ")");
      }
    }
    auto decoded = percent_decode(segments[i + 1].text);
    if (!decoded) return shifted(decoded.error(), segments[i + 1].pos);
    const std::string value = normalised_value(ai, std::move(decoded).value());
    auto checked = validate_element(ai, value, options);
    if (!checked) {
      Error e = checked.error();
      e.position = segments[i + 1].pos + std::min(e.position, segments[i + 1].text.size());
      return e;
    }
    link.elements.elements.push_back(std::move(checked).value());
    link.elements.elements.back().position = segments[i].pos;
  }

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
        const std::size_t value_pos = eq == std::string_view::npos ? amp : p + eq + 1;
        auto decoded = percent_decode(raw);
        if (!decoded) return shifted(decoded.error(), value_pos);
        const std::string_view ai = ai_of(name);
        if (!ai.empty()) {
          const AiEntry* entry = dict.find(ai);
          if (entry == nullptr) return at(ai_label(ai), p, "unknown AI (" + std::string(ai) + ")");
          if (ai == key.ai || is_qualifier_of(key, ai)) {
            return at(ai_label(ai), p, "keys and key qualifiers belong in the path, not the query");
          }
          if (!entry->dl_attribute) {
            return at(ai_label(ai), p, "not permitted as a Digital Link data attribute");
          }
          auto checked = validate_element(ai, decoded.value(), options);
          if (!checked) return shifted(checked.error(), value_pos);
          link.elements.elements.push_back(std::move(checked).value());
          link.elements.elements.back().position = p;
        } else {
          link.other_params.emplace_back(std::string(name), std::move(decoded).value());
        }
      }
      p = amp + 1;
    }
  }
  // Each element was validated above; what is left is how they go together.
  auto valid = gs1_detail::check_elements(std::move(link.elements), dict,
                                          gs1_detail::reference_year_of(options), false);
  if (!valid) return valid.error();
  link.elements = std::move(valid).value();
  return link;
}

Result<std::string> to_digital_link(const Gs1ElementString& elements, std::string_view domain,
                                    const Gs1ParseOptions& options) {
  auto dict_result = dictionary_of(options);
  if (!dict_result) return dict_result.error();
  const Gs1Dictionary& dict = **dict_result;
  const AiElement* key_element = nullptr;
  const AiEntry* key = nullptr;
  for (const auto& e : elements.elements) {
    const AiEntry* entry = dict.find(e.ai);
    if (entry != nullptr && entry->dl_primary_key) {
      key = entry;
      key_element = &e;
      break;
    }
  }
  if (key == nullptr) {
    return at("element string", 0, "no Digital Link primary key (e.g. (01), (00), (414), (8004))");
  }
  std::string out(domain);
  while (!out.empty() && out.back() == '/') out.pop_back();
  std::string value = key_element->value;
  if (key->ai == "01") {
    auto gtin = normalize_gtin(value);
    if (!gtin) return at("AI (01)", 0, gtin.error().rule);
    value = gtin.value();
  }
  out += "/" + key->ai + "/" + percent_encode(value);
  // The qualifier sequence that carries the most of the qualifiers present.
  const std::vector<std::string>* best_path = nullptr;
  std::size_t best_count = 0;
  for (const auto& path : key->dl_qualifier_paths) {
    std::size_t count = 0;
    for (const auto& q : path) count += elements.find(q) != nullptr;
    if (count > best_count) {
      best_count = count;
      best_path = &path;
    }
  }
  std::vector<const AiElement*> in_path{key_element};
  if (best_path != nullptr) {
    for (const auto& q : *best_path) {
      for (const auto& e : elements.elements) {
        if (e.ai == q) {
          out += "/" + q + "/" + percent_encode(e.value);
          in_path.push_back(&e);
          break;
        }
      }
    }
  }
  std::vector<const AiElement*> attributes;
  for (const auto& e : elements.elements) {
    if (std::find(in_path.begin(), in_path.end(), &e) != in_path.end()) continue;
    if (e.ai == key->ai) continue;
    const AiEntry* entry = dict.find(e.ai);
    if (entry == nullptr || !entry->dl_attribute) {
      return at(ai_label(e.ai), 0,
                "cannot be carried in a Digital Link with primary key (" + key->ai +
                    ") (neither its qualifier nor a permitted data attribute)");
    }
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
