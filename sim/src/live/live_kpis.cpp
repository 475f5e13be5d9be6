#include "pharmatwin/sim/live_kpis.hpp"

#include <algorithm>

namespace pharmatwin::sim {
namespace {

bool concerns(const LiveFault& f, const LiveAlert& a) {
  if (f.sensor != kLiveNone && a.sensor == f.sensor) return true;
  if (a.zone != kLiveNone && std::find(f.zones.begin(), f.zones.end(), a.zone) != f.zones.end())
    return true;
  return f.zones.empty() && f.sensor == kLiveNone && a.zone == kLiveNone && a.sensor == kLiveNone;
}

}  // namespace

int fault_of_alert(const LiveAlert& alert, const std::vector<LiveFault>& faults, double grace_s) {
  int best = -1;
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const auto& f = faults[i];
    if (alert.raised_at_s < f.start_s) continue;
    if (f.end_s >= 0 && alert.raised_at_s > f.end_s + grace_s) continue;
    if (!concerns(f, alert)) continue;
    if (best < 0 || f.start_s < faults[best].start_s) best = static_cast<int>(i);
  }
  return best;
}

void judge_alerts(std::vector<LiveAlert>& alerts, std::vector<LiveFault>& faults, double grace_s,
                  LiveKpis& kpis) {
  for (auto& f : faults) f.detected_after_s = -1;
  kpis.alerts = alerts.size();
  kpis.false_alarms = 0;
  for (auto& a : alerts) {
    a.fault = fault_of_alert(a, faults, grace_s);
    if (a.fault < 0) {
      ++kpis.false_alarms;
      continue;
    }
    auto& f = faults[a.fault];
    const double latency = a.raised_at_s - f.start_s;
    if (f.detected_after_s < 0 || latency < f.detected_after_s) f.detected_after_s = latency;
  }
  kpis.faults = faults.size();
  kpis.faults_detected = static_cast<std::uint64_t>(std::count_if(
      faults.begin(), faults.end(), [](const LiveFault& f) { return f.detected_after_s >= 0; }));
}

void set_operations_kpis(const SettledOperations& ops, LiveKpis& kpis) {
  kpis.has_operations = true;
  const auto settled = ops.on_time + ops.late + ops.lost;
  kpis.fill_rate = settled ? double(ops.on_time) / double(settled) : 1.0;
  kpis.lines_lost = ops.lines_lost;
  kpis.units_lost = ops.lost;
  kpis.units_quarantined = ops.quarantined;
  kpis.units_rejected = ops.rejected;
  kpis.units_held = ops.held;
}

}  // namespace pharmatwin::sim
