// Scoring of an ended exercise session and its debrief (see gui_exercise.hpp).
#if defined(PHARMATWIN_HAS_DASHBOARD)
#include "gui_exercise.hpp"

#include <sstream>

#include "pharmatwin/experiments/expectations.hpp"
#include "pharmatwin/experiments/run_log.hpp"
#include "pharmatwin/experiments/training_report.hpp"
#include "pharmatwin/sim/live_command.hpp"

namespace pharmatwin::app {

namespace fs = std::filesystem;

namespace {

std::string opt_duration(const std::optional<double>& s) {
  return s ? experiments::format_duration(*s) : "-";
}

}  // namespace

std::shared_ptr<viz::Debrief> debrief_of(const experiments::TraineeScore& t) {
  auto d = std::make_shared<viz::Debrief>();
  d->title = t.title.empty() ? t.exercise : t.title;
  d->passed = t.passed;
  std::ostringstream summary;
  summary << t.acknowledged_in_time << " of " << t.faults.size()
          << " faults acknowledged in time; decisions: " << t.correct << " correct of "
          << t.expected << " expected, " << t.late << " late, " << t.wrong << " wrong, "
          << t.neutral << " neutral, " << t.missed.size() << " missed";
  if (t.units_lost_delta)
    summary << "; units lost " << t.units_lost << " (" << (*t.units_lost_delta >= 0 ? "+" : "")
            << *t.units_lost_delta << " against the fault-free run)";
  else
    summary << "; units lost " << t.units_lost;
  d->summary = summary.str();
  for (const auto& f : t.faults) {
    viz::DebriefRow row;
    row.cells = {
        f.fault + (f.hidden ? " (hidden)" : ""),
        f.kind,
        "t+" + experiments::format_duration(f.onset_s),
        f.first_alert_s ? "+" + experiments::format_duration(*f.first_alert_s - f.onset_s) : "none",
        f.ack_after_s ? experiments::format_duration(*f.ack_after_s) : "not acknowledged",
        opt_duration(f.deadline_s),
        f.in_time ? "in time"
        : f.ack_s ? "late"
                  : "missed"};
    row.tone = f.in_time ? viz::kGood : viz::kBad;
    d->faults.push_back(std::move(row));
  }
  for (const auto& v : t.decisions) {
    viz::DebriefRow row;
    row.cells = {"t+" + experiments::format_duration(v.t_s), v.kind, v.zone,
                 experiments::verdict_name(v.verdict), v.why};
    row.tone = v.verdict == experiments::Verdict::kCorrect   ? viz::kGood
               : v.verdict == experiments::Verdict::kNeutral ? viz::kNeutralTone
                                                             : viz::kBad;
    d->decisions.push_back(std::move(row));
  }
  for (const auto& m : t.missed) {
    viz::DebriefRow row;
    row.cells = {m.deadline_s ? "by t+" + experiments::format_duration(*m.deadline_s) : "", m.kinds,
                 m.zone, "missed", m.why};
    row.tone = viz::kBad;
    d->decisions.push_back(std::move(row));
  }
  d->questions = t.questions;
  return d;
}

std::shared_ptr<const viz::Debrief> score_exercise_session(
    const scenarios::LoadedExercise& exercise, const fs::path& out_dir,
    const std::optional<fs::path>& baseline_dir, experiments::TraineeScore* trainee) {
  auto failed = [](std::string why) {
    auto d = std::make_shared<viz::Debrief>();
    d->error = std::move(why);
    return d;
  };
  auto run = experiments::read_run_log(out_dir / "events.pb");
  if (!run.ok()) return failed(run.error);
  // A session stopped before its horizon covers less time than its baseline: their units lost
  // do not compare, so it is scored without it.
  const bool comparable = run.log.complete();
  std::optional<experiments::RunLogResult> base;
  if (baseline_dir && comparable) {
    base = experiments::read_operations_log(*baseline_dir / "events.pb");
    if (!base->ok()) return failed("baseline: " + base->error);
  }
  experiments::ScoreInputs in;
  in.run = &run.log;
  in.baseline = base ? &base->log : nullptr;
  in.scenario = &exercise.scenario;
  const auto score = experiments::score_run(in);
  std::vector<experiments::ExpectationResult> expectations;
  if (exercise.scenario.has_expectations())
    expectations = experiments::check_expectations(exercise.scenario.expectations(), score);
  const auto t = experiments::score_trainee(run.log, exercise.exercise, score);
  std::string error;
  if (!experiments::write_training_reports(out_dir, score, run.log, expectations, t, &error))
    return failed(error);
  if (trainee) *trainee = t;
  auto d = debrief_of(t);
  if (!comparable) {
    double stopped_s = score.horizon_s;
    for (const auto& [t_s, line] : run.log.live_commands) {
      sim::LiveCommand c;
      if (sim::parse_command(line, c, nullptr) && c.verb == sim::LiveVerb::kStop) stopped_s = t_s;
    }
    d->summary += "; stopped at t+" + experiments::format_duration(stopped_s) +
                  ", before its horizon: not compared with the fault-free run";
  }
  d->report = (out_dir / "report.html").string();
  return d;
}

}  // namespace pharmatwin::app
#endif
