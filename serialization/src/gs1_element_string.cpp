#include "pharmatwin/serialization/gs1_element_string.hpp"

#include <algorithm>

#include "gs1_element_checks.hpp"
#include "pharmatwin/serialization/gs1_ai_table.hpp"
#include "pharmatwin/serialization/gs1_dictionary.hpp"
#include "pharmatwin/serialization/gs1_symbology.hpp"

namespace pharmatwin::serialization {

const std::string* Gs1ElementString::find(std::string_view ai) const {
  for (const auto& e : elements) {
    if (e.ai == ai) return &e.value;
  }
  return nullptr;
}

int gs1_detail::reference_year_of(const Gs1ParseOptions& options) {
  return options.reference_year != 0 ? options.reference_year : current_utc_year();
}

namespace {

using gs1_detail::reference_year_of;

Result<const Gs1Dictionary*> dictionary_of(const Gs1ParseOptions& options) {
  if (options.dictionary != nullptr) return options.dictionary;
  return default_gs1_dictionary();
}

std::string ai_label(std::string_view ai) { return "AI (" + std::string(ai) + ")"; }

bool is_fnc1(char c) { return c == '^' || c == kAsciiGroupSeparator; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

Error shifted(Error error, std::size_t offset) {
  error.position += offset;
  return error;
}

std::string shown(char c) {
  return (c >= 0x20 && c < 0x7f) ? std::string("'") + c + "'"
                                 : "byte 0x" + std::to_string(static_cast<unsigned char>(c));
}

std::string length_text(std::size_t min, std::size_t max) {
  return min == max ? "exactly " + std::to_string(max)
                    : std::to_string(min) + " to " + std::to_string(max);
}

// Character set check of one component; the error position is relative to the component.
std::optional<std::pair<std::size_t, std::string>> charset_failure(AiCharset charset,
                                                                   std::string_view data) {
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    switch (charset) {
      case AiCharset::kNumeric:
        if (!is_digit(c)) return std::pair{i, shown(c) + " is not a digit (format N)"};
        break;
      case AiCharset::kCset82:
        if (!is_cset82(c)) return std::pair{i, shown(c) + " is not in GS1 character set 82"};
        break;
      case AiCharset::kCset39:
        if (!is_cset39(c)) return std::pair{i, shown(c) + " is not in GS1 character set 39"};
        break;
      case AiCharset::kCset64:
        if (c == '=') {
          // Padding: only at the end, at most two.
          const auto rest = data.substr(i);
          if (rest.size() > 2 || rest.find_first_not_of('=') != std::string_view::npos) {
            return std::pair{i, std::string("'=' is only allowed as padding at the end")};
          }
          return std::nullopt;
        }
        if (!is_cset64(c)) return std::pair{i, shown(c) + " is not in GS1 character set 64"};
        break;
    }
  }
  return std::nullopt;
}

std::string pattern_text(const std::vector<AiPattern>& group) {
  std::string out;
  for (const auto& ai : group) out += (out.empty() ? "(" : "+(") + ai + ")";
  return out;
}

// The first element other than `self` whose AI fits `pattern`, or nullptr.
const AiElement* first_match(const Gs1ElementString& es, std::string_view pattern,
                             std::string_view self) {
  for (const auto& e : es.elements) {
    if (e.ai != self && ai_matches(pattern, e.ai)) return &e;
  }
  return nullptr;
}

Result<AiElement> validate_with(const Gs1Dictionary& dict, std::string_view ai,
                                std::string_view value, int reference_year) {
  const AiEntry* def = dict.find(ai);
  if (def == nullptr) return make_error(ai_label(ai), 0, "unknown AI (" + std::string(ai) + ")");
  std::size_t pos = 0;
  for (const auto& component : def->components) {
    const std::size_t remaining = value.size() - pos;
    if (remaining == 0) {
      if (component.optional) break;
      return make_error(ai_label(ai), pos,
                        "data is " + std::to_string(value.size()) + " characters, expected " +
                            length_text(def->min_length(), def->max_length()));
    }
    const bool fixed = component.min_length == component.max_length;
    const std::size_t length =
        fixed ? component.max_length : std::min<std::size_t>(remaining, component.max_length);
    if (length > remaining) {
      return make_error(ai_label(ai), value.size(),
                        "data is " + std::to_string(value.size()) + " characters, expected " +
                            length_text(def->min_length(), def->max_length()));
    }
    const std::string_view data = value.substr(pos, length);
    if (auto bad = charset_failure(component.charset, data)) {
      return make_error(ai_label(ai), pos + bad->first, bad->second);
    }
    for (const Gs1Linter linter : component.linters) {
      if (auto failure = run_linter(linter, data, reference_year)) {
        return make_error(ai_label(ai), pos + failure->position,
                          failure->message + " (linter " + std::string(linter_name(linter)) + ")");
      }
    }
    pos += length;
  }
  if (pos < value.size()) {
    return make_error(ai_label(ai), pos,
                      "data is " + std::to_string(value.size()) + " characters, expected " +
                          length_text(def->min_length(), def->max_length()));
  }
  return AiElement{std::string(ai), std::string(value)};
}

// "unknown AI (242)" naming as many digits as the AIs with those first two digits have.
Error unknown_ai_at(const Gs1Dictionary& dict, std::string_view input, std::size_t at) {
  std::size_t digits = 0;
  while (digits < 4 && at + digits < input.size() && is_digit(input[at + digits])) ++digits;
  if (digits < 2) return make_error("element string", at, "expected an AI (two to four digits)");
  const unsigned lengths = dict.ai_lengths_for(input.substr(at, 2));
  std::size_t want = 2;
  if ((lengths & (1u << 3)) != 0) want = 3;
  if ((lengths & (1u << 4)) != 0) want = 4;
  want = std::min(want, digits);
  return make_error("element string", at,
                    "unknown AI (" + std::string(input.substr(at, want)) + ")");
}

struct Cursor {
  std::string_view input;
  std::size_t pos = 0;
  bool at_end() const { return pos >= input.size(); }
};

// "(AI)" at `at`: the AI's digits, or empty when `at` does not open one.
std::string_view bracketed_ai_at(std::string_view input, std::size_t at) {
  if (at >= input.size() || input[at] != '(') return {};
  if (at > 0 && input[at - 1] == '\\') return {};  // "\(" is data
  std::size_t close = at + 1;
  while (close < input.size() && close - at - 1 < 5 && is_digit(input[close])) ++close;
  const std::size_t n = close - at - 1;
  if (close >= input.size() || input[close] != ')' || n < 2 || n > 4) return {};
  return input.substr(at + 1, n);
}

// Bracketed form: "(AI)data(AI)data". Data ends where the next "(digits)" begins.
Result<Gs1ElementString> parse_bracketed(const Gs1Dictionary& dict, Cursor cur,
                                         Gs1ElementString out, int reference_year) {
  while (!cur.at_end()) {
    const std::string_view ai = bracketed_ai_at(cur.input, cur.pos);
    if (ai.empty()) return make_error("element string", cur.pos, "expected \"(AI)\"");
    if (dict.find(ai) == nullptr) {
      return make_error("element string", cur.pos + 1, "unknown AI (" + std::string(ai) + ")");
    }
    const std::size_t data_start = cur.pos + ai.size() + 2;
    std::size_t data_end = data_start;
    std::string value;
    while (data_end < cur.input.size() && bracketed_ai_at(cur.input, data_end).empty()) {
      const char c = cur.input[data_end];
      const bool escape =
          c == '\\' && data_end + 1 < cur.input.size() && cur.input[data_end + 1] == '(';
      if (!escape) value += c;
      ++data_end;
    }
    auto checked = validate_with(dict, ai, value, reference_year);
    if (!checked) return shifted(checked.error(), data_start);
    out.elements.push_back(std::move(checked).value());
    out.elements.back().position = cur.pos + 1;
    cur.pos = data_end;
  }
  return out;
}

// Barcode data: AIs back to back; variable-length data ends at FNC1 or at the end.
Result<Gs1ElementString> parse_unbracketed(const Gs1Dictionary& dict, Cursor cur,
                                           Gs1ElementString out, int reference_year) {
  if (!cur.at_end() && is_fnc1(cur.input[cur.pos])) ++cur.pos;  // FNC1 in first position
  while (!cur.at_end()) {
    const std::size_t ai_start = cur.pos;
    const AiEntry* def = dict.find_prefix(cur.input.substr(ai_start, 4));
    if (def == nullptr) return unknown_ai_at(dict, cur.input, ai_start);
    const std::size_t data_start = ai_start + def->ai.size();
    std::size_t data_end = data_start;
    if (def->fixed_length()) {
      data_end = std::min(cur.input.size(), data_start + def->max_length());
      const auto sep = cur.input.substr(data_start, data_end - data_start)
                           .find_first_of(std::string_view("^\x1d", 2));
      if (sep != std::string_view::npos) data_end = data_start + sep;
    } else {
      while (data_end < cur.input.size() && !is_fnc1(cur.input[data_end])) ++data_end;
    }
    const auto value = cur.input.substr(data_start, data_end - data_start);
    auto checked = validate_with(dict, def->ai, value, reference_year);
    if (!checked) return shifted(checked.error(), data_start);
    out.elements.push_back(std::move(checked).value());
    out.elements.back().position = ai_start;
    cur.pos = data_end;
    if (cur.at_end()) break;
    if (is_fnc1(cur.input[cur.pos])) {
      ++cur.pos;
      if (cur.at_end()) return make_error("element string", cur.pos - 1, "FNC1 at the end");
    } else if (def->fnc1_required) {
      return make_error(ai_label(def->ai), cur.pos,
                        "FNC1 separator required after this AI (not of predefined length)");
    }
  }
  return out;
}

// The GTIN of an EAN/UPC or ITF-14 symbol, as AI (01).
Result<Gs1ElementString> parse_gtin_symbol(const Gs1Dictionary& dict, std::string_view data,
                                           std::size_t offset, std::size_t digits,
                                           Gs1ElementString out, int reference_year) {
  if (data.size() != digits) {
    return make_error("GTIN", offset,
                      std::string(out.symbology) + " carries " + std::to_string(digits) +
                          " digits, got " + std::to_string(data.size()));
  }
  std::string gtin(14 - digits, '0');
  gtin += data;
  auto checked = validate_with(dict, "01", gtin, reference_year);
  if (!checked) {
    Error e = checked.error();
    e.position = offset + (e.position >= 14 - digits ? e.position - (14 - digits) : 0);
    return e;
  }
  out.elements.push_back(std::move(checked).value());
  out.elements.back().position = offset;
  return out;
}

}  // namespace

Result<CivilDate> element_date(std::string_view yymmdd, const Gs1ParseOptions& options) {
  return parse_yymmdd(yymmdd, reference_year_of(options), /*allow_day_zero=*/true);
}

Result<AiElement> validate_element(std::string_view ai, std::string_view value,
                                   const Gs1ParseOptions& options) {
  auto dict = dictionary_of(options);
  if (!dict) return dict.error();
  return validate_with(**dict, ai, value, reference_year_of(options));
}

namespace gs1_detail {

Result<Gs1ElementString> check_elements(Gs1ElementString elements, const Gs1Dictionary& dict,
                                        int reference_year, bool validate_each) {
  // Same AI twice: identical data is one element, different data an error.
  std::vector<AiElement> unique;
  unique.reserve(elements.elements.size());
  for (auto& e : elements.elements) {
    const auto same = std::find_if(unique.begin(), unique.end(),
                                   [&](const AiElement& u) { return u.ai == e.ai; });
    if (same == unique.end()) {
      if (validate_each) {
        auto checked = validate_with(dict, e.ai, e.value, reference_year);
        if (!checked) return shifted(checked.error(), e.position);
      }
      unique.push_back(std::move(e));
    } else if (same->value != e.value) {
      return make_error(ai_label(e.ai), e.position,
                        "AI occurs twice with different data (\"" + same->value +
                            "\" at position " + std::to_string(same->position) + " and \"" +
                            e.value + "\")");
    }
  }
  elements.elements = std::move(unique);
  for (const auto& e : elements.elements) {
    const AiEntry* def = dict.find(e.ai);
    for (const auto& pattern : def->excludes) {
      const AiElement* other = first_match(elements, pattern, e.ai);
      if (other == nullptr) continue;
      // Reported at whichever of the two comes second: the one that breaks the rule.
      const AiElement& later = other->position > e.position ? *other : e;
      const AiElement& earlier = &later == other ? e : *other;
      return make_error(ai_label(later.ai), later.position,
                        "must not appear together with AI (" + earlier.ai + ") (at position " +
                            std::to_string(earlier.position) + ")");
    }
    for (const auto& alternatives : def->requires_all) {
      const bool satisfied = std::any_of(
          alternatives.begin(), alternatives.end(), [&](const std::vector<AiPattern>& group) {
            return std::all_of(group.begin(), group.end(), [&](const AiPattern& p) {
              return first_match(elements, p, {}) != nullptr;
            });
          });
      if (!satisfied) {
        std::string needed;
        for (std::size_t i = 0; i < alternatives.size(); ++i) {
          if (i > 0) needed += i + 1 == alternatives.size() ? " or " : ", ";
          needed += pattern_text(alternatives[i]);
        }
        return make_error(ai_label(e.ai), e.position, "requires AI " + needed + ", missing");
      }
    }
  }
  return elements;
}

}  // namespace gs1_detail

Result<Gs1ElementString> validate_elements(Gs1ElementString elements,
                                           const Gs1ParseOptions& options) {
  auto dict_result = dictionary_of(options);
  if (!dict_result) return dict_result.error();
  return gs1_detail::check_elements(std::move(elements), **dict_result, reference_year_of(options),
                                    true);
}

Result<Gs1ElementString> parse_element_string(std::string_view input,
                                              const Gs1ParseOptions& options) {
  auto dict_result = dictionary_of(options);
  if (!dict_result) return dict_result.error();
  const Gs1Dictionary& dict = **dict_result;
  const int reference_year = reference_year_of(options);
  Gs1ElementString out;
  Cursor cur{input, 0};
  SymbologyContent content = SymbologyContent::kAiData;
  if (!input.empty() && input[0] == ']') {
    const auto symbology = gs1_symbology(input.substr(0, 3));
    if (!symbology) {
      return make_error("symbology identifier", 0,
                        "\"" + std::string(input.substr(0, 3)) +
                            "\" is not a symbology identifier (]C1 ]e0 ]d2 ]Q3 ]J1 ]E0 ]E4 ...)");
    }
    if (symbology->content == SymbologyContent::kPlain) {
      return make_error("symbology identifier", 0,
                        std::string(symbology->id) + " (" + std::string(symbology->name) +
                            ") carries plain data, not GS1 AI data");
    }
    content = symbology->content;
    out.symbology = std::string(symbology->id);
    cur.pos = 3;
  }
  if (cur.at_end()) return make_error("element string", cur.pos, "no data");
  // A composite component follows the linear part after '|' (never a data character).
  const std::size_t bar = input.find('|', cur.pos);
  const std::string_view primary = input.substr(0, bar);
  Result<Gs1ElementString> parsed = out;
  switch (content) {
    case SymbologyContent::kGtin13:
    case SymbologyContent::kGtin8:
    case SymbologyContent::kGtin14: {
      const std::size_t digits = content == SymbologyContent::kGtin13  ? 13
                                 : content == SymbologyContent::kGtin8 ? 8
                                                                       : 14;
      parsed = parse_gtin_symbol(dict, primary.substr(cur.pos), cur.pos, digits, std::move(out),
                                 reference_year);
      break;
    }
    default:
      parsed =
          primary[cur.pos] == '('
              ? parse_bracketed(dict, Cursor{primary, cur.pos}, std::move(out), reference_year)
              : parse_unbracketed(dict, Cursor{primary, cur.pos}, std::move(out), reference_year);
  }
  if (!parsed) return parsed;
  if (bar != std::string_view::npos) {
    std::size_t cc = bar + 1;
    if (input.substr(cc, 3) == "]e0") cc += 3;
    if (cc >= input.size()) return make_error("composite component", cc, "no data after '|'");
    parsed = parse_unbracketed(dict, Cursor{input, cc}, std::move(parsed).value(), reference_year);
    if (!parsed) return parsed;
  }
  if (parsed.value().elements.empty()) return make_error("element string", 0, "no data");
  // Each element was validated as it was read; what is left is how they go together.
  return gs1_detail::check_elements(std::move(parsed).value(), dict, reference_year, false);
}

std::string to_human_readable(const Gs1ElementString& elements) {
  std::string out;
  for (const auto& e : elements.elements) {
    out += "(" + e.ai + ")";
    for (const char c : e.value) {
      if (c == '(') out += '\\';
      out += c;
    }
  }
  return out;
}

std::string to_barcode_data(const Gs1ElementString& elements, char fnc1) {
  std::string out(1, fnc1);
  for (std::size_t i = 0; i < elements.elements.size(); ++i) {
    const auto& e = elements.elements[i];
    out += e.ai + e.value;
    const AiEntry* def = find_ai(e.ai);
    const bool last = i + 1 == elements.elements.size();
    if (!last && (def == nullptr || def->fnc1_required)) out += fnc1;
  }
  return out;
}

}  // namespace pharmatwin::serialization
