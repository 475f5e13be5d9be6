// Scoring a trainee's session of a training exercise, as a system under test's alerts are scored:
// from the session's event log (its acknowledgements and the decisions taken in the dashboard)
// and the exercise's idea of a good response. No window is needed: a pure function of the log,
// the exercise and the run's score (which attributes each alert to a fault).
//
//   const RunScore s = score_run(in);                  // detection, ground truth, operations
//   const TraineeScore t = score_trainee(log, loaded.exercise, s);
//   // t.faults[i].ack_after_s, t.decisions[j].verdict, t.missed, t.units_lost_delta
//   report["training"] = trainee_json(t);
//
// Per fault: the first acknowledgement of an alert the scoring attributes to it (an `ack *`
// acknowledges every alert received by then), its time from the fault's onset and whether that
// is within the exercise's deadline. Per dashboard decision: *wrong* when the exercise forbids
// it, or it releases a zone holding a lot whose stability budget was spent by then; *correct*
// when it is the first to match an expected disposition in time; *late* when it matches one
// after its deadline; *neutral* otherwise. Expected dispositions no decision matched are missed.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/exercise.pb.h"
#include "pharmatwin/experiments/run_log.hpp"
#include "pharmatwin/experiments/run_score.hpp"

namespace pharmatwin::experiments {

struct FaultAcknowledgement {
  std::string fault, kind;
  double onset_s = 0;
  bool hidden = false;                  // named in the exercise's hidden_faults
  std::optional<double> deadline_s;     // allowed time from onset to acknowledgement
  std::optional<double> first_alert_s;  // first alert attributed to the fault (raised)
  std::optional<double> ack_s;          // first acknowledgement of one of its alerts
  std::optional<double> ack_after_s;    // ack_s - onset_s
  std::string alert_id;                 // the alert acknowledged
  bool in_time = false;                 // acknowledged, and within the deadline if one is set
};

enum class Verdict { kCorrect, kLate, kWrong, kNeutral };
const char* verdict_name(Verdict v);  // "correct", "late", "wrong", "neutral"

struct DispositionVerdict {
  double t_s = 0;
  std::string kind, zone, reason;
  Verdict verdict = Verdict::kNeutral;
  std::string why;  // what it matched, in a few words
};

struct MissedDisposition {
  std::string kinds;  // "quarantine or reject"
  std::string zone, fault;
  std::optional<double> deadline_s;  // absolute simulated time
  std::string why;
};

struct TraineeScore {
  std::string exercise, title;
  std::vector<FaultAcknowledgement> faults;   // the run's faults, onset order
  std::vector<DispositionVerdict> decisions;  // dashboard decisions, log order
  std::vector<MissedDisposition> missed;
  std::vector<std::string> questions;
  int acknowledged_in_time = 0, correct = 0, late = 0, wrong = 0, neutral = 0;
  int expected = 0;  // expected dispositions
  // Against the fault-free baseline, when the run score has one.
  std::uint64_t units_lost = 0;
  std::optional<std::uint64_t> baseline_units_lost;
  std::optional<std::int64_t> units_lost_delta;  // run - baseline
  std::optional<double> fill_rate_percent, baseline_fill_rate_percent;
  // Every fault acknowledged in time, every expected disposition made in time, nothing wrong.
  bool passed = false;
};

TraineeScore score_trainee(const RunLog& log, const exercise::Exercise& exercise,
                           const RunScore& score);

// The "training" object of report.json (docs/training.md lists its fields).
nlohmann::json trainee_json(const TraineeScore& score);

// A self-contained <section> for report.html.
std::string trainee_html(const TraineeScore& score);

}  // namespace pharmatwin::experiments
