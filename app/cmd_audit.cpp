// `pharmatwin audit verify DIR|FILE`: checks the hash chain of a run's audit trail.
#include <iostream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/experiments/audit.hpp"

namespace pharmatwin::app {
namespace {

int run_audit(const std::vector<std::string>& args) {
  po::options_description visible("options");
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
  const auto check = experiments::verify_audit(path);
  if (check.intact) {
    std::cout << path.string() << ": intact, " << check.lines << " lines\n";
    return kExitOk;
  }
  std::cout << path.string() << ":" << check.first_bad_line << ": broken: " << check.problem << "\n";
  return kExitFailed;
}

const Registrar registrar{{"audit", "verify the hash-chained audit trail of a run", &run_audit}};

}  // namespace
}  // namespace pharmatwin::app
