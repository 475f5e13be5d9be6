// `pharmatwin sweep` and `pharmatwin merge` as a user runs them. The sweeps are of the default
// scenario cut to one simulated day (--set run.horizon=1d) with the fault early, so each run
// takes a fraction of a second.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "cli_child.hpp"

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  const fs::path p =
      fs::temp_directory_path() / ("pharmatwin-sweep-test-" + std::to_string(getpid())) / name;
  fs::remove_all(p);
  return p;
}

std::vector<std::string> sweep_args(const fs::path& out, const std::vector<std::string>& more = {},
                                    const std::string& jobs = "2",
                                    const std::string& replications = "3") {
  std::vector<std::string> a = {"sweep",          "scenarios/default.textproto",
                                "--set",          "run.horizon=1d",
                                "--set",          "faults[cold-room-hvac-failure].start=4h",
                                "--vary",         "faults[cold-room-hvac-failure].duration=5h,8h",
                                "--replications", replications,
                                "--jobs",         jobs,
                                "--quiet",        "--no-store",
                                "--out",          out.string()};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> out;
    std::string cell;
    bool quoted = false;
    for (char c : l) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted)
        out.push_back(std::exchange(cell, ""));
      else
        cell += c;
    }
    out.push_back(cell);
    return out;
  };
  if (std::getline(in, line)) header = split(line);
  while (std::getline(in, line)) {
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

std::size_t lines_of(const fs::path& p) {
  std::ifstream in(p);
  std::size_t n = 0;
  for (std::string l; std::getline(in, l);) n += !l.empty();
  return n;
}

// One unsharded sweep, shared by the tests that compare with it.
const fs::path& reference_sweep() {
  static const fs::path dir = [] {
    const fs::path d = temp_dir("reference");
    const auto r = run_cli(sweep_args(d));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return d;
  }();
  return dir;
}

TEST(SweepCommand, LongerOutageMeansMoreTimeOutOfRangeWithDisjointIntervals) {
  const auto rows = read_csv(reference_sweep() / "summary.csv");
  std::map<std::string, std::map<std::string, std::string>> by_variant;
  for (const auto& r : rows)
    if (r.at("metric") == "zone.cold-room.out_of_range_s") by_variant[r.at("variant")] = r;
  ASSERT_EQ(by_variant.size(), 2u);
  const auto& shorter = by_variant["v1"];
  const auto& longer = by_variant["v2"];
  EXPECT_EQ(shorter.at("faults[cold-room-hvac-failure].duration"), "5h");
  EXPECT_EQ(longer.at("faults[cold-room-hvac-failure].duration"), "8h");
  EXPECT_EQ(shorter.at("n"), "3");
  const double short_high = std::stod(shorter.at("ci95_high")),
               long_low = std::stod(longer.at("ci95_low"));
  EXPECT_LT(std::stod(shorter.at("mean")), std::stod(longer.at("mean")));
  EXPECT_LT(short_high, long_low) << "the 95 % intervals overlap";
  // The paired difference against v1 is positive, its interval clear of zero.
  EXPECT_GT(std::stod(longer.at("diff_ci95_low")), 0);
  // Every run on its own row, replication r on the same seed in both variants.
  const auto runs = read_csv(reference_sweep() / "runs.csv");
  ASSERT_EQ(runs.size(), 6u);
  for (const auto& r : runs) {
    EXPECT_EQ(r.at("status"), "ok");
    EXPECT_EQ(r.at("seed"), std::to_string(41 + std::stoi(r.at("replication"))));
  }
  // The variants differ only in a fault: they share their fault-free baselines (one per seed).
  std::size_t baselines = 0;
  for (const auto& e : fs::recursive_directory_iterator(reference_sweep() / "baselines"))
    baselines += e.path().filename() == "complete";
  EXPECT_EQ(baselines, 3u);
}

TEST(SweepCommand, TheSameSweepTwiceGivesIdenticalCsvs) {
  const fs::path again = temp_dir("again");
  const auto r = run_cli(sweep_args(again, {}, "1"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file((again / "runs.csv").string()),
            read_file((reference_sweep() / "runs.csv").string()));
  EXPECT_EQ(read_file((again / "summary.csv").string()),
            read_file((reference_sweep() / "summary.csv").string()));
  // A rerun into the same directory runs nothing.
  const auto rerun = run_cli(sweep_args(again, {}, "1"));
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(lines_of(again / "journal.jsonl"), 6u);
}

TEST(SweepCommand, MergedShardsEqualTheUnshardedSweepByteForByte) {
  const fs::path one = temp_dir("shard1"), two = temp_dir("shard2"), merged = temp_dir("merged");
  ASSERT_EQ(run_cli(sweep_args(one, {"--shard", "1/2"})).exit_code, 0);
  ASSERT_EQ(run_cli(sweep_args(two, {"--shard", "2/2"})).exit_code, 0);
  EXPECT_EQ(lines_of(one / "journal.jsonl") + lines_of(two / "journal.jsonl"), 6u);
  EXPECT_GT(lines_of(one / "journal.jsonl"), 0u);
  const auto r = run_cli({"merge", one.string(), two.string(), "--out", merged.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("merged 6 of 6 run(s)"), std::string::npos) << r.out;
  for (const char* f : {"runs.csv", "summary.csv"})
    EXPECT_EQ(read_file((merged / f).string()), read_file((reference_sweep() / f).string())) << f;
  // One shard alone is incomplete.
  const auto half = run_cli({"merge", one.string(), "--out", temp_dir("half").string()});
  EXPECT_EQ(half.exit_code, 1);
  EXPECT_NE(half.out.find("run(s) missing"), std::string::npos) << half.out;
}

TEST(SweepCommand, ShardDefaultsFromSlurmArrayVariables) {
  const fs::path out = temp_dir("slurm");
  setenv("SLURM_ARRAY_TASK_ID", "2", 1);
  setenv("SLURM_ARRAY_TASK_COUNT", "3", 1);
  setenv("SLURM_ARRAY_TASK_MIN", "0", 1);
  const auto r = run_cli(sweep_args(out, {}, "2", "1"));
  unsetenv("SLURM_ARRAY_TASK_ID");
  unsetenv("SLURM_ARRAY_TASK_COUNT");
  unsetenv("SLURM_ARRAY_TASK_MIN");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Runs v1-r1, v2-r1 in shards 1 and 2 of 3: task 2 (min 0) is shard 3, which has none.
  EXPECT_EQ(lines_of(out / "journal.jsonl"), 0u);
  EXPECT_EQ(read_csv(out / "runs.csv").size(), 0u);
}

TEST(SweepCommand, AnInterruptedSweepResumesWithoutRerunningFinishedRuns) {
  const fs::path out = temp_dir("resume");
  const fs::path journal = out / "journal.jsonl";
  auto args = sweep_args(out, {}, "1");
  std::vector<std::string> argv_s = {PHARMATWIN_EXE};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (lines_of(journal) < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  const std::size_t before = lines_of(journal);
  ASSERT_GE(before, 2u);
  ASSERT_LT(before, 6u) << "the sweep ended before it was interrupted";
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const std::string first_lines = read_file(journal.string());
  const auto r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string after = read_file(journal.string());
  EXPECT_EQ(lines_of(journal), 6u) << after;
  // Finished runs were kept as they were, and not run again.
  EXPECT_EQ(after.substr(0, first_lines.size()), first_lines);
  EXPECT_EQ(read_file((out / "runs.csv").string()),
            read_file((reference_sweep() / "runs.csv").string()));
}

TEST(SweepCommand, AFailingOrHangingRunIsRecordedAndTheSweepGoesOn) {
  const fs::path out = temp_dir("failing");
  fs::create_directories(out);
  const fs::path runner = out / "slow-runner.sh";
  std::ofstream(runner) << "#!/bin/sh\nsleep 30\n";
  fs::permissions(runner, fs::perms::owner_all);
  const auto r = run_cli(
      sweep_args(out / "sweep", {"--runner", runner.string(), "--run-timeout", "0.3s"}, "2", "1"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto runs = read_csv(out / "sweep" / "runs.csv");
  ASSERT_EQ(runs.size(), 2u);
  for (const auto& row : runs) {
    EXPECT_EQ(row.at("status"), "timeout");
    EXPECT_NE(row.at("error").find("--run-timeout"), std::string::npos) << row.at("error");
  }
}

TEST(SweepCommand, BadFieldPathOrValueIsLocatedBeforeAnythingRuns) {
  const fs::path out = temp_dir("bad");
  auto r = run_cli({"sweep", "scenarios/default.textproto", "--vary",
                    "zones[cold-rom].sensors[*].sample_interval=1m,5m", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.err.find(
          "--vary 1:1:7: zones[cold-rom].sensors[*].sample_interval: zones has no element named "
          "'cold-rom' (did you mean 'cold-room'?)"),
      std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = run_cli({"sweep", "scenarios/default.textproto", "--vary", "staff.qa_reviewers.count=1,two",
               "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--vary 1:1:28: staff.qa_reviewers.count=two: expected a whole number"),
            std::string::npos)
      << r.err;
  // A value the field takes but the scenario rejects: validated like a scenario file.
  r = run_cli({"sweep", "scenarios/default.textproto", "--vary",
               "zones[cold-room].sensors[*].sample_interval=1m,0s", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("variant v2: zones[cold-room].sensors[cr-air-1].sample_interval"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(SweepCommand, VariantsFileErrorsNameItsLines) {
  const fs::path dir = temp_dir("variants");
  fs::create_directories(dir);
  std::ofstream(dir / "v.txt")
      << "# two staffing levels\n[one]\nstaff.qa_reviewers.count = 1\n[two]\n"
         "staff.qa_reviwers.count = 2\n";
  const auto r = run_cli({"sweep", "scenarios/default.textproto", "--variants",
                          (dir / "v.txt").string(), "--out", (dir / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.err.find(
          "v.txt:5:7: staff.qa_reviwers.count: staff has no field 'qa_reviwers' (did you mean "
          "'qa_reviewers'?)"),
      std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace pharmatwin::testing
