#include "baseline_run.hpp"

#include <google/protobuf/text_format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "pharmatwin/experiments/child_process.hpp"
#include "pharmatwin/experiments/pipeline.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/version.hpp"

namespace pharmatwin::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kKeyFile = "baseline.key";

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return in ? s.str() : std::string();
}

}  // namespace

BaselineRun BaselineRun::prepare(const scenario::Scenario& scenario, const fs::path& scenario_dir,
                                 const fs::path& dir, std::uint64_t seed,
                                 std::vector<std::string> run_args) {
  BaselineRun b;
  b.dir_ = dir;
  const scenario::Scenario base =
      experiments::baseline_scenario(scenario, fs::absolute(scenario_dir));
  std::ostringstream key;
  key << "version " << kVersion << "\ncommit " << kGitCommit << "\nscenario "
      << scenarios::scenario_hash(base) << "\nseed " << seed << "\noptions";
  for (const auto& a : run_args) key << " " << a;
  key << "\n";
  b.key_ = key.str();
  b.cached_ = fs::exists(dir / "events.pb") && read_text(dir / kKeyFile) == b.key_;
  if (b.cached_) return b;

  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::remove(dir / kKeyFile, ec);
  fs::remove(dir / "events.pb", ec);
  const fs::path file = dir / "scenario.textproto";
  std::string text;
  google::protobuf::TextFormat::PrintToString(base, &text);
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      << "# " << scenario.name()
      << " without its faults and expectations (the fault-free baseline)\n"
      << text;
  // Relative paths in the scenario (external systems, ambient files) resolve as in the original.
  b.argv_ = {"/proc/self/exe",
             "run",
             file.string(),
             "--out",
             dir.string(),
             "--seed",
             std::to_string(seed),
             "--no-score",
             "--quiet",
             "--resolve-from",
             fs::absolute(scenario_dir).string()};
  b.argv_.insert(b.argv_.end(), run_args.begin(), run_args.end());
  return b;
}

bool BaselineRun::start(std::string* error) {
  std::vector<char*> argv;
  for (auto& a : argv_) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log = (dir_ / "run.log").string();
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    *error = std::string("cannot start the baseline run: ") + std::strerror(errno);
    return false;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec. It dies with its parent (Ctrl-C, crash).
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);
    experiments::exec_with_log(argv.data(), log.c_str());
  }
  pid_ = pid;
  return true;
}

bool BaselineRun::wait(std::string* error) {
  if (cached_) return true;
  if (pid_ < 0) {
    *error = "baseline run was not started";
    return false;
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok) {
    *error = "baseline run failed (" +
             (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                : "signal " + std::to_string(WTERMSIG(status))) +
             "; log: " + (dir_ / "run.log").string() + ")";
    return false;
  }
  std::ofstream(dir_ / kKeyFile, std::ios::binary | std::ios::trunc) << key_;
  return true;
}

void BaselineRun::cancel() {
  if (pid_ < 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

BaselineRun::BaselineRun(BaselineRun&& o) noexcept
    : dir_(std::move(o.dir_)),
      key_(std::move(o.key_)),
      argv_(std::move(o.argv_)),
      cached_(o.cached_),
      pid_(o.pid_) {
  o.pid_ = -1;
}

BaselineRun::~BaselineRun() { cancel(); }

}  // namespace pharmatwin::app
