// The exercise debrief driven headless: ground truth stays hidden and cannot be toggled while an
// exercise runs, the debrief window appears when handed over and unlocks it, and Close closes it.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "pharmatwin/viz/dashboard.hpp"

namespace pharmatwin::viz {
namespace {

class Debriefing : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = {1280, 720};
    io.IniFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    auto site = std::make_shared<sim::LiveSite>();
    site->zones.resize(1);
    site->zones[0] = {"cold-room", 2, 8, 5, {0, 0, 10, 8}, {}, false};
    snap.site = site;
    snap.zones.resize(1);
    ui.show_ground_truth = false;
    ui.ground_truth_locked = true;
  }
  void TearDown() override { ImGui::DestroyContext(); }
  void frame(float x = -1, float y = -1, bool down = false, ImWchar typed = 0) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60;
    io.MousePos = {x, y};
    io.MouseDown[0] = down;
    if (typed) io.AddInputCharacter(typed);
    ImGui::NewFrame();
    draw_dashboard(snap, ui, [](sim::LiveCommand) {});
    ImGui::Render();
  }
  static std::shared_ptr<Debrief> debrief() {
    auto d = std::make_shared<Debrief>();
    d->title = "night";
    d->summary = "0 of 1 faults acknowledged in time";
    d->faults.push_back({{"hvac", "hvac_failure", "t+2d22h", "+12m", "5h", "1h", "late"}, kBad});
    d->decisions.push_back(
        {{"t+3d", "quarantine", "vaccine-fridge", "wrong", "the fridge is fine"}, kBad});
    d->questions = {"Why?"};
    return d;
  }
  sim::LiveSnapshot snap;
  DashboardState ui;
};

TEST_F(Debriefing, GroundTruthStaysHiddenDuringTheExercise) {
  frame();
  frame(-1, -1, false, 'g');
  frame();
  EXPECT_FALSE(ui.show_ground_truth);
  EXPECT_EQ(ImGui::FindWindowByName("Debrief"), nullptr);
}

TEST_F(Debriefing, TheDebriefAppearsUnlocksTheGroundTruthAndCloses) {
  frame();
  show_debrief(ui, debrief());
  EXPECT_TRUE(ui.show_ground_truth);
  EXPECT_FALSE(ui.ground_truth_locked);
  frame();
  frame();
  ImGuiWindow* w = ImGui::FindWindowByName("Debrief");
  ASSERT_NE(w, nullptr);
  EXPECT_TRUE(w->Active);
  EXPECT_GT(w->Size.x, 1000);  // most of the display's width
  // Close is the window's first item, at the start of its content.
  const ImVec2 at{w->DC.CursorStartPos.x + 8, w->DC.CursorStartPos.y + 8};
  frame(at.x, at.y, false);
  frame(at.x, at.y, true);
  EXPECT_TRUE(ui.debrief_open);
  frame(at.x, at.y, false);
  EXPECT_FALSE(ui.debrief_open);
  frame();
  EXPECT_FALSE(ImGui::FindWindowByName("Debrief")->Active);
  EXPECT_EQ(debrief_fault_columns().size(), ui.debrief->faults[0].cells.size());
  EXPECT_EQ(debrief_decision_columns().size(), ui.debrief->decisions[0].cells.size());
}

}  // namespace
}  // namespace pharmatwin::viz
