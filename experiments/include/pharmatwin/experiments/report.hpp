// Reports of a scored run: a summary table for the terminal, report.json and a self-contained
// report.html (inline SVG and CSS, no external resources). Both files are deterministic: the same
// run scored again gives the same bytes.
//
//   const RunScore s = score_run(in);
//   write_reports(run_dir, s, log, check_expectations(scenario.expectations(), s), &error);
//   report_json(s, {})["ground_truth"]["zones"][0]["mkt_product_c"];
//
// docs/experiments.md ("Outputs") documents every field of report.json.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "pharmatwin/experiments/expectations.hpp"
#include "pharmatwin/experiments/run_score.hpp"

namespace pharmatwin::experiments {

// "format" of report.json; a new version only adds fields.
inline constexpr const char* kReportFormat = "pharmatwin-report/2";

nlohmann::json report_json(const RunScore& score,
                           const std::vector<ExpectationResult>& expectations);

void print_summary(std::ostream& out, const RunScore& score,
                   const std::vector<ExpectationResult>& expectations);

// Zone temperatures (truth, and readings when logged) with thresholds, fault windows and alerts
// on one timeline; the run against its baseline; the zones' ground truth; detection latency per
// fault and the false alarms; the metric table.
std::string report_html(const RunScore& score, const RunLog& log,
                        const std::vector<ExpectationResult>& expectations);

// Writes report.json and report.html into `dir`; false with `error` on an I/O failure.
bool write_reports(const std::filesystem::path& dir, const RunScore& score, const RunLog& log,
                   const std::vector<ExpectationResult>& expectations, std::string* error);

}  // namespace pharmatwin::experiments
