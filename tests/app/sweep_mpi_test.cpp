// `mpirun -n N pharmatwin sweep ... --mpi` on this machine (loopback), against the process pool:
// the same runs.csv, summary.csv and sweep.html byte for byte; a worker rank killed mid-sweep
// loses no run. Skipped when this pharmatwin was built without MPI or mpirun is absent.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cli_child.hpp"

#ifndef PHARMATWIN_MPIRUN
#define PHARMATWIN_MPIRUN ""
#endif

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  const fs::path p =
      fs::temp_directory_path() / ("pharmatwin-sweep-mpi-test-" + std::to_string(getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p.parent_path());
  return p;
}

std::vector<std::string> sweep_args(const fs::path& out) {
  return {"sweep",          "scenarios/default.textproto",
          "--set",          "run.horizon=1d",
          "--set",          "faults[cold-room-hvac-failure].start=4h",
          "--vary",         "faults[cold-room-hvac-failure].duration=5h,8h",
          "--replications", "3",
          "--quiet",        "--no-store",
          "--out",          out.string()};
}

struct Ran {
  int exit_code = -1;
  std::string out, err;
};

// Runs a program with a deadline (killed after it), stdout and stderr into files.
Ran run_program(const std::vector<std::string>& args, const fs::path& logs, int deadline_s = 300) {
  fs::create_directories(logs);
  const std::string out = (logs / "stdout").string(), err = (logs / "stderr").string();
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  Ran r;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(deadline_s);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      ADD_FAILURE() << "killed after " << deadline_s << " s: " << args.front();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

bool mpi_usable() {
  const std::string mpirun = PHARMATWIN_MPIRUN;
  return !mpirun.empty() && fs::exists(mpirun);
}

std::vector<std::string> mpirun(int ranks, const std::vector<std::string>& more = {}) {
  std::vector<std::string> a = {PHARMATWIN_MPIRUN, "-n", std::to_string(ranks),
                                "--allow-run-as-root", "--oversubscribe"};
  a.insert(a.end(), more.begin(), more.end());
  a.push_back(PHARMATWIN_EXE);
  return a;
}

const fs::path& pool_sweep() {
  static const fs::path dir = [] {
    const fs::path d = temp_dir("pool");
    auto args = sweep_args(d);
    args.insert(args.end(), {"--jobs", "2"});
    const auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return d;
  }();
  return dir;
}

TEST(SweepMpi, TwoRanksGiveTheProcessPoolsOutputsByteForByte) {
  if (!mpi_usable()) GTEST_SKIP() << "built without MPI, or no mpirun";
  const fs::path out = temp_dir("mpi");
  auto args = mpirun(2);
  for (const auto& a : sweep_args(out)) args.push_back(a);
  args.push_back("--mpi");
  const Ran r = run_program(args, out.string() + "-logs");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  // Rank 0 prints the table once; the worker prints nothing.
  const auto outputs = r.out.find("outputs: ");
  ASSERT_NE(outputs, std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("outputs: ", outputs + 1), std::string::npos) << r.out;
  for (const char* f : {"summary.csv", "runs.csv", "sweep.html"})
    EXPECT_EQ(read_file((out / f).string()), read_file((pool_sweep() / f).string())) << f;
  std::ifstream journal(out / "journal.jsonl");
  std::size_t lines = 0;
  for (std::string l; std::getline(journal, l);) lines += !l.empty();
  EXPECT_EQ(lines, 6u);
}

// With `mpirun --enable-recovery` rank 0 hands the dead rank's job to the other worker, writes
// complete outputs, and every rank leaves without the MPI_Finalize that would wait for the dead
// one: the job exits 0 with the process pool's outputs.
TEST(SweepMpi, AWorkerRankKilledMidSweepLosesNoRun) {
  if (!mpi_usable()) GTEST_SKIP() << "built without MPI, or no mpirun";
  const fs::path out = temp_dir("rank-dies");
  fs::create_directories(out);
  // The first job any worker gets kills that worker rank (its parent) with SIGKILL.
  const fs::path runner = out / "killer-runner.sh";
  std::ofstream(runner) << "#!/bin/sh\nif mkdir '" << (out / "killed").string()
                        << "' 2>/dev/null; then kill -9 $PPID; sleep 1; exit 1; fi\nexec '"
                        << PHARMATWIN_EXE << "' \"$@\"\n";
  fs::permissions(runner, fs::perms::owner_all);
  // --enable-recovery: mpirun keeps the job going when a rank dies (by default it aborts it;
  // then rerunning the command resumes from the journal).
  auto args = mpirun(3, {"--enable-recovery"});
  for (const auto& a : sweep_args(out / "sweep")) args.push_back(a);
  args.insert(args.end(), {"--mpi", "--rank-timeout", "3s", "--runner", runner.string()});
  const Ran r = run_program(args, out / "logs");
  EXPECT_TRUE(fs::exists(out / "killed")) << "no worker rank was killed";
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  for (const char* f : {"summary.csv", "runs.csv"})
    EXPECT_EQ(read_file((out / "sweep" / f).string()), read_file((pool_sweep() / f).string())) << f;
}

}  // namespace
}  // namespace pharmatwin::testing
