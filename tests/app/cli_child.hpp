// Runs the `pharmatwin` executable as a child process and collects what it printed.
//
//   const CliResult r = run_cli({"run", "scenarios/default.textproto", "--out", dir, "-q"});
//   EXPECT_EQ(r.exit_code, 0) << r.err;
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace pharmatwin::testing {

struct CliResult {
  int exit_code = -1;  // 128 + signal when the child died by a signal
  std::string out, err;
};

CliResult run_cli(const std::vector<std::string>& args);

// Like run_cli, but sends `signal` to the child once its stderr so far contains `ready` (and
// `delay_ms` more have passed); gives up waiting after 60 s and lets the child finish.
CliResult run_cli_signalled(const std::vector<std::string>& args, const std::string& ready,
                            int signal, int delay_ms = 0);

std::string read_file(const std::string& path);

// A test with a scratch directory of its own (<temp>/pharmatwin-<suite>-<test>-<pid>), made
// fresh before each test and removed after it; file() writes one file there.
//
//   class MyCli : public ScratchDirTest {};
//   TEST_F(MyCli, Reads) { run_cli({"validate", file("a.textproto", "name: \"a\"")}); }
class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Writes `text` to `name` in the scratch directory; its path.
  std::string file(const std::string& name, const std::string& text) const;
  std::filesystem::path dir_;
};

}  // namespace pharmatwin::testing
