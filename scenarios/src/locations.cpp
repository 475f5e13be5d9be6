#include "locations.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace pharmatwin::scenarios {

namespace gpb = google::protobuf;

void LocationMap::overlay(const LocationMap& other) {
  for (const auto& [path, location] : other.by_path_) by_path_[path] = location;
}

std::optional<SourceLocation> LocationMap::find(std::string path) const {
  while (true) {
    if (auto it = by_path_.find(path); it != by_path_.end()) return it->second;
    const size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) break;
    path.resize(cut);
  }
  if (auto it = by_path_.find(path); it != by_path_.end()) return it->second;
  return std::nullopt;
}

std::string element_name(const gpb::Message& element) {
  const auto* field = element.GetDescriptor()->FindFieldByName("name");
  if (!field || field->type() != gpb::FieldDescriptor::TYPE_STRING || field->is_repeated())
    return "";
  return element.GetReflection()->GetString(element, field);
}

std::string element_key(const gpb::Message& element, int index) {
  std::string name = element_name(element);
  return name.empty() ? std::to_string(index) : name;
}

std::pair<int, int> line_column_at(const std::string& text, size_t offset) {
  int line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

namespace {

// Finds the location of element `index` (-1 for a singular field) of `field` below the
// element identified by `index_path`; returns false when it was not written.
using Locate = std::function<bool(const std::string& index_path, const gpb::FieldDescriptor* field,
                                  int index, SourceLocation& out)>;

std::string join(const std::string& parent, const std::string& field) {
  return parent.empty() ? field : parent + "." + field;
}

// The element of `base`'s repeated `field` named `name`, or null.
const gpb::Message* find_named(const gpb::Message* base, const gpb::FieldDescriptor* field,
                               const std::string& name) {
  if (!base) return nullptr;
  const auto* reflection = base->GetReflection();
  for (int j = 0; j < reflection->FieldSize(*base, field); ++j) {
    const auto& candidate = reflection->GetRepeatedMessage(*base, field, j);
    if (element_name(candidate) == name) return &candidate;
  }
  return nullptr;
}

// Walks every set field of `message`, recording its location under its named path. `base` is
// what the message will be merged into (or null): unnamed elements are appended after the
// base's, so their index in the merged scenario is shifted by the base's count.
void walk(const gpb::Message& message, const gpb::Message* base, const std::string& name_path,
          const std::string& index_path, const Locate& locate, LocationMap& out) {
  const auto* reflection = message.GetReflection();
  std::vector<const gpb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    const std::string field_names = join(name_path, field->name());
    const std::string field_index = join(index_path, field->name());
    const bool is_message = field->cpp_type() == gpb::FieldDescriptor::CPPTYPE_MESSAGE;
    SourceLocation location;
    if (!field->is_repeated()) {
      if (locate(index_path, field, -1, location)) out.set(field_names, location);
      if (is_message) {
        const gpb::Message* base_child = base && base->GetReflection()->HasField(*base, field)
                                             ? &base->GetReflection()->GetMessage(*base, field)
                                             : nullptr;
        walk(reflection->GetMessage(message, field), base_child, field_names, field_index, locate,
             out);
      }
      continue;
    }
    const int count = reflection->FieldSize(message, field);
    const int base_count = base ? base->GetReflection()->FieldSize(*base, field) : 0;
    int appended = 0;
    for (int i = 0; i < count; ++i) {
      std::string key = std::to_string(i);
      const gpb::Message* base_element = nullptr;
      if (is_message) {
        const auto& element = reflection->GetRepeatedMessage(message, field, i);
        key = element_name(element);
        if (key.empty()) {
          key = std::to_string(base_count + appended++);
        } else {
          base_element = find_named(base, field, key);
        }
      }
      const std::string element_names = field_names + "[" + key + "]";
      const std::string element_index = field_index + "[" + std::to_string(i) + "]";
      if (locate(index_path, field, i, location)) {
        out.set(element_names, location);
        if (i == 0) out.set(field_names, location);
      }
      if (is_message) {
        walk(reflection->GetRepeatedMessage(message, field, i), base_element, element_names,
             element_index, locate, out);
      }
    }
  }
  // Scalars written with their default value: proto3 does not list them as set, but the file
  // gave them (the merge of imports needs to know).
  const auto* descriptor = message.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    if (field->is_repeated() || field->cpp_type() == gpb::FieldDescriptor::CPPTYPE_MESSAGE ||
        reflection->HasField(message, field)) {
      continue;
    }
    SourceLocation location;
    if (locate(index_path, field, -1, location)) out.set(join(name_path, field->name()), location);
  }
}

// Converts a JSON member name (lowerCamelCase or snake_case) to the proto field name.
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

// A minimal JSON scanner recording the byte offset of every member and array element under
// its index path ("zones[0].sensors[1].sample_interval"). It tolerates malformed input: the
// JSON parser proper reports syntax errors; this only serves locations.
class JsonPositionScanner {
 public:
  explicit JsonPositionScanner(const std::string& text) : text_(text) {}

  std::map<std::string, size_t> scan() {
    skip_space();
    value("");
    return positions_;
  }

 private:
  static constexpr int kMaxDepth = 64;

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\t'))
      ++pos_;
  }

  std::string string_token() {
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      out += text_[pos_++];
    }
    if (pos_ < text_.size()) ++pos_;
    return out;
  }

  void value(const std::string& path) {
    if (++depth_ > kMaxDepth || pos_ >= text_.size()) {
      pos_ = text_.size();
      return;
    }
    const char c = text_[pos_];
    if (c == '{') {
      ++pos_;
      while (true) {
        skip_space();
        if (pos_ >= text_.size()) break;
        if (text_[pos_] == '}') {
          ++pos_;
          break;
        }
        if (text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (text_[pos_] != '"') {
          pos_ = text_.size();
          break;
        }
        const size_t key_at = pos_;
        const std::string member = join(path, snake_case(string_token()));
        positions_.emplace(member, key_at);
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ':') ++pos_;
        skip_space();
        value(member);
      }
    } else if (c == '[') {
      ++pos_;
      int index = 0;
      while (true) {
        skip_space();
        if (pos_ >= text_.size()) break;
        if (text_[pos_] == ']') {
          ++pos_;
          break;
        }
        if (text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        const std::string element = path + "[" + std::to_string(index++) + "]";
        positions_.emplace(element, pos_);
        value(element);
      }
    } else if (c == '"') {
      string_token();
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']')
        ++pos_;
    }
    --depth_;
  }

  const std::string& text_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::map<std::string, size_t> positions_;
};

}  // namespace

LocationMap locations_from_text(const gpb::Message& message,
                                const gpb::TextFormat::ParseInfoTree& tree, const std::string& file,
                                const gpb::Message* base) {
  // ParseInfoTree is addressed by nesting, so map each index path to its subtree as we go.
  std::map<std::string, const gpb::TextFormat::ParseInfoTree*> trees{{"", &tree}};
  Locate locate = [&](const std::string& index_path, const gpb::FieldDescriptor* field, int index,
                      SourceLocation& out) {
    auto it = trees.find(index_path);
    if (it == trees.end() || it->second == nullptr) return false;
    const auto* subtree = it->second;
    if (field->cpp_type() == gpb::FieldDescriptor::CPPTYPE_MESSAGE) {
      std::string child = join(index_path, field->name());
      if (index >= 0) child += "[" + std::to_string(index) + "]";
      trees[child] = subtree->GetTreeForNested(field, index);
    }
    const auto location = subtree->GetLocation(field, index);
    if (location.line < 0) return false;
    out = SourceLocation{file, location.line + 1, location.column + 1};
    return true;
  };
  LocationMap out;
  walk(message, base, "", "", locate, out);
  return out;
}

std::map<std::string, size_t> json_offsets(const std::string& json) {
  return JsonPositionScanner(json).scan();
}

LocationMap locations_from_json(const gpb::Message& message, const std::string& json,
                                const std::string& file, const gpb::Message* base) {
  const auto positions = json_offsets(json);
  std::vector<size_t> line_starts{0};
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '\n') line_starts.push_back(i + 1);
  }
  Locate locate = [&](const std::string& index_path, const gpb::FieldDescriptor* field, int index,
                      SourceLocation& out) {
    std::string path = join(index_path, field->name());
    if (index >= 0) path += "[" + std::to_string(index) + "]";
    auto it = positions.find(path);
    if (it == positions.end()) return false;
    const auto next_line = std::upper_bound(line_starts.begin(), line_starts.end(), it->second);
    const size_t line = static_cast<size_t>(next_line - line_starts.begin());
    out = SourceLocation{file, static_cast<int>(line),
                         static_cast<int>(it->second - line_starts[line - 1] + 1)};
    return true;
  };
  LocationMap out;
  walk(message, base, "", "", locate, out);
  return out;
}

}  // namespace pharmatwin::scenarios
