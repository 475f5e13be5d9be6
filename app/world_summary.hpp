// What the world did in one run, as `pharmatwin run` prints it: the zones' ground truth (peak air
// and product temperature, time out of range), the faults and the run's counters.
//
//   const auto summary = world->run();
//   print_world_summary({name, seed, out_dir}, *world, summary, std::cout);
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>

#include "pharmatwin/sim/world.hpp"

namespace pharmatwin::app {

struct RunIdentity {
  std::string scenario_name;
  std::uint64_t seed = 0;
  std::filesystem::path out_dir;
};

// "7.0 d", "2.5 h", "26.0 min", "12.0 s".
std::string duration_text(double seconds);

void print_world_summary(const RunIdentity& id, sim::World& world, const sim::RunSummary& summary,
                         std::ostream& out);

}  // namespace pharmatwin::app
