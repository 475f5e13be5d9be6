#include "pharmatwin/scenarios/field_path.hpp"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "locations.hpp"
#include "pharmatwin/scenarios/units.hpp"
#include "string_fields.hpp"
#include "suggest.hpp"
#include "validate.hpp"

namespace pharmatwin::scenarios {

namespace gpb = google::protobuf;

namespace {

struct Segment {
  std::string name;
  std::optional<std::string> key;  // [key]
  int column = 0;                  // of the name
  int key_column = 0;              // of the key
};

// One selected field: a singular field of `message`, or element `index` of a repeated one.
struct Target {
  gpb::Message* message = nullptr;
  const gpb::FieldDescriptor* field = nullptr;
  int index = -1;
};

struct Walk {
  std::vector<Target> targets;
  FieldPathResult error;
};

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

FieldPathResult path_error(int column, std::string message) {
  FieldPathResult r;
  r.column = column;
  r.message = std::move(message);
  return r;
}

std::optional<std::vector<Segment>> parse_path(std::string_view path, FieldPathResult& error) {
  std::vector<Segment> out;
  std::size_t i = 0;
  if (path.empty()) {
    error = path_error(1, "empty field path");
    return std::nullopt;
  }
  while (i <= path.size()) {
    Segment seg;
    seg.column = static_cast<int>(i) + 1;
    while (i < path.size() && path[i] != '.' && path[i] != '[') seg.name += path[i++];
    if (seg.name.empty()) {
      error = path_error(seg.column, "expected a field name");
      return std::nullopt;
    }
    if (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos) {
        error = path_error(static_cast<int>(i) + 1, "'[' without a closing ']'");
        return std::nullopt;
      }
      seg.key_column = static_cast<int>(i) + 2;
      seg.key = trim(path.substr(i + 1, close - i - 1));
      if (seg.key->empty()) {
        error = path_error(seg.key_column, "empty [] (write a name, an index or *)");
        return std::nullopt;
      }
      i = close + 1;
    }
    out.push_back(std::move(seg));
    if (i == path.size()) break;
    if (path[i] != '.') {
      error = path_error(static_cast<int>(i) + 1,
                         std::string("expected '.' or '[' after '") + out.back().name + "'");
      return std::nullopt;
    }
    ++i;
    if (i == path.size()) {
      error = path_error(static_cast<int>(i), "path ends with '.'");
      return std::nullopt;
    }
  }
  return out;
}

std::vector<std::string> field_names(const gpb::Descriptor* d) {
  std::vector<std::string> names;
  for (int i = 0; i < d->field_count(); ++i) names.push_back(d->field(i)->name());
  return names;
}

std::string field_list(const gpb::Descriptor* d) {
  std::string s;
  for (const auto& n : field_names(d)) s += (s.empty() ? "" : ", ") + n;
  return s;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Elements of repeated message field `field` of `m` selected by `seg.key`.
bool select_elements(gpb::Message* m, const gpb::FieldDescriptor* field, const Segment& seg,
                     const std::string& where, std::vector<int>& out, FieldPathResult& error) {
  const auto* r = m->GetReflection();
  const int n = r->FieldSize(*m, field);
  const std::string& key = *seg.key;
  if (key == "*") {
    if (n == 0) {
      error = path_error(seg.key_column, where + " has no elements");
      return false;
    }
    for (int i = 0; i < n; ++i) out.push_back(i);
    return true;
  }
  std::vector<std::string> names;
  if (field->cpp_type() == gpb::FieldDescriptor::CPPTYPE_MESSAGE) {
    for (int i = 0; i < n; ++i) {
      const std::string name = element_name(r->GetRepeatedMessage(*m, field, i));
      if (name == key) {
        out.push_back(i);
        return true;
      }
      if (!name.empty()) names.push_back(name);
    }
  }
  if (all_digits(key)) {
    const auto index = std::stoull(key);
    if (index < static_cast<unsigned long long>(n)) {
      out.push_back(static_cast<int>(index));
      return true;
    }
    error = path_error(seg.key_column, where + " has " + std::to_string(n) + " element(s); index " +
                                           key + " is past the end");
    return false;
  }
  error = path_error(seg.key_column,
                     where + " has no element named '" + key + "'" + suggestion(key, names));
  return false;
}

void walk(gpb::Message* m, const std::vector<Segment>& segs, std::size_t i,
          const std::string& where, Walk& w) {
  if (!w.error.ok()) return;
  const Segment& seg = segs[i];
  const auto* d = m->GetDescriptor();
  const auto* field = d->FindFieldByName(seg.name);
  const std::string here = where.empty() ? seg.name : where + "." + seg.name;
  if (!field) {
    w.error = path_error(seg.column, (where.empty() ? std::string("a scenario") : where) +
                                         " has no field '" + seg.name + "'" +
                                         suggestion(seg.name, field_names(d)));
    return;
  }
  const bool last = i + 1 == segs.size();
  const bool is_message = field->cpp_type() == gpb::FieldDescriptor::CPPTYPE_MESSAGE;
  const auto* r = m->GetReflection();
  if (field->is_repeated() && !seg.key) {
    w.error = path_error(seg.column + static_cast<int>(seg.name.size()),
                         here + " is a list: pick elements with [name], [index] or [*]");
    return;
  }
  if (!field->is_repeated() && seg.key) {
    w.error = path_error(seg.key_column - 1, here + " is not a list");
    return;
  }
  if (last && is_message) {
    w.error = path_error(seg.column, here + " is a message: name one of its fields (" +
                                         field_list(field->message_type()) + ")");
    return;
  }
  if (!last && !is_message) {
    w.error = path_error(segs[i + 1].column,
                         here + " is a value; it has no field '" + segs[i + 1].name + "'");
    return;
  }
  if (const auto* oneof = field->containing_oneof(); oneof && !oneof->is_synthetic()) {
    const auto* set = r->GetOneofFieldDescriptor(*m, oneof);
    if (set != field) {
      w.error =
          path_error(seg.column, where + " is " + (set ? "a " + set->name() : std::string("none")) +
                                     " " + oneof->name() + ", not " + seg.name);
      return;
    }
  }
  std::vector<int> indexes;
  if (field->is_repeated()) {
    if (!select_elements(m, field, seg, here, indexes, w.error)) return;
  } else {
    indexes.push_back(-1);
  }
  for (int index : indexes) {
    const std::string element =
        index < 0 ? here
                  : here + "[" +
                        (is_message ? element_key(r->GetRepeatedMessage(*m, field, index), index)
                                    : std::to_string(index)) +
                        "]";
    if (last) {
      w.targets.push_back({m, field, index});
    } else {
      gpb::Message* child =
          index < 0 ? r->MutableMessage(m, field) : r->MutableRepeatedMessage(m, field, index);
      walk(child, segs, i + 1, element, w);
    }
  }
}

Walk resolve(gpb::Message* root, std::string_view path) {
  Walk w;
  auto segs = parse_path(path, w.error);
  if (!segs) return w;
  if ((*segs)[0].name == "imports") {
    w.error =
        path_error(1, "imports are resolved before overrides apply; override the fields instead");
    return w;
  }
  walk(root, *segs, 0, "", w);
  return w;
}

// Unit suffixes a number may carry, by the field name's suffix.
std::vector<std::string> unit_suffixes(const std::string& field_name) {
  auto ends = [&](const char* s) {
    const std::string suffix(s);
    return field_name.size() > suffix.size() &&
           field_name.compare(field_name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends("_c")) return {"°C", "C"};
  if (ends("_percent")) return {"%"};
  if (ends("_kw")) return {"kW"};
  if (ends("_m")) return {"m"};
  if (ends("_kg")) return {"kg"};
  return {};
}

// A parsed value, ready to store in every target.
struct Value {
  std::string text;
  double number = 0;
  std::int64_t integer = 0;
  std::uint64_t unsigned_integer = 0;
  bool boolean = false;
  int enum_number = 0;
};

std::optional<Value> parse_value(const gpb::FieldDescriptor* f, std::string_view raw,
                                 FieldValueKind& kind, std::string& error) {
  Value v;
  std::string text = trim(raw);
  v.text = text;
  using F = gpb::FieldDescriptor;
  switch (f->cpp_type()) {
    case F::CPPTYPE_STRING: {
      std::string why;
      switch (string_kind(f)) {
        case StringKind::kDuration:
          kind = FieldValueKind::kDuration;
          if (!parse_duration_s(text, &why)) error = why;
          break;
        case StringKind::kDateTime:
          if (!parse_utc_s(text, &why)) error = why;
          break;
        case StringKind::kDate:
          if (!parse_date_s(text, &why)) error = why;
          break;
        case StringKind::kTimeOfDay:
          if (!parse_time_of_day_s(text, &why)) error = why;
          break;
        case StringKind::kDigits:
          if (!all_digits(text)) error = "expected digits, got '" + text + "'";
          break;
        case StringKind::kText:
          break;
      }
      if (kind != FieldValueKind::kDuration) kind = FieldValueKind::kText;
      break;
    }
    case F::CPPTYPE_DOUBLE:
    case F::CPPTYPE_FLOAT: {
      kind = FieldValueKind::kNumber;
      std::string number = text;
      for (const auto& suffix : unit_suffixes(f->name())) {
        if (number.size() > suffix.size() &&
            number.compare(number.size() - suffix.size(), suffix.size(), suffix) == 0) {
          number = trim(number.substr(0, number.size() - suffix.size()));
          break;
        }
      }
      const char* end = number.data() + number.size();
      auto [p, ec] = std::from_chars(number.data(), end, v.number);
      if (number.empty() || ec != std::errc() || p != end || !std::isfinite(v.number)) {
        error = "expected a number for " + f->name() + ", got '" + text + "'";
        const auto suffixes = unit_suffixes(f->name());
        if (!suffixes.empty()) error += " (in " + suffixes.back() + ", e.g. 4.5)";
      }
      break;
    }
    case F::CPPTYPE_INT32:
    case F::CPPTYPE_INT64:
    case F::CPPTYPE_UINT32:
    case F::CPPTYPE_UINT64: {
      kind = FieldValueKind::kInteger;
      const bool is_unsigned =
          f->cpp_type() == F::CPPTYPE_UINT32 || f->cpp_type() == F::CPPTYPE_UINT64;
      const char* end = text.data() + text.size();
      std::from_chars_result res{};
      if (is_unsigned)
        res = std::from_chars(text.data(), end, v.unsigned_integer);
      else
        res = std::from_chars(text.data(), end, v.integer);
      const bool too_big = (f->cpp_type() == F::CPPTYPE_UINT32 &&
                            v.unsigned_integer > std::numeric_limits<std::uint32_t>::max()) ||
                           (f->cpp_type() == F::CPPTYPE_INT32 &&
                            (v.integer > std::numeric_limits<std::int32_t>::max() ||
                             v.integer < std::numeric_limits<std::int32_t>::min()));
      if (text.empty() || res.ec != std::errc() || res.ptr != end || too_big) {
        error = std::string("expected ") +
                (is_unsigned ? "a whole number >= 0" : "a whole number") + " for " + f->name() +
                ", got '" + text + "'";
      }
      break;
    }
    case F::CPPTYPE_BOOL:
      kind = FieldValueKind::kBool;
      if (text == "true" || text == "1")
        v.boolean = true;
      else if (text == "false" || text == "0")
        v.boolean = false;
      else
        error = "expected true or false for " + f->name() + ", got '" + text + "'";
      break;
    case F::CPPTYPE_ENUM: {
      kind = FieldValueKind::kEnum;
      std::string upper = text;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const auto* e = f->enum_type()->FindValueByName(upper);
      if (!e) {
        std::vector<std::string> names;
        std::string list;
        for (int i = 1; i < f->enum_type()->value_count(); ++i) {
          names.push_back(f->enum_type()->value(i)->name());
          list += (list.empty() ? "" : ", ") + names.back();
        }
        error = "no " + f->enum_type()->name() + " '" + text + "'" + suggestion(upper, names) +
                " (one of " + list + ")";
      } else {
        v.enum_number = e->number();
      }
      break;
    }
    case F::CPPTYPE_MESSAGE:
      error = f->name() + " is a message";
      break;
  }
  if (!error.empty()) return std::nullopt;
  return v;
}

void store(const Target& t, const Value& v) {
  const auto* r = t.message->GetReflection();
  const auto* f = t.field;
  const bool rep = t.index >= 0;
  using F = gpb::FieldDescriptor;
  switch (f->cpp_type()) {
    case F::CPPTYPE_STRING:
      rep ? r->SetRepeatedString(t.message, f, t.index, v.text)
          : r->SetString(t.message, f, v.text);
      break;
    case F::CPPTYPE_DOUBLE:
      rep ? r->SetRepeatedDouble(t.message, f, t.index, v.number)
          : r->SetDouble(t.message, f, v.number);
      break;
    case F::CPPTYPE_FLOAT:
      rep ? r->SetRepeatedFloat(t.message, f, t.index, static_cast<float>(v.number))
          : r->SetFloat(t.message, f, static_cast<float>(v.number));
      break;
    case F::CPPTYPE_INT32:
      rep ? r->SetRepeatedInt32(t.message, f, t.index, static_cast<std::int32_t>(v.integer))
          : r->SetInt32(t.message, f, static_cast<std::int32_t>(v.integer));
      break;
    case F::CPPTYPE_INT64:
      rep ? r->SetRepeatedInt64(t.message, f, t.index, v.integer)
          : r->SetInt64(t.message, f, v.integer);
      break;
    case F::CPPTYPE_UINT32:
      rep ? r->SetRepeatedUInt32(t.message, f, t.index,
                                 static_cast<std::uint32_t>(v.unsigned_integer))
          : r->SetUInt32(t.message, f, static_cast<std::uint32_t>(v.unsigned_integer));
      break;
    case F::CPPTYPE_UINT64:
      rep ? r->SetRepeatedUInt64(t.message, f, t.index, v.unsigned_integer)
          : r->SetUInt64(t.message, f, v.unsigned_integer);
      break;
    case F::CPPTYPE_BOOL:
      rep ? r->SetRepeatedBool(t.message, f, t.index, v.boolean)
          : r->SetBool(t.message, f, v.boolean);
      break;
    case F::CPPTYPE_ENUM:
      rep ? r->SetRepeatedEnumValue(t.message, f, t.index, v.enum_number)
          : r->SetEnumValue(t.message, f, v.enum_number);
      break;
    case F::CPPTYPE_MESSAGE:
      break;
  }
}

std::string number_text(double x) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return ec == std::errc() ? std::string(buf, p) : std::string("nan");
}

std::string load(const Target& t) {
  const auto& m = *t.message;
  const auto* r = m.GetReflection();
  const auto* f = t.field;
  const bool rep = t.index >= 0;
  using F = gpb::FieldDescriptor;
  switch (f->cpp_type()) {
    case F::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(m, f, t.index) : r->GetString(m, f);
    case F::CPPTYPE_DOUBLE:
      return number_text(rep ? r->GetRepeatedDouble(m, f, t.index) : r->GetDouble(m, f));
    case F::CPPTYPE_FLOAT:
      return number_text(rep ? r->GetRepeatedFloat(m, f, t.index) : r->GetFloat(m, f));
    case F::CPPTYPE_INT32:
      return std::to_string(rep ? r->GetRepeatedInt32(m, f, t.index) : r->GetInt32(m, f));
    case F::CPPTYPE_INT64:
      return std::to_string(rep ? r->GetRepeatedInt64(m, f, t.index) : r->GetInt64(m, f));
    case F::CPPTYPE_UINT32:
      return std::to_string(rep ? r->GetRepeatedUInt32(m, f, t.index) : r->GetUInt32(m, f));
    case F::CPPTYPE_UINT64:
      return std::to_string(rep ? r->GetRepeatedUInt64(m, f, t.index) : r->GetUInt64(m, f));
    case F::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, t.index) : r->GetBool(m, f)) ? "true" : "false";
    case F::CPPTYPE_ENUM:
      return (rep ? r->GetRepeatedEnum(m, f, t.index) : r->GetEnum(m, f))->name();
    case F::CPPTYPE_MESSAGE:
      return "";
  }
  return "";
}

}  // namespace

FieldPathResult apply_override(scenario::Scenario& scenario, std::string_view path,
                               std::string_view value) {
  scenario::Scenario copy = scenario;  // nothing changes on error
  Walk w = resolve(&copy, path);
  if (!w.error.ok()) return w.error;
  FieldPathResult result;
  std::string error;
  const auto parsed = parse_value(w.targets.front().field, value, result.kind, error);
  if (!parsed) {
    result.in_value = true;
    result.message = error;
    return result;
  }
  if (path == "run.seed") {
    result.message = "run.seed is set per replication by the sweep (--seed-base)";
    result.column = 1;
    return result;
  }
  for (const auto& t : w.targets) store(t, *parsed);
  result.fields = static_cast<int>(w.targets.size());
  scenario = std::move(copy);
  return result;
}

std::optional<std::vector<std::string>> read_field(const scenario::Scenario& scenario,
                                                   std::string_view path, FieldPathResult* result) {
  scenario::Scenario copy = scenario;
  Walk w = resolve(&copy, path);
  if (!w.error.ok()) {
    if (result) *result = w.error;
    return std::nullopt;
  }
  std::vector<std::string> values;
  for (const auto& t : w.targets) values.push_back(load(t));
  if (result) {
    *result = {};
    result->fields = static_cast<int>(values.size());
    std::string ignored;
    parse_value(w.targets.front().field, values.front(), result->kind, ignored);
  }
  return values;
}

std::optional<Assignment> split_assignment(std::string_view text) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[')
      ++depth;
    else if (text[i] == ']')
      depth = std::max(0, depth - 1);
    else if (text[i] == '=' && depth == 0) {
      Assignment a;
      a.path = trim(text.substr(0, i));
      a.value = std::string(text.substr(i + 1));
      a.value_column = static_cast<int>(i) + 2;
      return a;
    }
  }
  return std::nullopt;
}

std::vector<Diagnostic> validate_scenario(const scenario::Scenario& scenario,
                                          const std::filesystem::path& base_dir,
                                          const std::string& file) {
  std::vector<Diagnostic> out;
  for (const auto& p : validate(scenario, base_dir)) out.push_back({file, 0, 0, p.path, p.message});
  return out;
}

}  // namespace pharmatwin::scenarios
