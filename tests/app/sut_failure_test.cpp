// A system under test that misbehaves, before the handshake or after it (exits, segfaults,
// hangs, sends garbage, an oversized or truncated frame, the wrong message, floods the world,
// answers too slowly), stops the run cleanly: `run` exits 1 with one typed line naming the
// system, the kind and the simulated time, the event log is closed with what happened up to
// then, and `score` reads it, with rates over the span the run covered. Each case runs over the
// external binding (stdin/stdout of a child) and over TCP (the system listens on loopback).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

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
  bool before_handshake = false;
  // A flood is caught by its size (64 MiB for one step), not by the clock: on a loaded machine
  // the world reads it slower, so its step timeout must not fire first.
  const char* step_timeout_s = "1";
};

void PrintTo(const Misbehaviour& m, std::ostream* os) { *os << m.name; }

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The fake system under test listening on a free loopback port, for `tcp:HOST:PORT`.
class ListeningFake {
 public:
  explicit ListeningFake(const std::string& flags) {
    std::vector<std::string> args = {PHARMATWIN_FAKE_SUT, "--listen", "127.0.0.1:0"};
    for (auto& w : words(flags)) args.push_back(w);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int err[2];
    if (::pipe(err) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(err[1], 2);
      ::close(err[0]);
      ::close(err[1]);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(err[1]);
    // "listening on 127.0.0.1:PORT\n"
    std::string line;
    char c = 0;
    while (line.find('\n') == std::string::npos && ::read(err[0], &c, 1) == 1) line += c;
    ::close(err[0]);
    const auto colon = line.rfind(':');
    if (line.rfind("listening on ", 0) == 0 && colon != std::string::npos)
      address_ = line.substr(13, line.size() - 14);
  }
  ~ListeningFake() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  const std::string& address() const { return address_; }

 private:
  pid_t pid_ = -1;
  std::string address_;
};

enum class Transport { kStdio, kTcp };

void expect_clean_stop(const Misbehaviour& m, Transport transport) {
  const std::string suffix = transport == Transport::kTcp ? "-tcp" : "-stdio";
  const fs::path dir =
      fs::temp_directory_path() / ("pharmatwin-sut-failure-" + std::string(m.name) + suffix);
  fs::remove_all(dir);
  std::optional<ListeningFake> listening;
  std::string detector;
  if (transport == Transport::kTcp) {
    listening.emplace(m.flags);
    ASSERT_FALSE(listening->address().empty()) << "the fake system did not start listening";
    detector = "tcp:" + listening->address();
  } else {
    detector = std::string("external:") + PHARMATWIN_FAKE_SUT + " " + m.flags;
  }
  const auto started = std::chrono::steady_clock::now();
  const auto r = run_cli({"run", kDefault, "--out", dir.string(), "-q", "--detector", detector,
                          "--sut-timeout", m.step_timeout_s});
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(std::string("the detection system failed (") + m.kind + ")"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("holds the run up to then"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(std::string(", STOPPED at ")), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;
  // Never a hang: a timeout of 1 s, a few seconds at most for anything else.
  EXPECT_LT(wall_s, 30.0);
  ASSERT_TRUE(fs::exists(dir / "events.pb"));
  EXPECT_GT(fs::file_size(dir / "events.pb"), 0u);

  const auto scored = run_cli({"score", dir.string(), "--scenario", kDefault, "-q"});
  EXPECT_TRUE(scored.exit_code == 0 || scored.exit_code == 1) << scored.err;
  ASSERT_TRUE(fs::exists(dir / "report.json")) << scored.err;
  const auto report = nlohmann::json::parse(read_file((dir / "report.json").string()));
  EXPECT_FALSE(report["complete"].get<bool>());
  // Before the handshake nothing ran; after it, the fake fails on its third Advance (or its
  // first): at most 15 min of a 7-day run.
  if (m.before_handshake) {
    EXPECT_EQ(report["horizon_s"].get<double>(), 0.0);
  } else {
    EXPECT_GT(report["horizon_s"].get<double>(), 0.0);
  }
  EXPECT_LE(report["horizon_s"].get<double>(), 3600.0);
  fs::remove_all(dir);
}

class SutFailure : public ::testing::TestWithParam<Misbehaviour> {};

TEST_P(SutFailure, OverStdioStopsTheRunKeepsTheLogAndScores) {
  expect_clean_stop(GetParam(), Transport::kStdio);
}

TEST_P(SutFailure, OverTcpStopsTheRunKeepsTheLogAndScores) {
  expect_clean_stop(GetParam(), Transport::kTcp);
}

INSTANTIATE_TEST_SUITE_P(
    BeforeTheHandshake, SutFailure,
    ::testing::Values(Misbehaviour{"exit_at_hello", "--crash-after 0", "crashed", true},
                      Misbehaviour{"segfault_at_hello", "--segv-after 0", "crashed", true},
                      Misbehaviour{"hang_at_hello", "--hang-after 0", "timeout", true},
                      Misbehaviour{"garbage_at_hello", "--garbage-hello", "malformed", true},
                      Misbehaviour{"no_welcome", "--no-welcome", "protocol", true},
                      Misbehaviour{"wrong_version", "--wrong-version", "protocol", true}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    AfterTheHandshake, SutFailure,
    ::testing::Values(Misbehaviour{"exit", "--crash-after 3", "crashed"},
                      Misbehaviour{"segfault", "--segv-after 3", "crashed"},
                      Misbehaviour{"hang", "--hang-after 3", "timeout"},
                      Misbehaviour{"garbage", "--garbage", "malformed"},
                      Misbehaviour{"oversized_frame", "--huge-length", "malformed"},
                      Misbehaviour{"truncated_frame", "--truncated", "crashed"},
                      Misbehaviour{"wrong_message", "--wrong-type", "protocol"},
                      Misbehaviour{"wrong_ack", "--wrong-ack", "protocol"},
                      Misbehaviour{"flood", "--flood", "protocol", false, "20"},
                      Misbehaviour{"slow", "--slow-ms 1500", "timeout"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace pharmatwin::testing

#endif
