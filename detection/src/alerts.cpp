#include "pharmatwin/detection/alerts.hpp"

#include <array>

namespace pharmatwin::detection {

namespace {

constexpr std::array<std::string_view, kAlertTypeCount> kTypeNames = {
    "excursion_high",     "excursion_low",    "excursion_suppressed",  "rate_of_change",
    "early_warning",      "hvac_failure",     "degraded_cooling",      "door_open",
    "power_failure",      "mkt_exceeded",     "excursion_not_allowed", "stability_budget",
    "communication_loss", "stuck_sensor",     "sensor_bias",           "sensor_drift",
    "calibration_due",    "baseline_anomaly",
};
constexpr std::array<std::string_view, 4> kTeamNames = {"quality", "warehouse_supervisor",
                                                        "maintenance", "compliance"};
constexpr std::array<std::string_view, 5> kDecisionNames = {
    "accepted", "quarantined", "released", "false_alarm", "maintenance_dispatched"};

template <typename Enum, std::size_t N>
bool parse_name(const std::array<std::string_view, N>& names, std::string_view name, Enum& out) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) {
      out = static_cast<Enum>(i);
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view to_string(AlertType type) { return kTypeNames[static_cast<int>(type)]; }

std::string_view to_string(Severity severity) {
  static constexpr std::array<std::string_view, 5> kNames = {"info", "low", "medium", "high",
                                                             "critical"};
  return kNames[static_cast<int>(severity)];
}

std::string_view to_string(Team team) { return kTeamNames[static_cast<int>(team)]; }

std::string_view to_string(Lifecycle lifecycle) {
  static constexpr std::array<std::string_view, 4> kNames = {"raised", "updated", "cleared",
                                                             "acknowledged"};
  return kNames[static_cast<int>(lifecycle)];
}

std::string_view to_string(Action action) {
  static constexpr std::array<std::string_view, 9> kNames = {
      "none",         "quarantine_lots", "assess_product_impact", "schedule_calibration",
      "inspect_hvac", "close_door",      "check_communication",   "replace_sensor",
      "restore_power"};
  return kNames[static_cast<int>(action)];
}

std::string_view to_string(Decision decision) { return kDecisionNames[static_cast<int>(decision)]; }

bool parse_alert_type(std::string_view name, AlertType& out) {
  return parse_name(kTypeNames, name, out);
}
bool parse_team(std::string_view name, Team& out) { return parse_name(kTeamNames, name, out); }
bool parse_decision(std::string_view name, Decision& out) {
  return parse_name(kDecisionNames, name, out);
}

}  // namespace pharmatwin::detection
