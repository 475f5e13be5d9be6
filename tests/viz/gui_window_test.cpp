// `pharmatwin gui` in a real window under xvfb-run (Mesa): the pixels of its screenshots, and a
// scripted session's event log played twice and from its recorded script. Skipped, saying why,
// when xvfb-run is not installed.
#include <gtest/gtest.h>
#include <stb_image.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgba;
  bool load(const fs::path& path) {
    int n = 0;
    unsigned char* data = stbi_load(path.c_str(), &w, &h, &n, 4);
    if (!data) return false;
    rgba.assign(data, data + static_cast<std::size_t>(w) * h * 4);
    stbi_image_free(data);
    return true;
  }
  std::array<int, 3> at(float x, float y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * w + static_cast<std::size_t>(x)) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2]};
  }
};

bool have_xvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

fs::path temp_dir(const std::string& name) {
  const auto dir =
      fs::temp_directory_path() / ("pharmatwin-gui-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The default scenario's site with an HVAC failure injected at 2 h, pictures at 1 h and 6 h.
std::string demo_script(const fs::path& dir) {
  return "0 speed 0\n"
         "1h select cold-room\n"
         "1h screenshot " +
         (dir / "before.png").string() +
         "\n"
         "2h inject name: \"demo-hvac\" duration: \"8h\" hvac_failure { zone: \"cold-room\" }\n"
         "3h decide quarantine cold-room excursion under review\n"
         "6h screenshot " +
         (dir / "after.png").string() +
         "\n"
         "6h stop\n"
         "6h quit\n";
}

int run_gui(const fs::path& dir, const std::string& script_text, const std::string& extra = "") {
  std::ofstream(dir / "session.script") << script_text;
  const std::string cmd =
      std::string("xvfb-run -a ") + PHARMATWIN_BINARY + " gui " + PHARMATWIN_SOURCE_DIR +
      "/scenarios/default.textproto --out " + (dir / "out").string() + " --script " +
      (dir / "session.script").string() + " --layout-out " + (dir / "layout.txt").string() + " " +
      extra + " > " + (dir / "gui.log").string() + " 2>&1";
  return std::system(cmd.c_str());
}

std::map<std::string, Rect> read_layout(const fs::path& path) {
  std::map<std::string, Rect> out;
  std::ifstream in(path);
  std::string name;
  Rect r;
  while (in >> name >> r.x >> r.y >> r.w >> r.h) out[name] = r;
  return out;
}

constexpr std::array<int, 3> kSafe{40, 110, 200};
constexpr std::array<int, 3> kAlarm{215, 30, 30};
constexpr std::array<int, 3> kBadgeFill{25, 25, 25};

TEST(GuiWindow, ZonesSitWhereTheFloorPlanPutsThemAndTheColdRoomAlarmsAfterAnHvacFailure) {
  if (!have_xvfb())
    GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb): window test skipped";
  const auto dir = temp_dir("pixels");
  ASSERT_EQ(run_gui(dir, demo_script(dir), "--signer trainer-1"), 0) << file_text(dir / "gui.log");
  const auto zones = read_layout(dir / "layout.txt");
  ASSERT_EQ(zones.size(), 3u);
  const Rect cold = zones.at("cold-room"), hall = zones.at("ambient-hall"),
             freezer = zones.at("freezer");
  // small-site: cold room 10 x 8 m at (0, 0), hall 30 x 20 m at (10, 0), freezer 5 x 4 m at (0, 8).
  EXPECT_NEAR(hall.w / cold.w, 3.0, 0.01);
  EXPECT_NEAR(cold.w / cold.h, 10.0 / 8, 0.01);
  EXPECT_NEAR(cold.x + cold.w, hall.x, 0.5);
  EXPECT_NEAR(cold.y + cold.h, freezer.y, 0.5);

  Image before, after;
  ASSERT_TRUE(before.load(dir / "before.png"));
  ASSERT_TRUE(after.load(dir / "after.png"));
  EXPECT_EQ(before.w, 1280);
  EXPECT_EQ(before.h, 720);
  auto inside = [](const Rect& r) { return std::pair{r.x + 0.5f * r.w, r.y + 0.55f * r.h}; };
  const auto [cx, cy] = inside(cold);
  const auto [hx, hy] = inside(hall);
  // The freezer is small and full of labels: its top right corner is clear of them.
  const float fx = freezer.x + freezer.w - 5, fy = freezer.y + 4;
  EXPECT_EQ(before.at(cx, cy), kSafe);
  EXPECT_EQ(before.at(hx, hy), kSafe);
  EXPECT_EQ(before.at(fx, fy), kSafe);
  // The badge place (top right of the zone, 5 px below its centre dot) before and after.
  const float bx = cold.x + cold.w - 26, by = cold.y + 12 + 5;
  EXPECT_EQ(before.at(bx, by), kSafe);
  EXPECT_EQ(after.at(cx, cy), kAlarm);
  EXPECT_EQ(after.at(bx, by), kBadgeFill);
  EXPECT_EQ(after.at(hx, hy), kSafe);  // the hall is unaffected

  // The decision is signed in the run's audit trail, bound to the event log, and verifies.
  const std::string audit = file_text(dir / "out" / "audit.jsonl");
  EXPECT_NE(audit.find("\"type\":\"electronic_signature\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"meaning\":\"approval\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"signer\":\"trainer-1\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("10800 decide quarantine cold-room"), std::string::npos) << audit;
  const std::string verify = std::string(PHARMATWIN_BINARY) + " audit verify " +
                             (dir / "out").string() + " > " + (dir / "verify.log").string() +
                             " 2>&1";
  EXPECT_EQ(std::system(verify.c_str()), 0) << file_text(dir / "verify.log");
  fs::remove_all(dir);
}

TEST(GuiWindow, AScriptedSessionGivesTheSameEventLogTwiceAndFromItsRecordedScript) {
  if (!have_xvfb())
    GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb): window test skipped";
  const auto a = temp_dir("twice-a"), b = temp_dir("twice-b"), c = temp_dir("twice-c");
  ASSERT_EQ(run_gui(a, demo_script(a), "--record-script " + (a / "recorded.script").string()), 0)
      << file_text(a / "gui.log");
  ASSERT_EQ(run_gui(b, demo_script(b)), 0) << file_text(b / "gui.log");
  const std::string log_a = file_text(a / "out" / "events.pb");
  ASSERT_GT(log_a.size(), 1000u);
  EXPECT_EQ(log_a, file_text(b / "out" / "events.pb"));
  // The recorded script has the world's commands only; it ends the same run at the same instant.
  const std::string recorded = file_text(a / "recorded.script");
  EXPECT_NE(recorded.find("7200 inject "), std::string::npos) << recorded;
  ASSERT_EQ(run_gui(c, recorded + "21600 quit\n"), 0) << file_text(c / "gui.log");
  EXPECT_EQ(log_a, file_text(c / "out" / "events.pb"));
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

TEST(GuiWindow, WithoutADisplayItSaysSoAndSuggestsXvfbRun) {
  const auto dir = temp_dir("nodisplay");
  const std::string cmd = std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + PHARMATWIN_BINARY +
                          " gui " + PHARMATWIN_SOURCE_DIR + "/scenarios/default.textproto --out " +
                          (dir / "out").string() + " > " + (dir / "gui.log").string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  EXPECT_NE(status, 0);
  const std::string log = file_text(dir / "gui.log");
  EXPECT_NE(log.find("no display"), std::string::npos) << log;
  EXPECT_NE(log.find("xvfb-run"), std::string::npos) << log;
  EXPECT_NE(log.find("--frames"), std::string::npos) << log;
  fs::remove_all(dir);
}

}  // namespace
