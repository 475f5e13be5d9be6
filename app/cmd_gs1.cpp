// `pharmatwin gs1`: parse, check and convert GS1 identifiers (element strings, check digits,
// Digital Link URIs, EPC URIs). Invalid input prints which element, position and rule, exit 2.
#include <iostream>
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
    "parse|check|dl|epc [options] INPUT\n"
    "  parse DATA              element string (]d2...^..., GS-separated or (AI) form)\n"
    "  check DIGITS            GTIN-8/12/13/14, GLN or SSCC check digit (--compute: append one)\n"
    "  dl URI|DATA             Digital Link -> element string, or element string -> Digital Link\n"
    "  epc URI|DATA            EPC URI -> element string, or element string -> EPC URI\n"
    "                          (needs --company-prefix-length)";

int bad_input(const std::string& action, const std::string& input, const Error& error) {
  std::cerr << "pharmatwin gs1 " << action << ": invalid input \"" << input << "\"\n  "
            << error.to_string() << "\n";
  if (error.position <= input.size()) {
    std::cerr << "  " << input << "\n  " << std::string(error.position, ' ') << "^\n";
  }
  return kExitBadInput;
}

void print_elements(const Gs1ElementString& es) {
  if (!es.symbology.empty()) std::cout << "symbology: " << es.symbology << "\n";
  for (const auto& e : es.elements) {
    const AiDefinition* def = find_ai(e.ai);
    std::cout << "(" << e.ai << ") " << (def ? def->title : "") << ": " << e.value << "\n";
  }
  std::cout << "human-readable: " << to_human_readable(es) << "\n";
  std::cout << "barcode data: " << to_barcode_data(es) << "\n";
}

int run_parse(const std::string& input, const Gs1ParseOptions& options) {
  auto parsed = parse_element_string(input, options);
  if (!parsed) return bad_input("parse", input, parsed.error());
  print_elements(parsed.value());
  if (auto link = to_digital_link(parsed.value())) std::cout << "digital link: " << *link << "\n";
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

int run_dl(const std::string& input, const std::string& domain, const Gs1ParseOptions& options) {
  if (input.starts_with("http://") || input.starts_with("https://")) {
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
  auto link = to_digital_link(parsed.value(), domain);
  if (!link) return bad_input("dl", input, link.error());
  std::cout << link.value() << "\n";
  return kExitOk;
}

int run_epc(const std::string& input, int company_prefix_length, const Gs1ParseOptions& options) {
  if (input.starts_with("urn:")) {
    auto epc = parse_epc_uri(input);
    if (!epc) return bad_input("epc", input, epc.error());
    Gs1ElementString es;
    switch (epc->scheme) {
      case EpcScheme::kSgtin:
        es.elements = {{"01", epc->key}, {"21", epc->component}};
        break;
      case EpcScheme::kLgtin:
        es.elements = {{"01", epc->key}, {"10", epc->component}};
        break;
      case EpcScheme::kSscc:
        es.elements = {{"00", epc->key}};
        break;
      case EpcScheme::kPgln:
        es.elements = {{"417", epc->key}};
        break;
      case EpcScheme::kSgln:
        es.elements = {{"414", epc->key}};
        if (epc->component != "0") es.elements.push_back({"254", epc->component});
        break;
    }
    std::cout << "scheme: " << scheme_name(epc->scheme) << "\n"
              << "company prefix length: " << epc->company_prefix_length << "\n";
    print_elements(es);
    return kExitOk;
  }
  if (company_prefix_length == 0) {
    return bad_input("epc", input,
                     make_error("--company-prefix-length", 0,
                                "needed to make an EPC URI from an element string"));
  }
  auto parsed = parse_element_string(input, options);
  if (!parsed) return bad_input("epc", input, parsed.error());
  const auto& es = parsed.value();
  std::vector<Result<std::string>> uris;
  if (const auto* gtin = es.find("01")) {
    if (const auto* serial = es.find("21")) {
      uris.push_back(make_sgtin_uri(*gtin, *serial, company_prefix_length));
    }
    if (const auto* lot = es.find("10")) {
      uris.push_back(make_lgtin_uri(*gtin, *lot, company_prefix_length));
    }
  }
  if (const auto* sscc = es.find("00")) uris.push_back(make_sscc_uri(*sscc, company_prefix_length));
  if (const auto* gln = es.find("414")) {
    const auto* ext = es.find("254");
    uris.push_back(make_sgln_uri(*gln, ext ? *ext : "", company_prefix_length));
  }
  if (uris.empty()) {
    return bad_input("epc", input,
                     make_error("element string", 0,
                                "nothing to express as EPC: needs (01)+(21), (01)+(10), (00) or "
                                "(414)"));
  }
  for (const auto& uri : uris) {
    if (!uri) return bad_input("epc", input, uri.error());
    std::cout << uri.value() << "\n";
  }
  return kExitOk;
}

int run_gs1(const std::vector<std::string>& args) {
  if (args.empty() ||
      (args[0] != "parse" && args[0] != "check" && args[0] != "dl" && args[0] != "epc")) {
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
  int company_prefix_length = 0;
  std::string domain(kCanonicalDigitalLinkDomain);
  visible.add_options()("reference-year", po::value(&reference_year),
                        "year for the YY century window (default: current year)");
  if (action == "check") visible.add_options()("compute", "append the check digit to DIGITS");
  if (action == "dl") {
    visible.add_options()("domain", po::value(&domain), "resolver domain for a new Digital Link");
  }
  if (action == "epc") {
    visible.add_options()("company-prefix-length", po::value(&company_prefix_length),
                          "digits of the GS1 company prefix (6-12)");
  }
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::string>()->required(), "input");
  po::positional_options_description positional;
  positional.add("input", 1);
  int exit_code = kExitOk;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  auto vm = pharmatwin::app::parse_options("gs1 " + action, kSynopsis, visible, positional, hidden,
                                           rest, exit_code);
  if (!vm) return exit_code;
  const std::string input = (*vm)["input"].as<std::string>();
  const Gs1ParseOptions options{reference_year};
  if (action == "parse") return run_parse(input, options);
  if (action == "check") return run_check(input, vm->count("compute") > 0);
  if (action == "dl") return run_dl(input, domain, options);
  return run_epc(input, company_prefix_length, options);
}

const pharmatwin::app::Registrar reg{
    {"gs1", "parse, check and convert GS1 element strings, Digital Link and EPC URIs", &run_gs1}};

}  // namespace
