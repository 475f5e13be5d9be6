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
//   set_operations_kpis({.on_time = 40, .late = 2, .lost = 1}, snapshot.kpis);  // fill rate 40/43
#pragma once

#include <cstdint>
#include <vector>

#include "pharmatwin/sim/live_snapshot.hpp"

namespace pharmatwin::sim {

// Index into `faults` of the fault `alert` belongs to, or -1.
int fault_of_alert(const LiveAlert& alert, const std::vector<LiveFault>& faults, double grace_s);

// Sets every alert's `fault`, every fault's `detected_after_s`, and in `kpis` the alert, false
// alarm, fault and detected-fault counts.
void judge_alerts(std::vector<LiveAlert>& alerts, std::vector<LiveFault>& faults, double grace_s,
                  LiveKpis& kpis);

// Operations counts so far, in units unless named lines.
struct SettledOperations {
  std::uint64_t on_time = 0, late = 0, lost = 0, lines_lost = 0;
  std::uint64_t quarantined = 0, rejected = 0, held = 0;
};

// Sets the operations half of `kpis` (live and in a replay alike). Mid-run, lines still in
// progress are not "open" yet: the fill rate judges the units already settled.
void set_operations_kpis(const SettledOperations& ops, LiveKpis& kpis);

}  // namespace pharmatwin::sim
