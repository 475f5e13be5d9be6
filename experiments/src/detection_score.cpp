#include "pharmatwin/experiments/detection_score.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "pharmatwin/experiments/kind_table.hpp"
#include "pharmatwin/experiments/zone_recovery.hpp"

namespace pharmatwin::experiments {

namespace {

constexpr double kNoHarm = INFINITY;

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::map<std::string, FaultLotScope> counterfeit_truth(const RunLog& log) {
  std::map<std::string, FaultLotScope> out;
  for (const auto& r : log.operations) {
    if (!r.has_counterfeit_injected()) continue;
    const auto& c = r.counterfeit_injected();
    auto& t = out[c.fault()];
    const std::string lot = c.gtin() + "/" + c.lot();
    if (!contains(t.lots, lot)) t.lots.push_back(lot);
    for (const auto& s : c.serials()) t.packs.insert(c.gtin() + "/" + s);
    if (!c.case_sscc().empty()) t.cases.insert(c.case_sscc());
  }
  return out;
}

std::string zone_name(const RunLog& log, int zone) {
  return zone >= 0 && zone < log.header.zones_size() ? log.header.zones(zone).name() : "";
}

// First harm a fault caused at or after its onset, and what it was.
std::pair<double, std::string> harm_of(const RunLog& log, const LoggedFault& fault,
                                       const FaultLotScope* counterfeit) {
  double best = kNoHarm;
  std::string what;
  const KindRule* rule = rule_for(fault.kind);
  if (rule && rule->scope == FaultScope::kZone) {
    for (const auto& [t, z] : log.product_left_range) {
      if (t >= fault.start_s && fault.covers_zone(zone_name(log, static_cast<int>(z))) &&
          t < best) {
        best = t;
        what = "product_left_range";
      }
    }
    // A lot picked from the zone was shipped with its stability budget used up.
    std::set<std::string> zone_lots;
    for (const auto& r : log.operations) {
      if (r.has_order_shipped()) {
        for (const auto& p : r.order_shipped().picks())
          if (fault.covers_zone(p.zone())) zone_lots.insert(p.lot());
      }
      if (r.has_stability_budget_exhausted() && r.t_s() >= fault.start_s && r.t_s() < best &&
          fault.covers_zone(r.stability_budget_exhausted().zone())) {
        best = r.t_s();
        what = "budget_exhausted";
      }
      if (r.has_compromised_unit_shipped() && r.t_s() >= fault.start_s && r.t_s() < best) {
        const auto& c = r.compromised_unit_shipped();
        if (c.reason() == "budget_exhausted" && zone_lots.count(c.lot())) {
          best = r.t_s();
          what = "budget_exhausted";
        }
      }
    }
  }
  if (fault.kind == "counterfeit" && counterfeit) {
    for (const auto& r : log.operations) {
      if (!r.has_compromised_unit_shipped() || r.t_s() < fault.start_s || r.t_s() >= best) continue;
      const auto& c = r.compromised_unit_shipped();
      if (c.reason() == "counterfeit" && counterfeit->packs.count(c.gtin() + "/" + c.serial())) {
        best = r.t_s();
        what = "compromised_shipped";
      }
    }
  }
  return {best, what};
}

double alert_time(const LoggedAlert& a, const ScoringOptions& o) {
  if (o.use_raised_time && a.raised_at_s > 0) return a.raised_at_s;
  return a.received_s;
}

}  // namespace

bool alert_in_scope(const RunLog& log, const LoggedAlert& alert, const LoggedFault& fault,
                    const std::vector<std::string>& fault_lots) {
  FaultLotScope scope;
  scope.lots = fault_lots;
  return alert_in_scope(log, alert, fault, scope);
}

bool alert_in_scope(const RunLog& log, const LoggedAlert& alert, const LoggedFault& fault,
                    const FaultLotScope& scope) {
  const KindRule* rule = rule_for(fault.kind);
  if (!rule) return false;
  const int alert_zone = alert.zone >= 0 ? alert.zone : log.sensor_zone(alert.sensor);
  switch (rule->scope) {
    case FaultScope::kZone:
      if (fault.zone.empty() && fault.zones.empty()) return true;
      return alert_zone >= 0 && alert_zone < log.header.zones_size() &&
             fault.covers_zone(log.header.zones(alert_zone).name());
    case FaultScope::kSensor: {
      const int sensor = log.sensor_index(fault.sensor);
      if (alert.sensor >= 0) return alert.sensor == sensor;
      return alert_zone >= 0 && alert_zone == log.sensor_zone(sensor);
    }
    case FaultScope::kLot:
      // Packs (or their cases) are the finer scope: two faults may share a lot.
      if (!alert.packs.empty() && (!scope.packs.empty() || !scope.cases.empty())) {
        for (const auto& pack : alert.packs)
          if (scope.packs.count(pack) || scope.cases.count(pack)) return true;
        return false;
      }
      if (alert.lots.empty() || scope.lots.empty()) return true;
      for (const auto& lot : alert.lots)
        if (contains(scope.lots, lot)) return true;
      return false;
    case FaultScope::kSite:
      return true;
  }
  return false;
}

const char* alert_role_name(AlertRole role) {
  switch (role) {
    case AlertRole::kInWindow:
      return "in_window";
    case AlertRole::kLate:
      return "late";
    case AlertRole::kRecovery:
      return "recovery";
    case AlertRole::kFalseAlarm:
      return "false_alarm";
  }
  return "false_alarm";
}

namespace {

// Until when alerts about a fault are attributed to it, per header zone (the aftermath of a zone
// fault differs from zone to zone when it is site-wide) and overall.
struct Attribution {
  double end_plus_grace = 0;
  double overall = 0;              // latest of the zones, at least the window end and end + grace
  std::vector<double> zone_until;  // by header zone; empty: `overall` for every zone
  double until(int zone) const {
    if (zone_until.empty()) return overall;
    if (zone < 0 || zone >= static_cast<int>(zone_until.size())) return overall;
    return zone_until[zone];
  }
};

bool has_truth(const RunLog& log, int zone) {
  return zone >= 0 && zone < static_cast<int>(log.truth.size()) && !log.truth[zone].empty();
}

// A zone fault that ended extends its attribution to the moment its zones are back in band.
void add_recovery(const RunLog& log, const LoggedFault& f, FaultScore& fs, Attribution& a) {
  const KindRule* rule = rule_for(f.kind);
  if (!rule || rule->scope != FaultScope::kZone || !f.end_s) return;
  std::vector<int> zones;
  for (int z = 0; z < log.header.zones_size(); ++z)
    if (f.covers_zone(log.header.zones(z).name())) zones.push_back(z);
  a.zone_until.assign(log.header.zones_size(), a.overall);
  bool all_back = !zones.empty();
  double latest_back = *f.end_s;
  for (int z : zones) {
    if (!has_truth(log, z)) {
      all_back = false;  // no ground truth: only the grace period
      continue;
    }
    const auto back = back_in_band_s(log, z, normal_band(log, z, f.start_s), *f.end_s);
    const double until = back ? std::min(*back, log.end_s) : log.end_s;
    a.zone_until[z] = std::max(a.zone_until[z], until);
    a.overall = std::max(a.overall, until);
    if (back) latest_back = std::max(latest_back, *back);
    all_back = all_back && back.has_value();
  }
  if (all_back) fs.back_in_band_s = latest_back;
}

int alert_zone(const RunLog& log, const LoggedAlert& a) {
  return a.zone >= 0 ? a.zone : log.sensor_zone(a.sensor);
}

std::string sensor_name(const RunLog& log, int sensor) {
  return sensor >= 0 && sensor < log.header.sensors_size() ? log.header.sensors(sensor).name() : "";
}

}  // namespace

DetectionScore score_detection(const RunLog& log, const ScoringOptions& options) {
  DetectionScore s;
  const double run_end = log.end_s;
  s.days = run_end / 86400.0;
  s.sensors = log.header.sensors_size();
  s.zones = log.header.zones_size();
  s.alerts = static_cast<int>(log.alerts.size());
  s.alert_events = log.alert_records;
  const auto counterfeits = counterfeit_truth(log);

  // Windows.
  std::vector<Attribution> attribution(log.faults.size());
  std::vector<FaultLotScope> fault_lots(log.faults.size());
  for (std::size_t i = 0; i < log.faults.size(); ++i) {
    const auto& f = log.faults[i];
    FaultScore fs;
    fs.name = f.name;
    fs.kind = f.kind;
    fs.zone = f.zone;
    fs.sensor = f.sensor;
    fs.start_s = f.start_s;
    fs.end_s = f.end_s;
    const FaultLotScope* ct = nullptr;
    if (auto it = counterfeits.find(f.name); it != counterfeits.end()) {
      ct = &it->second;
      fault_lots[i] = *ct;
    }
    const auto [harm_t, harm_what] = harm_of(log, f, ct);
    const KindRule* rule = rule_for(f.kind);
    const bool instantaneous = rule && rule->instantaneous;
    const double end_plus_grace =
        instantaneous ? run_end : std::min(f.end_s.value_or(run_end) + options.grace_s, run_end);
    fs.window_end_s = std::max(f.start_s, std::min(harm_t, end_plus_grace));
    if (std::isfinite(harm_t)) {
      fs.harm_s = harm_t;
      fs.harm = harm_what;
    }
    auto& a = attribution[i];
    a.end_plus_grace = end_plus_grace;
    a.overall = std::max(fs.window_end_s, end_plus_grace);
    if (options.attribute_recovery && !instantaneous) add_recovery(log, f, fs, a);
    fs.attributed_until_s = a.overall;
    s.faults.push_back(std::move(fs));
  }

  // Match alerts.
  std::vector<std::vector<double>> detections(log.faults.size());
  std::vector<double> false_alarm_times;
  s.alert_fault.assign(log.alerts.size(), -1);
  s.alert_role.assign(log.alerts.size(), AlertRole::kFalseAlarm);
  for (std::size_t a = 0; a < log.alerts.size(); ++a) {
    const auto& alert = log.alerts[a];
    const double t = alert_time(alert, options);
    const int zone = alert_zone(log, alert);
    for (std::size_t i = 0; i < log.faults.size(); ++i) {
      const auto& f = log.faults[i];
      if (!alert_can_detect(alert.kind, f.kind) || !alert_in_scope(log, alert, f, fault_lots[i]))
        continue;
      if (t < f.start_s || t > attribution[i].until(zone)) continue;
      auto& fs = s.faults[i];
      ++fs.matching_alerts;
      const AlertRole role = t <= fs.window_end_s                 ? AlertRole::kInWindow
                             : t <= attribution[i].end_plus_grace ? AlertRole::kLate
                                                                  : AlertRole::kRecovery;
      if (role == AlertRole::kLate) ++fs.late_alerts;
      if (role == AlertRole::kRecovery) ++fs.recovery_alerts;
      if (role < s.alert_role[a]) {
        s.alert_role[a] = role;
        s.alert_fault[a] = static_cast<int>(i);
      }
      if (role != AlertRole::kInWindow) continue;
      detections[i].push_back(t);
      if (!fs.detected || t < fs.start_s + *fs.latency_s) {
        fs.detected = true;
        fs.latency_s = t - fs.start_s;
        fs.first_alert_id = alert.id;
        fs.first_alert_kind = alert.kind;
        fs.lead_time_s.reset();
        if (fs.harm_s) fs.lead_time_s = *fs.harm_s - t;
      }
    }
    switch (s.alert_role[a]) {
      case AlertRole::kLate:
        ++s.late_alerts;
        break;
      case AlertRole::kRecovery:
        ++s.recovery_alerts;
        break;
      case AlertRole::kFalseAlarm:
        s.false_alarm_ids.push_back(alert.id);
        s.false_alarms.push_back({alert.id, alert.kind, zone_name(log, zone),
                                  sensor_name(log, alert.sensor), alert.source, alert.message, t,
                                  alert.severity});
        false_alarm_times.push_back(t);
        break;
      default:
        break;
    }
  }
  const double fa = static_cast<double>(s.false_alarm_ids.size());
  if (s.days > 0) {
    s.false_alarms_per_day = fa / s.days;
    if (s.sensors > 0) s.false_alarms_per_sensor_day = fa / (s.days * s.sensors);
    if (s.zones > 0) s.false_alarms_per_zone_day = fa / (s.days * s.zones);
    s.false_alarms_by_day.assign(std::max<std::size_t>(1, std::ceil(s.days - 1e-9)), 0);
    for (double t : false_alarm_times) {
      const auto day = static_cast<std::size_t>(std::clamp(
          std::floor(t / 86400.0), 0.0, static_cast<double>(s.false_alarms_by_day.size() - 1)));
      ++s.false_alarms_by_day[day];
    }
  }

  // Per fault kind.
  for (const auto& f : s.faults) {
    auto& k = s.by_kind[f.kind];
    ++k.faults;
    if (f.detected) {
      ++k.detected;
      k.mean_latency_s = k.mean_latency_s.value_or(0) + *f.latency_s;
    }
  }
  for (auto& [kind, k] : s.by_kind) {
    if (k.faults > 0) k.recall = static_cast<double>(k.detected) / k.faults;
    if (k.detected > 0) *k.mean_latency_s /= k.detected;
    for (std::size_t a = 0; a < log.alerts.size(); ++a) {
      if (!alert_can_detect(log.alerts[a].kind, kind)) continue;
      ++k.candidate_alerts;
      // True when it is attributed to any fault of this kind.
      const double t = alert_time(log.alerts[a], options);
      const int zone = alert_zone(log, log.alerts[a]);
      for (std::size_t i = 0; i < log.faults.size(); ++i) {
        const auto& f = log.faults[i];
        if (f.kind == kind && t >= f.start_s && t <= attribution[i].until(zone) &&
            alert_in_scope(log, log.alerts[a], f, fault_lots[i])) {
          ++k.true_alerts;
          break;
        }
      }
    }
    if (k.candidate_alerts > 0)
      k.precision = static_cast<double>(k.true_alerts) / k.candidate_alerts;
  }

  std::vector<NabWindow> windows;
  for (const auto& f : s.faults) windows.push_back({f.start_s, f.window_end_s});
  const double probation_end = options.nab_probation_fraction * run_end;
  for (const auto& profile : kNabProfiles)
    s.nab.push_back(nab_score(profile, windows, detections, false_alarm_times, probation_end));
  return s;
}

}  // namespace pharmatwin::experiments
