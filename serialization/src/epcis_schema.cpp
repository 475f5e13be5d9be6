#include "pharmatwin/serialization/epcis_schema.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace pharmatwin::serialization {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchemaName = "EPCIS-JSON-Schema.json";

// valijson context ["<root>", "[epcisBody]", "[eventList]", "[3]"] -> "/epcisBody/eventList/3".
std::string pointer_of(const std::vector<std::string>& context) {
  std::string pointer;
  for (const auto& part : context) {
    if (part == "<root>") continue;
    std::string token = part;
    if (token.size() >= 2 && token.front() == '[' && token.back() == ']') {
      token = token.substr(1, token.size() - 2);
    }
    std::string escaped;
    for (char c : token) {
      if (c == '~')
        escaped += "~0";
      else if (c == '/')
        escaped += "~1";
      else
        escaped += c;
    }
    pointer += "/" + escaped;
  }
  return pointer;
}

// Index in the event list from a pointer, or -1.
int event_index_of(const std::string& pointer) {
  for (const char* list :
       {"/epcisBody/eventList/", "/epcisBody/queryResults/resultsBody/eventList/"}) {
    const std::string prefix = list;
    if (pointer.rfind(prefix, 0) != 0) continue;
    const std::string rest = pointer.substr(prefix.size());
    const auto end = rest.find('/');
    const std::string digits = rest.substr(0, end);
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return -1;
    }
    return std::stoi(digits);
  }
  return -1;
}

// Works around two faults of valijson 1.0 (Debian 12) without changing what the schema accepts:
//  - it applies "format" to non-string values and throws; a format only constrains strings, so
//    {"format": F} becomes {"allOf": [{"if": {"type": "string"}, "then": {"format": F}}]};
//  - "propertyNames" inside a $ref'd subschema always fails. The EPCIS schema uses it only to
//    say member names are CBV names or URIs ("format": "uri"), and valijson does not check the
//    uri format, so it could never reject anything: it is dropped.
void adapt_for_valijson(nlohmann::json& node) {
  if (node.is_array()) {
    for (auto& child : node) adapt_for_valijson(child);
    return;
  }
  if (!node.is_object()) return;
  for (auto& [key, child] : node.items()) adapt_for_valijson(child);
  if (const auto names = node.find("propertyNames"); names != node.end() && names->is_object()) {
    node.erase(names);
  }
  const auto format = node.find("format");
  if (format == node.end() || !format->is_string()) return;
  nlohmann::json guarded = {{"if", {{"type", "string"}}}, {"then", {{"format", *format}}}};
  node.erase(format);
  if (!node.contains("allOf") || !node["allOf"].is_array()) node["allOf"] = nlohmann::json::array();
  node["allOf"].push_back(std::move(guarded));
}

bool is_repo_root(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "CMakePresets.json", ec) && fs::exists(dir / "serialization", ec);
}

}  // namespace

struct EpcisSchema::Impl {
  valijson::Schema schema;
};

EpcisSchema::EpcisSchema(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EpcisSchema::EpcisSchema(EpcisSchema&&) noexcept = default;
EpcisSchema& EpcisSchema::operator=(EpcisSchema&&) noexcept = default;
EpcisSchema::~EpcisSchema() = default;

std::optional<EpcisSchema> EpcisSchema::load(const fs::path& schema_file, std::string& error) {
  std::ifstream in(schema_file, std::ios::binary);
  if (!in) {
    error = "cannot read the EPCIS JSON Schema '" + schema_file.string() + "'";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json schema_json = nlohmann::json::parse(text.str(), nullptr, false);
  if (schema_json.is_discarded()) {
    error = "'" + schema_file.string() + "' is not valid JSON";
    return std::nullopt;
  }
  adapt_for_valijson(schema_json);
  auto impl = std::make_unique<Impl>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema_json);
    parser.populateSchema(adapter, impl->schema);
  } catch (const std::exception& e) {
    error = "'" + schema_file.string() + "' is not a usable JSON Schema: " + e.what();
    return std::nullopt;
  }
  return EpcisSchema(std::move(impl));
}

std::vector<EpcisIssue> EpcisSchema::validate(const nlohmann::json& document,
                                              const std::string& file,
                                              std::size_t max_issues) const {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  std::vector<EpcisIssue> issues;
  if (validator.validate(impl_->schema, target, &results)) return issues;

  struct Raw {
    std::string pointer;
    std::string description;
  };
  std::vector<Raw> raw;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) raw.push_back({pointer_of(error.context), error.description});

  // Report only the most specific errors: a pointer that is a prefix of another error's pointer
  // is a summary ("failed to validate against child schema") of that deeper one.
  std::set<std::string> pointers;
  for (const auto& r : raw) pointers.insert(r.pointer);
  auto has_deeper = [&](const std::string& p) {
    const auto next = pointers.lower_bound(p + "/");
    return next != pointers.end() && next->rfind(p + "/", 0) == 0;
  };
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : raw) {
    if (has_deeper(r.pointer)) continue;
    if (r.description.rfind("Failed to validate against child schema", 0) == 0 ||
        r.description.rfind("Failed to validate against schema associated", 0) == 0) {
      // A summary line; keep it only if nothing more specific was said about this value.
      bool specific = false;
      for (const auto& other : raw) {
        if (other.pointer == r.pointer &&
            other.description.rfind("Failed to validate against", 0) != 0) {
          specific = true;
          break;
        }
      }
      if (specific) continue;
    }
    if (!seen.insert({r.pointer, r.description}).second) continue;
    EpcisIssue issue;
    issue.file = file;
    issue.pointer = r.pointer;
    issue.event_index = event_index_of(r.pointer);
    issue.rule = "schema";
    issue.message = r.description;
    issues.push_back(std::move(issue));
    if (issues.size() >= max_issues) break;
  }
  if (issues.empty()) {
    EpcisIssue issue;
    issue.file = file;
    issue.rule = "schema";
    issue.message = "document does not satisfy the EPCIS JSON Schema";
    issues.push_back(std::move(issue));
  }
  return issues;
}

std::optional<fs::path> find_epcis_schema(const std::optional<fs::path>& explicit_path,
                                          const fs::path& program_path) {
  std::error_code ec;
  if (explicit_path) return *explicit_path;
  if (const char* env = std::getenv("PHARMATWIN_EPCIS_SCHEMA"); env && *env) return fs::path(env);
  std::vector<fs::path> roots;
  auto add_ancestors = [&](fs::path dir) {
    for (int i = 0; i < 8 && !dir.empty(); ++i) {
      if (is_repo_root(dir)) roots.push_back(dir);
      const fs::path parent = dir.parent_path();
      if (parent == dir) break;
      dir = parent;
    }
  };
  add_ancestors(fs::current_path(ec));
  if (!program_path.empty()) add_ancestors(fs::absolute(program_path, ec).parent_path());
  for (const auto& root : roots) {
    const fs::path shared = root.parent_path() / "shared" / "epcis" / kSchemaName;
    if (fs::exists(shared, ec)) return shared;
  }
  for (const auto& root : roots) {
    const fs::path shipped = root / "data" / "epcis" / kSchemaName;
    if (fs::exists(shipped, ec)) return shipped;
  }
  return std::nullopt;
}

}  // namespace pharmatwin::serialization
