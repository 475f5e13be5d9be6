// `pharmatwin gui --replay DIR` in a real window under xvfb-run: a `run` directory before and
// during its HVAC failure, compared with its baseline, a `regress` replication directory, and
// the errors for a missing or damaged run. Skipped, saying why, when xvfb-run is not installed.
#include <gtest/gtest.h>
#include <stb_image.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

namespace {

namespace fs = std::filesystem;

bool have_xvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int sh(const std::string& cmd, const fs::path& log) {
  return std::system((cmd + " > " + log.string() + " 2>&1").c_str());
}

std::array<int, 3> pixel(const fs::path& png, float x, float y, int* w = nullptr) {
  int iw = 0, ih = 0, n = 0;
  unsigned char* data = stbi_load(png.c_str(), &iw, &ih, &n, 4);
  if (!data) return {-1, -1, -1};
  if (w) *w = iw;
  const std::size_t i = (static_cast<std::size_t>(y) * iw + static_cast<std::size_t>(x)) * 4;
  std::array<int, 3> out{data[i], data[i + 1], data[i + 2]};
  stbi_image_free(data);
  return out;
}

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};
std::map<std::string, Rect> read_layout(const fs::path& path) {
  std::map<std::string, Rect> out;
  std::ifstream in(path);
  std::string name;
  Rect r;
  while (in >> name >> r.x >> r.y >> r.w >> r.h) out[name] = r;
  return out;
}

class GuiReplay : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("pharmatwin-gui-replay-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The default scenario over 4 days: its cold room HVAC fails at 2.4 d for 10 h.
    run_status_ = sh(std::string(PHARMATWIN_BINARY) + " run " + PHARMATWIN_SOURCE_DIR +
                         "/scenarios/default.textproto --horizon 4d --quiet --no-store --out " +
                         (dir_ / "run").string(),
                     dir_ / "run.log");
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static int replay(const std::string& args, const std::string& tag) {
    return sh(std::string("xvfb-run -a ") + PHARMATWIN_BINARY + " gui " + args +
                  " --frames 3 --screenshot " + (dir_ / (tag + ".png")).string() +
                  " --layout-out " + (dir_ / (tag + ".layout")).string(),
              dir_ / (tag + ".log"));
  }
  static inline fs::path dir_;
  static inline int run_status_ = -1;
};

constexpr std::array<int, 3> kSafe{40, 110, 200};

TEST_F(GuiReplay, ShowsTheRunBeforeAndDuringItsFaultAndNextToItsBaseline) {
  if (!have_xvfb())
    GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb): window test skipped";
  ASSERT_EQ(run_status_, 0) << file_text(dir_ / "run.log");
  const std::string run = (dir_ / "run").string();
  ASSERT_EQ(replay("--replay " + run + " --at 1d", "before"), 0) << file_text(dir_ / "before.log");
  ASSERT_EQ(replay("--replay " + run + " --at 2d15h", "during"), 0)
      << file_text(dir_ / "during.log");
  const auto zones = read_layout(dir_ / "during.layout");
  ASSERT_EQ(zones.count("cold-room"), 1u) << file_text(dir_ / "during.layout");
  const Rect cold = zones.at("cold-room");
  const float cx = cold.x + 0.5f * cold.w, cy = cold.y + 0.55f * cold.h;
  int width = 0;
  EXPECT_EQ(pixel(dir_ / "before.png", cx, cy, &width), kSafe);
  EXPECT_EQ(width, 1280);
  EXPECT_NE(pixel(dir_ / "during.png", cx, cy), kSafe);  // out of its range during the failure
  // A run and its baseline on one timeline.
  ASSERT_EQ(replay("--replay " + run + " --compare " + run + "/baseline --at 2d15h", "compare"), 0)
      << file_text(dir_ / "compare.log");
  EXPECT_NE(file_text(dir_ / "compare.log").find("replay of"), std::string::npos);
}

TEST_F(GuiReplay, OpensARegressReplicationDirectory) {
  if (!have_xvfb())
    GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb): window test skipped";
  const fs::path out = dir_ / "regress";
  sh(std::string(PHARMATWIN_BINARY) + " regress " + PHARMATWIN_SOURCE_DIR +
         "/scenarios/library/door-left-open.textproto --seeds 2 --horizon 1d --no-baseline --out " +
         out.string(),
     dir_ / "regress.log");
  fs::path replication;
  for (const auto& e : fs::recursive_directory_iterator(out))
    if (e.path().filename() == "events.pb" && e.path().parent_path().filename() == "run")
      replication = e.path().parent_path().parent_path();
  ASSERT_FALSE(replication.empty()) << file_text(dir_ / "regress.log");
  ASSERT_EQ(replay("--replay " + replication.string(), "regress"), 0)
      << file_text(dir_ / "regress.log");
  // Its floor plan is found beside it (the regress directory's baseline.textproto).
  EXPECT_NE(file_text(dir_ / "regress.log").find("floor plan from"), std::string::npos)
      << file_text(dir_ / "regress.log");
}

TEST_F(GuiReplay, AMissingOrDamagedRunIsNamedAndExitsTwo) {
  const fs::path missing = dir_ / "no-such-run";
  int status = sh(std::string(PHARMATWIN_BINARY) + " gui --replay " + missing.string(),
                  dir_ / "missing.log");
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(file_text(dir_ / "missing.log").find(missing.string() + ": no such directory"),
            std::string::npos)
      << file_text(dir_ / "missing.log");
  fs::create_directories(dir_ / "garbled");
  std::ofstream(dir_ / "garbled" / "events.pb") << "\x05garbage and more garbage";
  status = sh(std::string(PHARMATWIN_BINARY) + " gui --replay " + (dir_ / "garbled").string(),
              dir_ / "garbled.log");
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(file_text(dir_ / "garbled.log").find((dir_ / "garbled" / "events.pb").string()),
            std::string::npos)
      << file_text(dir_ / "garbled.log");
}

}  // namespace
