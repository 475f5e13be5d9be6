// Everything scored about one run (and its fault-free baseline), and the flat metric list that
// reports, the results store and history use.
//
//   ScoreInputs in;
//   in.run = &log;             // read_run_log(dir / "events.pb").log
//   in.baseline = &base_log;   // optional
//   const RunScore s = score_run(in);
//   // s.detection, s.truth.zones, s.operations vs *s.baseline, find_metric(s, "ops.units_lost")
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/experiments/counterfeit_score.hpp"
#include "pharmatwin/experiments/detection_score.hpp"
#include "pharmatwin/experiments/ground_truth.hpp"
#include "pharmatwin/experiments/operations_metrics.hpp"
#include "pharmatwin/experiments/recall_score.hpp"
#include "pharmatwin/experiments/run_log.hpp"
#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::experiments {

// Which way is better for a metric; history flags moves the wrong way.
enum class Better { kHigher, kLower, kNeither };

struct Metric {
  std::string name;  // e.g. "detection.recall", "ops.fill_rate_percent.delta"
  double value = 0;
  std::string unit;  // "s", "%", "units", "1/day", ""
  Better better = Better::kNeither;
};

struct RunScore {
  std::string scenario_name, scenario_hash, version;
  std::uint64_t seed = 0;
  double horizon_s = 0;  // the span scored: the horizon, or where an incomplete run ends
  // False when the run did not reach its horizon (stopped, interrupted, killed): its figures
  // cover `horizon_s` only and its expectations do not hold.
  bool complete = true;
  std::string incomplete_reason;  // RunLog::incomplete_reason()
  DetectionScore detection;
  GroundTruthSummary truth;  // what happened in the zones and to the lots
  CounterfeitScore counterfeit;
  OperationsMetrics operations;
  std::optional<OperationsMetrics> baseline;  // same scenario and seed without faults
  std::vector<RecallScore> recalls;           // one per recall issued in the run
  std::vector<Metric> metrics;
};

struct ScoreInputs {
  const RunLog* run = nullptr;
  const RunLog* baseline = nullptr;              // optional
  const scenario::Scenario* scenario = nullptr;  // optional: starting stock for turns
  ScoringOptions options;
};

RunScore score_run(const ScoreInputs& inputs);

// Builds `score.metrics` from its parts (done by score_run).
void collect_metrics(RunScore& score);
const Metric* find_metric(const RunScore& score, const std::string& name);

}  // namespace pharmatwin::experiments
