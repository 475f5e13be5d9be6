// `regress` stopped from outside leaves no run behind: stopped with SIGTERM or SIGINT it stops
// its runs and waits for them; killed outright (SIGKILL), its runs are told by the kernel
// (PR_SET_PDEATHSIG) and stop at their next block, so no `pharmatwin run` of it stays alive.
#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_child.hpp"

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;
const std::string kDefault = std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/default.textproto";

// Processes (other than this one) whose command line mentions `needle`.
std::vector<pid_t> processes_mentioning(const std::string& needle) {
  std::vector<pid_t> found;
  DIR* proc = opendir("/proc");
  if (!proc) return found;
  while (const dirent* e = readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (pid <= 0 || pid == getpid()) continue;
    std::string cmdline = read_file("/proc/" + std::string(e->d_name) + "/cmdline");
    for (char& c : cmdline) {
      if (c == '\0') c = ' ';
    }
    // A zombie has an empty command line: it is dead, only not yet reaped by its parent.
    if (cmdline.find(needle) != std::string::npos) found.push_back(pid);
  }
  closedir(proc);
  return found;
}

struct Stop {
  const char* name;
  int signal;
};

void PrintTo(const Stop& s, std::ostream* os) { *os << s.name; }

class RegressStopped : public ::testing::TestWithParam<Stop> {};

TEST_P(RegressStopped, LeavesNoRunBehind) {
  const fs::path dir =
      fs::temp_directory_path() / ("pharmatwin-regress-orphans-" + std::string(GetParam().name));
  fs::remove_all(dir);
  // Ten years of the default site: its runs are always mid-way when the signal comes. Each
  // scenario runs with its baseline: two children at once with --jobs 2.
  const auto r = run_cli_signalled(
      {"regress", kDefault, "--out", dir.string(), "--horizon", "3650d", "--jobs", "2"},
      "2 at a time", GetParam().signal, 1500);
  if (GetParam().signal == SIGKILL) {
    EXPECT_EQ(r.exit_code, 128 + SIGKILL) << r.err;
  } else {
    // It stopped its runs (they were mid-way: no run ended on its own) and says so.
    EXPECT_EQ(r.exit_code, 130) << r.err;
    EXPECT_NE(r.err.find("[regress] interrupted: 0 of 1 scenario runs finished"), std::string::npos)
        << r.err;
  }
  // Its runs stop at their next 5-min block: give them a few seconds (uninterrupted, they would
  // run for more than half a minute).
  std::vector<pid_t> left;
  for (int waited_ms = 0; waited_ms < 10000; waited_ms += 100) {
    left = processes_mentioning(dir.string());
    if (left.empty()) break;
    usleep(100 * 1000);
  }
  EXPECT_TRUE(left.empty()) << left.size()
                            << " run(s) of the stopped regress still alive, e.g. pid "
                            << (left.empty() ? 0 : left.front());
  for (pid_t p : left) kill(p, SIGKILL);
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(BySignal, RegressStopped,
                         ::testing::Values(Stop{"sigterm", SIGTERM}, Stop{"sigint", SIGINT},
                                           Stop{"sigkill", SIGKILL}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace pharmatwin::testing
