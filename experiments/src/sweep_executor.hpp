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
#include <memory>
#include <string>
#include <vector>

namespace pharmatwin::experiments {

struct ChildEnd {
  int exit_code = 0;  // 128 + signal when killed
  bool timed_out = false;
  double wall_s = 0;
  std::string lost;  // set when the job could not run to an end (its MPI worker rank died)
};

struct ChildJob {
  std::vector<std::string> argv;
  std::filesystem::path log_file;
  std::function<void(const ChildEnd&)> done;
};

// Where a sweep's child jobs run: this machine's process pool (Executor) or the worker ranks
// of an MPI job (sweep_mpi.hpp). The sweep's bookkeeping is the same for both.
class JobRunner {
 public:
  virtual ~JobRunner() = default;
  // Jobs may be submitted from `done` callbacks too.
  virtual void submit(ChildJob job) = 0;
  // Runs until every job ended; false when SIGINT/SIGTERM stopped it (running jobs are
  // terminated and their `done` is not called). `tick` is called about once a second.
  virtual bool run(const std::function<void()>& tick = {}) = 0;
  virtual std::size_t running() const = 0;
};

class Executor : public JobRunner {
 public:
  Executor(int parallel, double timeout_s)
      : parallel_(parallel < 1 ? 1 : parallel), timeout_s_(timeout_s) {}
  void submit(ChildJob job) override { queue_.push_back(std::move(job)); }
  bool run(const std::function<void()>& tick = {}) override;
  std::size_t running() const override { return running_.size(); }
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

class MpiSession;

// Hands the jobs to the worker ranks of `session` (experiments/src/mpi/sweep_mpi.cpp); rank 0
// only. Each job runs in a child process of a worker rank, killed after `timeout_s` (0: none).
std::unique_ptr<JobRunner> mpi_job_runner(MpiSession& session, double timeout_s);

}  // namespace pharmatwin::experiments
