// The dashboard's panels driven headless (an ImGui context, no window): clicks become commands
// or focus, and the inject panel writes faults the scenario language reads.
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/viz/dashboard.hpp"

namespace pharmatwin::viz {
namespace {

std::shared_ptr<const sim::LiveSite> site() {
  auto s = std::make_shared<sim::LiveSite>();
  s->name = "test";
  s->zones.resize(2);
  s->zones[0] = {"cold-room", 2, 8, 5, {0, 0, 10, 8}, {"dock"}, false};
  s->zones[1] = {"hall", 15, 25, 20, {10, 0, 30, 20}, {}, false};
  s->sensors = {{"cold-air", 0, false}, {"hall-air", 1, false}};
  s->shipments = {"weekly"};
  return s;
}

class Headless : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = {1280, 720};
    io.IniFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    snap.site = site();
    snap.zones.resize(2);
    snap.zones[0].air_c = 5;
    snap.zones[1].air_c = 20;
    snap.sensors.resize(2);
  }
  void TearDown() override { ImGui::DestroyContext(); }
  void frame(float mouse_x, float mouse_y, bool down) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60;
    io.MousePos = {mouse_x, mouse_y};
    io.MouseDown[0] = down;
    ImGui::NewFrame();
    draw_dashboard(snap, ui, [this](sim::LiveCommand c) { sent.push_back(c); });
    ImGui::Render();
  }
  sim::LiveSnapshot snap;
  DashboardState ui;
  std::vector<sim::LiveCommand> sent;
};

TEST_F(Headless, ClickingAZoneFocusesItAndSendsNothing) {
  frame(-1, -1, false);
  const auto hall = ui.last_map.zones[1];
  ASSERT_GT(hall.w, 100);
  EXPECT_EQ(ui.selected_zone, 0);
  frame(hall.centre_x(), hall.centre_y(), false);
  frame(hall.centre_x(), hall.centre_y(), true);
  frame(hall.centre_x(), hall.centre_y(), false);
  EXPECT_EQ(ui.selected_zone, 1);
  EXPECT_TRUE(sent.empty());
}

TEST_F(Headless, SpaceBarPausesARunningWorld) {
  frame(-1, -1, false);
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Space] = 32;
  io.KeysDown[32] = true;
  frame(-1, -1, false);
  io.KeysDown[32] = false;
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].verb, sim::LiveVerb::kPause);
  ASSERT_EQ(ui.sent.size(), 1u);
  EXPECT_EQ(ui.sent[0], "0 pause");
}

TEST(InjectPanel, EveryKindIsAScenarioFaultOfThatKind) {
  const auto s = site();
  const auto& kinds = inject_kinds();
  ASSERT_EQ(kinds.size(), 22u);
  for (int k = 0; k < static_cast<int>(kinds.size()); ++k) {
    const std::string text = inject_fault_text(k, *s, 0, 0, 0, 0.5, "4h", "7200s", "x");
    scenario::Fault fault;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &fault)) << text;
    EXPECT_NE(fault.kind_case(), scenario::Fault::KIND_NOT_SET) << text;
    EXPECT_EQ(fault.start(), "7200s");
    const std::string kind = kinds[k];
    const std::string field = kind.substr(0, kind.find(' '));
    const std::string expected = field == "serialization" ? "serialization_exception"
                                 : field == "channel"     ? "channel_fault"
                                                          : field;
    EXPECT_EQ(fault.GetDescriptor()->FindFieldByNumber(fault.kind_case())->name(), expected);
  }
  scenario::Fault door;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      inject_fault_text(2, *s, 0, 0, 0, 0, "", "", "d"), &door));
  EXPECT_EQ(door.door_left_open().door(), "dock");
  scenario::Fault degraded;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      inject_fault_text(1, *s, 1, 0, 0, 0.25, "", "", "h"), &degraded));
  EXPECT_EQ(degraded.hvac_degraded().zone(), "hall");
  EXPECT_DOUBLE_EQ(degraded.hvac_degraded().capacity_fraction(), 0.25);
}

TEST(Dashboard, SimulatedTimeReadsInUtcFromTheSiteStart) {
  EXPECT_EQ(format_sim_time(1767571200, 36 * 3600 + 61), "2026-01-06 12:01:01");
}

}  // namespace
}  // namespace pharmatwin::viz
