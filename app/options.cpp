#include "options.hpp"

#include "command.hpp"

namespace pharmatwin::app {

std::optional<po::variables_map> parse_options(
    const std::string& command, const std::string& synopsis, po::options_description& visible,
    const po::positional_options_description& positional, const po::options_description& hidden,
    const std::vector<std::string>& args, int& exit_code) {
  visible.add_options()("help,h", "show this help");
  po::options_description all;
  all.add(visible).add(hidden);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: pharmatwin " << command << " " << synopsis << "\n\n" << visible << "\n";
      exit_code = kExitOk;
      return std::nullopt;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "pharmatwin " << command << ": " << e.what() << "\n"
              << "usage: pharmatwin " << command << " " << synopsis << "\n";
    exit_code = kExitBadInput;
    return std::nullopt;
  }
  return vm;
}

}  // namespace pharmatwin::app
