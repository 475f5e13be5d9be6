// Scoring a run directory end to end: read its event log (and its baseline's), score it, check
// the scenario's expectations, write report.json, report.html and the audit trail.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/experiments/audit_key.hpp"
#include "pharmatwin/experiments/expectations.hpp"
#include "pharmatwin/experiments/run_score.hpp"
#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::experiments {

struct ScoreRequest {
  std::filesystem::path run_dir;                      // holds events.pb
  std::optional<std::filesystem::path> baseline_dir;  // the fault-free run
  const scenario::Scenario* scenario = nullptr;       // expectations, stock, policy; optional
  std::string scenario_file;
  ScoringOptions options;
  bool write_reports = true;
  bool write_audit = true;
  // Signs the audit trail; the site's key (SigningKey::site) when null.
  std::shared_ptr<const SigningKey> audit_key;
  // When the run directory's audit trail records another events.pb than the one there, scoring
  // is refused unless this is set (the trail then records the change in a "log_changed" entry).
  bool accept_changed_log = false;
};

struct ScoredRun {
  RunScore score;
  std::vector<ExpectationResult> expectations;
  std::string error;  // reading or writing failed
  bool ok() const { return error.empty(); }
  bool passed() const;
};

// Refuses (error set) an event log whose SHA-256 differs from the one its audit trail records.
ScoredRun score_run_dir(const ScoreRequest& request);

// "detection:in-process serialization:in-process" (with the policy file when one is given).
std::string system_under_test(const scenario::Scenario* scenario);

// A copy of a (merged) scenario without faults and expectations, for the baseline run: relative
// hourly ambient CSV paths are made absolute against `scenario_dir`.
scenario::Scenario baseline_scenario(const scenario::Scenario& scenario,
                                     const std::filesystem::path& scenario_dir);

}  // namespace pharmatwin::experiments
