#include "sweep_executor.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>

#include "pharmatwin/experiments/child_process.hpp"

namespace pharmatwin::experiments {

namespace {

pid_t spawn(const ChildJob& job, const sigset_t& old_mask) {
  std::vector<char*> argv;
  for (const auto& a : job.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string log = job.log_file.string();
  const pid_t pid = fork();
  if (pid != 0) {
    if (pid > 0) setpgid(pid, pid);
    return pid;
  }
  // Child: only async-signal-safe calls until exec. Its own process group, so Ctrl-C reaches
  // the sweep only, which stops its children itself.
  setpgid(0, 0);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  exec_with_log(argv.data(), log.c_str());
}

}  // namespace

bool Executor::run(const std::function<void()>& tick) {
  sigset_t watched, old_mask;
  sigemptyset(&watched);
  sigaddset(&watched, SIGCHLD);
  sigaddset(&watched, SIGINT);
  sigaddset(&watched, SIGTERM);
  sigprocmask(SIG_BLOCK, &watched, &old_mask);
  bool interrupted = false;
  auto last_tick = Clock::now();
  while (!interrupted && (!queue_.empty() || !running_.empty())) {
    while (!queue_.empty() && static_cast<int>(running_.size()) < parallel_) {
      ChildJob job = std::move(queue_.front());
      queue_.pop_front();
      const pid_t pid = spawn(job, old_mask);
      if (pid < 0) {
        if (job.done) job.done({127, false, 0, {}});
        continue;
      }
      running_[pid] = {std::move(job), Clock::now(), false};
    }
    if (running_.empty()) continue;
    // Sleep until a child ends, a signal comes, the next deadline or a second passes.
    double wait_s = 1.0;
    const auto now = Clock::now();
    if (timeout_s_ > 0) {
      for (const auto& [pid, r] : running_) {
        if (r.timed_out) continue;
        const double left = timeout_s_ - std::chrono::duration<double>(now - r.started).count();
        wait_s = std::min(wait_s, std::max(0.0, left));
      }
    }
    timespec ts{static_cast<time_t>(wait_s),
                static_cast<long>((wait_s - std::floor(wait_s)) * 1e9)};
    siginfo_t info{};
    const int sig = sigtimedwait(&watched, &info, &ts);
    if (sig == SIGINT || sig == SIGTERM) interrupted = true;
    // Reap whatever ended.
    while (true) {
      int status = 0;
      const pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid <= 0) break;
      auto it = running_.find(pid);
      if (it == running_.end()) continue;
      Running r = std::move(it->second);
      running_.erase(it);
      ChildEnd end;
      end.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      end.timed_out = r.timed_out;
      end.wall_s = std::chrono::duration<double>(Clock::now() - r.started).count();
      if (!interrupted && r.job.done) r.job.done(end);
    }
    if (timeout_s_ > 0) {
      const auto t = Clock::now();
      for (auto& [pid, r] : running_) {
        if (!r.timed_out && std::chrono::duration<double>(t - r.started).count() >= timeout_s_) {
          r.timed_out = true;
          kill(-pid, SIGKILL);
        }
      }
    }
    if (tick && Clock::now() - last_tick >= std::chrono::seconds(1)) {
      last_tick = Clock::now();
      tick();
    }
  }
  if (interrupted) {
    queue_.clear();
    for (const auto& [pid, r] : running_) kill(-pid, SIGTERM);
    for (const auto& [pid, r] : running_) {
      int status = 0;
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    running_.clear();
  }
  // Drop signals that came while blocked (a late SIGCHLD), then restore the mask.
  timespec zero{0, 0};
  while (sigtimedwait(&watched, nullptr, &zero) == SIGCHLD) {
  }
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  return !interrupted;
}

}  // namespace pharmatwin::experiments
