// Ctrl-C and SIGTERM as a request to stop, for a command that can stop cleanly (a world run
// checks the flag at each block and closes its event log with an end record).
//
//   options.stop_requested = StopOnSignal::flag();  // the world checks it at each block
//   StopOnSignal stop;                              // handlers installed
//   world->run();
//   if (stop.requested()) return kExitInterrupted;
//   // destructor: the previous handlers are back (a second Ctrl-C during scoring kills)
#pragma once

#include <signal.h>

#include <atomic>

namespace pharmatwin::app {

class StopOnSignal {
 public:
  StopOnSignal() {
    flag_.store(false);
    struct sigaction action {};
    action.sa_handler = [](int) { flag_.store(true, std::memory_order_relaxed); };
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopOnSignal() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  // Stays false until a StopOnSignal exists and a signal comes.
  static const std::atomic<bool>* flag() { return &flag_; }
  bool requested() const { return flag_.load(std::memory_order_relaxed); }

 private:
  static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
  static inline std::atomic<bool> flag_{false};
  struct sigaction old_int_ {}, old_term_ {};
};

}  // namespace pharmatwin::app
