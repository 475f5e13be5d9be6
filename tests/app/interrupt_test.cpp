// A long `run` stopped from outside loses nothing it recorded: Ctrl-C or SIGTERM stops the world
// at the end of the current block, closes the event log with an end record saying it was
// interrupted and exits 130; a run killed outright (SIGKILL) leaves a log that reads back up to
// its last whole record. `score` reads both, covers only the simulated span they reached, says
// why the run is incomplete and exits 1 (its expectations do not hold).
#include <gtest/gtest.h>
#include <signal.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_child.hpp"

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;
const std::string kDefault = std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/default.textproto";
// Ten years of the default site take minutes: the signal always comes mid-run.
constexpr double kHorizonS = 3650 * 86400.0;

fs::path fresh_dir(const std::string& what) {
  const fs::path dir = fs::temp_directory_path() / ("pharmatwin-interrupt-" + what);
  fs::remove_all(dir);
  return dir;
}

struct Interrupted {
  const char* name;
  int signal;
};

void PrintTo(const Interrupted& i, std::ostream* os) { *os << i.name; }

class RunInterrupted : public ::testing::TestWithParam<Interrupted> {};

TEST_P(RunInterrupted, StopsAtABlockClosesTheLogAndExits130) {
  const fs::path dir = fresh_dir(GetParam().name);
  const auto r = run_cli_signalled(
      {"run", kDefault, "--out", dir.string(), "--horizon", "3650d", "--no-store"},
      "[run] detection:", GetParam().signal, 300);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("pharmatwin run: interrupted at t+"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(", INTERRUPTED at "), std::string::npos) << r.out;
  ASSERT_TRUE(fs::exists(dir / "events.pb"));

  const auto scored = run_cli({"score", dir.string(), "--scenario", kDefault});
  EXPECT_EQ(scored.exit_code, 1) << scored.err;
  EXPECT_NE(scored.out.find("INCOMPLETE run (interrupted)"), std::string::npos) << scored.out;
  const auto report = nlohmann::json::parse(read_file((dir / "report.json").string()));
  EXPECT_FALSE(report["complete"].get<bool>());
  EXPECT_EQ(report["incomplete_reason"], "interrupted");
  // It stopped at a block end (5 min blocks), well before the horizon.
  const double covered = report["horizon_s"].get<double>();
  EXPECT_GT(covered, 0.0);
  EXPECT_LT(covered, kHorizonS);
  EXPECT_NEAR(std::fmod(covered, 300.0), 0.0, 1e-6);
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(BySignal, RunInterrupted,
                         ::testing::Values(Interrupted{"sigint", SIGINT},
                                           Interrupted{"sigterm", SIGTERM}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RunKilled, LeavesALogThatScoresAsIncompleteOverTheSpanItReached) {
  const fs::path dir = fresh_dir("sigkill");
  // --no-score: the child is the world itself (no baseline process left behind).
  const auto r = run_cli_signalled(
      {"run", kDefault, "--out", dir.string(), "--horizon", "3650d", "--no-score"},
      "[run] detection:", SIGKILL, 1500);
  EXPECT_EQ(r.exit_code, 128 + SIGKILL) << r.err;
  ASSERT_TRUE(fs::exists(dir / "events.pb"));

  const auto scored = run_cli({"score", dir.string(), "--scenario", kDefault});
  EXPECT_EQ(scored.exit_code, 1) << scored.err;
  EXPECT_NE(scored.out.find("INCOMPLETE run (no end record"), std::string::npos) << scored.out;
  const auto report = nlohmann::json::parse(read_file((dir / "report.json").string()));
  EXPECT_FALSE(report["complete"].get<bool>());
  EXPECT_NE(report["incomplete_reason"].get<std::string>().find("the run was killed"),
            std::string::npos);
  const double covered = report["horizon_s"].get<double>();
  EXPECT_GT(covered, 0.0);
  EXPECT_LT(covered, kHorizonS);  // never rates over the full horizon
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pharmatwin::testing
