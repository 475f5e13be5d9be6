// `pharmatwin gui SCENARIO`: the live dashboard. The world runs on its own thread with the
// scenario's systems under test; the window shows its snapshots and sends commands (speed, pause,
// step, inject, acknowledge, decide) that take effect at a logged simulated instant. Headless:
// `--frames N --screenshot FILE.png` under xvfb-run; `--script FILE` plays timed commands and
// window actions; `--record-script FILE` writes the session's commands as a script that plays the
// same event log again. `--replay DIR` shows a recorded run instead (gui_replay.cpp).
// `--exercise FILE` runs a training exercise: its scenario at its pace with the ground truth
// hidden, then scores the trainee against the fault-free baseline (run alongside) and shows the
// debrief (gui_exercise.cpp).
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>
#include <thread>

#include "baseline_run.hpp"
#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/adapters/bindings.hpp"
#include "pharmatwin/adapters/injected_channel_faults.hpp"
#include "pharmatwin/adapters/sut_error.hpp"
#include "pharmatwin/experiments/audit.hpp"
#include "pharmatwin/scenarios/exercise.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/scenarios/units.hpp"
#include "pharmatwin/sim/live_rewind.hpp"
#include "pharmatwin/sim/live_session.hpp"
#include "pharmatwin/sim/world.hpp"
#include "world_summary.hpp"
#if defined(PHARMATWIN_HAS_DASHBOARD)
#include "gui_exercise.hpp"
#include "gui_replay.hpp"
#include "pharmatwin/viz/dashboard.hpp"
#include "pharmatwin/viz/window.hpp"
#endif

namespace pharmatwin::app {
namespace {

namespace fs = std::filesystem;

#if defined(PHARMATWIN_HAS_DASHBOARD)

// The session's acknowledgements and decisions as electronic signatures in OUT/audit.jsonl
// (21 CFR Part 11 §11.50: the signer's name, the date and time of signing, its meaning), bound to
// the event log by its SHA-256 and sealed with the site's key. Returns how many were signed.
int sign_session(const fs::path& out_dir, const std::vector<std::string>& command_log,
                 const std::string& signer, double start_epoch_s, std::string* error) {
  std::vector<std::pair<std::string, std::string>> signed_lines;  // line, meaning
  for (const auto& line : command_log) {
    sim::LiveCommand c;
    if (!sim::parse_command(line, c, nullptr)) continue;
    if (c.verb == sim::LiveVerb::kAck) signed_lines.emplace_back(line, "review");
    if (c.verb == sim::LiveVerb::kDecide) signed_lines.emplace_back(line, "approval");
  }
  if (signed_lines.empty()) return 0;
  auto key = experiments::SigningKey::site(error);
  if (!key) return -1;
  auto audit = experiments::AuditWriter::open(out_dir / "audit.jsonl", error, key);
  if (!audit) return -1;
  std::uint64_t bytes = 0;
  const auto log_hash = experiments::file_sha256_hex(out_dir / "events.pb", &bytes);
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char signed_at[32];
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(signed_at, sizeof signed_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
  for (const auto& [line, meaning] : signed_lines) {
    sim::LiveCommand c;
    sim::parse_command(line, c, nullptr);
    const double sim_s = *c.at_s;
    audit->append("electronic_signature",
                  {{"signer", signer},
                   {"signed_at_utc", signed_at},
                   {"meaning", meaning},
                   {"action", line},
                   {"simulated_time_utc", viz::format_sim_time(start_epoch_s, sim_s)},
                   {"event_log", "events.pb"},
                   {"event_log_sha256", log_hash.value_or("")},
                   {"event_log_bytes", bytes}});
  }
  nlohmann::json files;
  files["events.pb"] = {{"sha256", log_hash.value_or("")}, {"bytes", bytes}};
  audit->append("artifacts", {{"files", files}});
  audit->seal();
  if (!audit->ok()) {
    if (error) *error = "cannot write " + (out_dir / "audit.jsonl").string();
    return -1;
  }
  return static_cast<int>(signed_lines.size());
}

// A rewind: this process ran its one world (SimGrid initialises once per process), so the next
// world starts in a fresh `pharmatwin gui` with the same options, the rewound script, and
// --catch-up-to the rewind's instant. Returns only when the exec failed.
int exec_rewound(const std::vector<std::string>& args, const fs::path& out_dir,
                 const sim::LiveSessionOptions& next) {
  const fs::path script = out_dir / "rewind-script.txt";
  {
    std::ofstream out(script);
    out << "# written by a rewind of pharmatwin gui: the commands up to the rewind's instant\n"
        << sim::script_text(next.script);
    if (!out) {
      std::cerr << "pharmatwin gui: rewind: cannot write " << script.string() << "\n";
      return kExitFailed;
    }
  }
  std::vector<std::string> argv_text = {"pharmatwin", "gui"};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool with_value = a == "--script" || a == "--catch-up-to" || a == "--rewind-note";
    if (with_value) {
      ++i;
      continue;
    }
    if (a == "--paused" || a.rfind("--script=", 0) == 0 || a.rfind("--catch-up-to=", 0) == 0 ||
        a.rfind("--rewind-note=", 0) == 0)
      continue;
    argv_text.push_back(a);
  }
  char to[32];
  std::snprintf(to, sizeof to, "%.17g", next.catch_up_to_s);
  argv_text.insert(argv_text.end(), {"--script", script.string(), "--catch-up-to", to});
  if (!next.messages.empty())
    argv_text.insert(argv_text.end(), {"--rewind-note", next.messages[0]});
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  std::cerr.flush();
  ::execv("/proc/self/exe", argv.data());
  std::cerr << "pharmatwin gui: rewind: cannot start again: " << std::strerror(errno) << "\n";
  return kExitFailed;
}

bool parse_span(const po::variables_map& vm, const char* name, double& out) {
  std::string why;
  const auto v = scenarios::parse_duration_s(vm[name].as<std::string>(), &why);
  if (!v || *v <= 0) {
    std::cerr << "pharmatwin gui: --" << name << ": " << (v ? "must be > 0" : why) << "\n";
    return false;
  }
  out = *v;
  return true;
}

int run_gui(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("seed", po::value<std::uint64_t>(),
                        "seed (default: the scenario's run.seed)")(
      "out", po::value<std::string>(),
      "output directory of events.pb (default: out/<scenario>-gui)")(
      "horizon", po::value<std::string>(), "simulated span instead of run.horizon, e.g. 2d")(
      "block", po::value<std::string>()->default_value("5m"), "delivery block of readings")(
      "tick", po::value<std::string>()->default_value("5m"),
      "simulated time between the dashboard's looks at the world (chart resolution)")(
      "detector", po::value<std::string>(),
      "detection system (as for run; default: the scenario's)")(
      "tt-system", po::value<std::string>(), "track-and-trace system (as for run)")(
      "speed", po::value<double>()->default_value(3600),
      "simulated seconds per wall second at start; 0: as fast as possible")("paused",
                                                                            "start paused")(
      "script", po::value<std::string>(),
      "timed commands and window actions to play (see docs/dashboard.md)")(
      "record-script", po::value<std::string>(), "write the session's commands here when it ends")(
      "frames", po::value<int>()->default_value(0),
      "stop after this many frames (0: until closed)")("screenshot", po::value<std::string>(),
                                                       "PNG of the last frame (with --frames)")(
      "layout-out", po::value<std::string>(),
      "each screenshot also writes the zones' pixel rectangles here")(
      "ui-scale", po::value<float>()->default_value(1.0f),
      "font and widget scale (projectors: 1.5)")("width", po::value<int>()->default_value(1280),
                                                 "window width in pixels")(
      "height", po::value<int>()->default_value(720), "window height in pixels")(
      "log-readings", "record every sensor reading in the event log")(
      "frame-stats", "print frame times at the end (mean, 95th percentile, max)")(
      "no-antialias", "no anti-aliased lines and fills (much faster with software OpenGL)")(
      "signer", po::value<std::string>(),
      "name signing the session's acknowledgements and decisions in OUT/audit.jsonl (default: "
      "$USER)")("replay", po::value<std::string>(),
                "replay the run directory DIR (written by run, regress or sweep) instead of "
                "running SCENARIO")("compare", po::value<std::string>(),
                                    "with --replay: a second run directory on the same timeline")(
      "at", po::value<std::string>(),
      "with --replay: the simulated instant shown first, e.g. 2d6h")(
      "play", "with --replay: start playing (at --speed; negative: backwards)")(
      "floor-plan", po::value<std::string>(),
      "with --replay: the scenario whose floor plan to draw (default: the run's, when found)")(
      "exercise", po::value<std::string>(),
      "run the training exercise FILE (docs/training.md) instead of SCENARIO: scored, with a "
      "debrief")(
      "debrief-screenshot", po::value<std::string>(),
      "with --exercise: PNG of the debrief once the session is scored, then close the window");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(), "scenario file")(
      "catch-up-to", po::value<double>(), "a rewound session: as fast as possible up to here")(
      "rewind-note", po::value<std::string>(), "a rewound session: what the rewind did");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  int exit_code = kExitOk;
  auto vm = parse_options("gui", "SCENARIO", visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;

  viz::WindowOptions wo;
  wo.frames = (*vm)["frames"].as<int>();
  wo.ui_scale = (*vm)["ui-scale"].as<float>();
  wo.width = (*vm)["width"].as<int>();
  wo.height = (*vm)["height"].as<int>();
  if (vm->count("screenshot")) wo.screenshot = (*vm)["screenshot"].as<std::string>();
  wo.frame_stats = vm->count("frame-stats") > 0;
  wo.antialias = vm->count("no-antialias") == 0;
  if (vm->count("layout-out")) wo.layout_file = (*vm)["layout-out"].as<std::string>();
  if (wo.frames < 0 || wo.width < 200 || wo.height < 150 ||
      !(wo.ui_scale > 0.25f && wo.ui_scale <= 4)) {
    std::cerr << "pharmatwin gui: --frames >= 0, --width >= 200, --height >= 150, 0.25 < "
                 "--ui-scale <= 4\n";
    return kExitBadInput;
  }
  if (vm->count("replay")) return run_replay(*vm, wo);
  for (const char* only_replay : {"compare", "at", "play", "floor-plan"}) {
    if (vm->count(only_replay)) {
      std::cerr << "pharmatwin gui: --" << only_replay << " goes with --replay DIR\n";
      return kExitBadInput;
    }
  }
  std::optional<scenarios::LoadedExercise> exercise;
  if (vm->count("exercise")) {
    if (vm->count("scenario")) {
      std::cerr << "pharmatwin gui: --exercise FILE names its scenario; give no SCENARIO with it\n";
      return kExitBadInput;
    }
    exercise = scenarios::load_exercise((*vm)["exercise"].as<std::string>());
    if (!exercise->ok()) {
      for (const auto& d : exercise->diagnostics) std::cerr << d.to_string() << "\n";
      return kExitBadInput;
    }
    wo.lock_ground_truth = true;
    if (vm->count("debrief-screenshot"))
      wo.debrief_screenshot = (*vm)["debrief-screenshot"].as<std::string>();
  } else if (vm->count("debrief-screenshot")) {
    std::cerr << "pharmatwin gui: --debrief-screenshot goes with --exercise FILE\n";
    return kExitBadInput;
  }
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland)) {
    std::cerr
        << "pharmatwin gui: no display (DISPLAY is not set). Run it under a virtual display:\n"
           "  xvfb-run -a pharmatwin gui SCENARIO\n"
           "or headless for a picture:\n"
           "  xvfb-run -a pharmatwin gui SCENARIO --frames 60 --screenshot out.png\n";
    return kExitBadInput;
  }

  if (!vm->count("scenario") && !exercise) {
    std::cerr << "pharmatwin gui: a SCENARIO to run, --exercise FILE or --replay DIR (pharmatwin "
                 "gui --help)\n";
    return kExitBadInput;
  }
  const fs::path path =
      exercise ? exercise->scenario_path : fs::path((*vm)["scenario"].as<std::string>());
  scenarios::LoadResult loaded;
  if (exercise) {
    loaded.scenario = exercise->scenario;
  } else {
    loaded = scenarios::load_scenario(path);
    if (!loaded.ok()) {
      for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
      return kExitBadInput;
    }
  }
  const auto& scenario = loaded.scenario;
  sim::WorldOptions options;
  options.scenario_dir = path.parent_path();
  if (vm->count("seed"))
    options.seed = (*vm)["seed"].as<std::uint64_t>();
  else if (exercise && exercise->exercise.seed() != 0)
    options.seed = exercise->exercise.seed();
  if (exercise && exercise->horizon_s) options.horizon_s = *exercise->horizon_s;
  options.log_readings = vm->count("log-readings") > 0;
  if (vm->count("horizon")) {
    double h = 0;
    if (!parse_span(*vm, "horizon", h)) return kExitBadInput;
    options.horizon_s = h;
  }
  if (!parse_span(*vm, "block", options.block_s)) return kExitBadInput;
  sim::LiveSessionOptions lo;
  if (!parse_span(*vm, "tick", lo.tick_s)) return kExitBadInput;
  lo.speed = (*vm)["speed"].as<double>();
  if (exercise && (*vm)["speed"].defaulted()) lo.speed = exercise->speed;
  if (lo.speed < 0) {
    std::cerr << "pharmatwin gui: --speed must be >= 0\n";
    return kExitBadInput;
  }
  lo.paused = vm->count("paused") > 0;
  if (vm->count("script")) {
    const std::string script_path = (*vm)["script"].as<std::string>();
    std::ifstream in(script_path);
    if (!in) {
      std::cerr << "pharmatwin gui: --script: cannot read " << script_path << "\n";
      return kExitBadInput;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string why;
    if (!sim::parse_script(text.str(), lo.script, &why)) {
      std::cerr << script_path << ": " << why << "\n";
      return kExitBadInput;
    }
  }
  if (vm->count("catch-up-to")) lo.catch_up_to_s = (*vm)["catch-up-to"].as<double>();
  if (vm->count("rewind-note")) lo.messages.push_back((*vm)["rewind-note"].as<std::string>());
  const std::string name = scenario.name().empty() ? path.stem().string() : scenario.name();
  const std::string out_name = exercise ? exercise->exercise.name() + "-exercise" : name + "-gui";
  options.out_dir =
      vm->count("out") ? fs::path((*vm)["out"].as<std::string>()) : fs::path("out") / out_name;
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  fs::remove(options.out_dir / "audit.jsonl", ec);  // an earlier session's signatures

  // Exercises: the fault-free baseline (same seed and horizon) runs alongside in a child, for
  // the units the trainee's decisions cost; cached in OUT/baseline while nothing changed.
  std::optional<BaselineRun> baseline;
  DebriefSlot debrief;
  if (exercise) {
    std::vector<std::string> run_args;
    if (options.horizon_s)
      run_args = {"--horizon", std::to_string(std::llround(*options.horizon_s)) + "s"};
    if (!(*vm)["block"].defaulted())
      run_args.insert(run_args.end(), {"--block", (*vm)["block"].as<std::string>()});
    const std::uint64_t seed = options.seed ? *options.seed : scenario.run().seed();
    baseline.emplace(BaselineRun::prepare(scenario, options.scenario_dir,
                                          options.out_dir / "baseline", seed, run_args));
    std::string why;
    if (!baseline->cached() && !baseline->start(&why)) {
      std::cerr << "pharmatwin gui: baseline: " << why << "\n";
      return kExitFailed;
    }
    wo.debrief = [&debrief] { return debrief.get(); };
  }

  // SimGrid lives on the thread that creates its engine: the world is created, bound and run
  // on its own thread; the window waits only for the session to exist.
  std::string world_error;
  std::unique_ptr<sim::LiveSession> session;
  std::optional<sim::RewindableSource> source;  // what the window reads; knows of rewinds
  sim::RunSummary summary;
  std::promise<bool> ready;
  auto ready_future = ready.get_future();
  std::thread sim_thread([&] {
    std::unique_ptr<sim::World> world = sim::World::create(scenario, options, &world_error);
    if (!world) {
      world_error = path.string() + ": " + world_error;
      ready.set_value(false);
      return;
    }
    adapters::BindingContext context;
    context.scenario = &scenario;
    context.run_id = name;
    context.seed = options.seed ? *options.seed : scenario.run().seed();
    context.out_dir = options.out_dir;
    context.injectable_channel_faults = true;
    const auto detection_binding =
        vm->count("detector") ? adapters::parse_binding_flag((*vm)["detector"].as<std::string>())
                              : scenario.systems().detection();
    const auto tt_binding = vm->count("tt-system")
                                ? adapters::parse_binding_flag((*vm)["tt-system"].as<std::string>())
                                : scenario.systems().serialization();
    try {
      auto detection =
          adapters::make_detection_port(detection_binding, options.scenario_dir, context);
      auto tt = adapters::make_serialization_port(tt_binding, options.scenario_dir, context);
      if (!detection.ok() || !tt.ok()) {
        world_error = detection.ok() ? tt.error : detection.error;
        ready.set_value(false);
        return;
      }
      world->set_detection_port(detection.port.get());
      world->set_serialization_port(tt.port.get());
      adapters::follow_injected_channel_faults(world->observers(), detection.port.get(),
                                               tt.port.get());
      session = std::make_unique<sim::LiveSession>(scenario, world->layout(), lo);
      session->connect(world->observers());
      world->set_live_hook(session.get());
      source.emplace(*session, lo.script);
      ready.set_value(true);
      summary = world->run();
    } catch (const adapters::SutError& e) {
      world_error = std::string("system under test failed: ") + e.what();
      if (!session) {
        ready.set_value(false);
        return;
      }
    }
    world.reset();  // closes the event log
    session->finish(summary);
    if (exercise && !source->restart()) {  // a rewound session is scored when it really ends
      std::string why;
      const bool have_baseline = baseline->wait(&why);
      if (!have_baseline)
        std::cerr << "pharmatwin gui: baseline: " << why << " (scored without it)\n";
      experiments::TraineeScore trainee;
      auto d = score_exercise_session(
          *exercise, options.out_dir,
          have_baseline ? std::optional<fs::path>(baseline->dir()) : std::nullopt, &trainee);
      if (!d->error.empty()) {
        std::cerr << "pharmatwin gui: exercise: " << d->error << "\n";
      } else {
        std::cout << "exercise " << exercise->exercise.name() << ": "
                  << (trainee.passed ? "PASS" : "NOT YET") << "; " << d->summary
                  << "\nreports: " << (options.out_dir / "report.json").string() << ", "
                  << (options.out_dir / "report.html").string() << "\n";
      }
      debrief.set(std::move(d));
    }
  });
  if (!ready_future.get()) {
    sim_thread.join();
    if (baseline) baseline->cancel();
    std::cerr << "pharmatwin gui: " << world_error << "\n";
    return kExitBadInput;
  }
  std::string error;
  const bool shown = viz::run_dashboard_window(*source, wo, &error);
  session->close();
  sim_thread.join();
  if (const auto next = source->restart()) {
    std::string why;
    if (baseline && !baseline->wait(&why))  // cached for the next process
      std::cerr << "pharmatwin gui: baseline: " << why << "\n";
    return exec_rewound(args, options.out_dir, *next);
  }
  if (vm->count("record-script")) {
    std::ofstream out((*vm)["record-script"].as<std::string>());
    for (const auto& line : session->snapshot()->command_log) out << line << "\n";
    if (!out) std::cerr << "pharmatwin gui: cannot write --record-script\n";
  }
  {
    const char* user = std::getenv("USER");
    const std::string signer = vm->count("signer") ? (*vm)["signer"].as<std::string>()
                               : user              ? user
                                                   : "unknown";
    std::string why;
    const int n = sign_session(options.out_dir, session->snapshot()->command_log, signer,
                               session->snapshot()->site->start_epoch_s, &why);
    if (n < 0)
      std::cerr << "pharmatwin gui: audit trail: " << why << "\n";
    else if (n > 0)
      std::cout << "gui: " << n << " acknowledgements and decisions signed by " << signer << " in "
                << (options.out_dir / "audit.jsonl").string() << "\n";
  }
  if (!shown) {
    std::cerr << error << "\n";
    return kExitFailed;
  }
  if (!world_error.empty()) {
    std::cerr << "pharmatwin gui: " << world_error << "\n";
    return kExitFailed;
  }
  const auto last = session->snapshot();
  std::cout << "gui: " << name << " shown up to t+" << duration_text(last->sim_s) << "; "
            << last->alerts.size() << " alerts, " << last->command_log.size()
            << " commands; event log " << (options.out_dir / "events.pb").string() << "\n";
  return kExitOk;
}

#else

int run_gui(const std::vector<std::string>&) {
  std::cerr
      << "pharmatwin gui: this build has no dashboard (configure with -DPHARMATWIN_GUI=ON and "
         "the packages of scripts/setup.sh)\n";
  return kExitBadInput;
}

#endif

const Registrar registrar{{"gui", "the live dashboard: watch and steer a running site", &run_gui}};

}  // namespace
}  // namespace pharmatwin::app
