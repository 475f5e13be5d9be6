// Loading and checking training exercises: an exercise file (exercise.proto, text format) names a
// scenario, the pace, the faults hidden from the trainee, the trainer's questions and what a
// good response is. Like load_scenario(), every problem is returned located by file, line,
// column and field path, all at once; the scenario's own problems come with them.
//
//   LoadedExercise ex = load_exercise("scenarios/exercises/night-compressor.exercise.txtpb");
//   if (!ex.ok()) for (const auto& d : ex.diagnostics) std::cerr << d.to_string() << "\n";
//   // ex.scenario (merged, validated), ex.speed, ex.horizon_s, ex.exercise.response()
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pharmatwin/exercise.pb.h"
#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/scenarios/loader.hpp"

namespace pharmatwin::scenarios {

struct LoadedExercise {
  exercise::Exercise exercise;
  std::filesystem::path scenario_path;  // as resolved against the exercise file
  scenario::Scenario scenario;          // merged over its imports and validated
  double speed = 3600;                  // from `pace`: simulated seconds per wall second, 0 max
  std::optional<double> horizon_s;      // from `horizon`
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return diagnostics.empty(); }
};

LoadedExercise load_exercise(const std::filesystem::path& path);

// Parses exercise text held in memory; `name` is used in diagnostics and `dir` resolves the
// scenario path.
LoadedExercise load_exercise_text(const std::string& text, const std::string& name,
                                  const std::filesystem::path& dir);

// "realtime" -> 1, "60x" -> 60, "max" -> 0; nullopt with `error` otherwise.
std::optional<double> parse_pace(std::string_view text, std::string* error = nullptr);

}  // namespace pharmatwin::scenarios
