#include "pharmatwin/experiments/training_score.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "pharmatwin/experiments/expectations.hpp"
#include "pharmatwin/scenarios/units.hpp"
#include "pharmatwin/sim/live_command.hpp"

namespace pharmatwin::experiments {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kCorrect:
      return "correct";
    case Verdict::kLate:
      return "late";
    case Verdict::kWrong:
      return "wrong";
    case Verdict::kNeutral:
      return "neutral";
  }
  return "neutral";
}

namespace {

std::optional<double> duration_or_none(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return scenarios::parse_duration_s(text);
}

bool kind_in(const exercise::Disposition& d, const std::string& kind) {
  return std::find(d.kinds().begin(), d.kinds().end(), kind) != d.kinds().end();
}

std::string kinds_text(const exercise::Disposition& d) {
  std::string s;
  for (int i = 0; i < d.kinds_size(); ++i) s += (i == 0 ? "" : " or ") + d.kinds(i);
  return s;
}

const LoggedFault* fault_named(const RunLog& log, const std::string& name) {
  for (const auto& f : log.faults)
    if (f.name == name) return &f;
  return nullptr;
}

// The onset an expected disposition counts from: its fault's, else the first fault's.
const LoggedFault* expectation_fault(const RunLog& log, const exercise::Disposition& d) {
  if (!d.fault().empty()) return fault_named(log, d.fault());
  return log.faults.empty() ? nullptr : &log.faults.front();
}

}  // namespace

TraineeScore score_trainee(const RunLog& log, const exercise::Exercise& ex, const RunScore& score) {
  TraineeScore out;
  out.exercise = ex.name();
  out.title = ex.title();
  out.questions.assign(ex.questions().begin(), ex.questions().end());
  const auto& response = ex.response();

  // Acknowledgements: (instant, alert index) in log order.
  std::map<std::string, std::size_t> alert_by_id;
  for (std::size_t i = 0; i < log.alerts.size(); ++i) alert_by_id.emplace(log.alerts[i].id, i);
  std::vector<std::optional<double>> acked_at(log.alerts.size());
  for (const auto& [t, line] : log.live_commands) {
    sim::LiveCommand c;
    if (!sim::parse_command(line, c, nullptr) || c.verb != sim::LiveVerb::kAck) continue;
    if (c.target == "*") {
      for (std::size_t i = 0; i < log.alerts.size(); ++i)
        if (!acked_at[i] && log.alerts[i].received_s <= t) acked_at[i] = t;
    } else if (auto it = alert_by_id.find(c.target);
               it != alert_by_id.end() && !acked_at[it->second]) {
      acked_at[it->second] = t;
    }
  }

  const auto& det = score.detection;
  for (std::size_t f = 0; f < log.faults.size(); ++f) {
    const auto& lf = log.faults[f];
    FaultAcknowledgement a;
    a.fault = lf.name;
    a.kind = lf.kind;
    a.onset_s = lf.start_s;
    a.hidden = std::find(ex.hidden_faults().begin(), ex.hidden_faults().end(), lf.name) !=
               ex.hidden_faults().end();
    a.deadline_s = duration_or_none(response.acknowledge_within());
    for (const auto& fr : response.faults())
      if (fr.fault() == lf.name) a.deadline_s = duration_or_none(fr.acknowledge_within());
    for (std::size_t i = 0; i < log.alerts.size() && i < det.alert_fault.size(); ++i) {
      if (det.alert_fault[i] != static_cast<int>(f)) continue;
      const double raised = log.alerts[i].raised_at_s;
      if (!a.first_alert_s || raised < *a.first_alert_s) a.first_alert_s = raised;
      if (acked_at[i] && (!a.ack_s || *acked_at[i] < *a.ack_s)) {
        a.ack_s = acked_at[i];
        a.alert_id = log.alerts[i].id;
      }
    }
    if (a.ack_s) a.ack_after_s = *a.ack_s - a.onset_s;
    a.in_time = a.ack_s && (!a.deadline_s || *a.ack_after_s <= *a.deadline_s);
    if (a.in_time) ++out.acknowledged_in_time;
    out.faults.push_back(std::move(a));
  }

  // Dispositions: the decisions taken in the dashboard (the system under test's are its own).
  std::vector<bool> expectation_met(static_cast<std::size_t>(response.expect_size()), false);
  out.expected = response.expect_size();
  for (const auto& d : log.decisions) {
    const auto& r = d.record;
    if (r.idempotency_key().rfind("dashboard-", 0) != 0) continue;
    DispositionVerdict v;
    v.t_s = d.received_s;
    v.kind = r.kind();
    v.zone = r.zone();
    v.reason = r.reason();
    for (const auto& forbid : response.forbid()) {
      if (forbid.zone() == r.zone() && kind_in(forbid, r.kind())) {
        v.verdict = Verdict::kWrong;
        v.why = "must not " + kinds_text(forbid) + " " + forbid.zone() +
                (forbid.why().empty() ? "" : ": " + forbid.why());
        break;
      }
    }
    if (v.verdict == Verdict::kNeutral && r.kind() == "release") {
      for (const auto& lot : score.truth.lots) {
        if (lot.zone == r.zone() && lot.exhausted_s && *lot.exhausted_s <= v.t_s) {
          v.verdict = Verdict::kWrong;
          v.why = "releases lot " + lot.lot + " whose stability budget was spent at t+" +
                  format_duration(*lot.exhausted_s);
          break;
        }
      }
    }
    if (v.verdict == Verdict::kNeutral) {
      for (int e = 0; e < response.expect_size(); ++e) {
        const auto& want = response.expect(e);
        if (expectation_met[static_cast<std::size_t>(e)] || want.zone() != r.zone() ||
            !kind_in(want, r.kind()))
          continue;
        const LoggedFault* from = expectation_fault(log, want);
        if (!from || v.t_s < from->start_s) continue;  // before the fault: not a response to it
        expectation_met[static_cast<std::size_t>(e)] = true;
        const auto within = duration_or_none(want.within());
        const double after = v.t_s - from->start_s;
        if (within && after > *within) {
          v.verdict = Verdict::kLate;
          v.why = "expected within " + format_duration(*within) + " of " + from->name +
                  ", taken after " + format_duration(after);
        } else {
          v.verdict = Verdict::kCorrect;
          v.why = "expected: " + kinds_text(want) + " " + want.zone() + " after " + from->name +
                  " (taken " + format_duration(after) + " after its onset)";
        }
        break;
      }
    }
    switch (v.verdict) {
      case Verdict::kCorrect:
        ++out.correct;
        break;
      case Verdict::kLate:
        ++out.late;
        break;
      case Verdict::kWrong:
        ++out.wrong;
        break;
      case Verdict::kNeutral:
        ++out.neutral;
        break;
    }
    out.decisions.push_back(std::move(v));
  }
  for (int e = 0; e < response.expect_size(); ++e) {
    if (expectation_met[static_cast<std::size_t>(e)]) continue;
    const auto& want = response.expect(e);
    MissedDisposition m;
    m.kinds = kinds_text(want);
    m.zone = want.zone();
    const LoggedFault* from = expectation_fault(log, want);
    m.fault = from ? from->name : want.fault();
    if (const auto within = duration_or_none(want.within()); within && from)
      m.deadline_s = from->start_s + *within;
    m.why = want.why();
    out.missed.push_back(std::move(m));
  }

  out.units_lost = score.operations.units_lost;
  out.fill_rate_percent = score.operations.fill_rate_percent;
  if (score.baseline) {
    out.baseline_units_lost = score.baseline->units_lost;
    out.units_lost_delta = static_cast<std::int64_t>(out.units_lost) -
                           static_cast<std::int64_t>(score.baseline->units_lost);
    out.baseline_fill_rate_percent = score.baseline->fill_rate_percent;
  }
  out.passed = out.acknowledged_in_time == static_cast<int>(out.faults.size()) &&
               out.correct == out.expected && out.wrong == 0;
  return out;
}

nlohmann::json trainee_json(const TraineeScore& s) {
  using nlohmann::json;
  auto opt = [](const auto& v) -> json { return v ? json(*v) : json(nullptr); };
  json j;
  j["exercise"] = s.exercise;
  j["title"] = s.title;
  j["passed"] = s.passed;
  j["acknowledged_in_time"] = s.acknowledged_in_time;
  j["faults_total"] = s.faults.size();
  j["decisions_correct"] = s.correct;
  j["decisions_late"] = s.late;
  j["decisions_wrong"] = s.wrong;
  j["decisions_neutral"] = s.neutral;
  j["dispositions_expected"] = s.expected;
  j["faults"] = json::array();
  for (const auto& f : s.faults) {
    j["faults"].push_back({{"fault", f.fault},
                           {"kind", f.kind},
                           {"onset_s", f.onset_s},
                           {"hidden", f.hidden},
                           {"deadline_s", opt(f.deadline_s)},
                           {"first_alert_s", opt(f.first_alert_s)},
                           {"acknowledged_s", opt(f.ack_s)},
                           {"time_to_acknowledge_s", opt(f.ack_after_s)},
                           {"alert_id", f.alert_id},
                           {"in_time", f.in_time}});
  }
  j["decisions"] = json::array();
  for (const auto& d : s.decisions) {
    j["decisions"].push_back({{"t_s", d.t_s},
                              {"kind", d.kind},
                              {"zone", d.zone},
                              {"reason", d.reason},
                              {"verdict", verdict_name(d.verdict)},
                              {"why", d.why}});
  }
  j["missed"] = json::array();
  for (const auto& m : s.missed) {
    j["missed"].push_back({{"kinds", m.kinds},
                           {"zone", m.zone},
                           {"fault", m.fault},
                           {"deadline_s", opt(m.deadline_s)},
                           {"why", m.why}});
  }
  j["units_lost"] = s.units_lost;
  j["baseline_units_lost"] = opt(s.baseline_units_lost);
  j["units_lost_delta"] = opt(s.units_lost_delta);
  j["fill_rate_percent"] = opt(s.fill_rate_percent);
  j["baseline_fill_rate_percent"] = opt(s.baseline_fill_rate_percent);
  j["questions"] = s.questions;
  return j;
}

namespace {

std::string esc(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string dur(const std::optional<double>& s) { return s ? format_duration(*s) : "-"; }

}  // namespace

std::string trainee_html(const TraineeScore& s) {
  std::ostringstream o;
  o << "<section id=\"training\"><h2>Trainee debrief: "
    << esc(s.title.empty() ? s.exercise : s.title) << "</h2>\n";
  o << "<p><b>" << (s.passed ? "PASS" : "NOT YET") << "</b>: " << s.acknowledged_in_time << " of "
    << s.faults.size() << " faults acknowledged in time; decisions " << s.correct << " correct of "
    << s.expected << " expected, " << s.late << " late, " << s.wrong << " wrong, " << s.neutral
    << " neutral";
  if (s.units_lost_delta)
    o << "; units lost " << s.units_lost << " against " << *s.baseline_units_lost
      << " without the faults (" << (*s.units_lost_delta >= 0 ? "+" : "") << *s.units_lost_delta
      << ")";
  o << ".</p>\n<table><tr><th>fault</th><th>kind</th><th>onset</th><th>first "
       "alert</th><th>acknowledged after</th>"
       "<th>deadline</th><th></th></tr>\n";
  for (const auto& f : s.faults) {
    o << "<tr><td>" << esc(f.fault) << (f.hidden ? " (hidden)" : "") << "</td><td>" << esc(f.kind)
      << "</td><td>t+" << format_duration(f.onset_s) << "</td><td>"
      << (f.first_alert_s ? "+" + format_duration(*f.first_alert_s - f.onset_s) : "-")
      << "</td><td>" << dur(f.ack_after_s) << "</td><td>" << dur(f.deadline_s) << "</td><td>"
      << (f.in_time ? "in time" : "no") << "</td></tr>\n";
  }
  o << "</table>\n<table><tr><th>at</th><th>decision</th><th>zone</th><th>verdict</th><th>why</"
       "th></tr>\n";
  for (const auto& d : s.decisions)
    o << "<tr><td>t+" << format_duration(d.t_s) << "</td><td>" << esc(d.kind) << "</td><td>"
      << esc(d.zone) << "</td><td>" << verdict_name(d.verdict) << "</td><td>" << esc(d.why)
      << "</td></tr>\n";
  for (const auto& m : s.missed)
    o << "<tr><td>" << (m.deadline_s ? "by t+" + format_duration(*m.deadline_s) : "") << "</td><td>"
      << esc(m.kinds) << "</td><td>" << esc(m.zone) << "</td><td>missed</td><td>" << esc(m.why)
      << "</td></tr>\n";
  o << "</table>\n";
  if (!s.questions.empty()) {
    o << "<h3>Questions</h3><ol>";
    for (const auto& q : s.questions) o << "<li>" << esc(q) << "</li>";
    o << "</ol>\n";
  }
  o << "</section>\n";
  return o.str();
}

}  // namespace pharmatwin::experiments
