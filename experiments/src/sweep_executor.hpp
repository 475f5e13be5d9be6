// Child processes for a sweep: at most N at a time, each in its own process group, killed when
// it outlasts its timeout, all stopped on SIGINT/SIGTERM. The parent sleeps in sigtimedwait, so
// a child that ends is seen at once (no polling delay per run).
//
//   Executor ex(2, 60.0);
//   ex.submit({argv, log}, [](const ChildEnd& e) { ... });   // called in the parent
//   ex.run([] { return false; });                             // until all ended or interrupted
#pragma once

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace pharmatwin::experiments {

struct ChildEnd {
  int exit_code = 0;  // 128 + signal when killed
  bool timed_out = false;
  double wall_s = 0;
};

struct ChildJob {
  std::vector<std::string> argv;
  std::filesystem::path log_file;
  std::function<void(const ChildEnd&)> done;
};

class Executor {
 public:
  Executor(int parallel, double timeout_s) : parallel_(parallel < 1 ? 1 : parallel), timeout_s_(timeout_s) {}
  // Jobs may be submitted from `done` callbacks too.
  void submit(ChildJob job) { queue_.push_back(std::move(job)); }
  // Runs until every job ended; false when SIGINT/SIGTERM stopped it (running children are
  // terminated and their `done` is not called). `tick` is called about once a second.
  bool run(const std::function<void()>& tick = {});
  std::size_t running() const { return running_.size(); }
  std::size_t queued() const { return queue_.size(); }

 private:
  using Clock = std::chrono::steady_clock;
  struct Running {
    ChildJob job;
    Clock::time_point started;
    bool timed_out = false;
  };
  int parallel_;
  double timeout_s_;
  std::deque<ChildJob> queue_;
  std::map<pid_t, Running> running_;
};

}  // namespace pharmatwin::experiments
