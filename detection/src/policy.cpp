#include "pharmatwin/detection/policy.hpp"

#include <cmath>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

namespace pharmatwin::detection {

using json = nlohmann::json;

std::string PolicyError::to_string() const {
  std::ostringstream out;
  out << file;
  if (line > 0) out << ":" << line << ":" << column;
  out << ": ";
  if (!path.empty()) out << path << ": ";
  out << message;
  return out.str();
}

Route default_route(AlertType type) {
  switch (type) {
    case AlertType::kExcursionHigh:
    case AlertType::kExcursionLow:
      return {Team::kQuality, 1};
    case AlertType::kExcursionSuppressed:
      return {Team::kMaintenance, 3};
    case AlertType::kRateOfChange:
      return {Team::kWarehouseSupervisor, 2};
    case AlertType::kEarlyWarning:
      return {Team::kWarehouseSupervisor, 1};
    case AlertType::kHvacFailure:
    case AlertType::kPowerFailure:
      return {Team::kMaintenance, 1};
    case AlertType::kDegradedCooling:
      return {Team::kMaintenance, 2};
    case AlertType::kDoorOpen:
      return {Team::kWarehouseSupervisor, 2};
    case AlertType::kMktExceeded:
    case AlertType::kExcursionNotAllowed:
    case AlertType::kStabilityBudget:
      return {Team::kQuality, 1};
    case AlertType::kCommunicationLoss:
      return {Team::kMaintenance, 2};
    case AlertType::kStuckSensor:
    case AlertType::kSensorBias:
    case AlertType::kSensorDrift:
      return {Team::kMaintenance, 3};
    case AlertType::kCalibrationDue:
      return {Team::kCompliance, 4};
    case AlertType::kBaselineAnomaly:
      return {Team::kWarehouseSupervisor, 3};
  }
  return {};
}

namespace {

// Best-effort line/column of the value at a JSON pointer: follows the keys in order through the
// text. Good enough to point a QA manager at the right line of a hand-written file.
void locate(std::string_view text, const std::string& pointer, int& line, int& column) {
  std::size_t pos = 0;
  std::size_t start = 1;
  while (start <= pointer.size()) {
    std::size_t end = pointer.find('/', start);
    if (end == std::string::npos) end = pointer.size();
    const std::string key = "\"" + pointer.substr(start, end - start) + "\"";
    const std::size_t found = text.find(key, pos);
    if (found == std::string_view::npos) break;
    pos = found;
    start = end + 1;
  }
  line = 1;
  column = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
}

class Reader {
 public:
  Reader(std::string_view text, std::string name, std::vector<PolicyError>& errors)
      : text_(text), name_(std::move(name)), errors_(errors) {}

  void error(const std::string& path, const std::string& message) {
    PolicyError e;
    e.file = name_;
    e.path = path;
    e.message = message;
    locate(text_, path, e.line, e.column);
    errors_.push_back(std::move(e));
  }

  // Reports keys of `object` that are not in `known` (catches typos such as "hi_delay").
  void only_keys(const json& object, const std::string& path,
                 std::initializer_list<std::string_view> known) {
    for (const auto& item : object.items()) {
      bool ok = false;
      for (auto k : known) ok = ok || item.key() == k;
      if (!ok) error(path + "/" + item.key(), "unknown key");
    }
  }

  // Returns the object at `key` or nullptr (absent). Reports a non-object.
  const json* object(const json& parent, const std::string& path, const char* key) {
    auto it = parent.find(key);
    if (it == parent.end()) return nullptr;
    if (!it->is_object()) {
      error(path + "/" + key, "expected an object");
      return nullptr;
    }
    return &*it;
  }

  void number(const json& parent, const std::string& path, const char* key, double& out,
              double min = -std::numeric_limits<double>::infinity(),
              double max = std::numeric_limits<double>::infinity()) {
    auto it = parent.find(key);
    if (it == parent.end()) return;
    if (!it->is_number()) {
      error(path + "/" + key, "expected a number");
      return;
    }
    const double value = it->get<double>();
    if (!std::isfinite(value) || value < min || value > max) {
      std::ostringstream message;
      message << "value " << value << " out of range [" << min << ", " << max << "]";
      error(path + "/" + key, message.str());
      return;
    }
    out = value;
  }

  void integer(const json& parent, const std::string& path, const char* key, int& out, int min,
               int max) {
    double value = out;
    number(parent, path, key, value, min, max);
    if (value != std::floor(value)) {
      error(path + "/" + key, "expected a whole number");
      return;
    }
    out = static_cast<int>(value);
  }

  // A duration in the unit of the key's suffix, stored in milliseconds; must be >= 0.
  void duration(const json& parent, const std::string& path, const char* key, TimeMs& out,
                TimeMs unit_ms, double max_units = 1e7) {
    double value = static_cast<double>(out) / static_cast<double>(unit_ms);
    number(parent, path, key, value, 0.0, max_units);
    out = static_cast<TimeMs>(std::llround(value * static_cast<double>(unit_ms)));
  }

  void boolean(const json& parent, const std::string& path, const char* key, bool& out) {
    auto it = parent.find(key);
    if (it == parent.end()) return;
    if (!it->is_boolean()) {
      error(path + "/" + key, "expected true or false");
      return;
    }
    out = it->get<bool>();
  }

  void string(const json& parent, const std::string& path, const char* key, std::string& out,
              bool required) {
    auto it = parent.find(key);
    if (it == parent.end()) {
      if (required) error(path + "/" + key, "missing (required)");
      return;
    }
    if (!it->is_string() || it->get<std::string>().empty()) {
      error(path + "/" + key, "expected a non-empty string");
      return;
    }
    out = it->get<std::string>();
  }

 private:
  std::string_view text_;
  std::string name_;
  std::vector<PolicyError>& errors_;
};

void read_level(Reader& r, const json& parent, const std::string& path, const char* key,
                LevelPolicy& level) {
  auto it = parent.find(key);
  if (it == parent.end()) return;
  const std::string here = path + "/" + key;
  if (it->is_null()) {
    level.enabled = false;
    return;
  }
  if (!it->is_object()) {
    r.error(here, "expected an object {\"limit\": ..., \"delay_s\": ...} or null");
    return;
  }
  r.only_keys(*it, here, {"limit", "delay_s"});
  if (!it->contains("limit")) {
    r.error(here + "/limit", "missing (required)");
    return;
  }
  level.enabled = true;
  r.number(*it, here, "limit", level.limit, -273.15, 1000.0);
  r.duration(*it, here, "delay_s", level.delay_ms, kMsPerSecond);
}

void read_thresholds(Reader& r, const json& section, const std::string& path, ThresholdPolicy& t) {
  r.only_keys(section, path,
              {"lolo", "lo", "hi", "hihi", "delay_mode", "cumulative_reset_s", "off_margin"});
  read_level(r, section, path, "lolo", t.lolo);
  read_level(r, section, path, "lo", t.lo);
  read_level(r, section, path, "hi", t.hi);
  read_level(r, section, path, "hihi", t.hihi);
  if (auto it = section.find("delay_mode"); it != section.end()) {
    if (*it == "reset") {
      t.delay_mode = DelayMode::kReset;
    } else if (*it == "cumulative") {
      t.delay_mode = DelayMode::kCumulative;
    } else {
      r.error(path + "/delay_mode", "expected \"reset\" or \"cumulative\"");
    }
  }
  r.duration(section, path, "cumulative_reset_s", t.cumulative_reset_ms, kMsPerSecond);
  r.number(section, path, "off_margin", t.off_margin, 0.0, 100.0);
  // Levels must nest: LoLo < Lo < Hi < HiHi wherever both are set.
  const LevelPolicy* order[] = {&t.lolo, &t.lo, &t.hi, &t.hihi};
  const char* names[] = {"lolo", "lo", "hi", "hihi"};
  for (int i = 0; i < 4; ++i) {
    for (int j = i + 1; j < 4; ++j) {
      if (order[i]->enabled && order[j]->enabled && !(order[i]->limit < order[j]->limit)) {
        r.error(path + "/" + names[j], std::string("limit must be above ") + names[i]);
      }
    }
  }
}

void read_routing(Reader& r, const json& section, const std::string& path, Policy& policy) {
  for (const auto& item : section.items()) {
    const std::string here = path + "/" + item.key();
    AlertType type;
    if (!parse_alert_type(item.key(), type)) {
      r.error(here, "unknown alert type");
      continue;
    }
    if (!item.value().is_object()) {
      r.error(here, "expected an object {\"team\": ..., \"priority\": ...}");
      continue;
    }
    r.only_keys(item.value(), here, {"team", "priority"});
    Route& route = policy.routing[static_cast<int>(type)];
    std::string team;
    r.string(item.value(), here, "team", team, false);
    if (!team.empty() && !parse_team(team, route.team)) {
      r.error(here + "/team",
              "unknown team (quality, warehouse_supervisor, maintenance, compliance)");
    }
    r.integer(item.value(), here, "priority", route.priority, 1, 5);
  }
}

void read_policy(Reader& r, const json& root, Policy& p) {
  r.only_keys(root, "",
              {"schema", "version", "storage_class", "description", "range_c", "zone_period_s",
               "temperature", "humidity", "rate_of_change", "early_warning", "hvac", "door", "mkt",
               "stability_budget", "sensor_health", "baseline", "data_quality", "routing"});
  r.string(root, "", "version", p.version, true);
  r.string(root, "", "storage_class", p.storage_class, true);
  r.string(root, "", "description", p.description, false);
  if (const json* s = r.object(root, "", "range_c")) {
    r.only_keys(*s, "/range_c", {"min", "max"});
    r.number(*s, "/range_c", "min", p.range_min_c, -273.15, 1000.0);
    r.number(*s, "/range_c", "max", p.range_max_c, -273.15, 1000.0);
    if (!(p.range_min_c < p.range_max_c)) r.error("/range_c/max", "must be above min");
  }
  r.duration(root, "", "zone_period_s", p.zone_period_ms, kMsPerSecond, 86400.0);
  if (p.zone_period_ms < kMsPerSecond) r.error("/zone_period_s", "must be at least 1 s");
  if (const json* s = r.object(root, "", "temperature"))
    read_thresholds(r, *s, "/temperature", p.temperature);
  if (const json* s = r.object(root, "", "humidity")) {
    p.humidity.emplace();
    read_thresholds(r, *s, "/humidity", *p.humidity);
  }
  if (const json* s = r.object(root, "", "rate_of_change")) {
    const std::string at = "/rate_of_change";
    r.only_keys(*s, at, {"enabled", "max_c_per_min", "window_s", "clear_ratio"});
    r.boolean(*s, at, "enabled", p.rate.enabled);
    r.number(*s, at, "max_c_per_min", p.rate.max_c_per_min, 1e-6, 1000.0);
    r.duration(*s, at, "window_s", p.rate.window_ms, kMsPerSecond);
    r.number(*s, at, "clear_ratio", p.rate.clear_ratio, 0.0, 1.0);
    if (p.rate.window_ms < 8 * kMsPerSecond) r.error(at + "/window_s", "must be at least 8 s");
  }
  if (const json* s = r.object(root, "", "early_warning")) {
    const std::string at = "/early_warning";
    r.only_keys(*s, at, {"enabled", "horizon_s", "time_constant_s", "min_slope_c_per_min"});
    r.boolean(*s, at, "enabled", p.early_warning.enabled);
    r.duration(*s, at, "horizon_s", p.early_warning.horizon_ms, kMsPerSecond);
    r.duration(*s, at, "time_constant_s", p.early_warning.time_constant_ms, kMsPerSecond);
    r.number(*s, at, "min_slope_c_per_min", p.early_warning.min_slope_c_per_min, 0.0, 100.0);
    if (p.early_warning.time_constant_ms <= 0) r.error(at + "/time_constant_s", "must be > 0");
  }
  if (const json* s = r.object(root, "", "hvac")) {
    const std::string at = "/hvac";
    r.only_keys(*s, at,
                {"enabled", "warming_c_per_min", "warming_for_s", "cycle_min_amplitude_c",
                 "cycle_stop_factor", "telemetry_off_max_s", "slow_recovery_factor"});
    r.boolean(*s, at, "enabled", p.hvac.enabled);
    r.number(*s, at, "warming_c_per_min", p.hvac.warming_c_per_min, 1e-6, 100.0);
    r.duration(*s, at, "warming_for_s", p.hvac.warming_for_ms, kMsPerSecond);
    r.number(*s, at, "cycle_min_amplitude_c", p.hvac.cycle_min_amplitude_c, 1e-3, 100.0);
    r.number(*s, at, "cycle_stop_factor", p.hvac.cycle_stop_factor, 1.0, 1000.0);
    r.duration(*s, at, "telemetry_off_max_s", p.hvac.telemetry_off_max_ms, kMsPerSecond);
    r.number(*s, at, "slow_recovery_factor", p.hvac.slow_recovery_factor, 1.0, 1000.0);
  }
  if (const json* s = r.object(root, "", "door")) {
    const std::string at = "/door";
    r.only_keys(*s, at,
                {"enabled", "spike_rise_c", "spike_window_s", "spike_mads", "recovery_s",
                 "max_open_s", "routine_open_factor"});
    r.boolean(*s, at, "enabled", p.door.enabled);
    r.number(*s, at, "spike_rise_c", p.door.spike_rise_c, 1e-3, 100.0);
    r.duration(*s, at, "spike_window_s", p.door.spike_window_ms, kMsPerSecond);
    r.duration(*s, at, "recovery_s", p.door.recovery_ms, kMsPerSecond);
    r.duration(*s, at, "max_open_s", p.door.max_open_ms, kMsPerSecond);
    r.number(*s, at, "spike_mads", p.door.spike_mads, 0.0, 100.0);
    r.number(*s, at, "routine_open_factor", p.door.routine_open_factor, 0.0, 100.0);
  }
  if (const json* s = r.object(root, "", "mkt")) {
    const std::string at = "/mkt";
    r.only_keys(*s, at, {"enabled", "window_h", "limit_c", "min_coverage", "allowed_excursion"});
    r.boolean(*s, at, "enabled", p.mkt.enabled);
    r.duration(*s, at, "window_h", p.mkt.window_ms, kMsPerHour, 24.0 * 366);
    r.number(*s, at, "limit_c", p.mkt.limit_c, -100.0, 100.0);
    r.number(*s, at, "min_coverage", p.mkt.min_coverage, 0.0, 1.0);
    if (p.mkt.window_ms < kMsPerHour) r.error(at + "/window_h", "must be at least 1 h");
    if (const json* a = r.object(*s, at, "allowed_excursion")) {
      const std::string here = at + "/allowed_excursion";
      r.only_keys(*a, here, {"enabled", "max_c", "spike_max_c", "spike_max_h"});
      r.boolean(*a, here, "enabled", p.mkt.allowed_excursion_enabled);
      r.number(*a, here, "max_c", p.mkt.allowed_max_c, -100.0, 100.0);
      r.number(*a, here, "spike_max_c", p.mkt.spike_max_c, -100.0, 100.0);
      r.duration(*a, here, "spike_max_h", p.mkt.spike_max_ms, kMsPerHour);
      if (!(p.mkt.allowed_max_c < p.mkt.spike_max_c)) {
        r.error(here + "/spike_max_c", "must be above max_c");
      }
    }
  }
  if (const json* s = r.object(root, "", "stability_budget")) {
    const std::string at = "/stability_budget";
    r.only_keys(*s, at, {"enabled", "warn_share"});
    r.boolean(*s, at, "enabled", p.budget.enabled);
    r.number(*s, at, "warn_share", p.budget.warn_share, 0.0, 1.0);
  }
  if (const json* s = r.object(root, "", "sensor_health")) {
    const std::string at = "/sensor_health";
    auto& h = p.health;
    r.only_keys(*s, at, {"comm_timeout_s", "stuck", "redundancy", "calibration_warn_days"});
    r.duration(*s, at, "comm_timeout_s", h.comm_timeout_ms, kMsPerSecond);
    if (h.comm_timeout_ms <= 0) r.error(at + "/comm_timeout_s", "must be > 0");
    r.duration(*s, at, "calibration_warn_days", h.calibration_warn_ms, kMsPerDay, 3650.0);
    if (const json* t = r.object(*s, at, "stuck")) {
      const std::string here = at + "/stuck";
      r.only_keys(*t, here, {"enabled", "tolerance", "for_h"});
      r.boolean(*t, here, "enabled", h.stuck_enabled);
      r.number(*t, here, "tolerance", h.stuck_tolerance, 0.0, 100.0);
      r.duration(*t, here, "for_h", h.stuck_for_ms, kMsPerHour);
    }
    if (const json* t = r.object(*s, at, "redundancy")) {
      const std::string here = at + "/redundancy";
      r.only_keys(*t, here,
                  {"enabled", "min_sensors", "residual_sigma", "residual_sigma_min", "cusum_k",
                   "cusum_h", "bias_limit", "learn_samples", "aggregate_periods",
                   "suppress_suspect_excursions", "product_lag_s"});
      r.boolean(*t, here, "enabled", h.redundancy_enabled);
      r.integer(*t, here, "min_sensors", h.min_sensors, 3, 64);
      r.number(*t, here, "residual_sigma", h.residual_sigma, 1e-6, 100.0);
      r.number(*t, here, "residual_sigma_min", h.residual_sigma_min, 1e-6, 100.0);
      r.number(*t, here, "cusum_k", h.cusum_k, 0.0, 100.0);
      r.number(*t, here, "cusum_h", h.cusum_h, 1e-6, 1000.0);
      r.number(*t, here, "bias_limit", h.bias_limit, 1e-6, 100.0);
      r.integer(*t, here, "learn_samples", h.learn_samples, 0, 100000);
      r.integer(*t, here, "aggregate_periods", h.aggregate_periods, 1, 1440);
      r.boolean(*t, here, "suppress_suspect_excursions", h.suppress_suspect_excursions);
      r.duration(*t, here, "product_lag_s", h.product_lag_ms, kMsPerSecond, 7.0 * 86400);
    }
  }
  if (const json* s = r.object(root, "", "baseline")) {
    const std::string at = "/baseline";
    auto& b = p.baseline;
    r.only_keys(*s, at,
                {"enabled", "learn_days", "z_threshold", "min_periods", "min_sigma_c",
                 "short_cycle_ratio"});
    r.boolean(*s, at, "enabled", b.enabled);
    r.duration(*s, at, "learn_days", b.learn_ms, kMsPerDay, 366.0);
    r.number(*s, at, "z_threshold", b.z_threshold, 0.5, 100.0);
    r.integer(*s, at, "min_periods", b.min_periods, 1, 100000);
    r.number(*s, at, "min_sigma_c", b.min_sigma_c, 1e-6, 100.0);
    r.number(*s, at, "short_cycle_ratio", b.short_cycle_ratio, 0.0, 1.0);
  }
  if (const json* s = r.object(root, "", "data_quality")) {
    const std::string at = "/data_quality";
    r.only_keys(*s, at, {"late_after_s", "backfill_gap_s"});
    r.duration(*s, at, "late_after_s", p.data_quality.late_after_ms, kMsPerSecond);
    r.duration(*s, at, "backfill_gap_s", p.data_quality.backfill_gap_ms, kMsPerSecond);
  }
  if (const json* s = r.object(root, "", "routing")) read_routing(r, *s, "/routing", p);
}

}  // namespace

PolicyLoad parse_policy(std::string_view text, const std::string& name) {
  PolicyLoad result;
  for (int i = 0; i < kAlertTypeCount; ++i) {
    result.policy.routing[i] = default_route(static_cast<AlertType>(i));
  }
  // Defaults of the controlled-room-temperature class; files override what they set.
  auto& t = result.policy.temperature;
  t.lo = {true, 15.0, 15 * kMsPerMinute};
  t.hi = {true, 25.0, 15 * kMsPerMinute};
  t.hihi = {true, 30.0, 5 * kMsPerMinute};
  json root;
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    PolicyError error;
    error.file = name;
    // Turn the byte offset of the syntax error into line and column.
    const std::size_t at = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    error.line = 1;
    error.column = 1;
    for (std::size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') {
        ++error.line;
        error.column = 1;
      } else {
        ++error.column;
      }
    }
    std::string what = e.what();
    const auto colon = what.find("syntax error");
    error.message = colon == std::string::npos ? what : what.substr(colon);
    result.errors.push_back(std::move(error));
    return result;
  }
  if (!root.is_object()) {
    result.errors.push_back({name, 1, 1, "", "a policy must be a JSON object"});
    return result;
  }
  Reader reader(text, name, result.errors);
  read_policy(reader, root, result.policy);
  return result;
}

PolicyLoad load_policy(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    PolicyLoad result;
    result.errors.push_back({path.string(), 0, 0, "", "cannot open file"});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_policy(text.str(), path.string());
}

}  // namespace pharmatwin::detection
