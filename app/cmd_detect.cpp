// `pharmatwin detect --policy POLICY readings.csv`: runs the environmental detection engine over
// recorded readings (timestamp,site,zone,sensor,kind,value) and writes alert lifecycle events as
// CSV or JSON lines, and each temperature sensor's rolling MKT at the end of the input (on
// stderr, and as CSV with --mkt). An input without a single usable row is refused (exit 2).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "options.hpp"
#include "pharmatwin/detection/alert_writer.hpp"
#include "pharmatwin/detection/engine.hpp"
#include "pharmatwin/detection/policy.hpp"
#include "pharmatwin/detection/replay.hpp"

namespace pharmatwin::app {
namespace {

namespace det = pharmatwin::detection;

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// One line per temperature sensor: its rolling MKT over the policy window ending at its newest
// reading's hold (empty mkt_c when it has no data).
std::string mkt_csv(const det::Engine& engine) {
  std::ostringstream out;
  out << "site,zone,sensor,placement,window_h,mkt_c,coverage,end\n";
  for (det::SensorId id = 0; id < engine.sensor_count(); ++id) {
    const auto& sensor = engine.sensor(id);
    if (sensor.kind != det::SensorKind::kTemperature) continue;
    const auto& zone = engine.zone(sensor.zone);
    const auto health = engine.sensor_health(id);
    const double window_h =
        static_cast<double>(engine.zone_policy(sensor.zone).mkt.window_ms) / det::kMsPerHour;
    out << zone.site << "," << zone.name << "," << sensor.name << ","
        << (sensor.placement == det::Placement::kProduct ? "product" : "air") << ","
        << fixed(window_h, 0) << "," << (std::isnan(health.mkt_c) ? "" : fixed(health.mkt_c, 3))
        << "," << fixed(health.mkt_coverage, 3) << ","
        << (health.mkt_end_ms == det::kNoTime ? "" : det::format_iso8601(health.mkt_end_ms))
        << "\n";
  }
  return out.str();
}

int run_detect(const std::vector<std::string>& args) {
  po::options_description visible("options");
  visible.add_options()("policy", po::value<std::string>()->required(),
                        "detection policy file (JSON), e.g. data/policies/refrigerated.json")(
      "format", po::value<std::string>()->default_value("csv"), "alert output: csv or jsonl")(
      "out", po::value<std::string>(), "write alerts to this file (default: stdout)")(
      "on-bad-row", po::value<std::string>()->default_value("skip"),
      "skip: report bad rows and go on; reject: report and refuse the whole input")(
      "sensors", po::value<std::string>(),
      "sensor list site,zone,sensor,kind[,calibration_due]: registers them up front, other "
      "sensors become bad rows")("lots", po::value<std::string>(),
                                 "lots site,zone,lot,budget_h[,min_c,max_c]")(
      "max-backwards", po::value<double>()->default_value(360.0),
      "minutes a row may go back in time before it is a bad row")(
      "until", po::value<std::string>(),
      "advance the engine clock to this ISO-8601 time at the end, so timeouts can fire")(
      "mkt", po::value<std::string>(),
      "write each temperature sensor's rolling MKT at the end of the input to this CSV file "
      "(site,zone,sensor,placement,window_h,mkt_c,coverage,end)")("quiet,q",
                                                                  "no summary on stderr");
  po::options_description hidden;
  hidden.add_options()("readings", po::value<std::string>()->required(),
                       "readings CSV ('-' = stdin)");
  po::positional_options_description positional;
  positional.add("readings", 1);
  int exit_code = kExitOk;
  auto vm = parse_options("detect", "--policy POLICY [options] READINGS.csv", visible, positional,
                          hidden, args, exit_code);
  if (!vm) return exit_code;

  const std::string format_name = (*vm)["format"].as<std::string>();
  if (format_name != "csv" && format_name != "jsonl") {
    std::cerr << "pharmatwin detect: --format must be csv or jsonl\n";
    return kExitBadInput;
  }
  const std::string bad_row = (*vm)["on-bad-row"].as<std::string>();
  if (bad_row != "skip" && bad_row != "reject") {
    std::cerr << "pharmatwin detect: --on-bad-row must be skip or reject\n";
    return kExitBadInput;
  }
  const double max_back_min = (*vm)["max-backwards"].as<double>();
  if (!(max_back_min >= 0.0) || max_back_min > 1e7) {
    std::cerr << "pharmatwin detect: --max-backwards must be a number of minutes >= 0\n";
    return kExitBadInput;
  }
  det::TimeMs until = det::kNoTime;
  if (vm->count("until")) {
    auto t = det::parse_iso8601_ms((*vm)["until"].as<std::string>());
    if (!t) {
      std::cerr << "pharmatwin detect: --until: not an ISO-8601 UTC time\n";
      return kExitBadInput;
    }
    until = *t;
  }

  const std::string policy_path = (*vm)["policy"].as<std::string>();
  det::PolicyLoad policy = det::load_policy(policy_path);
  if (!policy.ok()) {
    for (const auto& e : policy.errors) std::cerr << e.to_string() << "\n";
    return kExitBadInput;
  }
  det::Engine engine;
  const std::string storage_class = policy.policy.storage_class;
  if (auto error = engine.add_policy(std::move(policy.policy)); !error.empty()) {
    std::cerr << "pharmatwin detect: " << error << "\n";
    return kExitBadInput;
  }

  det::ReplayOptions options;
  options.on_bad_row = bad_row == "reject" ? det::BadRowPolicy::kReject : det::BadRowPolicy::kSkip;
  options.max_backwards_ms = static_cast<det::TimeMs>(max_back_min * det::kMsPerMinute);
  const std::string readings_path = (*vm)["readings"].as<std::string>();
  options.source = readings_path == "-" ? "<stdin>" : readings_path;
  det::Replay replay(engine, storage_class, options);

  std::vector<std::string> errors;
  if (vm->count("sensors")) {
    const std::string path = (*vm)["sensors"].as<std::string>();
    std::ifstream in(path);
    if (!in) {
      std::cerr << path << ": cannot open file\n";
      return kExitBadInput;
    }
    if (!replay.load_sensor_list(in, path, errors)) {
      for (const auto& e : errors) std::cerr << e << "\n";
      return kExitBadInput;
    }
  }
  if (vm->count("lots")) {
    const std::string path = (*vm)["lots"].as<std::string>();
    std::ifstream in(path);
    if (!in) {
      std::cerr << path << ": cannot open file\n";
      return kExitBadInput;
    }
    if (!replay.load_lots(in, path, errors)) {
      for (const auto& e : errors) std::cerr << e << "\n";
      return kExitBadInput;
    }
  }

  // Alerts are buffered so that a rejected input writes nothing.
  std::ostringstream buffer;
  det::AlertWriter writer(
      buffer, format_name == "csv" ? det::AlertFormat::kCsv : det::AlertFormat::kJsonl, engine);
  writer.header();
  engine.set_sink([&writer](const det::AlertEvent& event) { writer.write(event); });

  det::ReplayResult result;
  if (readings_path == "-") {
    result = replay.run(std::cin);
  } else {
    std::ifstream in(readings_path, std::ios::binary);
    if (!in) {
      std::cerr << readings_path << ": cannot open file\n";
      return kExitBadInput;
    }
    result = replay.run(in);
  }
  for (const auto& e : result.errors) std::cerr << e << "\n";
  if (result.bad_rows > result.errors.size()) {
    std::cerr << "... " << result.bad_rows - result.errors.size() << " more bad rows\n";
  }
  if (result.rejected) {
    std::cerr << "pharmatwin detect: input rejected (--on-bad-row reject)\n";
    return kExitBadInput;
  }
  if (result.readings + result.telemetry == 0) {
    std::cerr << "pharmatwin detect: " << options.source << ": no usable row (" << result.lines
              << " lines, " << result.bad_rows << " bad rows)\n";
    return kExitBadInput;
  }
  if (until != det::kNoTime) engine.advance_to(until);
  const std::string mkt_table = mkt_csv(engine);
  if (vm->count("mkt")) {
    const std::string path = (*vm)["mkt"].as<std::string>();
    std::ofstream out(path, std::ios::binary);
    if (!out || !(out << mkt_table) || !out.flush()) {
      std::cerr << path << ": cannot write file\n";
      return kExitFailed;
    }
  }

  if (vm->count("out")) {
    const std::string path = (*vm)["out"].as<std::string>();
    std::ofstream out(path, std::ios::binary);
    if (!out || !(out << buffer.str()) || !out.flush()) {
      std::cerr << path << ": cannot write file\n";
      return kExitFailed;
    }
  } else {
    std::cout << buffer.str();
  }
  if (!vm->count("quiet")) {
    const auto& stats = engine.stats();
    std::cerr << "detect: " << result.readings << " readings, " << result.telemetry
              << " telemetry rows, " << result.bad_rows << " bad rows skipped, "
              << engine.sensor_count() << " sensors in " << engine.zone_count() << " zones; "
              << stats.missing_values << " missing values, " << stats.duplicates
              << " duplicates ignored, " << stats.backfilled << " backfilled; " << writer.written()
              << " alert events\n";
    for (det::SensorId id = 0; id < engine.sensor_count(); ++id) {
      const auto& sensor = engine.sensor(id);
      if (sensor.kind != det::SensorKind::kTemperature) continue;
      const auto health = engine.sensor_health(id);
      if (std::isnan(health.mkt_c)) continue;
      std::cerr << "MKT " << engine.zone(sensor.zone).name << "/" << sensor.name << ": "
                << fixed(health.mkt_c, 2) << " °C over "
                << fixed(static_cast<double>(engine.zone_policy(sensor.zone).mkt.window_ms) /
                             det::kMsPerHour,
                         0)
                << " h (" << fixed(100.0 * health.mkt_coverage, 0) << " % covered)\n";
    }
  }
  return kExitOk;
}

static const Registrar reg{
    {"detect", "run the detection engine over recorded readings (CSV)", &run_detect}};

}  // namespace
}  // namespace pharmatwin::app
