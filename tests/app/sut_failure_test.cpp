// A system under test that misbehaves after the handshake (crashes, segfaults, hangs, sends
// garbage) stops the run cleanly: `run` exits 1 with one typed line naming the system, the kind
// and the simulated time, the event log is closed with what happened up to then, and `score`
// reads it, with rates over the span the run covered.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_child.hpp"

#ifdef PHARMATWIN_FAKE_SUT

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;
const std::string kDefault = std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/default.textproto";

struct Misbehaviour {
  const char* name;
  const char* flags;  // of the fake system under test
  const char* kind;   // what `run` reports
};

void PrintTo(const Misbehaviour& m, std::ostream* os) { *os << m.name; }

class SutFailure : public ::testing::TestWithParam<Misbehaviour> {};

TEST_P(SutFailure, StopsTheRunKeepsTheLogAndScores) {
  const Misbehaviour& m = GetParam();
  const fs::path dir = fs::temp_directory_path() / ("pharmatwin-sut-failure-" + std::string(m.name));
  fs::remove_all(dir);
  const std::string detector = std::string("external:") + PHARMATWIN_FAKE_SUT + " " + m.flags;
  const auto r = run_cli({"run", kDefault, "--out", dir.string(), "-q", "--detector", detector,
                          "--sut-timeout", "1"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(std::string("the detection system failed (") + m.kind + ")"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("holds the run up to then"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(std::string(", STOPPED at ")), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;
  ASSERT_TRUE(fs::exists(dir / "events.pb"));
  EXPECT_GT(fs::file_size(dir / "events.pb"), 100u);

  const auto scored = run_cli({"score", dir.string(), "--scenario", kDefault, "-q"});
  EXPECT_TRUE(scored.exit_code == 0 || scored.exit_code == 1) << scored.err;
  const auto report = nlohmann::json::parse(read_file((dir / "report.json").string()));
  // The fake fails on its third Advance (or the first for garbage): 15 min of a 7-day run.
  EXPECT_GT(report["horizon_s"].get<double>(), 0.0);
  EXPECT_LE(report["horizon_s"].get<double>(), 3600.0);
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    AfterTheHandshake, SutFailure,
    ::testing::Values(Misbehaviour{"exit", "--crash-after 3", "crashed"},
                      Misbehaviour{"segfault", "--segv-after 3", "crashed"},
                      Misbehaviour{"hang", "--hang-after 3", "timeout"},
                      Misbehaviour{"garbage", "--garbage", "malformed"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace pharmatwin::testing

#endif
