// `pharmatwin validate FILE...`: checks scenario files and lists every problem at once.
#include <iostream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "scenario_outline.hpp"

namespace pharmatwin::app {
namespace {

int run_validate(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("quiet,q", "print problems only, no outline of valid files");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>()->required(), "scenario files");
  po::positional_options_description positional;
  positional.add("file", -1);
  int exit_code = kExitOk;
  auto vm = parse_options("validate", "FILE...", visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;

  int invalid = 0;
  for (const auto& file : (*vm)["file"].as<std::vector<std::string>>()) {
    const auto result = scenarios::load_scenario(file);
    if (!result.ok()) {
      ++invalid;
      for (const auto& d : result.diagnostics) std::cerr << d.to_string() << "\n";
      std::cerr << file << ": " << result.diagnostics.size() << " problem"
                << (result.diagnostics.size() == 1 ? "" : "s") << "\n";
      continue;
    }
    if (!vm->count("quiet")) {
      std::cout << file << ": valid\n";
      print_outline(result.scenario, std::cout);
    }
  }
  return invalid ? kExitBadInput : kExitOk;
}

const Registrar registrar{
    {"validate", "check scenario files and list every problem", &run_validate}};

}  // namespace
}  // namespace pharmatwin::app
