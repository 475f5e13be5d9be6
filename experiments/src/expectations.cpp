#include "pharmatwin/experiments/expectations.hpp"

#include <cmath>
#include <cstdio>
#include <optional>

#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::experiments {

namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

void check_detected(const scenario::FaultDetected& want, const RunScore& score,
                    std::vector<ExpectationResult>& out) {
  std::string error;
  const auto within = scenarios::parse_duration_s(want.within(), &error);
  auto check_one = [&](const FaultScore* f, const std::string& name) {
    ExpectationResult r;
    r.name = "detected " + name + (within ? " within " + want.within() : "");
    r.min_pass_rate = want.has_min_pass_rate() ? want.min_pass_rate() : 1;
    r.expected = within ? "latency <= " + format_duration(*within) + " (" + number(*within) + " s)"
                        : "detected";
    if (!f) {
      r.measured = "fault did not occur in the run";
    } else if (!f->detected) {
      r.measured = "not detected";
    } else {
      r.measured =
          "latency " + format_duration(*f->latency_s) + " (" + number(*f->latency_s) + " s)";
      r.passed = !within || *f->latency_s <= *within + 1e-9;
    }
    out.push_back(std::move(r));
  };
  if (want.fault() == "*") {
    for (const auto& f : score.detection.faults) check_one(&f, f.name);
    return;
  }
  const FaultScore* found = nullptr;
  for (const auto& f : score.detection.faults)
    if (f.name == want.fault() && !found) found = &f;
  check_one(found, want.fault());
}

// The pass rate the scenario gives the single-valued expectation `field` (the last entry wins).
double pass_rate(const scenario::Expectations& e, const std::string& field) {
  double rate = 1;
  for (const auto& r : e.pass_rates())
    if (r.expectation() == field) rate = r.min_pass_rate();
  return rate;
}

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds)) return "inf";
  std::string sign = seconds < 0 ? "-" : "";
  long long s = std::llround(std::fabs(seconds));
  const long long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60, sec = s % 60;
  std::string out;
  if (d) out += std::to_string(d) + "d";
  if (h) out += std::to_string(h) + "h";
  if (m) out += std::to_string(m) + "m";
  if (sec || out.empty()) out += std::to_string(sec) + "s";
  return sign + out;
}

bool has_expectations(const scenario::Scenario& scenario) {
  if (!scenario.has_expectations()) return false;
  const auto& e = scenario.expectations();
  return e.detected_size() > 0 || e.has_max_false_alarms_per_day() ||
         e.has_min_fill_rate_percent() || e.has_max_compromised_units_shipped() ||
         e.has_min_counterfeit_interception_percent() || e.has_max_units_quarantined() ||
         e.has_min_fill_rate_loss_points() || !e.max_recall_time_to_block().empty() ||
         e.has_max_recalled_units_shipped();
}

std::vector<ExpectationResult> check_expectations(const scenario::Expectations& e,
                                                  const RunScore& score) {
  std::vector<ExpectationResult> out;
  for (const auto& d : e.detected()) check_detected(d, score, out);
  if (e.has_max_false_alarms_per_day()) {
    const double v = score.detection.false_alarms_per_day;
    out.push_back({"false alarms per day", v <= e.max_false_alarms_per_day() + 1e-9,
                   number(v) + " (" + std::to_string(score.detection.false_alarm_ids.size()) +
                       " in " + number(score.detection.days) + " d)",
                   "<= " + number(e.max_false_alarms_per_day()),
                   pass_rate(e, "max_false_alarms_per_day")});
  }
  if (e.has_min_fill_rate_percent()) {
    const auto& f = score.operations.fill_rate_percent;
    ExpectationResult r{"fill rate", false, f ? number(*f) + " %" : "no order line fell due",
                        ">= " + number(e.min_fill_rate_percent()) + " %",
                        pass_rate(e, "min_fill_rate_percent")};
    r.passed = f && *f + 1e-9 >= e.min_fill_rate_percent();
    out.push_back(std::move(r));
  }
  if (e.has_max_compromised_units_shipped()) {
    const auto v = score.operations.compromised_units_shipped;
    out.push_back({"compromised units shipped", v <= e.max_compromised_units_shipped(),
                   std::to_string(v) + " units",
                   "<= " + std::to_string(e.max_compromised_units_shipped()) + " units",
                   pass_rate(e, "max_compromised_units_shipped")});
  }
  if (e.has_min_counterfeit_interception_percent()) {
    const auto& p = score.counterfeit.interception_percent;
    ExpectationResult r{"counterfeit interception", false,
                        p ? number(*p) + " % (" + std::to_string(score.counterfeit.intercepted) +
                                " of " + std::to_string(score.counterfeit.injected) + " packs)"
                          : "no counterfeit pack was injected",
                        ">= " + number(e.min_counterfeit_interception_percent()) + " %",
                        pass_rate(e, "min_counterfeit_interception_percent")};
    r.passed = p && *p + 1e-9 >= e.min_counterfeit_interception_percent();
    out.push_back(std::move(r));
  }
  if (e.has_max_units_quarantined()) {
    const auto v = score.operations.units_quarantined;
    out.push_back({"units quarantined", v <= e.max_units_quarantined(),
                   std::to_string(v) + " units",
                   "<= " + std::to_string(e.max_units_quarantined()) + " units",
                   pass_rate(e, "max_units_quarantined")});
  }
  if (e.has_min_fill_rate_loss_points()) {
    const auto& run = score.operations.fill_rate_percent;
    const std::optional<double> base =
        score.baseline ? score.baseline->fill_rate_percent : std::optional<double>();
    ExpectationResult r{"fill rate loss against the baseline", false, "",
                        ">= " + number(e.min_fill_rate_loss_points()) + " pp",
                        pass_rate(e, "min_fill_rate_loss_points")};
    if (!score.baseline) {
      r.measured = "no baseline run";
    } else if (!run || !base) {
      r.measured = "no order line fell due";
    } else {
      const double loss = *base - *run;
      r.measured =
          number(loss) + " pp (baseline " + number(*base) + " %, run " + number(*run) + " %)";
      r.passed = loss + 1e-9 >= e.min_fill_rate_loss_points();
    }
    out.push_back(std::move(r));
  }
  if (!e.max_recall_time_to_block().empty()) {
    std::string error;
    const auto limit = scenarios::parse_duration_s(e.max_recall_time_to_block(), &error);
    const double rate = pass_rate(e, "max_recall_time_to_block");
    const std::string expected =
        "<= " + e.max_recall_time_to_block() + (limit ? " (" + number(*limit) + " s)" : "");
    if (score.recalls.empty())
      out.push_back(
          {"recall stock blocked", false, "no recall was issued in the run", expected, rate});
    for (const auto& r : score.recalls) {
      ExpectationResult x{"recall " + r.name + " stock blocked", false, "", expected, rate};
      if (!r.time_to_block_s) {
        x.measured = "not all blocked (" + std::to_string(r.units_unblocked_at_end) +
                     " units still pickable at the end)";
      } else {
        x.measured = format_duration(*r.time_to_block_s) + " (" + number(*r.time_to_block_s) +
                     " s) after the notice";
        x.passed = limit && *r.time_to_block_s <= *limit + 1e-9;
      }
      out.push_back(std::move(x));
    }
  }
  if (e.has_max_recalled_units_shipped()) {
    std::uint64_t v = 0;
    for (const auto& r : score.recalls) v += r.units_shipped_after;
    ExpectationResult x{"recalled units shipped after the notice", false,
                        std::to_string(v) + " units",
                        "<= " + std::to_string(e.max_recalled_units_shipped()) + " units",
                        pass_rate(e, "max_recalled_units_shipped")};
    x.passed = !score.recalls.empty() && v <= e.max_recalled_units_shipped();
    if (score.recalls.empty()) x.measured = "no recall was issued in the run";
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace pharmatwin::experiments
