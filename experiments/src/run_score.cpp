#include "pharmatwin/experiments/run_score.hpp"

namespace pharmatwin::experiments {

RunScore score_run(const ScoreInputs& in) {
  RunScore s;
  const RunLog& log = *in.run;
  s.scenario_name = log.header.scenario_name();
  s.scenario_hash = log.header.scenario_hash();
  s.version = log.header.version();
  s.seed = log.header.seed();
  s.horizon_s = log.end_s;
  s.complete = log.complete();
  s.incomplete_reason = log.incomplete_reason();
  s.detection = score_detection(log, in.options);
  s.truth = summarize_ground_truth(log);
  s.counterfeit = score_counterfeits(log, s.detection);
  std::optional<std::uint64_t> initial;
  if (in.scenario) {
    std::uint64_t units = 0;
    for (const auto& lot : in.scenario->stock()) units += lot.quantity();
    initial = units;
  }
  s.operations = operations_metrics(log, initial);
  if (in.baseline) s.baseline = operations_metrics(*in.baseline, initial);
  s.recalls = score_recalls(log);
  collect_metrics(s);
  return s;
}

namespace {

void add(std::vector<Metric>& out, std::string name, double value, std::string unit, Better b) {
  out.push_back({std::move(name), value, std::move(unit), b});
}

// Operations figures with the direction that is better.
struct OpsField {
  const char* name;
  const char* unit;
  Better better;
  std::optional<double> (*get)(const OperationsMetrics&);
};

const OpsField kOpsFields[] = {
    {"fill_rate_percent", "%", Better::kHigher,
     [](const OperationsMetrics& m) { return m.fill_rate_percent; }},
    {"lines_lost", "lines", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> { return double(m.lines_lost); }},
    {"units_lost", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> { return double(m.units_lost); }},
    {"units_quarantined", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> {
       return double(m.units_quarantined);
     }},
    {"units_on_hold", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> { return double(m.units_on_hold); }},
    {"units_rejected", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> { return double(m.units_rejected); }},
    {"units_destroyed", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> { return double(m.units_destroyed); }},
    {"qa_reviews", "reviews", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> { return double(m.qa_reviews); }},
    {"qa_units_reviewed", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> {
       return double(m.qa_units_reviewed);
     }},
    {"inventory_turns", "1/year", Better::kHigher,
     [](const OperationsMetrics& m) { return m.inventory_turns; }},
    {"compromised_units_shipped", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> {
       return double(m.compromised_units_shipped);
     }},
};

}  // namespace

void collect_metrics(RunScore& s) {
  auto& out = s.metrics;
  out.clear();
  const auto& d = s.detection;
  int detected = 0;
  for (const auto& f : d.faults) detected += f.detected ? 1 : 0;
  add(out, "detection.faults", d.faults.size(), "faults", Better::kNeither);
  add(out, "detection.detected", detected, "faults", Better::kHigher);
  if (!d.faults.empty())
    add(out, "detection.recall", double(detected) / d.faults.size(), "", Better::kHigher);
  add(out, "detection.alerts", d.alerts, "alerts", Better::kNeither);
  add(out, "detection.false_alarms", d.false_alarm_ids.size(), "alerts", Better::kLower);
  add(out, "detection.false_alarms_per_day", d.false_alarms_per_day, "1/day", Better::kLower);
  add(out, "detection.false_alarms_per_sensor_day", d.false_alarms_per_sensor_day, "1/sensor-day",
      Better::kLower);
  add(out, "detection.false_alarms_per_zone_day", d.false_alarms_per_zone_day, "1/zone-day",
      Better::kLower);
  for (const auto& f : d.faults) {
    if (f.latency_s) add(out, "fault." + f.name + ".latency_s", *f.latency_s, "s", Better::kLower);
    if (f.lead_time_s)
      add(out, "fault." + f.name + ".lead_time_s", *f.lead_time_s, "s", Better::kHigher);
  }
  for (const auto& [kind, k] : d.by_kind) {
    if (k.recall) add(out, "kind." + kind + ".recall", *k.recall, "", Better::kHigher);
    if (k.precision) add(out, "kind." + kind + ".precision", *k.precision, "", Better::kHigher);
    if (k.mean_latency_s)
      add(out, "kind." + kind + ".mean_latency_s", *k.mean_latency_s, "s", Better::kLower);
  }
  if (!d.faults.empty()) {
    for (const auto& n : d.nab) add(out, "nab." + n.profile, n.normalized, "", Better::kHigher);
  }
  const auto& c = s.counterfeit;
  if (c.injected > 0) {
    add(out, "counterfeit.injected", c.injected, "packs", Better::kNeither);
    add(out, "counterfeit.interception_percent", *c.interception_percent, "%", Better::kHigher);
    for (const char* stage : {"receiving", "storage", "dispensing"}) {
      auto it = c.by_stage.find(stage);
      add(out, std::string("counterfeit.caught_at_") + stage,
          it == c.by_stage.end() ? 0 : it->second, "packs", Better::kNeither);
    }
    add(out, "counterfeit.shipped_before_detection", c.shipped_before_detection, "packs",
        Better::kLower);
  }
  for (const auto& r : s.recalls) {
    const std::string p = "recall." + r.name + ".";
    if (r.time_to_block_s) add(out, p + "time_to_block_s", *r.time_to_block_s, "s", Better::kLower);
    add(out, p + "units_never_blocked", r.time_to_block_s ? 0 : r.units_unblocked_at_end, "units",
        Better::kLower);
    add(out, p + "units_shipped_after_notice", r.units_shipped_after, "units", Better::kLower);
    add(out, p + "units_shipped_before_notice", r.units_shipped_before, "units", Better::kNeither);
    add(out, p + "pharmacies_to_trace", r.shipped_before.size(), "pharmacies", Better::kNeither);
  }
  for (const auto& f : kOpsFields) {
    const auto run = f.get(s.operations);
    if (run) add(out, std::string("ops.") + f.name, *run, f.unit, f.better);
    if (!s.baseline) continue;
    const auto base = f.get(*s.baseline);
    if (base) add(out, std::string("baseline.") + f.name, *base, f.unit, Better::kNeither);
    if (run && base) add(out, std::string("delta.") + f.name, *run - *base, f.unit, f.better);
  }
}

const Metric* find_metric(const RunScore& score, const std::string& name) {
  for (const auto& m : score.metrics)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace pharmatwin::experiments
