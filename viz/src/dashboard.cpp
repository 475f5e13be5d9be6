// draw_dashboard(): places the panels for the display size and handles keyboard shortcuts.
#include "pharmatwin/viz/dashboard.hpp"

#include <imgui.h>

#include <cmath>
#include <ctime>

namespace pharmatwin::viz {

std::string format_sim_time(double start_epoch_s, double sim_s) {
  const std::time_t t = static_cast<std::time_t>(std::floor(start_epoch_s + sim_s));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

namespace {

constexpr double kSpeeds[] = {1, 10, 60, 600, 3600, 36000, 100000, 0};
constexpr int kSpeedCount = sizeof kSpeeds / sizeof kSpeeds[0];

int speed_index(double speed) {
  for (int i = 0; i < kSpeedCount; ++i)
    if (kSpeeds[i] == speed) return i;
  return 4;
}

void place(float x, float y, float w, float h) {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({x * d.x, y * d.y});
  ImGui::SetNextWindowSize({w * d.x, h * d.y});
}

constexpr ImGuiWindowFlags kPanel = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

void shortcuts(const sim::LiveSnapshot& s, DashboardState& ui, const CommandSink& send) {
  if (ImGui::GetIO().WantTextInput) return;
  auto cmd = [&](sim::LiveVerb v, double speed = 0) {
    sim::LiveCommand c;
    c.verb = v;
    c.speed = speed;
    send(c);
  };
  const auto key = [](ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), false); };
  bool typed_f = false, typed_g = false, typed_help = false, typed_b = false;
  for (ImWchar ch : ImGui::GetIO().InputQueueCharacters) {
    typed_f = typed_f || ch == 'f' || ch == 'F';
    typed_g = typed_g || ch == 'g' || ch == 'G';
    typed_help = typed_help || ch == '?';
    typed_b = typed_b || ch == 'b' || ch == 'B';
  }
  if (key(ImGuiKey_Space)) cmd(s.paused ? sim::LiveVerb::kPlay : sim::LiveVerb::kPause);
  if (s.replay) {  // replays: left / right jump to the previous / next alert or fault
    if (key(ImGuiKey_RightArrow)) cmd(sim::LiveVerb::kNextEvent);
    if (key(ImGuiKey_LeftArrow)) cmd(sim::LiveVerb::kPrevEvent);
  }
  const int i = s.replay ? -1 : speed_index(s.speed);
  if (i >= 0 && key(ImGuiKey_RightArrow) && i + 1 < kSpeedCount)
    cmd(sim::LiveVerb::kSpeed, kSpeeds[i + 1]);
  if (i >= 0 && key(ImGuiKey_LeftArrow) && i > 0) cmd(sim::LiveVerb::kSpeed, kSpeeds[i - 1]);
  if (typed_f && s.site && !s.site->zones.empty())
    ui.selected_zone = (ui.selected_zone + 1) % static_cast<int>(s.site->zones.size());
  if (typed_help) ui.show_help = !ui.show_help;
  if (typed_b && !s.replay) send(bookmark_command(s));
  if (typed_g && !ui.ground_truth_locked) ui.show_ground_truth = !ui.show_ground_truth;
}

}  // namespace

sim::LiveCommand bookmark_command(const sim::LiveSnapshot& s) {
  sim::LiveCommand c;
  c.verb = sim::LiveVerb::kBookmark;
  c.target = "B" + std::to_string(s.bookmarks.size() + 1);
  return c;
}

void draw_time_panel(const sim::LiveSnapshot& s, DashboardState& ui, const CommandSink& send) {
  const double start = s.site ? s.site->start_epoch_s : 0;
  ImGui::Text("%s   t+%.2f d%s", format_sim_time(start, s.sim_s).c_str(), s.sim_s / 86400,
              s.finished ? "   (run finished)"
              : s.paused ? "   (paused)"
                         : "");
  ImGui::SameLine();
  if (s.site) ImGui::TextDisabled("   %s / %s", s.site->name.c_str(), s.site->site_name.c_str());
  auto cmd = [&](sim::LiveVerb v) {
    sim::LiveCommand c;
    c.verb = v;
    send(c);
  };
  if (ImGui::Button(s.paused ? "Play" : "Pause"))
    cmd(s.paused ? sim::LiveVerb::kPlay : sim::LiveVerb::kPause);
  ImGui::SameLine();
  if (ImGui::Button("Step")) cmd(sim::LiveVerb::kStep);
  ImGui::SameLine();
  if (ImGui::Button("Next event")) cmd(sim::LiveVerb::kNextEvent);
  ImGui::SameLine();
  // Bookmarks: instants a trainer comes back to; a rewind replays the session up to one.
  if (ImGui::Button("Bookmark")) send(bookmark_command(s));
  ImGui::SameLine();
  if (ImGui::Button("Rewind")) ImGui::OpenPopup("rewind-to");
  if (ImGui::BeginPopup("rewind-to")) {
    auto rewind_to = [&](double t) {
      sim::LiveCommand c;
      c.verb = sim::LiveVerb::kRewind;
      c.to_s = t;
      send(c);
    };
    if (ImGui::Selectable("the start")) rewind_to(0);
    for (const auto& b : s.bookmarks) {
      const std::string item = b.label + "   " + format_sim_time(start, b.t_s);
      if (ImGui::Selectable(item.c_str())) rewind_to(b.t_s);
    }
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  ImGui::TextUnformatted("  speed");
  for (int i = 0; i < kSpeedCount; ++i) {
    ImGui::SameLine();
    char label[24];
    if (kSpeeds[i] > 0)
      std::snprintf(label, sizeof label, "%gx", kSpeeds[i]);
    else
      std::snprintf(label, sizeof label, "max");
    const bool current = kSpeeds[i] == s.speed;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(60, 120, 200, 255));
    if (ImGui::Button(label)) {
      sim::LiveCommand c;
      c.verb = sim::LiveVerb::kSpeed;
      c.speed = kSpeeds[i];
      send(c);
    }
    if (current) ImGui::PopStyleColor();
  }
  ImGui::SameLine();
  if (ui.ground_truth_locked) {
    ImGui::TextDisabled("ground truth hidden (exercise)");
  } else {
    ImGui::Checkbox("ground truth", &ui.show_ground_truth);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("?")) ui.show_help = !ui.show_help;
}

void draw_dashboard(const sim::LiveSnapshot& s, DashboardState& ui, const CommandSink& send) {
  auto sink = [&](sim::LiveCommand c) {
    ui.sent.push_back(sim::format_command(c, s.sim_s));
    send(std::move(c));
  };
  shortcuts(s, ui, sink);
  const float top = s.replay ? 0.13f : 0.09f;  // a replay's bar holds the timeline
  place(0, 0, 1, top);
  ImGui::Begin("Time", nullptr, kPanel | ImGuiWindowFlags_NoTitleBar);
  if (s.replay)
    draw_replay_time_panel(s, ui, sink);
  else
    draw_time_panel(s, ui, sink);
  ImGui::End();
  place(0, top, 0.6f, 0.59f - top);
  ImGui::Begin("Site map", nullptr, kPanel);
  draw_site_map(s, ui);
  ImGui::End();
  place(0, 0.59f, 0.6f, 0.41f);
  ImGui::Begin("Zone chart", nullptr, kPanel);
  draw_zone_chart(s, ui);
  ImGui::End();
  place(0.6f, top, 0.4f, 0.45f - top);
  ImGui::Begin("Alerts and decisions", nullptr, kPanel);
  draw_alert_panel(s, ui, sink);
  ImGui::End();
  place(0.6f, 0.45f, 0.4f, 0.25f);
  ImGui::Begin("KPIs", nullptr, kPanel);
  draw_kpi_panel(s, ui);
  ImGui::End();
  place(0.6f, 0.70f, 0.4f, 0.30f);
  if (s.replay) {
    ImGui::Begin("Replay", nullptr, kPanel);
    draw_replay_panel(s, ui);
  } else {
    ImGui::Begin("Inject a fault", nullptr, kPanel);
    draw_inject_panel(s, ui, sink);
  }
  ImGui::End();
  if (ui.debrief && ui.debrief_open) draw_debrief_panel(*ui.debrief, ui);
  if (ui.show_help) {
    ImGui::SetNextWindowPos(
        {ImGui::GetIO().DisplaySize.x * 0.3f, ImGui::GetIO().DisplaySize.y * 0.3f},
        ImGuiCond_Appearing);
    ImGui::Begin("Help", &ui.show_help,
                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
    ImGui::TextUnformatted(
        "space  play / pause\n"
        "left / right  slower / faster (replay: previous / next alert or fault)\n"
        "F  focus the next zone\n"
        "G  show / hide ground truth\n"
        "B  bookmark this instant (Rewind comes back to it)\n"
        "?  this help\n\n"
        "Zones: blue safe, yellow near a limit, orange outside the range,\n"
        "red 1 C or more outside. Click a zone to chart it.");
    ImGui::End();
  }
}

}  // namespace pharmatwin::viz
