// `pharmatwin audit verify DIR|FILE [--key PEM]`: checks a run's audit trail: the hash chain, the
// Ed25519 signature of every seal against a trusted key (--key, else the site's key), and the
// size and SHA-256 of the files it records (events.pb, report.json, report.html).
#include <iostream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/experiments/audit.hpp"

namespace pharmatwin::app {
namespace {

int run_audit(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()(
      "key", po::value<std::string>(),
      "trusted Ed25519 key (PEM, public or private) the seals must be signed with "
      "(default: the site's key)")("no-files", "check the trail only, not the files it records");
  po::options_description hidden;
  hidden.add_options()("action", po::value<std::string>()->required(), "verify")(
      "path", po::value<std::string>()->required(), "run directory or audit.jsonl");
  po::positional_options_description positional;
  positional.add("action", 1).add("path", 1);
  int exit_code = kExitOk;
  auto vm = parse_options("audit", "verify DIR|FILE", visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;
  if ((*vm)["action"].as<std::string>() != "verify") {
    std::cerr << "pharmatwin audit: unknown action '" << (*vm)["action"].as<std::string>()
              << "' (expected: verify)\n";
    return kExitBadInput;
  }
  std::filesystem::path path = (*vm)["path"].as<std::string>();
  if (std::filesystem::is_directory(path)) path /= "audit.jsonl";
  if (!std::filesystem::exists(path)) {
    std::cerr << path.string() << ": no such file\n";
    return kExitBadInput;
  }
  // Without a trusted key, a trail re-signed with any key would pass: there must be one.
  const std::filesystem::path key_file = vm->count("key")
                                             ? std::filesystem::path((*vm)["key"].as<std::string>())
                                             : experiments::site_key_path();
  if (!vm->count("key") && !std::filesystem::exists(key_file)) {
    std::cerr << "pharmatwin audit: no trusted key: this site has none (" << key_file.string()
              << "); give the signer's public key with --key\n";
    return kExitBadInput;
  }
  std::string error;
  const auto trusted = experiments::read_public_key_hex(key_file, &error);
  if (!trusted) {
    std::cerr << "pharmatwin audit: --key: " << error << "\n";
    return kExitBadInput;
  }
  experiments::AuditVerifyOptions options;
  options.trusted_public_key_hex = *trusted;
  options.check_files = vm->count("no-files") == 0;
  const auto check = experiments::verify_audit(path, options);
  if (check.intact) {
    std::cout << path.string() << ": intact, " << check.lines << " lines, signed by "
              << check.signer;
    if (!check.files.empty()) {
      std::cout << "; files match:";
      for (const auto& f : check.files) std::cout << " " << f;
    }
    std::cout << "\n";
    return kExitOk;
  }
  std::cout << path.string() << ":" << check.first_bad_line << ": broken: " << check.problem
            << "\n";
  return kExitFailed;
}

const Registrar registrar{
    {"audit", "verify the signed, hash-chained audit trail of a run and the files it records",
     &run_audit}};

}  // namespace
}  // namespace pharmatwin::app
