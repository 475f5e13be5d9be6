// Validates EPCIS 2.0 JSON-LD documents against GS1's EPCIS JSON Schema (draft-07), loaded once.
//
// The schema file is GS1's published EPCIS-JSON-Schema.json. find_epcis_schema() looks for it in
// the usual places: an explicit path, $PHARMATWIN_EPCIS_SCHEMA, ../shared/epcis/ beside the
// repository, then the copy shipped in data/epcis/.
//
// Example:
//   auto schema = EpcisSchema::load(*find_epcis_schema({}), error);
//   std::vector<EpcisIssue> issues = schema->validate(document, "partner.jsonld");
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/serialization/epcis_issue.hpp"

namespace pharmatwin::serialization {

class EpcisSchema {
 public:
  // nullopt (and `error` set) when the file cannot be read or is not a usable JSON Schema.
  static std::optional<EpcisSchema> load(const std::filesystem::path& schema_file,
                                         std::string& error);

  EpcisSchema(EpcisSchema&&) noexcept;
  EpcisSchema& operator=(EpcisSchema&&) noexcept;
  ~EpcisSchema();

  // Schema violations located by JSON pointer (line/column are left to locate_issues()).
  // At most `max_issues` are reported, the most specific ones first.
  std::vector<EpcisIssue> validate(const nlohmann::json& document, const std::string& file,
                                   std::size_t max_issues = 100) const;

 private:
  struct Impl;
  explicit EpcisSchema(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Where the EPCIS JSON Schema is: `explicit_path` if given, else $PHARMATWIN_EPCIS_SCHEMA, else
// <repo>/../shared/epcis/EPCIS-JSON-Schema.json, else <repo>/data/epcis/EPCIS-JSON-Schema.json,
// where <repo> is found by walking up from the working directory and from `program_path`.
std::optional<std::filesystem::path> find_epcis_schema(
    const std::optional<std::filesystem::path>& explicit_path,
    const std::filesystem::path& program_path = {});

}  // namespace pharmatwin::serialization
