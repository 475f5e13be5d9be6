#include "world_build.hpp"

#include <cmath>

#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::sim {
namespace {

bool duration(const std::string& text, const std::string& where, double& out, std::string* error,
              bool required = true) {
  if (text.empty()) {
    if (required && error) *error = where + ": missing duration";
    return !required;
  }
  std::string why;
  auto value = scenarios::parse_duration_s(text, &why);
  if (!value) {
    if (error) *error = where + ": " + why;
    return false;
  }
  out = *value;
  return true;
}

StaffCalendar::Shift shift_of(const scenario::Shift& s, bool& ok) {
  StaffCalendar::Shift shift;
  auto start = scenarios::parse_time_of_day_s(s.start());
  auto end = scenarios::parse_time_of_day_s(s.end());
  ok = start && end;
  if (!ok) return shift;
  shift.start_s = *start;
  shift.end_s = *end;
  if (!s.days().empty()) {
    shift.day_mask = 0;
    for (auto d : s.days()) {
      if (d >= 1 && d <= 7) shift.day_mask |= static_cast<std::uint8_t>(1u << (d - 1));
    }
  }
  return shift;
}

}  // namespace

std::string fault_kind_name(const scenario::Fault& fault) {
  const auto* oneof = fault.GetDescriptor()->FindOneofByName("kind");
  const auto* field = fault.GetReflection()->GetOneofFieldDescriptor(fault, oneof);
  return field ? field->name() : "none";
}

bool resolve_fault(const scenario::Fault& fault, const SiteConfig& site, std::uint32_t id,
                   FaultSpec& spec, std::string* error) {
  const std::string where = "faults[" + fault.name() + "]";
  spec = FaultSpec{};
  spec.id = id;
  spec.fault = fault;
  spec.kind = fault_kind_name(fault);
  if (!duration(fault.start(), where + ".start", spec.start_s, error, false)) return false;
  if (!fault.duration().empty()) {
    double length = 0;
    if (!duration(fault.duration(), where + ".duration", length, error)) return false;
    spec.end_s = spec.start_s + length;
  }
  auto zone = [&](const std::string& name, const std::string& field) -> bool {
    auto it = site.zone_index.find(name);
    if (it == site.zone_index.end()) {
      if (error) *error = where + "." + field + ": unknown zone '" + name + "'";
      return false;
    }
    spec.zones.push_back(it->second);
    return true;
  };
  auto sensor = [&](const std::string& name, const std::string& field) -> bool {
    auto it = site.sensor_index.find(name);
    if (it == site.sensor_index.end()) {
      if (error) *error = where + "." + field + ": unknown sensor '" + name + "'";
      return false;
    }
    spec.sensor = it->second;
    spec.zones.push_back(site.sensors[it->second].zone);
    return true;
  };
  switch (fault.kind_case()) {
    case scenario::Fault::kHvacFailure:
      return zone(fault.hvac_failure().zone(), "hvac_failure.zone");
    case scenario::Fault::kHvacDegraded:
      return zone(fault.hvac_degraded().zone(), "hvac_degraded.zone");
    case scenario::Fault::kDoorLeftOpen: {
      if (!zone(fault.door_left_open().zone(), "door_left_open.zone")) return false;
      const auto& cfg = site.zones[spec.zones[0]];
      for (spec.door = 0; spec.door < cfg.doors.size(); ++spec.door) {
        if (cfg.doors[spec.door].name == fault.door_left_open().door()) return true;
      }
      if (error)
        *error =
            where + ".door_left_open.door: unknown door '" + fault.door_left_open().door() + "'";
      return false;
    }
    case scenario::Fault::kPowerOutage:
      if (fault.power_outage().zones().empty()) {
        for (std::uint32_t z = 0; z < site.zones.size(); ++z) spec.zones.push_back(z);
        return true;
      }
      for (const auto& name : fault.power_outage().zones()) {
        if (!zone(name, "power_outage.zones")) return false;
      }
      return true;
    case scenario::Fault::kSensorDrift:
      return sensor(fault.sensor_drift().sensor(), "sensor_drift.sensor");
    case scenario::Fault::kSensorBiasStep:
      return sensor(fault.sensor_bias_step().sensor(), "sensor_bias_step.sensor");
    case scenario::Fault::kSensorStuck:
      return sensor(fault.sensor_stuck().sensor(), "sensor_stuck.sensor");
    case scenario::Fault::kSensorDropout:
      return sensor(fault.sensor_dropout().sensor(), "sensor_dropout.sensor");
    case scenario::Fault::kChannelFault: {
      // Played by the bindings (adapters' FaultyDetectionPort/FaultySerializationPort); the
      // world checks the durations and announces the fault.
      const auto& cf = fault.channel_fault();
      spec.world_applies = false;
      double delay_s = 0, reorder_window_s = 0;
      return duration(cf.delay(), where + ".channel_fault.delay", delay_s, error, false) &&
             duration(cf.reorder_window(), where + ".channel_fault.reorder_window",
                      reorder_window_s, error, false);
    }
    case scenario::Fault::kCounterfeit:
    case scenario::Fault::kSerializationException:
      spec.world_applies = false;
      return true;
    case scenario::Fault::KIND_NOT_SET:
      if (error) *error = where + ": the fault has no kind";
      return false;
  }
  return true;
}

bool build_site(const scenario::Scenario& sc, const std::filesystem::path& base_dir,
                std::optional<std::uint64_t> seed, std::optional<double> horizon_s,
                SiteConfig& site, std::string* error) {
  site = SiteConfig{};
  site.seed = seed ? *seed : sc.run().seed();
  if (!sc.run().start().empty()) {
    std::string why;
    auto start = scenarios::parse_utc_s(sc.run().start(), &why);
    if (!start) {
      if (error) *error = "run.start: " + why;
      return false;
    }
    site.start_epoch_s = static_cast<double>(*start);
  }
  if (horizon_s) {
    site.horizon_s = *horizon_s;
  } else if (!duration(sc.run().horizon(), "run.horizon", site.horizon_s, error)) {
    return false;
  }
  if (!(site.horizon_s > 0)) {
    if (error) *error = "run.horizon: must be > 0";
    return false;
  }

  std::vector<StaffCalendar::Shift> shifts;
  for (const auto* crew : {&sc.staff().receivers(), &sc.staff().pickers()}) {
    if (crew->count() == 0) continue;
    for (const auto& s : crew->shifts()) {
      bool ok = false;
      auto shift = shift_of(s, ok);
      if (!ok) {
        if (error) *error = "staff: bad shift time '" + s.start() + "'-'" + s.end() + "'";
        return false;
      }
      shifts.push_back(shift);
    }
  }
  site.staff = std::make_shared<StaffCalendar>(site.start_epoch_s, std::move(shifts));

  for (const auto& z : sc.zones()) {
    const std::string where = "zones[" + z.name() + "]";
    if (!site.zone_index.emplace(z.name(), site.zones.size()).second) {
      if (error) *error = where + ": duplicate zone name";
      return false;
    }
    ZoneConfig cfg;
    cfg.name = z.name();
    const auto range = scenarios::effective_range(z.storage_class(), z.custom_range());
    cfg.min_c = range.min_c();
    cfg.max_c = range.max_c();
    cfg.mass = {z.thermal().air_heat_capacity_kj_per_k(),
                z.thermal().product_heat_capacity_kj_per_k(), z.thermal().ua_product_kw_per_k()};
    cfg.ua_ambient_kw_per_k = z.thermal().ua_ambient_kw_per_k();
    cfg.internal_load_kw = z.thermal().internal_load_kw();
    cfg.hvac_capacity_kw = z.hvac().capacity_kw();
    cfg.setpoint_c = z.has_hvac() ? z.hvac().setpoint_c() : 0.5 * (cfg.min_c + cfg.max_c);
    cfg.hysteresis_c = z.hvac().hysteresis_c();
    cfg.initial_air_c =
        z.thermal().has_initial_air_c() ? z.thermal().initial_air_c() : cfg.setpoint_c;
    cfg.initial_product_c =
        z.thermal().has_initial_product_c() ? z.thermal().initial_product_c() : cfg.setpoint_c;
    if (!(cfg.ua_ambient_kw_per_k > 0)) {
      if (error) *error = where + ".thermal.ua_ambient_kw_per_k: must be > 0";
      return false;
    }
    for (const auto& d : z.doors()) {
      DoorConfig door;
      door.name = d.name();
      door.width_m = d.width_m();
      door.height_m = d.height_m();
      door.curtain_effectiveness =
          d.curtain() ? (d.has_curtain_effectiveness() ? d.curtain_effectiveness() : 0.7) : 0.0;
      door.openings_per_hour = d.openings_per_hour();
      if (!duration(d.open_time(), where + ".doors[" + d.name() + "].open_time", door.open_time_s,
                    error, false)) {
        return false;
      }
      cfg.doors.push_back(door);
    }
    cfg.generator = z.backup_power().generator();
    if (!duration(z.backup_power().start_delay(), where + ".backup_power.start_delay",
                  cfg.generator_delay_s, error, false)) {
      return false;
    }
    std::string why;
    auto ambient = AmbientProfile::create(z.has_ambient() ? z.ambient() : sc.site().ambient(),
                                          site.start_epoch_s, base_dir, &why);
    if (!ambient) {
      if (error) *error = where + ".ambient: " + why;
      return false;
    }
    site.ambients.push_back(std::move(ambient));
    const auto zone_id = static_cast<std::uint32_t>(site.zones.size());
    for (const auto& s : z.sensors()) {
      const std::string swhere = where + ".sensors[" + s.name() + "]";
      if (!site.sensor_index.emplace(s.name(), site.sensors.size()).second) {
        if (error) *error = swhere + ": duplicate sensor name";
        return false;
      }
      SensorConfig sensor;
      sensor.name = s.name();
      sensor.zone = zone_id;
      sensor.kind = s.kind() == scenario::PRODUCT_SIMULANT ? adapters::SensorKind::kProductSimulant
                                                           : adapters::SensorKind::kAir;
      if (!duration(s.sample_interval(), swhere + ".sample_interval", sensor.interval_s, error)) {
        return false;
      }
      if (!(sensor.interval_s > 0)) {
        if (error) *error = swhere + ".sample_interval: must be > 0";
        return false;
      }
      sensor.noise_sigma_c = s.noise_sigma_c();
      sensor.bias_c = s.initial_bias_c();
      site.sensors.push_back(sensor);
    }
    site.zones.push_back(std::move(cfg));
  }
  for (const auto& f : sc.faults()) {
    FaultSpec spec;
    if (!resolve_fault(f, site, static_cast<std::uint32_t>(site.faults.size()), spec, error))
      return false;
    site.faults.push_back(std::move(spec));
  }
  return true;
}

}  // namespace pharmatwin::sim
