// `pharmatwin run SCENARIO`: runs the simulated site headless over the scenario's horizon, writes
// the event log to --out and prints a summary of what happened.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/adapters/bindings.hpp"
#include "pharmatwin/adapters/sut_error.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/scenarios/units.hpp"
#include "pharmatwin/sim/world.hpp"

namespace pharmatwin::app {
namespace {

std::string duration_text(double s) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1);
  if (s >= 86400) out << s / 86400 << " d";
  else if (s >= 3600) out << s / 3600 << " h";
  else if (s >= 60) out << s / 60 << " min";
  else out << s << " s";
  return out.str();
}

void print_summary(const std::string& scenario_name, sim::World& world, const sim::RunSummary& summary, std::uint64_t seed,
                   const std::filesystem::path& out_dir, std::ostream& out) {
  const auto& truth = world.truth();
  out << "scenario " << scenario_name << ", seed " << seed << ", horizon "
      << duration_text(summary.horizon_s) << "\n";
  out << "zones (" << truth.zones.size() << "):\n";
  out << std::fixed << std::setprecision(2);
  for (const auto& z : truth.zones) {
    out << "  " << std::left << std::setw(16) << z.name << std::right << " range [" << z.min_c
        << ", " << z.max_c << "] C  peak air " << z.peak_air_c << " C  peak product "
        << z.peak_product_c << " C  out of range " << duration_text(z.out_of_range_s);
    if (z.first_out_of_range_s) out << " (first at " << duration_text(*z.first_out_of_range_s) << ")";
    out << "  hvac duty " << std::setprecision(0)
        << (summary.horizon_s > 0 ? 100 * z.hvac_on_s / summary.horizon_s : 0) << "%"
        << std::setprecision(2) << "\n";
  }
  out << "faults (" << truth.faults.size() << "):\n";
  for (const auto& f : truth.faults) {
    out << "  " << std::left << std::setw(20) << f.name << std::right << " " << f.kind << " from "
        << duration_text(f.start_s) << " to "
        << (f.end_s ? duration_text(*f.end_s) : std::string("end of run"))
        << (f.injected ? " (injected)" : "") << "\n";
  }
  out << "readings: " << summary.readings << "\n";
  if (summary.alerts > 0 || summary.decisions > 0) {
    out << "alerts received: " << summary.alerts << ", decisions: " << summary.decisions << "\n";
  }
  out << "thermal segments: " << summary.thermal_segments << "\n";
  if (!out_dir.empty()) {
    out << "event log: " << (out_dir / "events.pb").string() << " (" << summary.log_records
        << " records)\n";
  }
  out << std::setprecision(3) << "wall time: " << summary.wall_time_s << " s\n";
}

int run_run(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()
      ("seed", po::value<std::uint64_t>(), "seed of every random stream (default: the scenario's run.seed)")
      ("out", po::value<std::string>(), "output directory (default: out/<scenario name>)")
      ("log-readings", "record every sensor reading in the event log")
      ("horizon", po::value<std::string>(), "simulated span instead of run.horizon, e.g. 2d")
      ("block", po::value<std::string>()->default_value("5m"),
       "readings are produced and delivered in blocks of this simulated span")
      ("detector", po::value<std::string>(),
       "detection system: in-process (default), none, external:<command>, tcp:<host:port>, "
       "mqtt:<host:port> (default: the scenario's systems.detection)")
      ("tt-system", po::value<std::string>(),
       "track-and-trace system: in-process (default), none, epcis, external:<command>, tcp:<host:port>")
      ("policy", po::value<std::string>(), "detection policy file replacing the one of its storage class")
      ("sut-timeout", po::value<double>()->default_value(30), "seconds an external system may take to answer")
      ("mqtt-speed", po::value<double>()->default_value(0),
       "MQTT binding: 0 = lock-step, else simulated seconds per wall second (1, 60, ...)")
      ("quiet,q", "no progress on stderr");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>()->required(), "scenario file");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  int exit_code = kExitOk;
  auto vm = parse_options("run", "SCENARIO", visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;

  const std::filesystem::path path = (*vm)["scenario"].as<std::string>();
  auto loaded = scenarios::load_scenario(path);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
    return kExitBadInput;
  }
  const auto& scenario = loaded.scenario;
  sim::WorldOptions options;
  options.scenario_dir = path.parent_path();
  if (vm->count("seed")) options.seed = (*vm)["seed"].as<std::uint64_t>();
  options.log_readings = vm->count("log-readings") > 0;
  options.progress = vm->count("quiet") == 0;
  std::string why;
  if (vm->count("horizon")) {
    auto h = scenarios::parse_duration_s((*vm)["horizon"].as<std::string>(), &why);
    if (!h || *h <= 0) {
      std::cerr << "pharmatwin run: --horizon: " << (h ? "must be > 0" : why) << "\n";
      return kExitBadInput;
    }
    options.horizon_s = *h;
  }
  auto block = scenarios::parse_duration_s((*vm)["block"].as<std::string>(), &why);
  if (!block || *block <= 0) {
    std::cerr << "pharmatwin run: --block: " << (block ? "must be > 0" : why) << "\n";
    return kExitBadInput;
  }
  options.block_s = *block;
  const std::string name = scenario.name().empty() ? path.stem().string() : scenario.name();
  options.out_dir = vm->count("out") ? std::filesystem::path((*vm)["out"].as<std::string>())
                                     : std::filesystem::path("out") / name;

  std::string error;
  auto world = sim::World::create(scenario, options, &error);
  if (!world) {
    std::cerr << path.string() << ": " << error << "\n";
    return kExitBadInput;
  }
  const std::uint64_t seed = options.seed ? *options.seed : scenario.run().seed();

  adapters::BindingContext context;
  context.scenario = &scenario;
  context.run_id = name;
  context.seed = seed;
  context.out_dir = options.out_dir;
  if (vm->count("policy")) context.policy_override = (*vm)["policy"].as<std::string>();
  const auto timeout = std::chrono::milliseconds(static_cast<long long>((*vm)["sut-timeout"].as<double>() * 1000));
  context.sut.handshake_timeout = context.sut.step_timeout = timeout;
  context.mqtt_speed = (*vm)["mqtt-speed"].as<double>();
  // Channel faults are played by the bindings: the scenario's READINGS and DECISIONS faults wrap
  // the detection binding, SERIALIZATION and DECISIONS ones the track-and-trace binding.
  const auto detection_binding = vm->count("detector")
                                     ? adapters::parse_binding_flag((*vm)["detector"].as<std::string>())
                                     : scenario.systems().detection();
  const auto tt_binding = vm->count("tt-system") ? adapters::parse_binding_flag((*vm)["tt-system"].as<std::string>())
                                                 : scenario.systems().serialization();
  try {
    auto detection =
        adapters::make_detection_port(detection_binding, options.scenario_dir, context);
    if (!detection.ok()) {
      std::cerr << "pharmatwin run: detection system: " << detection.error << "\n";
      return kExitBadInput;
    }
    auto tt = adapters::make_serialization_port(tt_binding, options.scenario_dir, context);
    if (!tt.ok()) {
      std::cerr << "pharmatwin run: track-and-trace system: " << tt.error << "\n";
      return kExitBadInput;
    }
    world->set_detection_port(detection.port.get());
    world->set_serialization_port(tt.port.get());
    if (options.progress) {
      std::cerr << "[run] detection: " << detection.description << "; track-and-trace: " << tt.description << "\n";
    }
    const auto summary = world->run();
    print_summary(name, *world, summary, seed, options.out_dir, std::cout);
    std::cout << "systems: detection " << detection.description << ", track-and-trace " << tt.description << "\n";
  } catch (const adapters::SutError& e) {
    // The world is destroyed on the way out, which closes the event log with what it holds.
    world.reset();
    std::cerr << "pharmatwin run: system under test failed (" << adapters::to_string(e.kind()) << "): " << e.what()
              << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

const Registrar registrar{{"run", "run a scenario headless and write its event log", &run_run}};

}  // namespace
}  // namespace pharmatwin::app
