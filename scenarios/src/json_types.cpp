#include "json_types.hpp"

#include <map>

#include "locations.hpp"
#include "pharmatwin/scenario.pb.h"
#include "string_fields.hpp"
#include "suggest.hpp"

namespace pharmatwin::scenarios {

namespace gpb = google::protobuf;
using nlohmann::json;

namespace {

std::string snake_case(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

std::string join(const std::string& parent, const std::string& field) {
  return parent.empty() ? field : parent + "." + field;
}

std::string shown(const json& value) {
  std::string text = value.dump();
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

class Checker {
 public:
  Checker(const std::string& text, const std::string& file, std::vector<Diagnostic>& out)
      : text_(text), file_(file), offsets_(json_offsets(text)), out_(out) {}

  void message(const json& value, const gpb::Descriptor* type, const std::string& index_path,
               const std::string& name_path) {
    if (value.is_null()) return;
    if (!value.is_object()) {
      problem(index_path, name_path, "must be an object { ... }, got " + shown(value));
      return;
    }
    for (const auto& [key, member] : value.items()) {
      const gpb::FieldDescriptor* field = type->FindFieldByName(key);
      if (!field) field = type->FindFieldByCamelcaseName(key);
      if (!field) field = type->FindFieldByName(snake_case(key));
      const std::string member_index = join(index_path, snake_case(key));
      const std::string member_name = join(name_path, field ? field->name() : key);
      if (!field) {
        std::vector<std::string> names;
        for (int i = 0; i < type->field_count(); ++i) {
          names.push_back(type->field(i)->name());
          names.push_back(type->field(i)->json_name());
        }
        problem(member_index, member_name, "unknown field '" + key + "'" + suggestion(key, names));
        continue;
      }
      if (!field->is_repeated()) {
        single(member, field, member_index, member_name);
        continue;
      }
      if (member.is_null()) continue;
      if (!member.is_array()) {
        problem(member_index, member_name, "must be a list [ ... ], got " + shown(member));
        continue;
      }
      for (std::size_t i = 0; i < member.size(); ++i) {
        const json& element = member[i];
        std::string key_name = std::to_string(i);
        if (element.is_object() && element.contains("name") && element["name"].is_string() &&
            !element["name"].get<std::string>().empty())
          key_name = element["name"].get<std::string>();
        single(element, field, member_index + "[" + std::to_string(i) + "]",
               member_name + "[" + key_name + "]");
      }
    }
  }

 private:
  void single(const json& value, const gpb::FieldDescriptor* field, const std::string& index_path,
              const std::string& name_path) {
    if (value.is_null()) return;
    switch (field->cpp_type()) {
      case gpb::FieldDescriptor::CPPTYPE_MESSAGE:
        message(value, field->message_type(), index_path, name_path);
        return;
      case gpb::FieldDescriptor::CPPTYPE_STRING:
        if (value.is_string()) return;
        problem(index_path, name_path,
                std::string(value.is_number() ? "got the number " : "got ") + shown(value) + "; " +
                    string_hint(string_kind(field)));
        return;
      case gpb::FieldDescriptor::CPPTYPE_BOOL:
        if (!value.is_boolean())
          problem(index_path, name_path, "must be true or false, got " + shown(value));
        return;
      case gpb::FieldDescriptor::CPPTYPE_ENUM: {
        if (value.is_number_integer()) return;
        std::vector<std::string> names;
        for (int v = 0; v < field->enum_type()->value_count(); ++v)
          names.push_back(field->enum_type()->value(v)->name());
        if (!value.is_string()) {
          problem(index_path, name_path,
                  "must be one of the names of " + field->enum_type()->name() + ", got " +
                      shown(value));
        } else if (!field->enum_type()->FindValueByName(value.get<std::string>())) {
          const std::string v = value.get<std::string>();
          problem(index_path, name_path,
                  "unknown " + field->enum_type()->name() + " '" + v + "'" + suggestion(v, names));
        }
        return;
      }
      default:  // numbers: the protobuf JSON mapping also takes them as strings
        if (!value.is_number() && !value.is_string())
          problem(index_path, name_path, "must be a number, got " + shown(value));
        return;
    }
  }

  void problem(const std::string& index_path, const std::string& name_path,
               const std::string& message) {
    auto [line, column] = std::pair<int, int>{0, 0};
    if (auto it = offsets_.find(index_path); it != offsets_.end())
      std::tie(line, column) = line_column_at(text_, it->second);
    out_.push_back({file_, line, column, name_path, message});
  }

  const std::string& text_;
  const std::string& file_;
  std::map<std::string, size_t> offsets_;
  std::vector<Diagnostic>& out_;
};

}  // namespace

void check_json_types(const json& document, const std::string& text, const std::string& file,
                      std::vector<Diagnostic>& diagnostics) {
  Checker(text, file, diagnostics).message(document, scenario::Scenario::descriptor(), "", "");
}

}  // namespace pharmatwin::scenarios
