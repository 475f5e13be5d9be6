// Runs the pharmatwin executable as a child process for the benchmarks and measures it: wall
// time, and user+system CPU time of the child and every descendant it waited for (a `run`'s
// baseline child included).
//
//   const ChildRun r = run_pharmatwin({"run", "scenarios/default.textproto", "--quiet"});
//   if (r.ok()) use(r.wall_s, r.cpu_s);
//
// The executable is PHARMATWIN_EXE, else the one built alongside (PHARMATWIN_EXE_PATH).
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include <cstdlib>
#include <string>
#include <vector>

extern char** environ;

namespace pharmatwin::bench {

inline std::string pharmatwin_exe() {
  if (const char* env = std::getenv("PHARMATWIN_EXE")) return env;
#ifdef PHARMATWIN_EXE_PATH
  return PHARMATWIN_EXE_PATH;
#else
  return "pharmatwin";
#endif
}

struct ChildRun {
  double wall_s = 0, cpu_s = 0;
  double max_rss_mib = 0;  // the largest resident set of the child and its waited-for children
  int exit_code = -1;      // -1: did not start or was killed
  std::string error;
  bool ok() const { return error.empty(); }
};

// Runs `args` (args[0] the executable); output goes to /dev/null; exit codes in `accept`
// (default only 0) count as success.
inline ChildRun run_command(std::vector<std::string> args, std::vector<int> accept = {0}) {
  ChildRun r;
  const std::vector<std::string> args_after_exe(args.begin() + 1, args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  timespec t0{}, t1{};
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    r.error = "cannot start " + args[0];
    return r;
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  r.wall_s = double(t1.tv_sec - t0.tv_sec) + double(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  r.cpu_s = double(usage.ru_utime.tv_sec) + double(usage.ru_utime.tv_usec) * 1e-6 +
            double(usage.ru_stime.tv_sec) + double(usage.ru_stime.tv_usec) * 1e-6;
  r.max_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  bool accepted = false;
  for (int code : accept) accepted = accepted || code == r.exit_code;
  if (!accepted)
    r.error =
        args[0] + " " + args_after_exe.front() + " exited with " + std::to_string(r.exit_code);
  return r;
}

// `pharmatwin ARGS...`.
inline ChildRun run_pharmatwin(const std::vector<std::string>& args_after_exe,
                               std::vector<int> accept = {0}) {
  std::vector<std::string> args = {pharmatwin_exe()};
  args.insert(args.end(), args_after_exe.begin(), args_after_exe.end());
  return run_command(std::move(args), std::move(accept));
}

}  // namespace pharmatwin::bench
