// The headline of a scored run for the terminal (print_summary, report.hpp).
#include <cstdio>
#include <iomanip>

#include "pharmatwin/experiments/report.hpp"

namespace pharmatwin::experiments {

namespace {

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Whole numbers without decimals, others with up to 6 significant digits.
std::string short_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

void print_summary(std::ostream& out, const RunScore& s,
                   const std::vector<ExpectationResult>& expectations) {
  out << "scenario " << s.scenario_name << "  seed " << s.seed << "  horizon "
      << format_duration(s.horizon_s) << "\n\n";
  if (!s.detection.faults.empty()) {
    out << std::left << std::setw(28) << "fault" << std::setw(18) << "kind" << std::setw(10)
        << "detected" << std::setw(12) << "latency" << std::setw(12) << "lead time" << "first alert\n";
    for (const auto& f : s.detection.faults) {
      out << std::setw(28) << f.name << std::setw(18) << f.kind << std::setw(10)
          << (f.detected ? "yes" : "NO") << std::setw(12)
          << (f.latency_s ? format_duration(*f.latency_s) : "-") << std::setw(12)
          << (f.lead_time_s ? format_duration(*f.lead_time_s) : "-") << f.first_alert_kind << "\n";
    }
    out << "\n";
  }
  out << "alerts " << s.detection.alerts << ", false alarms " << s.detection.false_alarm_ids.size()
      << " (" << fixed(s.detection.false_alarms_per_day, 2) << "/day, "
      << fixed(s.detection.false_alarms_per_sensor_day, 3) << "/sensor-day, "
      << fixed(s.detection.false_alarms_per_zone_day, 3) << "/zone-day)\n";
  if (!s.detection.faults.empty()) {
    out << "NAB";
    for (const auto& n : s.detection.nab) out << "  " << n.profile << " " << fixed(n.normalized, 1);
    out << "\n";
  }
  if (s.counterfeit.injected > 0) {
    out << "counterfeit: " << s.counterfeit.intercepted << "/" << s.counterfeit.injected
        << " intercepted (" << fixed(*s.counterfeit.interception_percent, 1) << " %)";
    for (const auto& [stage, n] : s.counterfeit.by_stage) out << ", " << stage << " " << n;
    out << "; shipped before detection " << s.counterfeit.shipped_before_detection << "\n";
  }
  out << "\n" << std::setw(30) << "operations" << std::setw(14) << "run" << std::setw(14)
      << (s.baseline ? "baseline" : "") << (s.baseline ? "difference" : "") << "\n";
  for (const auto& m : s.metrics) {
    if (m.name.rfind("ops.", 0) != 0) continue;
    const std::string field = m.name.substr(4);
    out << std::setw(30) << field << std::setw(14) << short_number(m.value);
    if (s.baseline) {
      const Metric* b = find_metric(s, "baseline." + field);
      const Metric* d = find_metric(s, "delta." + field);
      out << std::setw(14) << (b ? short_number(b->value) : "-") << (d ? short_number(d->value) : "-");
    }
    out << "\n";
  }
  if (!expectations.empty()) {
    out << "\nexpectations\n";
    for (const auto& e : expectations) {
      out << "  " << (e.passed ? "PASS " : "FAIL ") << e.name << ": " << e.measured
          << " (expected " << e.expected << ")\n";
    }
  }
}

}  // namespace pharmatwin::experiments
