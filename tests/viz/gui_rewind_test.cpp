// A trainer's rewind in a real window under xvfb-run: the session bookmarks an instant, decides,
// rewinds to the bookmark and goes on; the decision after the bookmark is set aside, and the
// recorded commands play again to the same event log. Skipped, saying why, without xvfb-run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int gui(const std::string& args, const fs::path& log) {
  const std::string cmd = std::string("timeout 300 xvfb-run -a ") + PHARMATWIN_BINARY + " gui " +
                          PHARMATWIN_SOURCE_DIR + "/scenarios/default.textproto --horizon 1d " +
                          "--no-antialias " + args + " > " + log.string() + " 2>&1";
  return std::system(cmd.c_str());
}

TEST(GuiRewind, ARewindSetsTheLaterDecisionAsideAndTheRecordPlaysToTheSameLog) {
  if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb)";
  const fs::path dir =
      fs::temp_directory_path() / ("pharmatwin-gui-rewind-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "script.txt")
      << "0 speed 0\n"
         "1h bookmark before\n"
         "2h decide hold cold-room checking\n"
         "3h rewind 1h\n"
         "5h ack * seen\n"
         "6h quit\n"
         "6h stop\n";  // the log ends at 6 h, not when the window closed
  ASSERT_EQ(gui("--script " + (dir / "script.txt").string() + " --out " + (dir / "a").string() +
                    " --record-script " + (dir / "recorded.txt").string(),
                dir / "a.log"),
            0)
      << file_text(dir / "a.log");
  const std::string recorded = file_text(dir / "recorded.txt");
  EXPECT_NE(recorded.find("3600 bookmark before"), std::string::npos) << recorded;
  EXPECT_EQ(recorded.find("decide hold"), std::string::npos) << recorded;  // set aside
  EXPECT_TRUE(fs::exists(dir / "a" / "rewind-script.txt"));

  EXPECT_NE(recorded.find("21600 stop"), std::string::npos) << recorded;
  // The recorded commands, played in a session that never rewinds, write the same event log.
  std::string replay = recorded;
  replay += "21600 quit\n";
  std::ofstream(dir / "replay.txt") << replay;
  ASSERT_EQ(gui("--script " + (dir / "replay.txt").string() + " --out " + (dir / "b").string(),
                dir / "b.log"),
            0)
      << file_text(dir / "b.log");
  const std::string a = file_text(dir / "a" / "events.pb");
  EXPECT_GT(a.size(), 0u);
  EXPECT_TRUE(a == file_text(dir / "b" / "events.pb"));
  fs::remove_all(dir);
}

}  // namespace
