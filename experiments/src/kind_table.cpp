#include "pharmatwin/experiments/kind_table.hpp"

#include <algorithm>

namespace pharmatwin::experiments {

const std::vector<KindRule>& kind_table() {
  // Temperature symptoms a failing zone shows whatever the cause.
  static const std::vector<KindRule> table = {
      {"hvac_failure",
       FaultScope::kZone,
       false,
       {"hvac_failure", "degraded_cooling", "early_warning", "excursion_high", "excursion_low",
        "rate_of_change", "baseline_anomaly", "mkt_exceeded", "excursion_not_allowed",
        "stability_budget"}},
      {"hvac_degraded",
       FaultScope::kZone,
       false,
       {"degraded_cooling", "hvac_failure", "early_warning", "excursion_high", "rate_of_change",
        "baseline_anomaly", "mkt_exceeded", "excursion_not_allowed", "stability_budget"}},
      {"door_left_open",
       FaultScope::kZone,
       false,
       {"door_open", "early_warning", "excursion_high", "excursion_low", "rate_of_change",
        "baseline_anomaly", "mkt_exceeded", "excursion_not_allowed", "stability_budget"}},
      {"power_outage",
       FaultScope::kZone,
       false,
       {"power_failure", "hvac_failure", "degraded_cooling", "early_warning", "excursion_high",
        "excursion_low", "rate_of_change", "baseline_anomaly", "mkt_exceeded",
        "excursion_not_allowed", "stability_budget"}},
      {"sensor_drift",
       FaultScope::kSensor,
       false,
       {"sensor_drift", "sensor_bias", "excursion_suppressed", "baseline_anomaly"}},
      {"sensor_bias_step",
       FaultScope::kSensor,
       false,
       {"sensor_bias", "sensor_drift", "excursion_suppressed", "baseline_anomaly"}},
      {"sensor_stuck", FaultScope::kSensor, false, {"stuck_sensor", "baseline_anomaly"}},
      {"sensor_dropout", FaultScope::kSensor, false, {"communication_loss"}},
      {"counterfeit",
       FaultScope::kLot,
       true,
       {"counterfeit", "counterfeit_suspect", "unknown_serial", "cloned_serial", "duplicate",
        "decommissioned", "decommissioned_reintroduced", "lot_mismatch", "expiry_mismatch",
        "aggregation_mismatch", "diverted", "diversion", "chain_of_custody", "custody",
        "impossible_travel", "decommissioned_reappearing", "pack_outside_parent"}},
      {"serialization_exception",
       FaultScope::kSite,
       true,
       {"aggregation_mismatch", "pack_missing_from_case", "missing_pack", "unreadable_code",
        "duplicate", "duplicate_commissioning", "verification_unavailable", "scan_exception",
        "receiving_exception"}},
      {"channel_fault", FaultScope::kSite, false, {"communication_loss"}},
  };
  return table;
}

const KindRule* rule_for(std::string_view fault_kind) {
  for (const auto& rule : kind_table())
    if (rule.fault_kind == fault_kind) return &rule;
  return nullptr;
}

std::string_view normalized_alert_kind(std::string_view kind) {
  for (std::string_view prefix : {"suspect:", "suspect_", "serialization:"}) {
    if (kind.substr(0, prefix.size()) == prefix) return kind.substr(prefix.size());
  }
  return kind;
}

bool alert_can_detect(std::string_view alert_kind, std::string_view fault_kind) {
  const KindRule* rule = rule_for(fault_kind);
  if (!rule) return false;
  const auto kind = normalized_alert_kind(alert_kind);
  return std::find(rule->alert_kinds.begin(), rule->alert_kinds.end(), kind) !=
         rule->alert_kinds.end();
}

}  // namespace pharmatwin::experiments
