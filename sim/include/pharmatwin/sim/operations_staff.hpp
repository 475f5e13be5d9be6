// Staff: crews that work shifts and serve a FIFO queue of tasks.
//
// ShiftCalendar is plain logic (when is the crew at work). StaffPool runs on SimGrid: one actor
// per crew member; an idle member suspends itself and is resumed when a task arrives, so an idle
// crew costs no wake-ups. A member off shift sleeps until the next shift start; a task under way
// at the end of a shift is finished (overtime) before the member leaves.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/sim/operations_random.hpp"
#include "pharmatwin/sim/random.hpp"

namespace simgrid::s4u {
class Actor;
class Host;
}  // namespace simgrid::s4u

namespace pharmatwin::sim {

class ShiftCalendar {
 public:
  struct Window {
    double start_s = 0;        // seconds after midnight
    double end_s = 0;          // may exceed 86400 (past midnight)
    std::uint8_t days = 0x7F;  // bit d-1 set: works on ISO weekday d (1 = Monday)
  };
  // Always at work.
  ShiftCalendar() = default;
  // `start_epoch_s`: Unix time of simulated zero (weekdays are computed from it).
  ShiftCalendar(std::vector<Window> windows, double start_epoch_s);
  static ShiftCalendar of(const scenario::Crew& crew, double start_epoch_s, std::string* error);

  bool always() const { return windows_.empty(); }
  bool on_shift(double t_s) const;
  // t_s itself when on shift, else the next shift start (infinity when there is none).
  double next_start(double t_s) const;
  // End of the continuous working stretch that contains t_s (t_s when off shift).
  double stretch_end(double t_s) const;

 private:
  template <typename F>
  void for_each_interval(double from_s, double to_s, F&& f) const;
  std::vector<Window> windows_;
  double start_epoch_s_ = 0;
};

struct StaffTask {
  // Work time; negative: drawn from the crew's task-time distribution.
  double work_s = -1;
  // Called when a member takes the task; returning false drops it (no work, no on_done).
  std::function<bool(const std::string& member, double waited_s)> on_start;
  // Called when the work is done.
  std::function<void(const std::string& member)> on_done;
  double queued_s = 0;  // set by submit()
};

struct StaffStats {
  std::uint64_t tasks_submitted = 0;
  std::uint64_t tasks_done = 0;
  double wait_sum_s = 0;  // queue waiting time of started tasks
  std::uint64_t tasks_started = 0;
  double busy_s = 0;
  std::size_t max_queue = 0;
};

class StaffPool {
 public:
  StaffPool(std::string name, std::uint32_t count, ShiftCalendar calendar, Sampler task_time,
            RandomStream rng);
  StaffPool(const StaffPool&) = delete;
  StaffPool& operator=(const StaffPool&) = delete;

  // Spawns the members' actors on `host`. Call before the simulation runs or from an actor.
  void start(simgrid::s4u::Host* host);
  // Queues a task (FIFO). Call from an actor.
  void submit(StaffTask task);

  const std::string& name() const { return name_; }
  std::uint32_t count() const { return count_; }
  std::size_t queue_length() const { return queue_.size(); }
  const StaffStats& stats() const { return stats_; }
  const ShiftCalendar& calendar() const { return calendar_; }

 private:
  void member_loop(std::uint32_t index);

  std::string name_;
  std::uint32_t count_;
  ShiftCalendar calendar_;
  Sampler task_time_;
  RandomStream rng_;
  std::deque<StaffTask> queue_;
  std::vector<std::string> member_names_;
  std::vector<simgrid::s4u::Actor*> idle_;  // suspended members
  StaffStats stats_;
};

}  // namespace pharmatwin::sim
