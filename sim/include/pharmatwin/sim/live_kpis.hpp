// The live session's running judgement of alerts: which fault an alert belongs to, detection
// latency per fault and false alarms so far.
//
// The scored report (experiments/) is the authority after a run; a dashboard needs an answer
// while the run goes on. The live rule: an alert belongs to the earliest fault, among those
// started by its raise time and not ended more than `grace_s` before it, that concerns its
// sensor or its zone (a fault without zone or sensor, such as a counterfeit, takes alerts that
// have neither). Alerts belonging to no fault are false alarms.
//
//   judge_alerts(snapshot.alerts, snapshot.faults, 1800, snapshot.kpis);
#pragma once

#include <vector>

#include "pharmatwin/sim/live_snapshot.hpp"

namespace pharmatwin::sim {

// Index into `faults` of the fault `alert` belongs to, or -1.
int fault_of_alert(const LiveAlert& alert, const std::vector<LiveFault>& faults, double grace_s);

// Sets every alert's `fault`, every fault's `detected_after_s`, and in `kpis` the alert, false
// alarm, fault and detected-fault counts.
void judge_alerts(std::vector<LiveAlert>& alerts, std::vector<LiveFault>& faults, double grace_s,
                  LiveKpis& kpis);

}  // namespace pharmatwin::sim
