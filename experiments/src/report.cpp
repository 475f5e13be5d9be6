#include "pharmatwin/experiments/report.hpp"

#include <fstream>

namespace pharmatwin::experiments {

namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

const char* better_name(Better b) {
  switch (b) {
    case Better::kHigher:
      return "higher";
    case Better::kLower:
      return "lower";
    default:
      return "neither";
  }
}

json truth_json(const GroundTruthSummary& t) {
  json zones = json::array();
  for (const auto& z : t.zones) {
    zones.push_back({{"zone", z.zone},
                     {"min_c", z.min_c},
                     {"max_c", z.max_c},
                     {"peak_air_c", optional_number(z.peak_air_c)},
                     {"peak_product_c", optional_number(z.peak_product_c)},
                     {"lowest_product_c", optional_number(z.lowest_product_c)},
                     {"out_of_range_s", z.out_of_range_s},
                     {"first_out_of_range_s", optional_number(z.first_out_of_range_s)},
                     {"basis", z.basis},
                     {"mkt_air_c", optional_number(z.mkt_air_c)},
                     {"mkt_product_c", optional_number(z.mkt_product_c)},
                     {"truth_samples", z.truth_samples},
                     {"truth_interval_s", z.truth_interval_s}});
  }
  json sensors = json::array();
  for (const auto& m : t.sensors) {
    sensors.push_back({{"sensor", m.sensor},
                       {"zone", m.zone},
                       {"kind", m.kind},
                       {"readings", m.readings},
                       {"mkt_c", m.mkt_c}});
  }
  json lots = json::array();
  for (const auto& l : t.lots) {
    lots.push_back({{"lot", l.lot},
                    {"zone", l.zone},
                    {"budget_s", optional_number(l.budget_s)},
                    {"consumed_s", l.consumed_s},
                    {"consumed_percent", optional_number(l.consumed_percent())},
                    {"as_of_s", l.as_of_s},
                    {"basis", l.basis},
                    {"exhausted_s", optional_number(l.exhausted_s)}});
  }
  return {{"zones", zones}, {"sensors", sensors}, {"lots", lots}};
}

json false_alarms_json(const std::vector<FalseAlarm>& alarms) {
  json out = json::array();
  for (const auto& a : alarms) {
    out.push_back({{"id", a.id},
                   {"t_s", a.t_s},
                   {"zone", a.zone},
                   {"sensor", a.sensor},
                   {"kind", a.kind},
                   {"source", a.source},
                   {"severity", a.severity},
                   {"message", a.message}});
  }
  return out;
}

json operations_json(const OperationsMetrics& m) {
  return {{"lines_ordered", m.lines_ordered},
          {"lines_filled_on_time", m.lines_filled_on_time},
          {"lines_lost", m.lines_lost},
          {"lines_open", m.lines_open},
          {"units_ordered", m.units_ordered},
          {"units_shipped", m.units_shipped},
          {"units_shipped_on_time", m.units_shipped_on_time},
          {"units_shipped_late", m.units_shipped_late},
          {"units_lost", m.units_lost},
          {"units_open", m.units_open},
          {"fill_rate_percent", optional_number(m.fill_rate_percent)},
          {"line_fill_rate_percent", optional_number(m.line_fill_rate_percent)},
          {"units_received", m.units_received},
          {"units_quarantined", m.units_quarantined},
          {"quarantine_actions", m.quarantine_actions},
          {"units_requarantined", m.units_requarantined},
          {"units_released", m.units_released},
          {"units_on_hold", m.units_on_hold},
          {"units_rejected", m.units_rejected},
          {"units_destroyed", m.units_destroyed},
          {"qa_reviews", m.qa_reviews},
          {"qa_reviews_done", m.qa_reviews_done},
          {"qa_reviews_held", m.qa_reviews_held},
          {"qa_units_reviewed", m.qa_units_reviewed},
          {"qa_mean_wait_s", m.qa_mean_wait_s},
          {"inventory_turns", optional_number(m.inventory_turns)},
          {"compromised_units_shipped", m.compromised_units_shipped},
          {"decisions_applied", m.decisions_applied}};
}

json recalls_json(const std::vector<RecallScore>& recalls) {
  json out = json::array();
  for (const auto& r : recalls) {
    out.push_back({{"name", r.name},
                   {"kind", r.kind},
                   {"product", r.product},
                   {"gtin", r.gtin},
                   {"lot", r.lot},
                   {"notice_s", r.notice_s},
                   {"units_on_hand_at_notice", r.units_on_hand_at_notice},
                   {"units_unblocked_at_notice", r.units_unblocked_at_notice},
                   {"all_blocked", r.time_to_block_s.has_value()},
                   {"time_to_block_s", optional_number(r.time_to_block_s)},
                   {"units_never_blocked", r.time_to_block_s ? 0 : r.units_unblocked_at_end},
                   {"units_shipped_before_notice", r.units_shipped_before},
                   {"shipped_before_notice", r.shipped_before},
                   {"units_shipped_after_notice", r.units_shipped_after},
                   {"shipped_after_notice", r.shipped_after}});
  }
  return out;
}

}  // namespace

json report_json(const RunScore& s, const std::vector<ExpectationResult>& expectations) {
  json faults = json::array();
  for (const auto& f : s.detection.faults) {
    faults.push_back({{"name", f.name},
                      {"kind", f.kind},
                      {"zone", f.zone},
                      {"sensor", f.sensor},
                      {"start_s", f.start_s},
                      {"end_s", optional_number(f.end_s)},
                      {"window_end_s", f.window_end_s},
                      {"harm", f.harm},
                      {"harm_s", optional_number(f.harm_s)},
                      {"detected", f.detected},
                      {"latency_s", optional_number(f.latency_s)},
                      {"lead_time_s", optional_number(f.lead_time_s)},
                      {"first_alert", f.first_alert_id},
                      {"first_alert_kind", f.first_alert_kind},
                      {"matching_alerts", f.matching_alerts},
                      {"late_alerts", f.late_alerts},
                      {"recovery_alerts", f.recovery_alerts},
                      {"back_in_band_s", optional_number(f.back_in_band_s)},
                      {"attributed_until_s", f.attributed_until_s}});
  }
  json kinds = json::object();
  for (const auto& [kind, k] : s.detection.by_kind) {
    kinds[kind] = {{"faults", k.faults},
                   {"detected", k.detected},
                   {"recall", optional_number(k.recall)},
                   {"precision", optional_number(k.precision)},
                   {"candidate_alerts", k.candidate_alerts},
                   {"true_alerts", k.true_alerts},
                   {"mean_latency_s", optional_number(k.mean_latency_s)}};
  }
  json nab = json::object();
  for (const auto& n : s.detection.nab)
    nab[n.profile] = {
        {"raw", n.raw}, {"null", n.null_score}, {"perfect", n.perfect}, {"score", n.normalized}};
  json stages = json::object();
  for (const auto& [stage, n] : s.counterfeit.by_stage) stages[stage] = n;
  json metrics = json::array();
  for (const auto& m : s.metrics)
    metrics.push_back({{"name", m.name},
                       {"value", m.value},
                       {"unit", m.unit},
                       {"better", better_name(m.better)}});
  json checks = json::array();
  for (const auto& e : expectations)
    checks.push_back({{"name", e.name},
                      {"passed", e.passed},
                      {"measured", e.measured},
                      {"expected", e.expected}});
  json out = {
      {"format", kReportFormat},
      {"scenario", {{"name", s.scenario_name}, {"hash", s.scenario_hash}, {"seed", s.seed}}},
      {"version", s.version},
      {"horizon_s", s.horizon_s},
      {"complete", s.complete},
      {"incomplete_reason", s.incomplete_reason},
      {"detection",
       {{"faults", faults},
        {"alerts", s.detection.alerts},
        {"alert_events", s.detection.alert_events},
        {"late_alerts", s.detection.late_alerts},
        {"recovery_alerts", s.detection.recovery_alerts},
        {"false_alarms", s.detection.false_alarm_ids},
        {"false_alarm_list", false_alarms_json(s.detection.false_alarms)},
        {"false_alarms_by_day", s.detection.false_alarms_by_day},
        {"false_alarms_per_day", s.detection.false_alarms_per_day},
        {"false_alarms_per_sensor_day", s.detection.false_alarms_per_sensor_day},
        {"false_alarms_per_zone_day", s.detection.false_alarms_per_zone_day},
        {"by_fault_kind", kinds},
        {"nab", nab}}},
      {"counterfeit",
       {{"injected", s.counterfeit.injected},
        {"intercepted", s.counterfeit.intercepted},
        {"interception_percent", optional_number(s.counterfeit.interception_percent)},
        {"caught_at", stages},
        {"shipped", s.counterfeit.shipped},
        {"shipped_before_detection", s.counterfeit.shipped_before_detection}}},
      {"ground_truth", truth_json(s.truth)},
      {"operations", operations_json(s.operations)},
      {"baseline", s.baseline ? operations_json(*s.baseline) : json(nullptr)},
      {"recalls", recalls_json(s.recalls)},
      {"metrics", metrics},
      {"expectations", checks},
  };
  return out;
}

bool write_reports(const std::filesystem::path& dir, const RunScore& score, const RunLog& log,
                   const std::vector<ExpectationResult>& expectations, std::string* error) {
  auto write = [&](const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      if (error) *error = path.string() + ": cannot write";
      return false;
    }
    return true;
  };
  return write(dir / "report.json", report_json(score, expectations).dump(2) + "\n") &&
         write(dir / "report.html", report_html(score, log, expectations));
}

}  // namespace pharmatwin::experiments
