// Scoring of the alerts a run received against its ground-truth faults.
//
//   const DetectionScore s = score_detection(log);
//   // s.faults[i].detected, .latency_s, .lead_time_s; s.false_alarms; s.nab (per profile)
//
// A fault's detection window opens at its onset and closes at the first harm it caused (its
// zone's product left the storage range, a lot's stability budget ran out, a counterfeit pack
// was shipped) or at its end plus a grace period, whichever comes first. An alert detects the
// fault when kind_table() says its kind can, it names the fault's scope and it was raised inside
// the window. An alert matching a fault after the window is attributed to it, not a false alarm:
// *late* until the fault's end plus grace, *recovery* after that while the fault's zone is still
// out of its normal band (zone_recovery.hpp). Any other alert is a false alarm.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pharmatwin/experiments/nab.hpp"
#include "pharmatwin/experiments/run_log.hpp"

namespace pharmatwin::experiments {

struct ScoringOptions {
  double grace_s = 1800;  // after a fault's end, alerts about it still count
  // Detection time: when the system raised the alert (true) or when the world received it.
  bool use_raised_time = true;
  // Alerts raised while a zone fault's zone recovers (after end + grace) belong to the fault.
  bool attribute_recovery = true;
  // The start of the run NAB leaves unscored, as a fraction of the horizon.
  double nab_probation_fraction = kNabProbationFraction;
};

// What an alert was, judged against the faults (the best of its matches).
enum class AlertRole { kInWindow, kLate, kRecovery, kFalseAlarm };
const char* alert_role_name(AlertRole role);  // "in_window", "late", "recovery", "false_alarm"

struct FaultScore {
  std::string name, kind, zone, sensor;
  double start_s = 0;
  std::optional<double> end_s;
  double window_end_s = 0;
  std::optional<double> harm_s;
  std::string harm;  // "product_left_range", "budget_exhausted", "compromised_shipped", ""
  bool detected = false;
  std::optional<double> latency_s;    // first detecting alert - onset
  std::optional<double> lead_time_s;  // harm - first detecting alert (when harm happened)
  std::string first_alert_id, first_alert_kind;
  int matching_alerts = 0;  // in the window, late or recovery
  int late_alerts = 0;      // after the window, by the fault's end plus grace
  int recovery_alerts = 0;  // after the end plus grace, before its zone was back in band
  // Zone faults that ended: when its zone (every zone, site-wide) was back in its normal band
  // (none: not by the end of the run, or no ground truth logged), and until when alerts about it
  // are attributed to it (the end plus grace at least).
  std::optional<double> back_in_band_s;
  double attributed_until_s = 0;
};

// An alert that matched no fault, as the report lists it.
struct FalseAlarm {
  std::string id, kind, zone, sensor, source, message;  // zone and sensor by name, "" when none
  double t_s = 0;  // raised (or received, with --received-time)
  int severity = 0;
};

struct KindScore {
  int faults = 0, detected = 0;
  int candidate_alerts = 0;  // alerts whose kind can detect this fault kind
  int true_alerts = 0;       // ... and that matched a fault of this kind
  std::optional<double> recall, precision;
  std::optional<double> mean_latency_s;
};

struct DetectionScore {
  std::vector<FaultScore> faults;
  std::vector<std::string> false_alarm_ids;  // in log order
  std::vector<FalseAlarm> false_alarms;      // the same alerts in full
  std::vector<int> false_alarms_by_day;      // per day of the run from its start (last may be part)
  // Distinct alerts (folded by source and id) and the alert records they came in (raising,
  // updates, clearing): `run` counts the records the world received, scoring the alerts.
  int alerts = 0;
  std::uint64_t alert_events = 0;
  int late_alerts = 0, recovery_alerts = 0;  // by role (an alert counts once)
  double days = 0;
  int sensors = 0, zones = 0;
  double false_alarms_per_day = 0;
  double false_alarms_per_sensor_day = 0;
  double false_alarms_per_zone_day = 0;
  std::map<std::string, KindScore> by_kind;
  std::vector<NabResult> nab;  // one per profile, kNabProfiles order
  // Per alert (alerts order): the fault it matched best (in window before late before recovery,
  // then the first), -1 for a false alarm; and its role.
  std::vector<int> alert_fault;
  std::vector<AlertRole> alert_role;
};

// Harm times per fault are looked up in `log` (product_left_range, operations records).
DetectionScore score_detection(const RunLog& log, const ScoringOptions& options = {});

// What a lot-scoped fault (a counterfeit) touched, from its CounterfeitInjected records.
struct FaultLotScope {
  std::vector<std::string> lots;  // "<gtin14>/<lot>"
  std::set<std::string> packs;    // "<gtin14>/<serial>"
  std::set<std::string> cases;    // SSCC-18 of the cases the packs came in
};

// True when `alert` names the scope of `fault` (see FaultScope). For a lot-scoped fault an alert
// naming packs must name one of the fault's packs or cases (when those are known); otherwise it
// must name one of its lots, or no lot.
bool alert_in_scope(const RunLog& log, const LoggedAlert& alert, const LoggedFault& fault,
                    const FaultLotScope& scope);
bool alert_in_scope(const RunLog& log, const LoggedAlert& alert, const LoggedFault& fault,
                    const std::vector<std::string>& fault_lots);

}  // namespace pharmatwin::experiments
