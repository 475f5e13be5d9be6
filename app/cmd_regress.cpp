// `pharmatwin regress [DIR|FILE...] [--seeds N|a-b|list]`: runs every scenario with expectations
// (and its fault-free baseline) on one or several seeds in parallel processes, checks the
// expectations and how often they held (min_pass_rate), records the runs in the results store
// and writes JUnit XML. Exit 0 all held, 1 a failure, 2 invalid input, 130 interrupted.
#include <iostream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/experiments/regress.hpp"
#include "pharmatwin/experiments/seeds.hpp"

namespace pharmatwin::app {
namespace {

int run_regress(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("junit", po::value<std::string>(), "write JUnit XML here")(
      "jobs,j", po::value<int>()->default_value(1), "runs in parallel (one process each)")(
      "out", po::value<std::string>()->default_value("regress-out"), "output directory")(
      "store", po::value<std::string>(), "results store (default: OUT/results.sqlite)")(
      "seed", po::value<std::uint64_t>(), "seed for every run instead of each scenario's")(
      "seeds", po::value<std::string>(),
      "run each scenario on several seeds: N (1..N), a-b, or a list 1,5,9 (may mix ranges)")(
      "all", "also run scenarios without expectations")(
      "no-baseline", "skip the fault-free baseline runs")("horizon", po::value<std::string>(),
                                                          "passed on to every run (shorter runs)")(
      "runner", po::value<std::string>(), "pharmatwin executable to run (default: this one)");
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>(),
                       "scenario files or directories");
  po::positional_options_description positional;
  positional.add("input", -1);
  int exit_code = kExitOk;
  auto vm = parse_options(
      "regress", "[DIR|FILE...] [--seeds N|a-b|list] [--junit FILE] [--jobs N] [--out DIR]",
      visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;

  experiments::RegressOptions o;
  if (vm->count("input")) {
    for (const auto& i : (*vm)["input"].as<std::vector<std::string>>()) o.inputs.emplace_back(i);
  } else {
    o.inputs.emplace_back("scenarios");
  }
  if (vm->count("junit")) o.junit = std::filesystem::path((*vm)["junit"].as<std::string>());
  o.jobs = (*vm)["jobs"].as<int>();
  if (o.jobs < 1) {
    std::cerr << "pharmatwin regress: --jobs must be >= 1\n";
    return kExitBadInput;
  }
  o.out_dir = (*vm)["out"].as<std::string>();
  if (vm->count("store")) o.store = std::filesystem::path((*vm)["store"].as<std::string>());
  if (vm->count("seed")) o.seed = (*vm)["seed"].as<std::uint64_t>();
  if (vm->count("seeds")) {
    if (o.seed) {
      std::cerr << "pharmatwin regress: give --seed or --seeds, not both\n";
      return kExitBadInput;
    }
    std::string why;
    auto seeds = experiments::parse_seeds((*vm)["seeds"].as<std::string>(), &why);
    if (!seeds) {
      std::cerr << "pharmatwin regress: --seeds: " << why << "\n";
      return kExitBadInput;
    }
    o.seeds = std::move(*seeds);
  }
  o.all = vm->count("all") > 0;
  o.baseline = vm->count("no-baseline") == 0;
  if (vm->count("runner")) o.runner = (*vm)["runner"].as<std::string>();
  o.run_args = {"--quiet", "--no-score"};  // regress scores the runs itself
  if (vm->count("horizon")) {
    o.run_args.push_back("--horizon");
    o.run_args.push_back((*vm)["horizon"].as<std::string>());
  }
  return experiments::run_regress(o, std::cout, std::cerr);
}

const Registrar registrar{
    {"regress", "run every scenario and check its expectations", &run_regress}};

}  // namespace
}  // namespace pharmatwin::app
