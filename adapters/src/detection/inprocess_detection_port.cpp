#include "pharmatwin/adapters/inprocess_detection_port.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pharmatwin::adapters {

std::string storage_class_for_range(double min_c, double max_c) {
  if (max_c <= -10 + 1e-9) return "frozen";
  if (min_c >= 0 && max_c <= 8 + 1e-9) return "refrigerated";
  if (max_c <= 15 + 1e-9) return "cool";
  return "crt";
}

std::filesystem::path default_policies_dir() {
  std::error_code ec;
  if (std::filesystem::is_directory("data/policies", ec)) return "data/policies";
  return PHARMATWIN_DEFAULT_POLICY_DIR;
}

PolicySet load_policy_set(const std::filesystem::path& dir,
                          const std::vector<std::filesystem::path>& overrides) {
  PolicySet set;
  auto add = [&set](const std::filesystem::path& path) {
    auto loaded = detection::load_policy(path);
    if (!loaded.ok()) {
      for (const auto& e : loaded.errors) set.errors.push_back(e.to_string());
      return;
    }
    auto same = std::find_if(set.policies.begin(), set.policies.end(), [&](const auto& p) {
      return p.storage_class == loaded.policy.storage_class;
    });
    if (same != set.policies.end())
      *same = std::move(loaded.policy);
    else
      set.policies.push_back(std::move(loaded.policy));
  };
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) set.errors.push_back(dir.string() + ": cannot list the policy folder: " + ec.message());
  std::sort(files.begin(), files.end());  // deterministic
  for (const auto& f : files) add(f);
  for (const auto& f : overrides) add(f);
  return set;
}

InProcessDetectionPort::InProcessDetectionPort(
    std::vector<detection::Policy> policies,
    std::map<std::string, std::string> zone_storage_classes)
    : policies_(std::move(policies)), zone_classes_(std::move(zone_storage_classes)) {}

detection::TimeMs InProcessDetectionPort::to_ms(double sim_time_s) const {
  return start_ms_ + std::llround(sim_time_s * 1000.0);
}

double InProcessDetectionPort::to_sim_s(detection::TimeMs time_ms) const {
  return static_cast<double>(time_ms - start_ms_) / 1000.0;
}

void InProcessDetectionPort::bind(const SiteLayout& layout) {
  layout_ = layout;
  start_ms_ = std::llround(layout.start_epoch_s * 1000.0);
  for (auto& p : policies_) {
    const std::string error = engine_.add_policy(p);
    if (!error.empty()) throw std::runtime_error("detection policy " + p.version + ": " + error);
  }
  for (std::size_t z = 0; z < layout.zones.size(); ++z) {
    const auto& zone = layout.zones[z];
    const auto named = zone_classes_.find(zone.name);
    std::string cls = named != zone_classes_.end() ? named->second : std::string();
    if (cls.empty()) cls = storage_class_for_range(zone.min_c, zone.max_c);
    const auto registered = engine_.add_zone({layout.site_name, zone.name, cls});
    if (!registered.ok()) {
      throw std::runtime_error("zone " + zone.name + " (storage class " + cls +
                               "): " + registered.error);
    }
  }
  for (const auto& sensor : layout.sensors) {
    detection::SensorConfig config;
    config.name = sensor.name;
    config.zone = sensor.zone;
    if (sensor.kind == SensorKind::kProductSimulant)
      config.placement = detection::Placement::kProduct;
    const auto registered = engine_.add_sensor(config);
    if (!registered.ok())
      throw std::runtime_error("sensor " + sensor.name + ": " + registered.error);
  }
  last_telemetry_.assign(layout.zones.size(), 0);
  door_open_first_ms_.assign(layout.zones.size(), kNoDoorSample);
}

namespace {
constexpr detection::TimeMs kNoBudgetMs = std::int64_t{1} << 60;
}  // namespace

void InProcessDetectionPort::on_zone_stock(std::span<const ZoneStock> stock) {
  // The engine keeps each lot's budget across re-sent lists and moves: every list goes through.
  std::vector<detection::Lot> lots;
  for (const auto& zone : stock) {
    if (zone.zone >= layout_.zones.size()) continue;
    lots.clear();
    for (const auto& lot : zone.lots) {
      detection::Lot l;
      l.id = lot.lot;
      // No known budget: nothing to run out (the engine would count 0 as spent at once).
      l.budget_ms = lot.budget_s > 0 ? std::llround(lot.budget_s * 1000.0) : kNoBudgetMs;
      if (lot.max_c > lot.min_c) {
        l.min_c = lot.min_c;
        l.max_c = lot.max_c;
      }
      lots.push_back(std::move(l));
    }
    engine_.set_lots_in_zone(zone.zone, lots);
  }
}

void InProcessDetectionPort::on_readings(std::span<const SensorReading> readings) {
  batch_.clear();
  batch_.reserve(readings.size());
  for (const auto& r : readings) batch_.push_back({r.sensor, to_ms(r.time_s), r.value_c});
  engine_.ingest(batch_);
}

void InProcessDetectionPort::on_telemetry(std::span<const ZoneTelemetry> telemetry) {
  for (const auto& t : telemetry) {
    if (t.zone >= last_telemetry_.size()) continue;
    const detection::TimeMs ms = to_ms(t.time_s);
    const std::uint8_t before = last_telemetry_[t.zone];
    const bool seen = (before & 0x80) != 0;
    const std::uint8_t state = 0x80 | (t.hvac_running ? 1 : 0) | (t.hvac_powered ? 2 : 0);
    // Reported every block; the engine hears only changes (and the first state).
    const std::uint8_t changed = seen ? (state ^ before) : 0x03;
    if (changed & 1)
      engine_.ingest_telemetry(t.zone, ms, detection::TelemetryKind::kHvacOn, state & 1);
    if (changed & 2)
      engine_.ingest_telemetry(t.zone, ms, detection::TelemetryKind::kPowerOn, state & 2);
    // Doors are sampled once per block: a door seen open at one sample may have opened just
    // before it. It is reported open only when the next sample still sees it open, dated at the
    // first sample, so the engine's open-too-long timer counts time the door was surely open.
    bool door_reported = (before & 4) != 0;
    detection::TimeMs& first_ms = door_open_first_ms_[t.zone];
    if (t.doors_open > 0) {
      if (!door_reported && first_ms != kNoDoorSample) {
        engine_.ingest_telemetry(t.zone, first_ms, detection::TelemetryKind::kDoorOpen, true);
        door_reported = true;
      } else if (first_ms == kNoDoorSample) {
        first_ms = ms;
      }
    } else {
      first_ms = kNoDoorSample;
      if (door_reported || !seen) {
        engine_.ingest_telemetry(t.zone, ms, detection::TelemetryKind::kDoorOpen, false);
      }
      door_reported = false;
    }
    last_telemetry_[t.zone] = static_cast<std::uint8_t>(state | (door_reported ? 4 : 0));
  }
}

namespace {
int port_severity(detection::Severity s) {
  switch (s) {
    case detection::Severity::kInfo:
      return 0;
    case detection::Severity::kLow:
    case detection::Severity::kMedium:
      return 1;
    default:
      return 2;
  }
}
// Quarantine pending QA: what the engine recommends, and any confirmed excursion (its policy
// delay passed) of a zone holding lots, whose impact QA must assess against the stability data
// before the lots may be picked again.
bool recommends_quarantine(const detection::AlertEvent& event) {
  if (event.lifecycle != detection::Lifecycle::kRaised) return false;
  if (event.action == detection::Action::kQuarantineLots) return true;
  const bool excursion = event.type == detection::AlertType::kExcursionHigh ||
                         event.type == detection::AlertType::kExcursionLow ||
                         event.type == detection::AlertType::kExcursionNotAllowed;
  return excursion && event.action == detection::Action::kAssessProductImpact &&
         !event.lots.empty();
}

}  // namespace

void InProcessDetectionPort::collect(PortOutput& out) {
  for (const auto& event : engine_.drain()) {
    if (event.lifecycle != detection::Lifecycle::kRaised &&
        event.lifecycle != detection::Lifecycle::kCleared) {
      continue;
    }
    Alert alert;
    alert.id = "det-" + std::to_string(event.id);
    alert.kind = std::string(detection::to_string(event.type));
    alert.zone = event.zone == detection::kNoZone ? kNoIndex : event.zone;
    alert.sensor = event.sensor == detection::kNoSensor ? kNoIndex : event.sensor;
    alert.severity = port_severity(event.severity);
    alert.lots = event.lots;
    alert.message = event.detail;
    if (event.lifecycle == detection::Lifecycle::kRaised) {
      alert.raised_at_s = to_sim_s(event.time_ms);
      raised_at_s_[event.id] = alert.raised_at_s;
    } else {
      const auto it = raised_at_s_.find(event.id);
      alert.raised_at_s = it != raised_at_s_.end() ? it->second : to_sim_s(event.time_ms);
      alert.cleared = true;
      alert.cleared_at_s = to_sim_s(event.time_ms);
    }
    if (recommends_quarantine(event)) {
      Decision d;
      const std::string zone =
          alert.zone < layout_.zones.size() ? layout_.zones[alert.zone].name : std::string();
      d.idempotency_key = "quarantine/" + zone + "/" + alert.id;
      d.kind = DecisionKind::kQuarantine;
      d.sim_time_s = to_sim_s(event.emitted_ms);
      d.zone = zone;
      d.lots = event.lots;
      d.alert_id = alert.id;
      d.reason = alert.kind + ": " + event.detail;
      out.decisions.push_back(std::move(d));
      engine_.acknowledge(event.id, detection::Decision::kQuarantined);
    }
    out.alerts.push_back(std::move(alert));
  }
  engine_.drain();  // acknowledgement events are not reported back as alerts
}

void InProcessDetectionPort::advance_to(double sim_time_s, PortOutput& out) {
  engine_.advance_to(to_ms(sim_time_s));
  collect(out);
}

void InProcessDetectionPort::finish(double sim_time_s, PortOutput& out) {
  advance_to(sim_time_s, out);
}

}  // namespace pharmatwin::adapters
