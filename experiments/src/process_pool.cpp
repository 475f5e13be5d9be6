#include "pharmatwin/experiments/process_pool.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <map>
#include <ostream>

#include "pharmatwin/experiments/child_process.hpp"

namespace pharmatwin::experiments {

namespace {

using Clock = std::chrono::steady_clock;

// Starts one child; -1 when fork failed.
pid_t spawn(const ProcessJob& job) {
  std::vector<char*> argv;
  for (const auto& a : job.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string log = job.log_file.string();
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // Child: only async-signal-safe calls until exec. The parent's interrupt handlers must not
  // keep it from being stopped before exec resets them.
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  // A run dies with its parent, even one killed outright (SIGKILL): it gets SIGTERM, stops at
  // its next block and stops its own baseline. A parent already gone before this line: exit.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(1);
  exec_with_log(argv.data(), log.c_str());
}

}  // namespace

std::size_t run_process_pool(std::vector<ProcessJob>& jobs, int parallel, std::ostream& progress,
                             const std::function<bool()>& stop, std::string_view prefix) {
  if (parallel < 1) parallel = 1;
  std::map<pid_t, std::pair<std::size_t, Clock::time_point>> running;
  std::size_t next = 0, finished = 0;
  std::size_t total = jobs.size();
  bool stopping = false;
  while (finished < total) {
    if (!stopping && stop && stop()) {
      stopping = true;
      total = finished + running.size();  // what never started is dropped
      for (const auto& [pid, job] : running) kill(pid, SIGTERM);
      if (running.empty()) break;
    }
    while (!stopping && next < total && static_cast<int>(running.size()) < parallel) {
      const pid_t pid = spawn(jobs[next]);
      if (pid < 0) {
        progress << "[" << prefix << "] cannot start " << jobs[next].label << ": fork failed\n";
        if (jobs[next].done) jobs[next].done(127, 0);
        ++finished;
      } else {
        progress << "[" << prefix << "] start " << jobs[next].label << " (" << next + 1 << "/"
                 << total << ")\n";
        running[pid] = {next, Clock::now()};
      }
      ++next;
    }
    if (running.empty()) continue;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;  // no children left that we know of
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const auto [index, started] = it->second;
    running.erase(it);
    ++finished;
    const double wall = std::chrono::duration<double>(Clock::now() - started).count();
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", wall);
    progress << "[" << prefix << "] " << (code == 0 ? "done " : "FAILED ") << jobs[index].label
             << " in " << buf << " s"
             << (code == 0 ? ""
                           : " (exit " + std::to_string(code) + ", log " +
                                 jobs[index].log_file.string() + ")")
             << " [" << finished << "/" << total << "]\n";
    if (jobs[index].done) jobs[index].done(code, wall);
  }
  return finished;
}

}  // namespace pharmatwin::experiments
