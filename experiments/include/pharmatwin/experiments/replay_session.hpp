// Playing a recorded run in the dashboard: a clock over a ReplayRun that the window steers.
//
// The session is the window's SnapshotSource. It shows one instant of the run; playing moves it
// by the wall clock at a speed (simulated seconds per wall second, negative: backwards), and
// commands jump: seek, step (one truth sample), next-event / prev-event (the timeline's markers:
// faults, alerts, decisions, the live session's commands), pause, play. With a second run
// (`--compare`) every snapshot carries that run at the same instant. Nothing here touches the
// world: a replay never reruns anything.
//
//   ReplaySession session(run, nullptr, {.speed = 3600});
//   session.push({.verb = sim::LiveVerb::kSeek, .to_s = 86400});
//   auto s = session.snapshot();  // the run one day in
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "pharmatwin/experiments/replay_run.hpp"
#include "pharmatwin/sim/snapshot_source.hpp"

namespace pharmatwin::experiments {

struct ReplaySessionOptions {
  double speed = 3600;  // simulated seconds per wall second; negative plays backwards
  bool paused = true;   // a replay opens paused
  double start_s = 0;   // the instant shown first
  // Wall clock in seconds (tests pass their own); default: the steady clock.
  std::function<double()> wall_clock;
};

class ReplaySession final : public sim::SnapshotSource {
 public:
  ReplaySession(std::shared_ptr<const ReplayRun> run, std::shared_ptr<const ReplayRun> compare,
                ReplaySessionOptions options);

  std::shared_ptr<const sim::LiveSnapshot> snapshot() const override;
  void push(sim::LiveCommand command) override;

  double now_s() const;
  // The timeline's end: the longer of the two runs.
  double end_s() const;

 private:
  void advance_locked() const;
  void apply_locked(const sim::LiveCommand& c);

  std::shared_ptr<const ReplayRun> run_, compare_;
  ReplaySessionOptions options_;
  mutable std::mutex mutex_;
  mutable double t_ = 0, wall_ = 0;
  mutable bool paused_ = true;
  double speed_ = 3600;
  std::shared_ptr<const sim::LiveReplay> timeline_;  // markers of both runs
  mutable std::shared_ptr<const sim::LiveSnapshot> cached_;
  mutable double cached_t_ = -1;
  mutable bool cached_paused_ = false;
  mutable double cached_speed_ = 0;
  mutable std::uint64_t seq_ = 0;
};

}  // namespace pharmatwin::experiments
