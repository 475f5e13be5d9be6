// The reports of a scored training session: report.json with a "training" object (the trainee's
// score) beside the run's usual fields, and report.html with a debrief section first.
//
//   const TraineeScore t = score_trainee(log, exercise, score);
//   if (!write_training_reports(out_dir, score, log, expectations, t, &error)) std::cerr << error;
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pharmatwin/experiments/expectations.hpp"
#include "pharmatwin/experiments/run_score.hpp"
#include "pharmatwin/experiments/training_score.hpp"

namespace pharmatwin::experiments {

// Writes report.json and report.html into `dir`; false with `error` on an I/O failure.
bool write_training_reports(const std::filesystem::path& dir, const RunScore& score,
                            const RunLog& log, const std::vector<ExpectationResult>& expectations,
                            const TraineeScore& trainee, std::string* error);

}  // namespace pharmatwin::experiments
