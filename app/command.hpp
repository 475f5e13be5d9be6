// Subcommand registry of the `pharmatwin` executable.
//
// Each cmd_*.cpp file registers one subcommand with a static Registrar, so a new
// command is added by adding a file; main.cpp dispatches on the first argument.
#pragma once

#include <string>
#include <vector>

namespace pharmatwin::app {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;         // ran, but a check or expectation failed
inline constexpr int kExitBadInput = 2;       // invalid arguments or input files
inline constexpr int kExitInterrupted = 130;  // stopped by Ctrl-C or SIGTERM (128 + SIGINT)

struct Command {
  std::string name;
  std::string summary;
  // Receives the arguments after the command name; returns the process exit code.
  int (*run)(const std::vector<std::string>& args);
};

void register_command(Command command);
const std::vector<Command>& commands();

struct Registrar {
  explicit Registrar(Command command) { register_command(std::move(command)); }
};

}  // namespace pharmatwin::app
