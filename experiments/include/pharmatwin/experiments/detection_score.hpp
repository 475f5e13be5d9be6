// Scoring of the alerts a run received against its ground-truth faults.
//
// A fault's detection window opens at its onset and closes at the first harm it caused (its
// zone's product left the storage range, a lot's stability budget ran out, a counterfeit pack
// was shipped) or at its end plus a grace period, whichever comes first. An alert detects the
// fault when kind_table() says its kind can, it names the fault's scope and it was raised inside
// the window. An alert matching a fault after the window (late, still about the fault) is not a
// false alarm; an alert matching no fault between its onset and its end plus grace is.
#pragma once

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
};

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
  int matching_alerts = 0;  // in the window or late
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
  int alerts = 0;
  double days = 0;
  int sensors = 0, zones = 0;
  double false_alarms_per_day = 0;
  double false_alarms_per_sensor_day = 0;
  double false_alarms_per_zone_day = 0;
  std::map<std::string, KindScore> by_kind;
  std::vector<NabResult> nab;  // one per profile, kNabProfiles order
  // Per alert (alerts order): index of the first fault it matched, -1 for a false alarm.
  std::vector<int> alert_fault;
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
