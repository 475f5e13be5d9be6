// Reports of a scored run: a summary table for the terminal, report.json and a self-contained
// report.html (inline SVG, no external resources).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pharmatwin/experiments/expectations.hpp"
#include "pharmatwin/experiments/run_score.hpp"

namespace pharmatwin::experiments {

nlohmann::json report_json(const RunScore& score, const std::vector<ExpectationResult>& expectations);

void print_summary(std::ostream& out, const RunScore& score,
                   const std::vector<ExpectationResult>& expectations);

// Zone temperatures (truth, and readings when logged) with thresholds, fault windows and alerts
// on one timeline; detection latency per fault; the metric table.
std::string report_html(const RunScore& score, const RunLog& log,
                        const std::vector<ExpectationResult>& expectations);

// Writes report.json and report.html into `dir`; false with `error` on an I/O failure.
bool write_reports(const std::filesystem::path& dir, const RunScore& score, const RunLog& log,
                   const std::vector<ExpectationResult>& expectations, std::string* error);

}  // namespace pharmatwin::experiments
