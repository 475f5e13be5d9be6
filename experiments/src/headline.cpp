// The headline of a scored run for the terminal (print_summary, report.hpp): what a QA manager
// and an engineer look at first. Everything here is also in report.json, under the same names.
#include <cstdio>
#include <iomanip>

#include "pharmatwin/experiments/report.hpp"

namespace pharmatwin::experiments {

namespace {

constexpr std::size_t kFalseAlarmsListed = 5;
constexpr std::size_t kMessageWidth = 72;

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string signed_fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.*f", digits, v);
  return buf;
}

std::string count_text(std::uint64_t v) { return std::to_string(v); }

std::string signed_count(std::int64_t v) { return (v > 0 ? "+" : "") + std::to_string(v); }

// Cut at a character boundary (messages carry "°C").
std::string clipped(const std::string& text, std::size_t width) {
  if (text.size() <= width) return text;
  std::size_t cut = width - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

void print_faults(std::ostream& out, const DetectionScore& d) {
  if (d.faults.empty()) return;
  out << std::left << std::setw(28) << "fault" << std::setw(18) << "kind" << std::setw(10)
      << "detected" << std::setw(12) << "latency" << std::setw(12) << "lead time"
      << "first alert\n";
  for (const auto& f : d.faults) {
    out << std::setw(28) << f.name << std::setw(18) << f.kind << std::setw(10)
        << (f.detected ? "yes" : "MISSED") << std::setw(12)
        << (f.latency_s ? format_duration(*f.latency_s) : "-") << std::setw(12)
        << (f.lead_time_s ? format_duration(*f.lead_time_s) : (f.harm_s ? "-" : "no harm"))
        << f.first_alert_kind << "\n";
  }
  out << "\n";
}

void print_alerts(std::ostream& out, const DetectionScore& d) {
  int in_window = 0;
  for (AlertRole role : d.alert_role) in_window += role == AlertRole::kInWindow;
  out << "alerts: " << d.alerts << " distinct (" << d.alert_events
      << " alert events): " << in_window << " in a fault's window, " << d.late_alerts << " late, "
      << d.recovery_alerts << " during a zone's recovery, " << d.false_alarms.size()
      << (d.false_alarms.size() == 1 ? " false alarm\n" : " false alarms\n");
  out << "false alarms: " << d.false_alarms.size() << " (" << fixed(d.false_alarms_per_day, 2)
      << "/day, " << fixed(d.false_alarms_per_sensor_day, 3) << "/sensor-day, "
      << fixed(d.false_alarms_per_zone_day, 3) << "/zone-day)\n";
  for (std::size_t i = 0; i < d.false_alarms.size() && i < kFalseAlarmsListed; ++i) {
    const auto& fa = d.false_alarms[i];
    out << "  " << std::setw(11) << ("t+" + format_duration(fa.t_s)) << std::setw(16)
        << (fa.zone.empty() ? (fa.sensor.empty() ? "-" : fa.sensor) : fa.zone) << std::setw(20)
        << fa.kind << clipped(fa.message, kMessageWidth) << "\n";
  }
  if (d.false_alarms.size() > kFalseAlarmsListed)
    out << "  ... and " << d.false_alarms.size() - kFalseAlarmsListed << " more in report.json\n";
  if (!d.faults.empty()) {
    out << "NAB score";
    for (const auto& n : d.nab) out << "  " << n.profile << " " << fixed(n.normalized, 1);
    out << "\n";
  }
}

void print_counterfeits(std::ostream& out, const CounterfeitScore& c) {
  if (c.injected == 0) return;
  out << "counterfeit packs: " << c.intercepted << " of " << c.injected << " intercepted ("
      << fixed(c.interception_percent.value_or(0), 1) << " %)";
  for (const auto& [stage, n] : c.by_stage) out << ", " << n << " at " << stage;
  out << "; " << c.shipped << " shipped, " << c.shipped_before_detection
      << " of them before detection\n";
}

void print_recalls(std::ostream& out, const std::vector<RecallScore>& recalls) {
  for (const auto& r : recalls) {
    out << r.kind << " " << r.name << " (" << r.product << " lot " << r.lot << ") at "
        << format_duration(r.notice_s) << ": " << r.units_on_hand_at_notice << " units on hand";
    if (r.time_to_block_s)
      out << ", all blocked after " << format_duration(*r.time_to_block_s);
    else
      out << ", NOT all blocked (" << r.units_unblocked_at_end
          << " units still pickable at the end)";
    out << "; " << r.units_shipped_after << " units shipped after the notice; "
        << r.units_shipped_before << " shipped before it to " << r.shipped_before.size()
        << (r.shipped_before.size() == 1 ? " pharmacy" : " pharmacies");
    std::string sep = " (";
    for (const auto& [pharmacy, units] : r.shipped_before) {
      out << sep << pharmacy << " " << units;
      sep = ", ";
    }
    out << (r.shipped_before.empty() ? "" : ")") << "\n";
  }
}

// One row of the service table: run, baseline and run - baseline.
struct Row {
  std::string name;
  std::optional<double> run, base;
  bool percent = false;
};

std::string cell(const std::optional<double>& v, bool percent) {
  if (!v) return "-";
  return percent ? fixed(*v, 2) + " %" : count_text(static_cast<std::uint64_t>(*v + 0.5));
}

std::string difference(const Row& r) {
  if (!r.run || !r.base) return "";
  if (r.percent) return signed_fixed(*r.run - *r.base, 2) + " pp";
  return signed_count(static_cast<std::int64_t>(*r.run + 0.5) -
                      static_cast<std::int64_t>(*r.base + 0.5));
}

void print_service(std::ostream& out, const RunScore& s) {
  const OperationsMetrics& m = s.operations;
  const OperationsMetrics* b = s.baseline ? &*s.baseline : nullptr;
  auto units = [](std::uint64_t v) { return std::optional<double>(static_cast<double>(v)); };
  auto row = [&](const char* name, auto field) {
    return Row{name, units(m.*field), b ? units(b->*field) : std::nullopt};
  };
  const std::vector<Row> rows = {
      {"fill rate", m.fill_rate_percent, b ? b->fill_rate_percent : std::nullopt, true},
      {"line fill rate", m.line_fill_rate_percent, b ? b->line_fill_rate_percent : std::nullopt,
       true},
      row("units ordered", &OperationsMetrics::units_ordered),
      row("units shipped on time", &OperationsMetrics::units_shipped_on_time),
      row("units shipped late", &OperationsMetrics::units_shipped_late),
      row("units lost", &OperationsMetrics::units_lost),
      row("units open at the end", &OperationsMetrics::units_open),
      row("units quarantined", &OperationsMetrics::units_quarantined),
      row("units rejected", &OperationsMetrics::units_rejected),
      row("compromised units shipped", &OperationsMetrics::compromised_units_shipped),
  };
  out << std::left << std::setw(28) << "service" << std::setw(14) << "run";
  if (b)
    out << std::setw(14) << "baseline"
        << "difference";
  out << "\n";
  for (const auto& r : rows) {
    out << std::setw(28) << r.name << std::setw(14) << cell(r.run, r.percent);
    if (b) out << std::setw(14) << cell(r.base, r.percent) << difference(r);
    out << "\n";
  }
  if (!b)
    out << "(no baseline: run `pharmatwin run` without --no-score, or score --baseline DIR)\n";
}

}  // namespace

void print_summary(std::ostream& out, const RunScore& s,
                   const std::vector<ExpectationResult>& expectations) {
  out << "scenario " << s.scenario_name << "  seed " << s.seed << "  horizon "
      << format_duration(s.horizon_s) << "\n";
  if (!s.complete)
    out << "INCOMPLETE run (" << s.incomplete_reason << "): scored over its first "
        << format_duration(s.horizon_s) << " only; its expectations do not hold\n";
  out << "\n";
  print_faults(out, s.detection);
  print_alerts(out, s.detection);
  print_counterfeits(out, s.counterfeit);
  print_recalls(out, s.recalls);
  out << "\n";
  print_service(out, s);
  if (!expectations.empty()) {
    int failed = 0;
    for (const auto& e : expectations) failed += !e.passed;
    out << "\nexpectations (" << expectations.size() - failed << " of " << expectations.size()
        << " hold)\n";
    for (const auto& e : expectations) {
      out << "  " << (e.passed ? "PASS " : "FAIL ") << e.name << ": " << e.measured << " (expected "
          << e.expected << ")\n";
    }
  }
}

}  // namespace pharmatwin::experiments
