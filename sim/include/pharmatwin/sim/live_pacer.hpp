// Pacing a simulation against the wall clock, without a clock of its own (testable).
//
// A LivePacer maps simulated time to wall time at a speed (simulated seconds per wall second,
// 0 = as fast as possible). It is anchored at a (simulated, wall) pair; changing the speed or
// resuming after a pause re-anchors it, so the simulation never races to catch up on lost time.
// When the simulation falls behind by more than `max_lag_s` of wall time (the machine cannot
// keep the speed), it re-anchors too.
//
//   LivePacer pacer(3600);
//   pacer.anchor(0, wall_now());
//   double wait = pacer.wait_s(t_sim, wall_now());  // sleep this long before showing t_sim
#pragma once

namespace pharmatwin::sim {

class LivePacer {
 public:
  explicit LivePacer(double speed = 1, double max_lag_s = 0.25)
      : speed_(speed), max_lag_s_(max_lag_s) {}

  double speed() const { return speed_; }
  bool as_fast_as_possible() const { return !(speed_ > 0); }

  // From now on simulated `sim_s` corresponds to wall `wall_s`.
  void anchor(double sim_s, double wall_s) {
    sim0_ = sim_s;
    wall0_ = wall_s;
  }
  // New speed from (sim_s, wall_s) on.
  void set_speed(double speed, double sim_s, double wall_s) {
    speed_ = speed;
    anchor(sim_s, wall_s);
  }

  // Wall time at which the simulation may reach `sim_s`.
  double due_wall_s(double sim_s) const {
    return as_fast_as_possible() ? wall0_ : wall0_ + (sim_s - sim0_) / speed_;
  }

  // Wall seconds to wait at `wall_s` before the simulation reaches `sim_s` (0 when due). When it
  // is late by more than max_lag_s, re-anchors at (sim_s, wall_s).
  double wait_s(double sim_s, double wall_s) {
    if (as_fast_as_possible()) return 0;
    const double wait = due_wall_s(sim_s) - wall_s;
    if (wait < -max_lag_s_) anchor(sim_s, wall_s);
    return wait > 0 ? wait : 0;
  }

  // Simulated time the clock shows at `wall_s`, for a display between the world's steps, never
  // past `limit_s` (what the world has reached).
  double sim_at(double wall_s, double limit_s) const {
    if (as_fast_as_possible()) return limit_s;
    const double t = sim0_ + (wall_s - wall0_) * speed_;
    return t < limit_s ? t : limit_s;
  }

 private:
  double speed_;
  double max_lag_s_;
  double sim0_ = 0, wall0_ = 0;
};

}  // namespace pharmatwin::sim
