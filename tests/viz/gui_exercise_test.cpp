// `pharmatwin gui --exercise FILE` end to end under xvfb-run: the night-compressor exercise played
// by a scripted good trainee and a scripted bad one gives the debrief scores worked out from the
// scenario and the scripts, in report.json, report.html and the debrief's picture. Bad exercise
// files are refused with located errors and exit 2 (no display needed). The window tests are
// skipped, saying why, when xvfb-run is not installed.
#include <gtest/gtest.h>
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
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

// scenarios/library/night-hvac-one-qa.textproto: the walk-in cold room's HVAC fails at 2d22h.
constexpr double kOnsetS = 2 * 86400 + 22 * 3600;
constexpr double kH = 3600;
const std::string kExercise =
    std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/exercises/night-compressor.exercise.txtpb";

// Pixels of the debrief window's area within `tolerance` of an RGB colour.
int count_colour(const fs::path& png, int r, int g, int b, int tolerance = 12) {
  int w = 0, h = 0, n = 0;
  unsigned char* data = stbi_load(png.c_str(), &w, &h, &n, 4);
  if (!data) return -1;
  int count = 0;
  for (int y = static_cast<int>(0.12 * h); y < static_cast<int>(0.88 * h); ++y)
    for (int x = static_cast<int>(0.08 * w); x < static_cast<int>(0.92 * w); ++x) {
      const unsigned char* p = data + (static_cast<std::size_t>(y) * w + x) * 4;
      if (std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance &&
          std::abs(p[2] - b) <= tolerance)
        ++count;
    }
  stbi_image_free(data);
  return count;
}

class GuiExercise : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("pharmatwin-gui-exercise-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  // Plays `script` as the trainee; the session runs to 3d6h as fast as possible (the fault and
  // the cold room's recovery), shares one baseline, and writes the debrief's picture.
  static int play(const std::string& tag, const std::string& script) {
    std::ofstream(dir_ / (tag + ".script")) << script;
    return sh("xvfb-run -a " + std::string(PHARMATWIN_BINARY) + " gui --exercise " + kExercise +
                  " --horizon 3d6h --speed 0 --no-antialias --script " +
                  (dir_ / (tag + ".script")).string() + " --out " + (dir_ / tag).string() +
                  " --debrief-screenshot " + (dir_ / (tag + ".png")).string(),
              dir_ / (tag + ".log"));
  }
  static nlohmann::json training(const std::string& tag) {
    return nlohmann::json::parse(file_text(dir_ / tag / "report.json"), nullptr, false)["training"];
  }
  static inline fs::path dir_;
};

TEST_F(GuiExercise, AGoodTraineeAcknowledgesInTimeAndQuarantinesTheColdRoom) {
  if (!have_xvfb())
    GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb): window test skipped";
  // One hour after the onset: the exercise allows 1 h to acknowledge, 2 h to quarantine.
  ASSERT_EQ(play("good",
                 "2d23h ack * compressor alarm, checking the room\n"
                 "2d23h decide quarantine walk-in-cold excursion under QA review\n"),
            0)
      << file_text(dir_ / "good.log");
  const auto t = training("good");
  ASSERT_TRUE(t.is_object()) << file_text(dir_ / "good" / "report.json");
  ASSERT_EQ(t["faults"].size(), 1u);
  EXPECT_EQ(t["faults"][0]["fault"], "walk-in-cold-failure");
  EXPECT_TRUE(t["faults"][0]["hidden"]);
  EXPECT_EQ(t["faults"][0]["onset_s"], kOnsetS);
  EXPECT_EQ(t["faults"][0]["time_to_acknowledge_s"], 1 * kH);
  EXPECT_EQ(t["faults"][0]["deadline_s"], 1 * kH);
  EXPECT_TRUE(t["faults"][0]["in_time"]);
  EXPECT_LE(t["faults"][0]["first_alert_s"].get<double>(), kOnsetS + kH);  // the alert came first
  ASSERT_EQ(t["decisions"].size(), 1u);
  EXPECT_EQ(t["decisions"][0]["t_s"], kOnsetS + kH);
  EXPECT_EQ(t["decisions"][0]["verdict"], "correct");
  EXPECT_EQ(t["missed"].size(), 0u);
  EXPECT_TRUE(t["passed"]);
  // Units lost against the fault-free baseline, which ran alongside.
  ASSERT_TRUE(t["baseline_units_lost"].is_number()) << file_text(dir_ / "good.log");
  EXPECT_EQ(t["units_lost_delta"].get<long>(),
            t["units_lost"].get<long>() - t["baseline_units_lost"].get<long>());
  EXPECT_NE(file_text(dir_ / "good" / "report.html").find("Trainee debrief"), std::string::npos);
  EXPECT_NE(file_text(dir_ / "good.log").find("exercise night-compressor: PASS"), std::string::npos)
      << file_text(dir_ / "good.log");
  // The debrief's picture: its verdicts in green (110, 220, 120), none in red.
  EXPECT_GT(count_colour(dir_ / "good.png", 110, 220, 120), 100);
  EXPECT_LT(count_colour(dir_ / "good.png", 255, 110, 90),
            count_colour(dir_ / "good.png", 110, 220, 120));
}

TEST_F(GuiExercise, ABadTraineeIsLateQuarantinesTheWrongZoneAndMissesTheColdRoom) {
  if (!have_xvfb())
    GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb): window test skipped";
  // Five hours after the onset, and the vaccine fridge instead of the cold room.
  ASSERT_EQ(play("bad",
                 "3d3h ack * saw it at shift change\n"
                 "3d3h decide quarantine vaccine-fridge to be safe\n"),
            0)
      << file_text(dir_ / "bad.log");
  const auto t = training("bad");
  ASSERT_TRUE(t.is_object()) << file_text(dir_ / "bad" / "report.json");
  EXPECT_EQ(t["faults"][0]["time_to_acknowledge_s"], 5 * kH);
  EXPECT_FALSE(t["faults"][0]["in_time"]);
  EXPECT_EQ(t["acknowledged_in_time"], 0);
  ASSERT_EQ(t["decisions"].size(), 1u);
  EXPECT_EQ(t["decisions"][0]["zone"], "vaccine-fridge");
  EXPECT_EQ(t["decisions"][0]["verdict"], "wrong");
  ASSERT_EQ(t["missed"].size(), 1u);
  EXPECT_EQ(t["missed"][0]["zone"], "walk-in-cold");
  EXPECT_EQ(t["missed"][0]["deadline_s"], kOnsetS + 2 * kH);
  EXPECT_FALSE(t["passed"]);
  EXPECT_NE(file_text(dir_ / "bad.log").find("exercise night-compressor: NOT YET"),
            std::string::npos);
  // Red verdicts outnumber green ones in the debrief's picture.
  EXPECT_GT(count_colour(dir_ / "bad.png", 255, 110, 90),
            count_colour(dir_ / "bad.png", 110, 220, 120));
}

TEST_F(GuiExercise, ASessionStoppedEarlyIsNotComparedWithTheFullBaseline) {
  if (!have_xvfb())
    GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb): window test skipped";
  ASSERT_EQ(play("stopped", "2d23h ack * compressor alarm\n3d stop\n"), 0)
      << file_text(dir_ / "stopped.log");
  const auto t = training("stopped");
  ASSERT_TRUE(t.is_object()) << file_text(dir_ / "stopped" / "report.json");
  EXPECT_EQ(t["faults"][0]["time_to_acknowledge_s"], 1 * kH);
  EXPECT_TRUE(t["baseline_units_lost"].is_null());
  EXPECT_TRUE(t["units_lost_delta"].is_null());
  EXPECT_NE(file_text(dir_ / "stopped.log").find("stopped at t+3d, before its horizon"),
            std::string::npos)
      << file_text(dir_ / "stopped.log");
}

TEST_F(GuiExercise, BadExerciseFilesAreLocatedAndExitTwo) {
  const fs::path bad = dir_ / "bad.exercise.txtpb";
  std::ofstream(bad) << "scenario: \"" << PHARMATWIN_SOURCE_DIR
                     << "/scenarios/library/night-hvac-one-qa.textproto\"\n"
                     << "pace: \"quick\"\n"
                     << "response { forbid { kinds: \"quarantine\" zone: \"attic\" } }\n";
  int status =
      sh(std::string(PHARMATWIN_BINARY) + " gui --exercise " + bad.string(), dir_ / "bad-file.log");
  EXPECT_EQ(WEXITSTATUS(status), 2);
  const std::string log = file_text(dir_ / "bad-file.log");
  EXPECT_NE(log.find(bad.string() + ":2:1: pace: pace 'quick'"), std::string::npos) << log;
  EXPECT_NE(log.find(bad.string() + ":3:41: response.forbid[0].zone: no zone 'attic'"),
            std::string::npos)
      << log;
  status = sh(std::string(PHARMATWIN_BINARY) + " gui --exercise " + (dir_ / "none.txtpb").string(),
              dir_ / "none.log");
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(file_text(dir_ / "none.log").find("none.txtpb: cannot read"), std::string::npos);
}

}  // namespace
