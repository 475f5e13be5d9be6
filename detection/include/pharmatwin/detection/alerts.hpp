// Alerts produced by the detection engine and the events of their lifecycle.
//
// An alert has a stable id (unique within one Engine, assigned in raise order) and goes through
// raised -> updated* -> cleared; a decision taken on it is recorded by an acknowledged event.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::detection {

using SensorId = std::uint32_t;
using ZoneId = std::uint32_t;
using AlertId = std::uint64_t;
inline constexpr SensorId kNoSensor = std::numeric_limits<SensorId>::max();
inline constexpr ZoneId kNoZone = std::numeric_limits<ZoneId>::max();

enum class AlertType : std::uint8_t {
  kExcursionHigh,        // temperature/humidity above Hi or HiHi after its delay
  kExcursionLow,         // below Lo or LoLo after its delay
  kExcursionSuppressed,  // single-sensor excursion from a sensor flagged as drifting/biased
  kRateOfChange,         // |dT/dt| over the window above the limit
  kEarlyWarning,         // breach predicted within the horizon while cooling has failed
  kHvacFailure,          // inferred from the zone signature or reported by telemetry
  kDegradedCooling,      // pull-down much slower than the learned normal
  kDoorOpen,             // air spike (inferred) or door telemetry open too long
  kPowerFailure,         // telemetry: zone power off
  kMktExceeded,          // rolling mean kinetic temperature above the class limit
  kExcursionNotAllowed,  // beyond the allowed-excursion rules of the class (MKT rules)
  kStabilityBudget,      // share of a lot's time-out-of-range budget used, or exhausted
  kCommunicationLoss,    // no valid reading for longer than the timeout
  kStuckSensor,          // value frozen (range below tolerance) for too long
  kSensorBias,           // constant offset against the other sensors of the zone
  kSensorDrift,          // CUSUM on the residual against the zone median
  kCalibrationDue,       // calibration due soon or overdue
  kBaselineAnomaly,      // far from the zone's learned normal behaviour
};
inline constexpr int kAlertTypeCount = 18;

enum class Severity : std::uint8_t { kInfo, kLow, kMedium, kHigh, kCritical };

enum class Team : std::uint8_t { kQuality, kWarehouseSupervisor, kMaintenance, kCompliance };

enum class Lifecycle : std::uint8_t { kRaised, kUpdated, kCleared, kAcknowledged };

// Recommended action carried by an alert.
enum class Action : std::uint8_t {
  kNone,
  kQuarantineLots,       // quarantine the lots of the zone pending quality review
  kAssessProductImpact,  // review the lots against their stability data
  kScheduleCalibration,  // check or calibrate the sensor
  kInspectHvac,          // dispatch maintenance to the zone's cooling
  kCloseDoor,            // send someone to close the door
  kCheckCommunication,   // check gateway/sensor link and battery
  kReplaceSensor,
  kRestorePower,
};

enum class Decision : std::uint8_t {
  kAccepted,     // acknowledged, being handled
  kQuarantined,  // lots put in quarantine
  kReleased,     // product impact assessed, lots released
  kFalseAlarm,
  kMaintenanceDispatched,
};

// A reading that supports an alert.
struct Evidence {
  SensorId sensor = kNoSensor;
  TimeMs time_ms = 0;
  double value = 0.0;
};

struct AlertEvent {
  Lifecycle lifecycle = Lifecycle::kRaised;
  AlertId id = 0;
  AlertType type = AlertType::kExcursionHigh;
  Severity severity = Severity::kInfo;
  TimeMs time_ms = 0;     // data time of the reading/condition behind this event
  TimeMs emitted_ms = 0;  // engine clock when the event was produced
  bool late = false;      // produced by a reading older than the engine clock (backfill)
  ZoneId zone = kNoZone;
  SensorId sensor = kNoSensor;    // kNoSensor for zone-level alerts
  std::vector<std::string> lots;  // lots concerned (those stored in the zone)
  double value = 0.0;             // the figure behind the alert (°C, °C/min, MKT, share, ...)
  Team team = Team::kQuality;
  int priority = 3;
  Action action = Action::kNone;
  Decision decision = Decision::kAccepted;  // meaningful for kAcknowledged
  std::string policy_version;
  std::vector<Evidence> evidence;
  std::string detail;  // short human-readable explanation
};

std::string_view to_string(AlertType type);
std::string_view to_string(Severity severity);
std::string_view to_string(Team team);
std::string_view to_string(Lifecycle lifecycle);
std::string_view to_string(Action action);
std::string_view to_string(Decision decision);

// Inverse of to_string(AlertType/Team/Decision); false when the name is unknown.
bool parse_alert_type(std::string_view name, AlertType& out);
bool parse_team(std::string_view name, Team& out);
bool parse_decision(std::string_view name, Decision& out);

}  // namespace pharmatwin::detection
