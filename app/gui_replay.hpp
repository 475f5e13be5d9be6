// `pharmatwin gui --replay DIR [--compare B]`: a recorded run in the dashboard window, driven by
// a timeline scrubber, rebuilt from its event log (nothing is rerun).
//
//   if (vm.count("replay")) return run_replay(vm, window_options);
#pragma once

#include "options.hpp"
#include "pharmatwin/viz/window.hpp"

namespace pharmatwin::app {

// Opens the run(s) named by --replay and --compare and shows them until the window closes;
// an unreadable run is reported on stderr (naming the file) with exit 2 before any window.
int run_replay(const po::variables_map& vm, const viz::WindowOptions& window);

}  // namespace pharmatwin::app
