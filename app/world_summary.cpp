#include "world_summary.hpp"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>

namespace pharmatwin::app {

std::string duration_text(double s) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1);
  if (s >= 86400)
    out << s / 86400 << " d";
  else if (s >= 3600)
    out << s / 3600 << " h";
  else if (s >= 60)
    out << s / 60 << " min";
  else
    out << s << " s";
  return out.str();
}

void print_world_summary(const RunIdentity& id, sim::World& world, const sim::RunSummary& summary,
                         std::ostream& out) {
  const auto& truth = world.truth();
  out << "scenario " << id.scenario_name << ", seed " << id.seed << ", horizon "
      << duration_text(summary.horizon_s);
  if (summary.stopped && summary.stop_kind == "interrupted")
    out << ", INTERRUPTED at " << duration_text(summary.stopped_at_s);
  else if (summary.stopped)
    out << ", STOPPED at " << duration_text(summary.stopped_at_s) << " (the " << summary.stop_system
        << " system failed: " << summary.stop_kind << ")";
  out << "\n";
  out << "zones (" << truth.zones.size() << "), ground truth:\n";
  out << std::fixed << std::setprecision(2);
  // A run stopped before its first reading has no peak: "-", not "-inf".
  auto peak = [](double c) {
    if (!std::isfinite(c)) return std::string("- C");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f C", c);
    return std::string(buf);
  };
  for (const auto& z : truth.zones) {
    out << "  " << std::left << std::setw(16) << z.name << std::right << " range [" << z.min_c
        << ", " << z.max_c << "] C  peak air " << peak(z.peak_air_c) << "  peak product "
        << peak(z.peak_product_c) << "  out of range " << duration_text(z.out_of_range_s);
    if (z.first_out_of_range_s)
      out << " (first at " << duration_text(*z.first_out_of_range_s) << ")";
    out << "  hvac duty " << std::setprecision(0)
        << (summary.horizon_s > 0 ? 100 * z.hvac_on_s / summary.horizon_s : 0) << "%"
        << std::setprecision(2) << "\n";
  }
  out << "faults (" << truth.faults.size() << "):\n";
  for (const auto& f : truth.faults) {
    out << "  " << std::left << std::setw(20) << f.name << std::right << " " << f.kind << " from "
        << duration_text(f.start_s) << " to "
        << (f.end_s ? duration_text(*f.end_s) : std::string("end of run"))
        << (f.injected ? " (injected)" : "") << "\n";
  }
  out << "readings: " << summary.readings << ", alert events received: " << summary.alerts
      << ", decisions received: " << summary.decisions << "\n";
  if (!id.out_dir.empty()) {
    out << "event log: " << (id.out_dir / "events.pb").string() << " (" << summary.log_records
        << " records, " << summary.thermal_segments << " thermal segments)\n";
  }
  out << std::setprecision(3) << "wall time: " << summary.wall_time_s << " s\n";
}

}  // namespace pharmatwin::app
