// Runs child processes, at most N at a time (one SimGrid engine per process).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::experiments {

struct ProcessJob {
  std::vector<std::string> argv;   // argv[0] is the executable path
  std::filesystem::path log_file;  // stdout and stderr of the child
  std::string label;               // for progress lines
  // Called in the parent when the child ended: exit code (or 128 + signal), wall time.
  std::function<void(int exit_code, double wall_s)> done;
};

// Runs every job, `parallel` at a time, in order of submission; progress lines on `progress`,
// each opening with "[<prefix>]".
// When `stop` (checked between children) returns true, no further job starts, the running
// children get SIGTERM and are waited for (their `done` sees the signal); jobs never started get
// no `done` call. Returns the number of jobs that were started and have ended.
std::size_t run_process_pool(std::vector<ProcessJob>& jobs, int parallel, std::ostream& progress,
                             const std::function<bool()>& stop = {},
                             std::string_view prefix = "regress");

}  // namespace pharmatwin::experiments
