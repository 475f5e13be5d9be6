// `pharmatwin gui --exercise FILE`: scoring the trainee's session once it has ended, its
// reports, and the debrief the window shows.
//
//   auto debrief = score_exercise_session(exercise, out_dir, out_dir / "baseline", &trainee);
//   window_debrief.set(debrief);   // the window shows it on its next frame
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "pharmatwin/experiments/training_score.hpp"
#include "pharmatwin/scenarios/exercise.hpp"
#include "pharmatwin/viz/debrief.hpp"

namespace pharmatwin::app {

// Scores OUT/events.pb against the exercise (and the baseline's log when given), writes
// OUT/report.json and OUT/report.html, and returns the debrief; a failure gives a debrief with
// `error` set (and `trainee` untouched).
std::shared_ptr<const viz::Debrief> score_exercise_session(
    const scenarios::LoadedExercise& exercise, const std::filesystem::path& out_dir,
    const std::optional<std::filesystem::path>& baseline_dir, experiments::TraineeScore* trainee);

// The debrief's rows from a trainee's score.
std::shared_ptr<viz::Debrief> debrief_of(const experiments::TraineeScore& score);

// A debrief handed from the simulation thread to the window.
class DebriefSlot {
 public:
  void set(std::shared_ptr<const viz::Debrief> d) {
    std::lock_guard<std::mutex> lock(mutex_);
    debrief_ = std::move(d);
  }
  std::shared_ptr<const viz::Debrief> get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return debrief_;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const viz::Debrief> debrief_;
};

}  // namespace pharmatwin::app
