// `pharmatwin run SCENARIO`: the testbed loop. Runs the simulated site headless over the
// scenario's horizon with its systems under test, runs (or reuses) the fault-free baseline on the
// same seed, scores the run, writes events.pb, report.json, report.html and audit.jsonl to --out
// and prints the headline: faults detected or missed, false alarms, fill rate against the
// baseline, units lost and each expectation. Exit 1 when an expectation fails. `--no-score`
// writes the event log only and prints what the world did.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "baseline_run.hpp"
#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/adapters/bindings.hpp"
#include "pharmatwin/adapters/sut_error.hpp"
#include "pharmatwin/experiments/interrupt_guard.hpp"
#include "pharmatwin/experiments/pipeline.hpp"
#include "pharmatwin/experiments/report.hpp"
#include "pharmatwin/experiments/results_store.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/scenarios/units.hpp"
#include "pharmatwin/sim/world.hpp"
#include "world_summary.hpp"

namespace pharmatwin::app {
namespace {

namespace fs = std::filesystem;

// An external system may take up to a day per answer; longer is a typo, not a timeout.
constexpr double kMaxSutTimeoutS = 86400;

// Faults that start at or after the horizon never happen: say so rather than score a run that
// silently lost them.
void warn_dropped_faults(const scenario::Scenario& scenario, double horizon_s) {
  for (const auto& f : scenario.faults()) {
    std::string why;
    const auto start = scenarios::parse_duration_s(f.start().empty() ? "0s" : f.start(), &why);
    if (start && *start >= horizon_s) {
      std::cerr << "pharmatwin run: warning: fault '" << f.name() << "' starts at " << f.start()
                << ", at or after the horizon (" << duration_text(horizon_s)
                << "): it does not happen in this run\n";
    }
  }
}

// Two runs may share a TCP peer or an MQTT broker's topics only one after the other.
bool can_run_alongside(const scenario::Binding& binding) {
  return binding.kind() != "tcp" && binding.kind() != "mqtt";
}

// The options of this run that the baseline must share (they are part of its cache key).
std::vector<std::string> baseline_args(const po::variables_map& vm) {
  std::vector<std::string> args;
  for (const char* name : {"horizon", "block", "detector", "tt-system"}) {
    if (vm.count(name) && !vm[name].defaulted())
      args.insert(args.end(), {std::string("--") + name, vm[name].as<std::string>()});
  }
  if (vm.count("policy"))
    args.insert(args.end(), {"--policy", fs::absolute(vm["policy"].as<std::string>()).string()});
  if (!vm["sut-timeout"].defaulted())
    args.insert(args.end(), {"--sut-timeout", std::to_string(vm["sut-timeout"].as<double>())});
  if (!vm["mqtt-speed"].defaulted())
    args.insert(args.end(), {"--mqtt-speed", std::to_string(vm["mqtt-speed"].as<double>())});
  // The baseline talks to the same broker, with the same credentials.
  if (vm.count("mqtt-username"))
    args.insert(args.end(), {"--mqtt-username", vm["mqtt-username"].as<std::string>()});
  for (const char* name : {"mqtt-password-file", "mqtt-cafile", "mqtt-certfile", "mqtt-keyfile"}) {
    if (vm.count(name))
      args.insert(args.end(),
                  {std::string("--") + name, fs::absolute(vm[name].as<std::string>()).string()});
  }
  return args;
}

// Stale outputs of an earlier run in the same directory must not be mistaken for this run's.
void remove_previous_outputs(const fs::path& dir) {
  std::error_code ec;
  for (const char* f : {"events.pb", "report.json", "report.html", "audit.jsonl"})
    fs::remove(dir / f, ec);
}

// Records a scored run in the results store `history` reads (a failure to record is reported,
// not fatal: the run and its reports are already written).
void record_run(const po::variables_map& vm, const fs::path& out_dir, const fs::path& scenario_file,
                const scenario::Scenario& scenario, const experiments::ScoredRun& scored) {
  const fs::path parent = fs::absolute(out_dir).parent_path();
  const fs::path store_path = vm.count("store") ? fs::path(vm["store"].as<std::string>())
                                                : experiments::store_path_for(parent);
  std::string error;
  auto store = experiments::ResultsStore::open(store_path, &error);
  experiments::RunRecord rec;
  rec.scenario_file = scenario_file.string();
  rec.system_under_test = experiments::system_under_test(&scenario);
  rec.run_dir = out_dir.string();
  rec.passed = scored.passed();
  if (!store || !store->record(scored.score, rec, &error))
    std::cerr << "pharmatwin run: results store " << store_path.string() << ": " << error << "\n";
}

int run_run(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("seed", po::value<std::uint64_t>(),
                        "seed of every random stream (default: the scenario's run.seed)")(
      "out", po::value<std::string>(), "output directory (default: out/<scenario name>)")(
      "log-readings", "record every sensor reading in the event log")(
      "horizon", po::value<std::string>(), "simulated span instead of run.horizon, e.g. 2d")(
      "block", po::value<std::string>()->default_value("5m"),
      "readings are produced and delivered in blocks of this simulated span")(
      "detector", po::value<std::string>(),
      "detection system: in-process (default), none, external:<command>, tcp:<host:port>, "
      "mqtt:<host:port> (default: the scenario's systems.detection)")(
      "tt-system", po::value<std::string>(),
      "track-and-trace system: in-process (default), none, epcis, external:<command>, "
      "tcp:<host:port>")("policy", po::value<std::string>(),
                         "detection policy file replacing the one of its storage class")(
      "sut-timeout", po::value<double>()->default_value(30),
      "seconds an external system may take to answer")(
      "mqtt-speed", po::value<double>()->default_value(0),
      "MQTT binding: 0 = lock-step, else simulated seconds per wall second (1, 60, ...)")(
      "mqtt-username", po::value<std::string>(), "MQTT binding: username for the broker")(
      "mqtt-password-file", po::value<std::string>(),
      "MQTT binding: file whose first line is the password (kept off the command line)")(
      "mqtt-cafile", po::value<std::string>(),
      "MQTT binding: CA certificate (PEM) of the broker; turns TLS on")(
      "mqtt-certfile", po::value<std::string>(), "MQTT binding: client certificate (PEM) for TLS")(
      "mqtt-keyfile", po::value<std::string>(), "MQTT binding: client private key (PEM) for TLS")(
      "no-score", "write the event log only: no baseline, no scoring, no reports")(
      "fresh-baseline",
      "rerun the fault-free baseline even when OUT/baseline holds a matching one")(
      "grace", po::value<std::string>()->default_value("30m"),
      "alerts still count this long after a fault ends")("no-audit",
                                                         "do not write the audit trail")(
      "audit-key", po::value<std::string>(),
      "Ed25519 private key (PEM) that signs the audit trail (default: the site's key)")(
      "store", po::value<std::string>(),
      "results store the scored run is recorded in (default: results.sqlite beside OUT, where "
      "`history` finds it)")("no-store", "do not record the run in a results store")(
      "quiet,q", "no progress on stderr");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>()->required(), "scenario file")(
      "resolve-from", po::value<std::string>(),
      "directory that relative paths in the scenario are resolved from");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  int exit_code = kExitOk;
  auto vm = parse_options("run", "SCENARIO", visible, positional, hidden, args, exit_code);
  if (!vm) return exit_code;

  const fs::path path = (*vm)["scenario"].as<std::string>();
  auto loaded = scenarios::load_scenario(path);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
    return kExitBadInput;
  }
  const auto& scenario = loaded.scenario;
  const bool score = vm->count("no-score") == 0;
  sim::WorldOptions options;
  options.scenario_dir = vm->count("resolve-from")
                             ? fs::path((*vm)["resolve-from"].as<std::string>())
                             : path.parent_path();
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
    warn_dropped_faults(scenario, *h);
  }
  auto block = scenarios::parse_duration_s((*vm)["block"].as<std::string>(), &why);
  if (!block || *block <= 0) {
    std::cerr << "pharmatwin run: --block: " << (block ? "must be > 0" : why) << "\n";
    return kExitBadInput;
  }
  options.block_s = *block;
  const auto grace = scenarios::parse_duration_s((*vm)["grace"].as<std::string>(), &why);
  if (!grace || *grace < 0) {
    std::cerr << "pharmatwin run: --grace: " << (grace ? "must be >= 0" : why) << "\n";
    return kExitBadInput;
  }
  // Checked before anything is written.
  const double timeout_s = (*vm)["sut-timeout"].as<double>();
  if (!std::isfinite(timeout_s) || timeout_s < 0.001 || timeout_s > kMaxSutTimeoutS) {
    std::cerr << "pharmatwin run: --sut-timeout " << timeout_s
              << ": must be a number of seconds from 0.001 to " << kMaxSutTimeoutS << "\n";
    return kExitBadInput;
  }
  const double speed = (*vm)["mqtt-speed"].as<double>();
  if (!std::isfinite(speed) || speed < 0) {
    std::cerr << "pharmatwin run: --mqtt-speed " << speed
              << ": must be 0 (lock-step) or a positive finite number\n";
    return kExitBadInput;
  }
  // MQTT credentials and TLS files, checked before anything is written.
  struct {
    std::string username, password, ca_file, cert_file, key_file;
  } mqtt;
  std::error_code file_ec;
  if (vm->count("mqtt-username")) mqtt.username = (*vm)["mqtt-username"].as<std::string>();
  if (vm->count("mqtt-password-file")) {
    const std::string file = (*vm)["mqtt-password-file"].as<std::string>();
    std::ifstream in(file);
    if (!in || !std::getline(in, mqtt.password)) {
      std::cerr << "pharmatwin run: --mqtt-password-file: " << file
                << ": cannot read a password line\n";
      return kExitBadInput;
    }
    if (!mqtt.password.empty() && mqtt.password.back() == '\r') mqtt.password.pop_back();
  }
  for (const auto& [flag, field] :
       {std::pair{"mqtt-cafile", &mqtt.ca_file}, std::pair{"mqtt-certfile", &mqtt.cert_file},
        std::pair{"mqtt-keyfile", &mqtt.key_file}}) {
    if (!vm->count(flag)) continue;
    const fs::path file = (*vm)[flag].as<std::string>();
    if (!fs::is_regular_file(file, file_ec)) {
      std::cerr << "pharmatwin run: --" << flag << ": " << file.string() << ": no such file\n";
      return kExitBadInput;
    }
    *field = fs::absolute(file).string();
  }
  // The signing key is checked before the run, not after it.
  std::shared_ptr<const experiments::SigningKey> audit_key;
  if (score && vm->count("no-audit") == 0 && vm->count("audit-key")) {
    audit_key = experiments::SigningKey::load((*vm)["audit-key"].as<std::string>(), &why);
    if (!audit_key) {
      std::cerr << "pharmatwin run: --audit-key: " << why << "\n";
      return kExitBadInput;
    }
  }
  const std::string name = scenario.name().empty() ? path.stem().string() : scenario.name();
  options.out_dir =
      vm->count("out") ? fs::path((*vm)["out"].as<std::string>()) : fs::path("out") / name;
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  remove_previous_outputs(options.out_dir);
  options.stop_requested = experiments::InterruptGuard::flag();

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
  const auto timeout =
      std::chrono::milliseconds(static_cast<long long>(std::ceil(timeout_s * 1000)));
  context.sut.handshake_timeout = context.sut.step_timeout = timeout;
  context.mqtt_speed = speed;
  context.mqtt_username = mqtt.username;
  context.mqtt_password = mqtt.password;
  context.mqtt_ca_file = mqtt.ca_file;
  context.mqtt_cert_file = mqtt.cert_file;
  context.mqtt_key_file = mqtt.key_file;
  // Channel faults are played by the bindings: the scenario's READINGS and DECISIONS faults wrap
  // the detection binding, SERIALIZATION and DECISIONS ones the track-and-trace binding.
  const auto detection_binding =
      vm->count("detector") ? adapters::parse_binding_flag((*vm)["detector"].as<std::string>())
                            : scenario.systems().detection();
  const auto tt_binding = vm->count("tt-system")
                              ? adapters::parse_binding_flag((*vm)["tt-system"].as<std::string>())
                              : scenario.systems().serialization();

  // A scenario without faults is its own baseline.
  std::optional<BaselineRun> baseline;
  if (score && scenario.faults_size() > 0) {
    baseline.emplace(BaselineRun::prepare(scenario, options.scenario_dir,
                                          options.out_dir / "baseline", seed, baseline_args(*vm)));
    if (vm->count("fresh-baseline") && baseline->cached()) {
      fs::remove(baseline->dir() / "baseline.key", ec);
      baseline.emplace(BaselineRun::prepare(
          scenario, options.scenario_dir, options.out_dir / "baseline", seed, baseline_args(*vm)));
    }
  }
  const bool baseline_alongside = baseline && !baseline->cached() &&
                                  can_run_alongside(detection_binding) &&
                                  can_run_alongside(tt_binding);
  if (baseline_alongside && !baseline->start(&error)) {
    std::cerr << "pharmatwin run: " << error << "\n";
    return kExitFailed;
  }
  sim::RunSummary summary;
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
      std::cerr << "[run] detection: " << detection.description
                << "; track-and-trace: " << tt.description << "\n";
    }
    {
      // Ctrl-C stops the world at the next block; outside the world run it acts as usual.
      experiments::InterruptGuard guard;
      summary = world->run();
    }
    print_world_summary({name, seed, options.out_dir}, *world, summary, std::cout);
    std::cout << "systems: detection " << detection.description << ", track-and-trace "
              << tt.description << "\n";
  } catch (const adapters::SutError& e) {
    // The world is destroyed on the way out, which closes the event log with what it holds.
    world.reset();
    std::cerr << "pharmatwin run: system under test failed (" << adapters::to_string(e.kind())
              << "): " << e.what() << "\n";
    return kExitFailed;
  }
  world.reset();  // closes the event log before it is scored
  if (summary.stopped && summary.stop_kind == "interrupted") {
    std::cerr << "pharmatwin run: interrupted at t+"
              << experiments::format_duration(summary.stopped_at_s) << "; the event log "
              << (options.out_dir / "events.pb").string()
              << " holds the run up to then (not scored)\n";
    return kExitInterrupted;
  }
  if (summary.stopped) {
    // The log holds the run up to the failure and a RunEnd saying why; `score` still reads it.
    std::cerr << "pharmatwin run: the " << summary.stop_system << " system failed ("
              << summary.stop_kind << ") at t+"
              << experiments::format_duration(summary.stopped_at_s) << ": " << summary.stop_message
              << "; the event log " << (options.out_dir / "events.pb").string()
              << " holds the run up to then\n";
    return kExitFailed;
  }
  if (!score) return kExitOk;

  bool baseline_ok = true;
  if (baseline) {
    if (baseline->cached()) {
      if (options.progress)
        std::cerr << "[run] baseline: reusing " << baseline->dir().string() << "\n";
    } else if (!baseline_alongside) {
      if (options.progress)
        std::cerr << "[run] baseline: running the scenario without its faults\n";
      baseline_ok = baseline->start(&error);
    }
    baseline_ok = baseline_ok && baseline->wait(&error);
    if (!baseline_ok) std::cerr << "pharmatwin run: " << error << "; scoring without a baseline\n";
  }

  experiments::ScoreRequest request;
  request.run_dir = options.out_dir;
  if (baseline_ok) request.baseline_dir = baseline ? baseline->dir() : options.out_dir;
  request.scenario = &scenario;
  request.scenario_file = path.string();
  request.options.grace_s = *grace;
  request.write_audit = vm->count("no-audit") == 0;
  request.audit_key = audit_key;
  const auto scored = experiments::score_run_dir(request);
  if (!scored.ok()) {
    std::cerr << "pharmatwin run: scoring: " << scored.error << "\n";
    return kExitFailed;
  }
  std::cout << "\n";
  experiments::print_summary(std::cout, scored.score, scored.expectations);
  std::cout << "reports: " << (options.out_dir / "report.json").string() << ", "
            << (options.out_dir / "report.html").string() << "\n";
  if (!vm->count("no-store")) record_run(*vm, options.out_dir, path, scenario, scored);
  return scored.passed() && baseline_ok ? kExitOk : kExitFailed;
}

const Registrar registrar{
    {"run",
     "run a scenario with its systems under test and its baseline, score it and print the headline",
     &run_run}};

}  // namespace
}  // namespace pharmatwin::app
