// Which alert kinds can detect which fault kinds, and at what scope they must agree.
//
// The table is the single place that decides whether an alert is evidence of a fault; it is
// printed in docs/experiments.md. Fault kinds are the scenario's Fault oneof field names; alert
// kinds are the detection engine's alert type names and the track-and-trace system's suspect
// reasons (a "suspect:", "suspect_" or "serialization:" prefix is ignored).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::experiments {

// What an alert has to name to be about a fault.
enum class FaultScope {
  kZone,    // the fault's zone (a sensor of it counts); site-wide faults match every zone
  kSensor,  // the fault's sensor (or, for an alert naming no sensor, the sensor's zone)
  kLot,     // the counterfeit lot (alerts naming no lot are accepted)
  kSite,    // anything
};

struct KindRule {
  std::string_view fault_kind;
  FaultScope scope;
  // Faults that do no harm by themselves keep no harm time; instantaneous ones (counterfeits,
  // serialization exceptions) have no duration: their window runs until harm or the run's end.
  bool instantaneous;
  std::vector<std::string_view> alert_kinds;
};

const std::vector<KindRule>& kind_table();
// Rule of a fault kind; null for a kind the table does not know.
const KindRule* rule_for(std::string_view fault_kind);
// Alert kind with a suspect/serialization prefix removed.
std::string_view normalized_alert_kind(std::string_view alert_kind);
bool alert_can_detect(std::string_view alert_kind, std::string_view fault_kind);

}  // namespace pharmatwin::experiments
