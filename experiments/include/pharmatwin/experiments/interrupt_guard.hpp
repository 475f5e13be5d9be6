// Ctrl-C and SIGTERM as a request to stop, for commands that stop cleanly: a world run checks
// the flag at each block and closes its event log with an end record; regress stops its pool.
//
//   options.stop_requested = InterruptGuard::flag();  // the world checks it at each block
//   {
//     InterruptGuard guard;                            // handlers installed
//     world->run();
//   }                                                  // previous handlers back
//   if (InterruptGuard::requested()) return kExitInterrupted;
//
// The handlers are one-shot (SA_RESETHAND): a second Ctrl-C kills as usual. No SA_RESTART, so a
// blocking waitpid returns to let its caller check the flag.
#pragma once

#include <signal.h>

#include <atomic>

namespace pharmatwin::experiments {

class InterruptGuard {
 public:
  // `active` false: installs nothing (the flag stays clear).
  explicit InterruptGuard(bool active = true) : active_(active) {
    flag_.store(false);
    if (!active_) return;
    struct sigaction action {};
    action.sa_handler = [](int) { flag_.store(true, std::memory_order_relaxed); };
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptGuard() {
    if (!active_) return;
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // Stays false until a guard is active and a signal comes; cleared by each new guard.
  static const std::atomic<bool>* flag() { return &flag_; }
  static bool requested() { return flag_.load(std::memory_order_relaxed); }

 private:
  static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
  static inline std::atomic<bool> flag_{false};
  bool active_;
  struct sigaction old_int_ {
  }, old_term_{};
};

}  // namespace pharmatwin::experiments
