// pharmatwin-scenario-reference: the scenario language reference (docs/scenario-reference.md),
// generated from the comments of scenarios/proto/pharmatwin/scenario.proto.
//
//   pharmatwin-scenario-reference scenario.desc --out docs/scenario-reference.md
//   pharmatwin-scenario-reference scenario.desc --check docs/scenario-reference.md   # exit 1 if
//   stale
//
// scenario.desc is the FileDescriptorSet protoc writes with --include_source_info (the build
// makes it). Every message and enum gets a section, every field a row: its type, the unit or
// format of its value (from the field name's suffix or the loader's table of string fields), what
// an unset field means, and its comment.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "string_fields.hpp"

namespace gpb = google::protobuf;

namespace {

constexpr const char* kRegenerate = "cmake --build build/dev --target scenario-reference";

// A comment as one line for a table cell.
std::string one_line(const std::string& comment) {
  std::string out;
  std::istringstream in(comment);
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    line = line.substr(first);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (!out.empty()) out += ' ';
    out += line;
  }
  std::string escaped;
  for (char c : out) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// A comment as paragraphs: its lines with the comment's leading space removed.
std::string block(const std::string& comment) {
  std::string out;
  std::istringstream in(comment);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == ' ') line.erase(0, 1);
    out += line + "\n";
  }
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    out.pop_back();
  return out;
}

template <typename D>
std::string comment_of(const D* d) {
  gpb::SourceLocation loc;
  if (!d->GetSourceLocation(&loc)) return {};
  std::string text = loc.leading_comments;
  if (!loc.trailing_comments.empty()) text += (text.empty() ? "" : "\n") + loc.trailing_comments;
  return text;
}

std::string anchor(const std::string& name) {
  std::string out;
  for (char c : name) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string type_of(const gpb::FieldDescriptor* f) {
  std::string t;
  if (f->is_repeated())
    t = "repeated ";
  else if (f->has_optional_keyword())
    t = "optional ";
  if (f->message_type())
    t += "[" + f->message_type()->name() + "](#" + anchor(f->message_type()->name()) + ")";
  else if (f->enum_type())
    t += "[" + f->enum_type()->name() + "](#" + anchor(f->enum_type()->name()) + ")";
  else
    t += f->type_name();
  return t;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The unit or format of a field's value.
std::string unit_of(const gpb::FieldDescriptor* f) {
  using pharmatwin::scenarios::StringKind;
  if (f->type() == gpb::FieldDescriptor::TYPE_STRING) {
    switch (pharmatwin::scenarios::string_kind(f)) {
      case StringKind::kDuration:
        return "duration (`\"90s\"`, `\"15m\"`, `\"2h\"`, `\"3d\"`)";
      case StringKind::kDateTime:
        return "RFC 3339 UTC date-time";
      case StringKind::kDate:
        return "date `YYYY-MM-DD`";
      case StringKind::kTimeOfDay:
        return "time of day `HH:MM` UTC";
      case StringKind::kDigits:
        return "digits";
      case StringKind::kText:
        return "text";
    }
  }
  if (f->message_type() || f->enum_type() || f->type() == gpb::FieldDescriptor::TYPE_BOOL)
    return "";
  const std::string& n = f->name();
  if (n == "seed") return "";
  if (n == "seasonal_peak_day") return "day of year 1..366";
  if (n == "days") return "weekday 1 (Monday) .. 7";
  static const std::vector<std::pair<std::string, std::string>> suffixes = {
      {"_c_per_day", "°C per day"},
      {"_kj_per_k", "kJ/K"},
      {"_kw_per_k", "kW/K"},
      {"_per_hour", "per hour"},
      {"_per_day", "per day"},
      {"_c", "°C"},
      {"_kw", "kW"},
      {"_kg", "kg"},
      {"_m", "m"},
      {"_percent", "%"},
      {"_fraction", "fraction 0..1"}};
  for (const auto& [suffix, unit] : suffixes)
    if (ends_with(n, suffix)) return unit;
  if (f->type() == gpb::FieldDescriptor::TYPE_UINT32 ||
      f->type() == gpb::FieldDescriptor::TYPE_UINT64)
    return "count";
  return "";
}

// What a field reads as when a file does not set it.
std::string unset_of(const gpb::FieldDescriptor* f) {
  if (f->is_repeated()) return "empty";
  if (f->has_optional_keyword()) return "unset";
  if (f->real_containing_oneof()) return "—";
  if (f->message_type()) return "absent";
  if (f->enum_type()) return "`" + f->enum_type()->value(0)->name() + "`";
  switch (f->cpp_type()) {
    case gpb::FieldDescriptor::CPPTYPE_STRING:
      return "`\"\"`";
    case gpb::FieldDescriptor::CPPTYPE_BOOL:
      return "`false`";
    default:
      return "`0`";
  }
}

void write_message(std::ostream& out, const gpb::Descriptor* m) {
  out << "## " << m->name() << "\n\n";
  const std::string c = comment_of(m);
  if (!c.empty()) out << block(c) << "\n";
  if (m->field_count() == 0) {
    out << "No fields.\n\n";
    return;
  }
  out << "| field | type | unit or format | if unset | description |\n";
  out << "| --- | --- | --- | --- | --- |\n";
  for (int i = 0; i < m->field_count(); ++i) {
    const auto* f = m->field(i);
    std::string description = one_line(comment_of(f));
    if (const auto* o = f->real_containing_oneof())
      description = "One of `" + o->name() + "`." + (description.empty() ? "" : " " + description);
    out << "| `" << f->name() << "` | " << type_of(f) << " | " << unit_of(f) << " | " << unset_of(f)
        << " | " << description << " |\n";
  }
  out << "\n";
}

void write_enum(std::ostream& out, const gpb::EnumDescriptor* e) {
  out << "## " << e->name() << "\n\n";
  const std::string c = comment_of(e);
  if (!c.empty()) out << block(c) << "\n";
  out << "| value | number | description |\n| --- | --- | --- |\n";
  for (int i = 0; i < e->value_count(); ++i) {
    const auto* v = e->value(i);
    out << "| `" << v->name() << "` | " << v->number() << " | " << one_line(comment_of(v))
        << " |\n";
  }
  out << "\n";
}

std::string reference(const gpb::FileDescriptor* file, const gpb::FileDescriptorProto& proto) {
  std::ostringstream out;
  out << "# Scenario language reference\n\n"
      << "Generated from the comments of `scenarios/proto/" << file->name()
      << "` by `pharmatwin-scenario-reference`: do not edit it by hand. `" << kRegenerate
      << "` regenerates it, and the test `docs_scenario_reference_up_to_date` fails while it is "
         "out of date. How scenarios are written, imported and overridden: "
         "[scenarios.md](scenarios.md); a first scenario step by step: "
         "[first-scenario.md](first-scenario.md).\n\n"
      << "\"if unset\" is what a field reads as when a file does not set it (proto3: 0, empty, "
         "false, the first enum value); the description says when the loader or the world gives "
         "that a meaning of its own (\"the site's when absent\", \"default 0.7\").\n\n";
  // The file's opening comment (the one before `syntax`).
  for (const auto& loc : proto.source_code_info().location()) {
    if (loc.path_size() == 1 && loc.path(0) == gpb::FileDescriptorProto::kSyntaxFieldNumber) {
      for (const auto& detached : loc.leading_detached_comments()) out << block(detached) << "\n";
    }
  }
  out << "Messages: ";
  for (int i = 0; i < file->message_type_count(); ++i)
    out << (i ? ", " : "") << "[" << file->message_type(i)->name() << "](#"
        << anchor(file->message_type(i)->name()) << ")";
  out << ".\n\nEnums: ";
  for (int i = 0; i < file->enum_type_count(); ++i)
    out << (i ? ", " : "") << "[" << file->enum_type(i)->name() << "](#"
        << anchor(file->enum_type(i)->name()) << ")";
  out << ".\n\n";
  for (int i = 0; i < file->message_type_count(); ++i) write_message(out, file->message_type(i));
  for (int i = 0; i < file->enum_type_count(); ++i) write_enum(out, file->enum_type(i));
  std::string text = out.str();
  while (text.size() > 1 && text[text.size() - 1] == '\n' && text[text.size() - 2] == '\n')
    text.pop_back();
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 4 ? argv[2] : "";
  if (argc != 2 && mode != "--check" && mode != "--out") {
    std::cerr << "usage: pharmatwin-scenario-reference SCENARIO.desc [--check FILE | --out FILE]\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  gpb::FileDescriptorSet set;
  if (!in || !set.ParseFromIstream(&in)) {
    std::cerr << argv[1] << ": cannot read a FileDescriptorSet\n";
    return 2;
  }
  gpb::DescriptorPool pool;
  const gpb::FileDescriptor* scenario = nullptr;
  gpb::FileDescriptorProto scenario_proto;
  for (const auto& f : set.file()) {
    const auto* built = pool.BuildFile(f);
    if (!built) {
      std::cerr << argv[1] << ": " << f.name() << " does not build\n";
      return 2;
    }
    if (f.name() == "pharmatwin/scenario.proto") scenario = built, scenario_proto = f;
  }
  if (!scenario) {
    std::cerr << argv[1] << ": holds no pharmatwin/scenario.proto\n";
    return 2;
  }
  const std::string text = reference(scenario, scenario_proto);
  if (argc == 2) {
    std::cout << text;
    return 0;
  }
  if (mode == "--out") {
    std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::cerr << argv[3] << ": cannot write\n";
      return 2;
    }
    return 0;
  }
  std::ifstream committed(argv[3], std::ios::binary);
  std::stringstream have;
  have << committed.rdbuf();
  if (!committed || have.str() != text) {
    std::cerr << argv[3] << " is out of date with scenarios/proto/pharmatwin/scenario.proto; "
              << "regenerate it with: " << kRegenerate << "\n";
    return 1;
  }
  return 0;
}
