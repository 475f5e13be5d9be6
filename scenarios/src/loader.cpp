#include "pharmatwin/scenarios/loader.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "json_types.hpp"
#include "locations.hpp"
#include "merge.hpp"
#include "parse_hints.hpp"
#include "pharmatwin/serialization/json_keys.hpp"
#include "validate.hpp"

namespace pharmatwin::scenarios {

namespace gpb = google::protobuf;
namespace fs = std::filesystem;

std::string Diagnostic::to_string() const {
  std::ostringstream out;
  out << file;
  if (line > 0) out << ":" << line << ":" << column;
  out << ": ";
  if (!path.empty()) out << path << ": ";
  out << message;
  return out.str();
}

namespace {

constexpr int kMaxImportDepth = 16;
constexpr size_t kMaxFileBytes = 64u << 20;

bool is_json_name(const std::string& name) {
  const auto ext = fs::path(name).extension().string();
  return ext == ".json" || ext == ".JSON";
}

class CollectErrors : public gpb::io::ErrorCollector {
 public:
  CollectErrors(std::string file, const std::string& text, std::vector<Diagnostic>& out)
      : file_(std::move(file)), text_(text), out_(out) {}
  void AddError(int line, gpb::io::ColumnNumber column, const std::string& message) override {
    out_.push_back({file_, line + 1, column + 1, "", with_hint(message, line_text(line), column)});
  }

 private:
  // The 0-based `line` of the text.
  std::string_view line_text(int line) const {
    std::size_t begin = 0;
    for (int i = 0; i < line && begin != std::string::npos; ++i) {
      begin = text_.find('\n', begin);
      if (begin != std::string::npos) ++begin;
    }
    if (begin == std::string::npos || begin > text_.size()) return {};
    const std::size_t end = text_.find('\n', begin);
    return std::string_view(text_).substr(
        begin, end == std::string::npos ? std::string::npos : end - begin);
  }

  std::string file_;
  const std::string& text_;
  std::vector<Diagnostic>& out_;
};

// One parsed file: its message (imports not yet applied) and where each field was written.
struct ParsedFile {
  scenario::Scenario scenario;
  // Computes where each field was written, given the message this file is merged over.
  std::function<LocationMap(const gpb::Message& own, const gpb::Message* base)> locate;
  bool ok = false;
};

// A file merged over its imports, with where each field of the result was written.
struct MergedFile {
  scenario::Scenario scenario;
  LocationMap locations;
  bool ok = false;
};

ParsedFile parse_text(const std::string& text, const std::string& name,
                      std::vector<Diagnostic>& diagnostics) {
  ParsedFile parsed;
  CollectErrors errors(name, text, diagnostics);
  gpb::TextFormat::Parser parser;
  auto tree = std::make_shared<gpb::TextFormat::ParseInfoTree>();
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(tree.get());
  const size_t before = diagnostics.size();
  if (!parser.ParseFromString(text, &parsed.scenario)) {
    if (diagnostics.size() == before)
      diagnostics.push_back({name, 0, 0, "", "could not parse the text format"});
    return parsed;
  }
  parsed.locate = [tree, name](const gpb::Message& own, const gpb::Message* base) {
    return locations_from_text(own, *tree, name, base);
  };
  parsed.ok = true;
  return parsed;
}

ParsedFile parse_json(const std::string& text, const std::string& name,
                      std::vector<Diagnostic>& diagnostics) {
  ParsedFile parsed;
  // nlohmann first: it pinpoints syntax errors, which the protobuf JSON parser does not.
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    auto [line, column] = line_column_at(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string message = e.what();
    if (auto cut = message.find("syntax error"); cut != std::string::npos)
      message = message.substr(cut);
    diagnostics.push_back({name, line, column, "", message});
    return parsed;
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double: nlohmann gives no position, so locate the token it names.
    std::string message = e.what();
    size_t offset = 0;
    if (const auto open = message.find('\''), close = message.rfind('\'');
        open != std::string::npos && close > open + 1) {
      offset = std::min(text.find(message.substr(open + 1, close - open - 1)), text.size());
    }
    if (const auto bracket = message.find("] "); bracket != std::string::npos)
      message = message.substr(bracket + 2);
    auto [line, column] = line_column_at(text, offset);
    diagnostics.push_back({name, line, column, "", message});
    return parsed;
  }
  // The JSON parsers keep the last of two equal keys silently: refused, at the second one.
  if (const auto dup = serialization::find_duplicate_key(text)) {
    auto [line, column] = line_column_at(text, dup->offset);
    auto [first_line, first_column] = line_column_at(text, dup->first);
    diagnostics.push_back({name, line, column, "",
                           "duplicate key \"" + dup->key + "\" (already given at line " +
                               std::to_string(first_line) + ", column " +
                               std::to_string(first_column) + " of the same object)"});
    return parsed;
  }
  gpb::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  // Values of the wrong type and unknown members, located (the protobuf parser gives neither
  // line nor suggestion).
  const size_t before = diagnostics.size();
  check_json_types(document, text, name, diagnostics);
  if (diagnostics.size() != before) return parsed;
  const auto status = gpb::util::JsonStringToMessage(text, &parsed.scenario, options);
  if (!status.ok()) {
    diagnostics.push_back({name, 0, 0, "", std::string(status.message())});
    return parsed;
  }
  parsed.locate = [text, name](const gpb::Message& own, const gpb::Message* base) {
    return locations_from_json(own, text, name, base);
  };
  parsed.ok = true;
  return parsed;
}

ParsedFile parse_any(const std::string& raw, const std::string& name,
                     std::vector<Diagnostic>& diagnostics) {
  // A UTF-8 byte-order mark (editors on Windows write one) is not content: skipped.
  const std::string text(serialization::skip_utf8_bom(raw));
  return is_json_name(name) ? parse_json(text, name, diagnostics)
                            : parse_text(text, name, diagnostics);
}

bool read_file(const fs::path& path, std::string& out, std::string& error) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    error = fs::exists(path, ec) ? "not a regular file" : "no such file";
    return false;
  }
  if (fs::file_size(path, ec) > kMaxFileBytes) {
    error = "file larger than 64 MiB";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open for reading";
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

// Loads `path`, then its imports, and returns the merged result.
MergedFile load_recursive(const fs::path& path, std::vector<fs::path>& stack,
                          std::vector<Diagnostic>& diagnostics) {
  const std::string name = path.lexically_normal().string();
  std::string text, error;
  if (!read_file(path, text, error)) {
    diagnostics.push_back({name, 0, 0, "", error});
    return {};
  }
  ParsedFile own = parse_any(text, name, diagnostics);
  if (!own.ok) return {};
  const LocationMap own_unmerged = own.locate(own.scenario, nullptr);

  MergedFile merged;
  merged.ok = true;
  for (int i = 0; i < own.scenario.imports().size(); ++i) {
    const std::string import_path = "imports[" + std::to_string(i) + "]";
    const auto where = own_unmerged.find(import_path).value_or(SourceLocation{name, 0, 0});
    const fs::path base = path.parent_path() / own.scenario.imports(i);
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(base, ec);
    if (std::find(stack.begin(), stack.end(), canonical) != stack.end()) {
      diagnostics.push_back({where.file, where.line, where.column, import_path,
                             "import cycle through '" + own.scenario.imports(i) + "'"});
      merged.ok = false;
      continue;
    }
    if (stack.size() >= kMaxImportDepth) {
      diagnostics.push_back(
          {where.file, where.line, where.column, import_path, "imports nested too deeply"});
      merged.ok = false;
      continue;
    }
    if (!fs::exists(base, ec)) {
      diagnostics.push_back({where.file, where.line, where.column, import_path,
                             "cannot import '" + own.scenario.imports(i) + "': no such file"});
      merged.ok = false;
      continue;
    }
    stack.push_back(canonical);
    MergedFile imported = load_recursive(base, stack, diagnostics);
    stack.pop_back();
    if (!imported.ok) {
      merged.ok = false;
      continue;
    }
    merge_by_name(imported.scenario, merged.scenario, &imported.locations);
    merged.locations.overlay(imported.locations);
  }
  own.scenario.clear_imports();
  const LocationMap own_located = own.locate(own.scenario, &merged.scenario);
  merged.locations.overlay(own_located);
  merge_by_name(own.scenario, merged.scenario, &own_located);
  return merged;
}

void add_problems(const std::vector<Problem>& problems, const LocationMap& locations,
                  const std::string& file, std::vector<Diagnostic>& diagnostics) {
  for (const auto& p : problems) {
    const auto where = locations.find(p.path).value_or(SourceLocation{file, 0, 0});
    diagnostics.push_back({where.file, where.line, where.column, p.path, p.message});
  }
}

}  // namespace

LoadResult load_scenario(const fs::path& path) {
  LoadResult result;
  std::error_code ec;
  std::vector<fs::path> stack{fs::weakly_canonical(path, ec)};
  MergedFile merged = load_recursive(path, stack, result.diagnostics);
  if (!merged.ok) return result;
  result.scenario = std::move(merged.scenario);
  add_problems(validate(result.scenario, path.parent_path()), merged.locations,
               path.lexically_normal().string(), result.diagnostics);
  return result;
}

LoadResult load_scenario_text(const std::string& text, const std::string& name) {
  LoadResult result;
  ParsedFile parsed = parse_any(text, name, result.diagnostics);
  if (!parsed.ok) return result;
  result.scenario = std::move(parsed.scenario);
  const LocationMap locations = parsed.locate(parsed.scenario, nullptr);
  add_problems(validate(result.scenario, fs::path(name).parent_path()), locations, name,
               result.diagnostics);
  return result;
}

std::string scenario_hash(const scenario::Scenario& scenario) {
  std::string bytes;
  {
    gpb::io::StringOutputStream stream(&bytes);
    gpb::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    scenario.SerializeToCodedStream(&coded);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

}  // namespace pharmatwin::scenarios
