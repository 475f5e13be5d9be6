// `pharmatwin gui --replay DIR [--compare B]`: opens the recorded run(s), then the window.
#if defined(PHARMATWIN_HAS_DASHBOARD)
#include "gui_replay.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "command.hpp"
#include "pharmatwin/experiments/replay_session.hpp"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::app {

int run_replay(const po::variables_map& vm, const viz::WindowOptions& window) {
  for (const char* live_only : {"script", "record-script", "seed", "horizon", "detector",
                                "tt-system", "log-readings", "exercise", "debrief-screenshot"}) {
    if (vm.count(live_only) && !vm[live_only].defaulted()) {
      std::cerr << "pharmatwin gui: --" << live_only << " is for live sessions, not --replay\n";
      return kExitBadInput;
    }
  }
  if (vm.count("scenario")) {
    std::cerr << "pharmatwin gui: --replay DIR takes no SCENARIO (the run's own is used; "
                 "--floor-plan FILE "
                 "names another)\n";
    return kExitBadInput;
  }
  experiments::ReplayOpenOptions open;
  if (vm.count("floor-plan")) open.scenario = vm["floor-plan"].as<std::string>();
  const auto started = std::chrono::steady_clock::now();
  std::string error;
  auto run = experiments::ReplayRun::open(vm["replay"].as<std::string>(), &error, open);
  if (!run) {
    std::cerr << "pharmatwin gui: --replay: " << error << "\n";
    return kExitBadInput;
  }
  std::shared_ptr<const experiments::ReplayRun> compare;
  if (vm.count("compare")) {
    compare = experiments::ReplayRun::open(vm["compare"].as<std::string>(), &error, open);
    if (!compare) {
      std::cerr << "pharmatwin gui: --compare: " << error << "\n";
      return kExitBadInput;
    }
  }
  const double open_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland)) {
    std::cerr
        << "pharmatwin gui: no display (DISPLAY is not set). Run it under a virtual display:\n"
           "  xvfb-run -a pharmatwin gui --replay DIR\n"
           "or headless for a picture:\n"
           "  xvfb-run -a pharmatwin gui --replay DIR --at 2d --frames 5 --screenshot out.png\n";
    return kExitBadInput;
  }
  experiments::ReplaySessionOptions ro;
  ro.speed = vm["speed"].as<double>();
  ro.paused = vm.count("play") == 0;
  if (vm.count("at")) {
    std::string why;
    const auto at = scenarios::parse_duration_s(vm["at"].as<std::string>(), &why);
    if (!at || *at < 0) {
      std::cerr << "pharmatwin gui: --at: " << (at ? "must be >= 0" : why) << "\n";
      return kExitBadInput;
    }
    ro.start_s = *at;
  }
  for (const auto* r : {run.get(), compare.get()}) {
    if (!r) continue;
    std::cout << "replay: " << r->replay()->source << "\n";
    for (const auto& note : r->replay()->notes) std::cout << "  " << note << "\n";
  }
  experiments::ReplaySession session(run, compare, ro);
  if (window.frame_stats)
    std::cerr << "replay: opened " << run->events_path().string() << " in " << open_s * 1000
              << " ms\n";
  const bool shown = viz::run_dashboard_window(session, window, &error);
  if (!shown) {
    std::cerr << error << "\n";
    return kExitFailed;
  }
  const auto last = session.snapshot();
  std::cout << "gui: replay of " << run->replay()->source << " shown up to t+" << last->sim_s
            << " s; " << last->alerts.size() << " alerts by then\n";
  return kExitOk;
}

}  // namespace pharmatwin::app
#endif
