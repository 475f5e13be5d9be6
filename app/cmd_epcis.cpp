// `pharmatwin epcis ACTION ...`: EPCIS 2.0 JSON-LD documents from trading partners or the world.
//   validate FILE...   JSON Schema + business rules, located problems; exit 2 when invalid
//   check FILE...      business rules and the repository's suspect-product rules; exit 1 on
//   findings hash FILE...       CBV 2.0 event hash id of every event, compared with its eventID
//   sample             writes a small synthetic pharma supply-chain document
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/serialization/epcis_hash.hpp"
#include "pharmatwin/serialization/epcis_reader.hpp"
#include "pharmatwin/serialization/epcis_rules.hpp"
#include "pharmatwin/serialization/epcis_sample.hpp"
#include "pharmatwin/serialization/epcis_schema.hpp"
#include "pharmatwin/serialization/epcis_writer.hpp"
#include "pharmatwin/serialization/repository.hpp"

namespace pharmatwin::app {
namespace {

namespace fs = std::filesystem;
namespace ser = pharmatwin::serialization;

constexpr const char* kUsage =
    "ACTION [options] FILE...\n\n"
    "actions:\n"
    "  validate FILE...  check against the EPCIS 2.0 JSON Schema and the business rules\n"
    "  check FILE...     run the business rules and the suspect-product rules, list findings\n"
    "  hash FILE...      print each event's CBV 2.0 event hash id and compare it with eventID\n"
    "  sample            write a synthetic pharma supply-chain EPCIS document";

bool read_file(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

void print_issues(const std::vector<ser::EpcisIssue>& issues, std::ostream& out) {
  for (const auto& issue : issues) out << issue.to_string() << "\n";
}

std::size_t count_errors(const std::vector<ser::EpcisIssue>& issues) {
  return static_cast<std::size_t>(std::count_if(issues.begin(), issues.end(), [](const auto& i) {
    return i.severity == ser::IssueSeverity::kError;
  }));
}

// Reads FILE; prints problems and returns nullopt when it is not a readable EPCIS document.
std::optional<ser::EpcisReadResult> load(const std::string& file) {
  std::string text;
  if (!read_file(file, text)) {
    std::cerr << file << ": error: cannot read the file\n";
    return std::nullopt;
  }
  ser::EpcisReadOptions options;
  options.keep_document = true;  // hashing works on the JSON members
  auto result = ser::read_epcis_document(text, file, options);
  if (!result.is_json) {
    print_issues(result.issues, std::cerr);
    return std::nullopt;
  }
  return result;
}

int run_validate(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("schema", po::value<std::string>(),
                        "EPCIS JSON Schema file (default: $PHARMATWIN_EPCIS_SCHEMA, "
                        "../shared/epcis/, then data/epcis/)")(
      "no-schema", "skip the JSON Schema, check the business rules only")("quiet,q",
                                                                          "print problems only");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>()->required(), "documents");
  po::positional_options_description positional;
  positional.add("file", -1);
  int exit_code = kExitOk;
  auto vm = parse_options("epcis validate", "[--schema PATH] FILE...", visible, positional, hidden,
                          args, exit_code);
  if (!vm) return exit_code;

  std::optional<ser::EpcisSchema> schema;
  if (!vm->count("no-schema")) {
    std::optional<fs::path> explicit_path;
    if (vm->count("schema")) explicit_path = (*vm)["schema"].as<std::string>();
    std::error_code ec;
    const auto path = ser::find_epcis_schema(explicit_path, fs::read_symlink("/proc/self/exe", ec));
    if (!path) {
      std::cerr << "pharmatwin epcis validate: no EPCIS JSON Schema found; give --schema PATH, set "
                   "PHARMATWIN_EPCIS_SCHEMA, or use --no-schema\n";
      return kExitBadInput;
    }
    std::string error;
    schema = ser::EpcisSchema::load(*path, error);
    if (!schema) {
      std::cerr << "pharmatwin epcis validate: " << error << "\n";
      return kExitBadInput;
    }
  }

  int invalid = 0;
  for (const auto& file : (*vm)["file"].as<std::vector<std::string>>()) {
    std::string text;
    if (!read_file(file, text)) {
      std::cerr << file << ": error: cannot read the file\n";
      ++invalid;
      continue;
    }
    ser::EpcisReadOptions options;
    options.keep_document = schema.has_value();  // the schema validates the JSON document
    auto result = ser::read_epcis_document(text, file, options);
    std::vector<ser::EpcisIssue> issues = std::move(result.issues);
    if (result.is_json) {
      if (schema) {
        auto schema_issues = schema->validate(result.document, file);
        ser::locate_issues(text, schema_issues);
        issues.insert(issues.end(), schema_issues.begin(), schema_issues.end());
      }
      auto rule_issues = ser::check_epcis_rules(result.events, result.event_index, file,
                                                result.event_list_pointer);
      ser::locate_issues(text, rule_issues);
      issues.insert(issues.end(), rule_issues.begin(), rule_issues.end());
    }
    std::stable_sort(issues.begin(), issues.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
    print_issues(issues, std::cerr);
    const std::size_t errors = count_errors(issues);
    if (errors > 0) {
      ++invalid;
      std::cerr << file << ": invalid: " << errors << " error" << (errors == 1 ? "" : "s") << ", "
                << issues.size() - errors << " warning" << (issues.size() - errors == 1 ? "" : "s")
                << "\n";
    } else if (!vm->count("quiet")) {
      std::cout << file << ": valid, " << result.events.size() << " events"
                << (issues.empty() ? "" : ", " + std::to_string(issues.size()) + " warnings")
                << (schema ? "" : " (schema not checked)") << "\n";
    }
  }
  return invalid ? kExitBadInput : kExitOk;
}

// Collects the repository's suspect-product alerts.
std::vector<ser::SuspectAlert> run_suspect_rules(const ser::EpcisReadResult& doc,
                                                 std::vector<ser::EpcisIssue>& issues,
                                                 const std::string& file) {
  ser::RepositoryOptions options;
  options.learn_movements = false;  // one document is too little to learn normal movements from
  ser::Repository repository(options);
  ser::CollectingAlertSink sink;
  repository.set_alert_sink(&sink);
  // The rules reason about time: feed events in event-time order.
  std::vector<std::size_t> order(doc.events.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return doc.events[a].event_time_ms < doc.events[b].event_time_ms;
  });
  for (std::size_t i : order) {
    const auto applied = repository.ingest(doc.events[i]);
    if (!applied) {
      ser::EpcisIssue issue;
      issue.severity = ser::IssueSeverity::kWarning;
      issue.file = file;
      issue.event_index = static_cast<int>(doc.event_index[i]);
      issue.pointer = doc.event_list_pointer + "/" + std::to_string(doc.event_index[i]);
      issue.rule = "repository";
      issue.message = "not applied to the pack repository: " + applied.error().to_string();
      issues.push_back(std::move(issue));
    }
  }
  return sink.alerts;
}

int run_check(const std::vector<std::string>& args) {
  po::options_description visible("options");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>()->required(), "documents");
  po::positional_options_description positional;
  positional.add("file", -1);
  int exit_code = kExitOk;
  auto vm = parse_options("epcis check", "FILE...", visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;

  bool unreadable = false, findings = false;
  for (const auto& file : (*vm)["file"].as<std::vector<std::string>>()) {
    std::string text;
    if (!read_file(file, text)) {
      std::cerr << file << ": error: cannot read the file\n";
      unreadable = true;
      continue;
    }
    auto doc = ser::read_epcis_document(text, file);  // the fast path: no JSON document kept
    if (!doc.is_json) {
      print_issues(doc.issues, std::cerr);
      unreadable = true;
      continue;
    }
    std::vector<ser::EpcisIssue> issues = std::move(doc.issues);
    auto rule_issues =
        ser::check_epcis_rules(doc.events, doc.event_index, file, doc.event_list_pointer);
    issues.insert(issues.end(), rule_issues.begin(), rule_issues.end());
    const auto alerts = run_suspect_rules(doc, issues, file);
    ser::locate_issues(text, issues);
    print_issues(issues, std::cout);
    for (const auto& alert : alerts) {
      std::cout << file << ": suspect: " << ser::to_string(alert.rule) << ": " << alert.subject;
      if (!alert.location.empty()) std::cout << " at " << alert.location;
      if (!alert.evidence.empty()) std::cout << ": " << alert.evidence;
      std::cout << "\n";
    }
    const std::size_t errors = count_errors(issues);
    std::cout << file << ": " << doc.events.size() << " events, " << errors << " rule errors, "
              << issues.size() - errors << " warnings, " << alerts.size()
              << " suspect-product alerts\n";
    findings = findings || errors > 0 || !alerts.empty();
  }
  if (unreadable) return kExitBadInput;
  return findings ? kExitFailed : kExitOk;
}

int run_hash(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("pre-hash", "also print each event's pre-hash string");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>()->required(), "documents");
  po::positional_options_description positional;
  positional.add("file", -1);
  int exit_code = kExitOk;
  auto vm = parse_options("epcis hash", "[--pre-hash] FILE...", visible, positional, hidden, args,
                          exit_code);
  if (!vm) return exit_code;
  bool unreadable = false;
  for (const auto& file : (*vm)["file"].as<std::vector<std::string>>()) {
    const auto doc = load(file);
    if (!doc) {
      unreadable = true;
      continue;
    }
    // Nothing to hash is an error, never an empty answer: the document must be an object with
    // an event list (epcisBody.eventList, or the query document's resultsBody).
    if (!doc->document.is_object()) {
      std::cerr << file << ": error: the document is a JSON " << doc->document.type_name()
                << ", not an EPCIS document (a JSON object)\n";
      unreadable = true;
      continue;
    }
    const nlohmann::json* list = nullptr;
    if (!doc->event_list_pointer.empty()) {
      try {
        list = &doc->document.at(nlohmann::json::json_pointer(doc->event_list_pointer));
      } catch (const nlohmann::json::exception&) {
        list = nullptr;
      }
    }
    if (!list || !list->is_array()) {
      std::cerr << file << ": error: no event list (epcisBody.eventList) to hash\n";
      unreadable = true;
      continue;
    }
    const auto namespaces =
        ser::namespaces_from_context(doc->document.value("@context", nlohmann::json()));
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto& event = (*list)[i];
      const std::string id = ser::event_hash_id(event, namespaces);
      const auto declared = event.is_object() ? event.find("eventID") : event.end();
      std::string verdict = "no eventID";
      if (event.is_object() && declared != event.end() && declared->is_string()) {
        verdict = *declared == id ? "matches eventID"
                                  : "differs from eventID " + declared->get<std::string>();
      }
      std::cout << file << ": event " << i << ": " << id << " (" << verdict << ")\n";
      if (vm->count("pre-hash"))
        std::cout << "  " << ser::event_pre_hash(event, namespaces) << "\n";
    }
  }
  return unreadable ? kExitBadInput : kExitOk;
}

int run_sample(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("cases", po::value<std::size_t>()->default_value(2), "shipping cases")(
      "packs-per-case", po::value<std::size_t>()->default_value(4), "packs in each case")(
      "output,o", po::value<std::string>(), "write here instead of stdout");
  po::options_description hidden;
  po::positional_options_description positional;
  int exit_code = kExitOk;
  auto vm = parse_options("epcis sample", "[--cases N] [--packs-per-case N] [-o FILE]", visible,
                          positional, hidden, args, exit_code);
  if (!vm) return exit_code;
  ser::EpcisSampleSpec spec;
  spec.cases = (*vm)["cases"].as<std::size_t>();
  spec.packs_per_case = (*vm)["packs-per-case"].as<std::size_t>();
  if (spec.cases == 0 || spec.packs_per_case == 0 || spec.cases > 100000 ||
      spec.packs_per_case > 10000) {
    std::cerr
        << "pharmatwin epcis sample: --cases must be 1..100000 and --packs-per-case 1..10000\n";
    return kExitBadInput;
  }
  const auto events = ser::epcis_sample_events(spec);
  const std::string text = ser::to_epcis_document(events, spec.start_time_ms).dump(2) + "\n";
  if (vm->count("output")) {
    const std::string path = (*vm)["output"].as<std::string>();
    std::ofstream out(path, std::ios::binary);
    if (!(out << text)) {
      std::cerr << "pharmatwin epcis sample: cannot write " << path << "\n";
      return kExitFailed;
    }
  } else {
    std::cout << text;
  }
  return kExitOk;
}

int run_epcis(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << "usage: pharmatwin epcis " << kUsage << "\n";
    return args.empty() ? kExitBadInput : kExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "validate") return run_validate(rest);
  if (args[0] == "check") return run_check(rest);
  if (args[0] == "hash") return run_hash(rest);
  if (args[0] == "sample") return run_sample(rest);
  std::cerr << "pharmatwin epcis: unknown action '" << args[0] << "'\nusage: pharmatwin epcis "
            << kUsage << "\n";
  return kExitBadInput;
}

const Registrar registrar{
    {"epcis", "validate, check and hash EPCIS 2.0 JSON-LD documents", &run_epcis}};

}  // namespace
}  // namespace pharmatwin::app
