#include "parse_hints.hpp"

#include <cctype>
#include <regex>
#include <vector>

#include "pharmatwin/scenario.pb.h"
#include "string_fields.hpp"
#include "suggest.hpp"

namespace pharmatwin::scenarios {

namespace gpb = google::protobuf;

namespace {

std::vector<std::string> field_names(const gpb::Descriptor* type) {
  std::vector<std::string> out;
  for (int i = 0; i < type->field_count(); ++i) out.push_back(type->field(i)->name());
  return out;
}

// The values of the enum of the first schema field called `field_name` that is an enum.
std::vector<std::string> enum_values(const std::string& field_name) {
  const gpb::FileDescriptor* file = scenario::Scenario::descriptor()->file();
  for (int m = 0; m < file->message_type_count(); ++m) {
    const auto* field = file->message_type(m)->FindFieldByName(field_name);
    if (!field || field->type() != gpb::FieldDescriptor::TYPE_ENUM) continue;
    std::vector<std::string> out;
    for (int v = 0; v < field->enum_type()->value_count(); ++v)
      out.push_back(field->enum_type()->value(v)->name());
    return out;
  }
  return {};
}

// The field name written before `column` on `line` ("  horizon: 3600" -> "horizon").
std::string field_before(std::string_view line, int column) {
  std::size_t end =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(column, 0)), line.size());
  while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  if (end == 0 || line[end - 1] != ':') return "";
  --end;
  while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  std::size_t begin = end;
  while (begin > 0 &&
         (std::isalnum(static_cast<unsigned char>(line[begin - 1])) || line[begin - 1] == '_'))
    --begin;
  return std::string(line.substr(begin, end - begin));
}

}  // namespace

std::string with_hint(const std::string& message, std::string_view line, int column) {
  std::smatch m;
  static const std::regex no_field(
      R"(Message type \"([A-Za-z0-9_.]+)\" has no field named \"([A-Za-z0-9_]+)\")");
  static const std::regex bad_enum(
      R"(Unknown enumeration value of \"([A-Za-z0-9_]+)\" for field \"([A-Za-z0-9_]+)\")");
  if (std::regex_search(message, m, no_field)) {
    const auto* type = gpb::DescriptorPool::generated_pool()->FindMessageTypeByName(m[1].str());
    if (type) return message + suggestion(m[2].str(), field_names(type));
    return message;
  }
  if (std::regex_search(message, m, bad_enum))
    return message + suggestion(m[1].str(), enum_values(m[2].str()));
  if (message.rfind("Expected string, got:", 0) == 0) {
    const std::string field = field_before(line, column);
    if (field.empty()) return message;
    return message + "; '" + field + "' takes a string: " + string_hint(string_kind(field));
  }
  return message;
}

}  // namespace pharmatwin::scenarios
