// pharmatwin: simulation and digital-twin testbed for pharmaceutical warehouses.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "pharmatwin/version.hpp"

namespace {

void print_usage(std::ostream& out) {
  out << "usage: pharmatwin <command> [options]\n"
         "       pharmatwin <command> --help\n"
         "       pharmatwin --version\n\ncommands:\n";
  for (const auto& command : pharmatwin::app::commands()) {
    out << "  " << command.name
        << std::string(command.name.size() < 12 ? 12 - command.name.size() : 1, ' ')
        << command.summary << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pharmatwin::app;
  if (argc < 2) {
    print_usage(std::cerr);
    return kExitBadInput;
  }
  const std::string first = argv[1];
  if (first == "--version" || first == "version") {
    std::cout << "pharmatwin " << pharmatwin::kVersion << " (commit " << pharmatwin::kGitCommit
              << ")\n";
    return kExitOk;
  }
  if (first == "--help" || first == "-h" || first == "help") {
    print_usage(std::cout);
    return kExitOk;
  }
  for (const auto& command : commands()) {
    if (command.name != first) continue;
    std::vector<std::string> args(argv + 2, argv + argc);
    try {
      return command.run(args);
    } catch (const std::exception& e) {
      std::cerr << "pharmatwin " << first << ": " << e.what() << "\n";
      return kExitFailed;
    }
  }
  std::cerr << "pharmatwin: unknown command '" << first << "'\n";
  print_usage(std::cerr);
  return kExitBadInput;
}
