// `pharmatwin merge DIR... --out DIR`: combines the output directories of the shards of one
// sweep (`sweep --shard K/N`) into what the unsharded sweep writes: plan.json, journal.jsonl,
// runs.csv and summary.csv, and prints its table. Exit 0 complete, 1 runs missing or failed,
// 2 the directories are not shards of one sweep.
#include <iostream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/experiments/sweep.hpp"

namespace pharmatwin::app {
namespace {

int run_merge(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("out", po::value<std::string>()->required(),
                        "directory of the merged sweep")("objective", po::value<std::string>(),
                                                         "METRIC to rank variants by in the table")(
      "metric", po::value<std::vector<std::string>>(), "metric shown in the table (repeatable)");
  po::options_description hidden;
  hidden.add_options()("dirs", po::value<std::vector<std::string>>()->required(),
                       "shard directories");
  po::positional_options_description positional;
  positional.add("dirs", -1);
  int exit_code = kExitOk;
  auto vm =
      parse_options("merge", "DIR... --out DIR", visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;
  std::vector<std::filesystem::path> dirs;
  for (const auto& d : (*vm)["dirs"].as<std::vector<std::string>>()) dirs.emplace_back(d);
  experiments::TableOptions table;
  if (vm->count("metric")) table.metrics = (*vm)["metric"].as<std::vector<std::string>>();
  if (vm->count("objective")) table.objective = (*vm)["objective"].as<std::string>();
  return experiments::merge_sweeps(dirs, (*vm)["out"].as<std::string>(), table, std::cout,
                                   std::cerr);
}

const Registrar registrar{{"merge", "combine the shard directories of one sweep", &run_merge}};

}  // namespace
}  // namespace pharmatwin::app
