#include "pharmatwin/serialization/gs1_element_string.hpp"

#include <algorithm>

#include "pharmatwin/serialization/gs1_ai_table.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"

namespace pharmatwin::serialization {

const std::string* Gs1ElementString::find(std::string_view ai) const {
  for (const auto& e : elements) {
    if (e.ai == ai) return &e.value;
  }
  return nullptr;
}

namespace {

int reference_year_of(const Gs1ParseOptions& options) {
  return options.reference_year != 0 ? options.reference_year : current_utc_year();
}

std::string ai_label(std::string_view ai) { return "AI (" + std::string(ai) + ")"; }

bool is_fnc1(char c) { return c == '^' || c == kAsciiGroupSeparator; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

Error shifted(Error error, std::size_t offset) {
  error.position += offset;
  return error;
}

// Relabels an error from a nested check ("date", "GTIN") with the AI it belongs to.
Error for_ai(std::string_view ai, const Error& inner) {
  std::string rule = inner.element == "date" ? inner.rule : inner.element + ": " + inner.rule;
  return make_error(ai_label(ai), inner.position, std::move(rule));
}

Result<CivilDate> check_date_time(std::string_view value, int reference_year) {
  auto date = parse_yymmdd(value.substr(0, 6), reference_year, /*allow_day_zero=*/false);
  if (!date) return date.error();
  const int hh = (value[6] - '0') * 10 + (value[7] - '0');
  const int mm = (value[8] - '0') * 10 + (value[9] - '0');
  if (hh > 23) return make_error("date", 6, "hour " + std::string(value.substr(6, 2)) + " > 23");
  if (mm > 59) return make_error("date", 8, "minute " + std::string(value.substr(8, 2)) + " > 59");
  return date;
}

}  // namespace

Result<CivilDate> element_date(std::string_view yymmdd, const Gs1ParseOptions& options) {
  return parse_yymmdd(yymmdd, reference_year_of(options), /*allow_day_zero=*/true);
}

Result<AiElement> validate_element(std::string_view ai, std::string_view value,
                                   const Gs1ParseOptions& options) {
  const AiDefinition* def = find_ai(ai);
  if (def == nullptr) return make_error(ai_label(ai), 0, "unknown or unsupported AI");
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (def->charset == AiCharset::kNumeric && !is_digit(c)) {
      return make_error(ai_label(ai), i, std::string("'") + c + "' is not a digit (format N)");
    }
    if (def->charset == AiCharset::kCset82 && !is_cset82(c)) {
      const std::string shown = (c >= 0x20 && c < 0x7f)
                                    ? std::string("'") + c + "'"
                                    : "byte 0x" + std::to_string(static_cast<unsigned char>(c));
      return make_error(ai_label(ai), i, shown + " is not in GS1 character set 82");
    }
  }
  if (value.size() < def->min_length || value.size() > def->max_length) {
    const std::string want = def->fixed_length() ? "exactly " + std::to_string(def->max_length)
                                                 : std::to_string(def->min_length) + " to " +
                                                       std::to_string(def->max_length);
    return make_error(ai_label(ai), std::min(value.size(), std::size_t{def->max_length}),
                      "data is " + std::to_string(value.size()) + " characters, expected " + want);
  }
  switch (def->rule) {
    case AiRule::kNone:
      break;
    case AiRule::kCheckDigit:
      if (!has_valid_check_digit(value)) {
        const int expected = *gs1_check_digit(value.substr(0, value.size() - 1));
        return make_error(ai_label(ai), value.size() - 1,
                          std::string("check digit is ") + value.back() + ", expected " +
                              std::to_string(expected));
      }
      break;
    case AiRule::kDateYymmdd: {
      auto date = parse_yymmdd(value, reference_year_of(options), /*allow_day_zero=*/true);
      if (!date) return for_ai(ai, date.error());
      break;
    }
    case AiRule::kDateTimeYymmddhhmm: {
      auto date = check_date_time(value, reference_year_of(options));
      if (!date) return for_ai(ai, date.error());
      break;
    }
  }
  return AiElement{std::string(ai), std::string(value)};
}

Result<Gs1ElementString> validate_elements(Gs1ElementString elements,
                                           const Gs1ParseOptions& options) {
  for (std::size_t i = 0; i < elements.elements.size(); ++i) {
    const auto& e = elements.elements[i];
    auto checked = validate_element(e.ai, e.value, options);
    if (!checked) return checked.error();
    for (std::size_t j = 0; j < i; ++j) {
      if (elements.elements[j].ai == e.ai && elements.elements[j].value != e.value) {
        return make_error(ai_label(e.ai), 0, "AI occurs twice with different data");
      }
    }
  }
  const auto has = [&](std::string_view ai) { return elements.find(ai) != nullptr; };
  if (has("21") && !has("01")) return make_error(ai_label("21"), 0, "serial needs a GTIN (01)");
  if (has("37") && !has("02")) return make_error(ai_label("37"), 0, "count needs CONTENT (02)");
  if (has("02") && !has("00")) return make_error(ai_label("02"), 0, "CONTENT needs an SSCC (00)");
  if (has("01") && has("02")) {
    return make_error(ai_label("02"), 0, "(01) and (02) must not appear together");
  }
  return elements;
}

namespace {

struct Cursor {
  std::string_view input;
  std::size_t pos = 0;
  bool at_end() const { return pos >= input.size(); }
};

// Bracketed form: "(AI)data(AI)data". Data ends where the next "(" opens a known AI.
Result<Gs1ElementString> parse_bracketed(Cursor cur, Gs1ElementString out,
                                         const Gs1ParseOptions& options) {
  const auto ai_at = [&](std::size_t at, std::size_t& close) -> const AiDefinition* {
    if (at >= cur.input.size() || cur.input[at] != '(') return nullptr;
    close = cur.input.find(')', at + 1);
    if (close == std::string_view::npos || close - at - 1 < 2 || close - at - 1 > 4) {
      return nullptr;
    }
    return find_ai(cur.input.substr(at + 1, close - at - 1));
  };
  while (!cur.at_end()) {
    std::size_t close = 0;
    const AiDefinition* def = ai_at(cur.pos, close);
    if (def == nullptr) {
      if (cur.input[cur.pos] != '(') {
        return make_error("element string", cur.pos, "expected '(' opening an AI");
      }
      return make_error("element string", cur.pos, "unknown AI or missing ')'");
    }
    const std::size_t data_start = close + 1;
    std::size_t data_end = data_start;
    std::size_t next_close = 0;
    while (data_end < cur.input.size() && ai_at(data_end, next_close) == nullptr) ++data_end;
    const auto value = cur.input.substr(data_start, data_end - data_start);
    auto checked = validate_element(def->ai, value, options);
    if (!checked) return shifted(checked.error(), data_start);
    out.elements.push_back(std::move(checked).value());
    cur.pos = data_end;
  }
  return out;
}

// Barcode data: AIs back to back; variable-length data ends at FNC1 or at the end.
Result<Gs1ElementString> parse_unbracketed(Cursor cur, Gs1ElementString out,
                                           const Gs1ParseOptions& options) {
  if (!cur.at_end() && is_fnc1(cur.input[cur.pos])) ++cur.pos;  // FNC1 in first position
  while (!cur.at_end()) {
    const std::size_t ai_start = cur.pos;
    const AiDefinition* def = find_ai_prefix(cur.input.substr(ai_start, 4));
    if (def == nullptr) {
      std::size_t digits = 0;
      while (digits < 4 && ai_start + digits < cur.input.size() &&
             is_digit(cur.input[ai_start + digits])) {
        ++digits;
      }
      if (digits < 2) return make_error("element string", ai_start, "expected an AI (digits)");
      return make_error(
          "element string", ai_start,
          "unknown AI starting with \"" + std::string(cur.input.substr(ai_start, digits)) + "\"");
    }
    const std::size_t data_start = ai_start + def->ai.size();
    std::size_t data_end = data_start;
    if (def->fixed_length()) {
      data_end = std::min(cur.input.size(), data_start + def->max_length);
      const auto sep = cur.input.substr(data_start, data_end - data_start)
                           .find_first_of(std::string_view("^\x1d", 2));
      if (sep != std::string_view::npos) data_end = data_start + sep;
    } else {
      while (data_end < cur.input.size() && !is_fnc1(cur.input[data_end])) ++data_end;
    }
    const auto value = cur.input.substr(data_start, data_end - data_start);
    auto checked = validate_element(def->ai, value, options);
    if (!checked) return shifted(checked.error(), data_start);
    out.elements.push_back(std::move(checked).value());
    cur.pos = data_end;
    if (cur.at_end()) break;
    if (is_fnc1(cur.input[cur.pos])) {
      ++cur.pos;
      if (cur.at_end()) return make_error("element string", cur.pos - 1, "FNC1 at the end");
    } else if (!def->predefined_length) {
      return make_error(ai_label(def->ai), cur.pos,
                        "FNC1 separator required after this AI (not of predefined length)");
    }
  }
  return out;
}

}  // namespace

Result<Gs1ElementString> parse_element_string(std::string_view input,
                                              const Gs1ParseOptions& options) {
  Gs1ElementString out;
  Cursor cur{input, 0};
  if (input.size() >= 3 && input[0] == ']') {
    const auto id = input.substr(0, 3);
    if (id != "]d2" && id != "]Q3" && id != "]C1" && id != "]e0") {
      return make_error("symbology identifier", 0,
                        "\"" + std::string(id) + "\" is not a GS1 symbology (]d2 ]Q3 ]C1 ]e0)");
    }
    out.symbology = std::string(id);
    cur.pos = 3;
  }
  if (cur.at_end()) return make_error("element string", cur.pos, "no data");
  auto parsed = input[cur.pos] == '(' ? parse_bracketed(cur, std::move(out), options)
                                      : parse_unbracketed(cur, std::move(out), options);
  if (!parsed) return parsed;
  if (parsed.value().elements.empty()) return make_error("element string", 0, "no data");
  return validate_elements(std::move(parsed).value(), options);
}

std::string to_human_readable(const Gs1ElementString& elements) {
  std::string out;
  for (const auto& e : elements.elements) out += "(" + e.ai + ")" + e.value;
  return out;
}

std::string to_barcode_data(const Gs1ElementString& elements, char fnc1) {
  std::string out(1, fnc1);
  for (std::size_t i = 0; i < elements.elements.size(); ++i) {
    const auto& e = elements.elements[i];
    out += e.ai + e.value;
    const AiDefinition* def = find_ai(e.ai);
    const bool last = i + 1 == elements.elements.size();
    if (!last && (def == nullptr || !def->predefined_length)) out += fnc1;
  }
  return out;
}

}  // namespace pharmatwin::serialization
