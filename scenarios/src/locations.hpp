// Where each field of a parsed scenario file was written: field path -> file:line:column.
//
// Paths name repeated elements by their `name` field when they have one
// ("zones[cold1].sensors[probe-2].sample_interval") and by index otherwise ("stock[3].lot"),
// so locations survive the keyed merge of imports.
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <map>
#include <optional>
#include <string>

namespace pharmatwin::scenarios {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based
};

class LocationMap {
 public:
  void set(const std::string& path, SourceLocation location) {
    by_path_[path] = std::move(location);
  }
  // Overlays `other` on this map (an importing file's locations win over its base's).
  void overlay(const LocationMap& other);
  // Whether the file wrote `path` itself (not only an ancestor of it).
  bool written(const std::string& path) const { return by_path_.count(path) > 0; }
  // The location of `path`, or of its nearest written ancestor.
  std::optional<SourceLocation> find(std::string path) const;

 private:
  std::map<std::string, SourceLocation> by_path_;
};

// The `name` field of a repeated element, or "" when it has none.
std::string element_name(const google::protobuf::Message& element);

// Display name of element `index` of a repeated message field: its `name` field or the index.
std::string element_key(const google::protobuf::Message& element, int index);

// Locations from a text-format parse. `base` is the message this file is merged over (its
// imports), or null; it shifts the indexes of appended unnamed elements.
LocationMap locations_from_text(const google::protobuf::Message& message,
                                const google::protobuf::TextFormat::ParseInfoTree& tree,
                                const std::string& file, const google::protobuf::Message* base);

// Locations from a JSON document: scans `json` for key positions.
LocationMap locations_from_json(const google::protobuf::Message& message, const std::string& json,
                                const std::string& file, const google::protobuf::Message* base);

// Byte offset of every member and array element of a JSON document by its index path
// ("zones[0].sensors[1].sample_interval", member names in snake_case). Tolerates bad input.
std::map<std::string, size_t> json_offsets(const std::string& json);

// Line and column (1-based) of byte `offset` in `text`.
std::pair<int, int> line_column_at(const std::string& text, size_t offset);

}  // namespace pharmatwin::scenarios
