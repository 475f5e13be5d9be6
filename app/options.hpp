// Helpers shared by subcommands for Boost.Program_options parsing.
#pragma once

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace pharmatwin::app {

namespace po = boost::program_options;

// Parses `args` against `visible` options plus positional arguments. Prints help to stdout
// when --help is given and usage errors to stderr; returns nullopt with `exit_code` set when
// the command must stop.
std::optional<po::variables_map> parse_options(
    const std::string& command, const std::string& synopsis, po::options_description& visible,
    const po::positional_options_description& positional, const po::options_description& hidden,
    const std::vector<std::string>& args, int& exit_code);

}  // namespace pharmatwin::app
