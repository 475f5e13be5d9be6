// `pharmatwin gs1`: read, check and convert GS1 identifiers the way GS1's own tools do: scan
// data of any symbology, element strings, check digits, Digital Link URIs and EPC URNs, with
// the AI table of GS1's Barcode Syntax Dictionary (data/gs1/). Invalid input prints which
// element, position and rule, exit 2.
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/serialization/gs1.hpp"

namespace {

using namespace pharmatwin::serialization;
using pharmatwin::app::kExitBadInput;
using pharmatwin::app::kExitOk;
namespace po = pharmatwin::app::po;

constexpr const char* kSynopsis =
    "parse|check|dl|epc|ai|dictionary [options] INPUT\n"
    "  parse DATA              scan data of any symbology (]d2 ]Q3 ]C1 ]e0 ]J1 ]E0 ]E4 ]Q1 ...),\n"
    "                          an element string (^ or GS as FNC1, or the (AI) form) or a\n"
    "                          Digital Link URI\n"
    "  check DIGITS            GTIN-8/12/13/14, GLN or SSCC check digit (--compute: append one)\n"
    "  dl URN|URI|DATA         EPC URN -> Digital Link, Digital Link -> element string, or\n"
    "                          element string -> Digital Link\n"
    "  epc URN|URI|DATA        EPC URN -> element string and Digital Link; Digital Link or\n"
    "                          element string -> EPC URN (needs --company-prefix-length or\n"
    "                          --company-prefix-table)\n"
    "  ai AI...                the dictionary entry of each AI\n"
    "  dictionary              which GS1 syntax dictionary is in use";

int bad_input(const std::string& action, const std::string& input, const Error& error) {
  std::cerr << "pharmatwin gs1 " << action << ": invalid input \"" << input << "\"\n  "
            << error.to_string() << "\n";
  if (!input.empty() && error.position <= input.size()) {
    std::cerr << "  " << input << "\n  " << std::string(error.position, ' ') << "^\n";
  }
  return kExitBadInput;
}

void print_elements(const Gs1ElementString& es) {
  if (!es.symbology.empty()) std::cout << "symbology: " << es.symbology << "\n";
  for (const auto& e : es.elements) {
    const AiEntry* def = find_ai(e.ai);
    std::cout << "(" << e.ai << ") " << (def ? def->title : "") << ": " << e.value << "\n";
  }
  std::cout << "human-readable: " << to_human_readable(es) << "\n";
  std::cout << "barcode data: " << to_barcode_data(es) << "\n";
}

int run_parse(const std::string& input, const Gs1ParseOptions& options) {
  auto scan = parse_scan_data(input, options);
  if (!scan) return bad_input("parse", input, scan.error());
  std::cout << "data: " << scan_kind_name(scan->kind);
  if (!scan->symbology_name.empty()) std::cout << " (" << scan->symbology_name << ")";
  std::cout << "\n";
  if (scan->kind == ScanKind::kPlain) {
    std::cout << "symbology: " << scan->symbology << "\nplain: " << scan->plain << "\n";
    return kExitOk;
  }
  print_elements(scan->elements);
  if (scan->kind == ScanKind::kDigitalLink) {
    std::cout << "canonical: " << canonical_digital_link(scan->link) << "\n";
  } else if (auto link = to_digital_link(scan->elements)) {
    std::cout << "digital link: " << *link << "\n";
  }
  return kExitOk;
}

int run_check(const std::string& input, bool compute) {
  if (compute) {
    const auto digit = gs1_check_digit(input);
    if (!digit) return bad_input("check", input, make_error("digits", 0, "digits only"));
    std::cout << input << *digit << "\n";
    return kExitOk;
  }
  const Gs1KeyKind kind = input.size() == 18 ? Gs1KeyKind::kSscc : Gs1KeyKind::kGtin;
  auto valid = validate_gs1_key(kind, input);
  if (!valid) return bad_input("check", input, valid.error());
  if (kind == Gs1KeyKind::kSscc) {
    std::cout << "valid SSCC " << input << "\n";
  } else {
    std::cout << "valid GTIN-" << input.size() << (input.size() == 13 ? " (or GLN)" : "") << " "
              << input;
    if (input.size() < 14) std::cout << ", as GTIN-14: " << normalize_gtin(input).value();
    std::cout << "\n";
  }
  return kExitOk;
}

bool is_uri(const std::string& s) {
  auto scan = s.substr(0, 8);
  for (auto& c : scan) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scan.starts_with("http://") || scan.starts_with("https://");
}

int run_dl(const std::string& input, const std::string& domain, const Gs1ParseOptions& options) {
  if (input.starts_with("urn:")) {
    auto link = epc_to_digital_link(input, domain, options);
    if (!link) return bad_input("dl", input, link.error());
    std::cout << link.value() << "\n";
    return kExitOk;
  }
  if (is_uri(input)) {
    auto link = parse_digital_link(input, options);
    if (!link) return bad_input("dl", input, link.error());
    std::cout << "domain: " << link->domain << "\n";
    print_elements(link->elements);
    for (const auto& [name, value] : link->other_params) {
      std::cout << "parameter " << name << ": " << value << "\n";
    }
    std::cout << "canonical: " << canonical_digital_link(link.value()) << "\n";
    return kExitOk;
  }
  auto parsed = parse_element_string(input, options);
  if (!parsed) return bad_input("dl", input, parsed.error());
  auto link = to_digital_link(parsed.value(), domain, options);
  if (!link) return bad_input("dl", input, link.error());
  std::cout << link.value() << "\n";
  return kExitOk;
}

// Where the company prefix ends: --company-prefix-length, else the table of
// --company-prefix-table or PHARMATWIN_GCP_LENGTH_TABLE.
struct PrefixSource {
  int length = 0;
  std::string table_file;
};

int run_epc(const std::string& input, PrefixSource prefix, const Gs1ParseOptions& options) {
  if (input.starts_with("urn:")) {
    auto es = epc_to_element_string(input, options);
    if (!es) return bad_input("epc", input, es.error());
    print_elements(es.value());
    if (auto link = to_digital_link(es.value(), kCanonicalDigitalLinkDomain, options)) {
      std::cout << "digital link: " << *link << "\n";
    }
    return kExitOk;
  }
  if (prefix.length == 0 && prefix.table_file.empty()) {
    if (const char* env = std::getenv(kCompanyPrefixTableVariable); env != nullptr && *env != 0) {
      prefix.table_file = env;
    }
  }
  if (prefix.length == 0 && prefix.table_file.empty()) {
    return bad_input("epc", input,
                     make_error("GS1 Company Prefix", 0,
                                "its length is needed to make an EPC URN and a GS1 key does not "
                                "show it: give --company-prefix-length N, or "
                                "--company-prefix-table FILE (or " +
                                    std::string(kCompanyPrefixTableVariable) +
                                    "=FILE) with GS1's GCP length table "
                                    "(gcpprefixformatlist.json) or \"PREFIX LENGTH\" lines; none "
                                    "is shipped"));
  }
  std::optional<CompanyPrefixTable> table;
  if (prefix.length == 0) {
    auto loaded = CompanyPrefixTable::load(prefix.table_file);
    if (!loaded) {
      std::cerr << "pharmatwin gs1 epc: " << loaded.error().to_string() << "\n";
      return kExitBadInput;
    }
    table = std::move(loaded).value();
  }
  Result<Gs1ElementString> elements = Gs1ElementString{};
  if (is_uri(input)) {
    auto link = parse_digital_link(input, options);
    if (!link) return bad_input("epc", input, link.error());
    elements = link->elements;
  } else {
    elements = parse_element_string(input, options);
    if (!elements) return bad_input("epc", input, elements.error());
  }
  auto urn = table ? element_string_to_epc(elements.value(), *table, options)
                   : element_string_to_epc(elements.value(), prefix.length, options);
  if (!urn) return bad_input("epc", input, urn.error());
  std::cout << urn.value() << "\n";
  return kExitOk;
}

const char* charset_name(AiCharset c) {
  switch (c) {
    case AiCharset::kNumeric:
      return "N";
    case AiCharset::kCset82:
      return "X";
    case AiCharset::kCset39:
      return "Y";
    case AiCharset::kCset64:
      return "Z";
  }
  return "?";
}

void print_entry(const AiEntry& e) {
  std::cout << "(" << e.ai << ") " << e.title << "\n  format:";
  for (const auto& c : e.components) {
    std::cout << " " << (c.optional ? "[" : "") << charset_name(c.charset)
              << (c.min_length == c.max_length ? "" : "..") << int(c.max_length)
              << (c.optional ? "]" : "");
    for (const auto l : c.linters) std::cout << "," << linter_name(l);
  }
  std::cout << "\n  FNC1 after it: " << (e.fnc1_required ? "yes" : "no (predefined length)")
            << "\n  Digital Link: "
            << (e.dl_primary_key ? "primary key"
                : e.dl_attribute ? "data attribute"
                                 : "no");
  for (const auto& path : e.dl_qualifier_paths) {
    std::cout << " /";
    for (std::size_t i = 0; i < path.size(); ++i) std::cout << (i ? "," : "") << path[i];
  }
  std::cout << "\n";
  for (const auto& req : e.requires_all) {
    std::cout << "  requires one of:";
    for (const auto& group : req) {
      std::cout << " ";
      for (std::size_t i = 0; i < group.size(); ++i) std::cout << (i ? "+" : "") << group[i];
    }
    std::cout << "\n";
  }
  if (!e.excludes.empty()) {
    std::cout << "  excludes:";
    for (const auto& x : e.excludes) std::cout << " " << x;
    std::cout << "\n";
  }
}

int run_ai(const std::vector<std::string>& ais) {
  auto dict = default_gs1_dictionary();
  if (!dict) return bad_input("ai", "", dict.error());
  int exit_code = kExitOk;
  for (const auto& ai : ais) {
    if (const AiEntry* e = (*dict)->find(ai)) {
      print_entry(*e);
    } else {
      exit_code = bad_input("ai", ai, make_error("AI", 0, "unknown AI (" + ai + ")"));
    }
  }
  return exit_code;
}

int run_dictionary() {
  auto dict = default_gs1_dictionary();
  if (!dict) return bad_input("dictionary", "", dict.error());
  const auto& entries = (*dict)->entries();
  std::size_t keys = 0, attributes = 0;
  std::vector<std::string> unknown;
  for (const auto& e : entries) {
    keys += e.dl_primary_key;
    attributes += e.dl_attribute;
    for (const auto& l : e.unknown_linters) unknown.push_back(e.ai + ":" + l);
  }
  std::cout << "file: " << (*dict)->source().string() << "\nAIs: " << entries.size()
            << "\nDigital Link primary keys: " << keys
            << "\nDigital Link attributes: " << attributes << "\n";
  if (!unknown.empty()) {
    std::cout << "linters not implemented (not checked):";
    for (const auto& u : unknown) std::cout << " " << u;
    std::cout << "\n";
  }
  return kExitOk;
}

bool known_action(const std::string& a) {
  return a == "parse" || a == "check" || a == "dl" || a == "epc" || a == "ai" || a == "dictionary";
}

int run_gs1(const std::vector<std::string>& args) {
  if (args.empty() || !known_action(args[0])) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << "usage: pharmatwin gs1 " << kSynopsis << "\n";
      return kExitOk;
    }
    std::cerr << "usage: pharmatwin gs1 " << kSynopsis << "\n";
    return kExitBadInput;
  }
  const std::string action = args[0];
  po::options_description visible("gs1 " + action + " options");
  int reference_year = 0;
  PrefixSource prefix;
  std::string dictionary;
  std::string domain(kCanonicalDigitalLinkDomain);
  visible.add_options()("dictionary", po::value(&dictionary),
                        "GS1 Barcode Syntax Dictionary file (default: PHARMATWIN_GS1_DICTIONARY, "
                        "else data/gs1/ of the installation)");
  if (action != "ai" && action != "dictionary") {
    visible.add_options()("reference-year", po::value(&reference_year),
                          "year for the YY century window (default: current year)");
  }
  if (action == "check") visible.add_options()("compute", "append the check digit to DIGITS");
  if (action == "dl") {
    visible.add_options()("domain", po::value(&domain), "resolver domain for a new Digital Link");
  }
  if (action == "epc") {
    visible.add_options()("company-prefix-length", po::value(&prefix.length),
                          "digits of the GS1 company prefix (6-12)")(
        "company-prefix-table", po::value(&prefix.table_file),
        "GS1 Company Prefix length table: GS1's gcpprefixformatlist.json or \"PREFIX LENGTH\" "
        "lines (default: PHARMATWIN_GCP_LENGTH_TABLE)");
  }
  po::options_description hidden;
  po::positional_options_description positional;
  if (action == "ai") {
    hidden.add_options()("input", po::value<std::vector<std::string>>()->required(), "AIs");
    positional.add("input", -1);
  } else if (action != "dictionary") {
    hidden.add_options()("input", po::value<std::string>()->required(), "input");
    positional.add("input", 1);
  }
  int exit_code = kExitOk;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  auto vm = pharmatwin::app::parse_options("gs1 " + action, kSynopsis, visible, positional, hidden,
                                           rest, exit_code);
  if (!vm) return exit_code;
  if (!dictionary.empty()) set_default_gs1_dictionary_path(dictionary);
  if (action == "dictionary") return run_dictionary();
  if (action == "ai") return run_ai((*vm)["input"].as<std::vector<std::string>>());
  const std::string input = (*vm)["input"].as<std::string>();
  const Gs1ParseOptions options{reference_year};
  if (action == "parse") return run_parse(input, options);
  if (action == "check") return run_check(input, vm->count("compute") > 0);
  if (action == "dl") return run_dl(input, domain, options);
  if (prefix.length != 0 && !prefix.table_file.empty()) {
    std::cerr << "pharmatwin gs1 epc: give --company-prefix-length or --company-prefix-table, "
                 "not both\n";
    return kExitBadInput;
  }
  return run_epc(input, prefix, options);
}

const pharmatwin::app::Registrar reg{
    {"gs1", "read, check and convert GS1 scan data, element strings, Digital Link and EPC URNs",
     &run_gs1}};

}  // namespace
