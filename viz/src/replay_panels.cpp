// The replay's panels: the time bar with its timeline scrubber, and the panel that says where the
// run comes from (and, with --compare, how the two runs differ at this instant).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "pharmatwin/viz/dashboard.hpp"
#include "pharmatwin/viz/timeline.hpp"

namespace pharmatwin::viz {
namespace {

constexpr double kReplaySpeeds[] = {60, 600, 3600, 36000, 86400, 604800};

ImU32 marker_colour(const sim::LiveMarker& m) {
  switch (m.kind) {
    case sim::LiveMarker::kFaultStart:
    case sim::LiveMarker::kFaultEnd:
      return IM_COL32(230, 60, 230, 255);
    case sim::LiveMarker::kAlert:
      return m.severity >= 2   ? IM_COL32(255, 80, 80, 255)
             : m.severity == 1 ? IM_COL32(255, 165, 30, 255)
                               : IM_COL32(150, 190, 255, 255);
    case sim::LiveMarker::kDecision:
      return IM_COL32(90, 220, 120, 255);
    case sim::LiveMarker::kCommand:
      return IM_COL32(230, 230, 230, 255);
  }
  return IM_COL32_WHITE;
}

bool is_fault(sim::LiveMarker::Kind k) {
  return k == sim::LiveMarker::kFaultStart || k == sim::LiveMarker::kFaultEnd;
}

// One lane of the bar: fault windows shaded, then a tick per pixel column and kind.
void draw_lane(ImDrawList* draw, const sim::LiveReplay& r, const TimelineScale& scale, float y0,
               float h, bool ground_truth) {
  const auto& ms = r.markers;
  if (ground_truth) {
    for (std::size_t i = 0; i < ms.size(); ++i) {
      if (ms[i].kind != sim::LiveMarker::kFaultStart) continue;
      const std::string name = ms[i].label.substr(0, ms[i].label.find(" ("));
      double end = r.end_s;
      for (std::size_t j = i + 1; j < ms.size(); ++j)
        if (ms[j].kind == sim::LiveMarker::kFaultEnd && ms[j].label == name + " ends") {
          end = ms[j].t_s;
          break;
        }
      draw->AddRectFilled({scale.x_of(ms[i].t_s), y0},
                          {std::max(scale.x_of(end), scale.x_of(ms[i].t_s) + 2), y0 + h},
                          IM_COL32(230, 60, 230, 70));
    }
  }
  for (const auto& tick : timeline_ticks(ms, scale)) {
    const auto& m = ms[tick.marker];
    if (is_fault(m.kind) && !ground_truth) continue;
    const float top = m.kind == sim::LiveMarker::kAlert      ? y0
                      : m.kind == sim::LiveMarker::kDecision ? y0 + h * 0.5f
                                                             : y0 + h * 0.25f;
    draw->AddLine({tick.x + 0.5f, top}, {tick.x + 0.5f, y0 + h}, marker_colour(m), 1.0f);
  }
}

}  // namespace

void draw_replay_time_panel(const sim::LiveSnapshot& s, DashboardState& ui,
                            const CommandSink& send) {
  const auto& r = *s.replay;
  const double start = s.site ? s.site->start_epoch_s : 0;
  ImGui::Text("%s   t+%.2f d of %.2f d   replay%s", format_sim_time(start, s.sim_s).c_str(),
              s.sim_s / 86400, r.end_s / 86400,
              s.paused      ? ", paused"
              : s.speed < 0 ? ", playing backwards"
                            : ", playing");
  ImGui::SameLine();
  ImGui::TextDisabled("   %s", r.source.c_str());
  auto cmd = [&](sim::LiveVerb v, double speed = 0) {
    sim::LiveCommand c;
    c.verb = v;
    c.speed = speed;
    send(c);
  };
  const double magnitude = std::abs(s.speed) > 0 ? std::abs(s.speed) : 3600;
  if (ImGui::Button("|< prev")) cmd(sim::LiveVerb::kPrevEvent);
  ImGui::SameLine();
  if (ImGui::Button("< back")) {
    cmd(sim::LiveVerb::kSpeed, -magnitude);
    cmd(sim::LiveVerb::kPlay);
  }
  ImGui::SameLine();
  if (ImGui::Button(s.paused ? "Play" : "Pause"))
    cmd(s.paused ? sim::LiveVerb::kPlay : sim::LiveVerb::kPause);
  ImGui::SameLine();
  if (ImGui::Button("forward >")) {
    cmd(sim::LiveVerb::kSpeed, magnitude);
    cmd(sim::LiveVerb::kPlay);
  }
  ImGui::SameLine();
  if (ImGui::Button("next >|")) cmd(sim::LiveVerb::kNextEvent);
  ImGui::SameLine();
  if (ImGui::Button("Step")) cmd(sim::LiveVerb::kStep);
  ImGui::SameLine();
  ImGui::TextUnformatted("  speed");
  for (double v : kReplaySpeeds) {
    ImGui::SameLine();
    char label[24];
    std::snprintf(label, sizeof label, "%gx", v);
    const bool current = v == magnitude;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(60, 120, 200, 255));
    if (ImGui::Button(label)) cmd(sim::LiveVerb::kSpeed, s.speed < 0 ? -v : v);
    if (current) ImGui::PopStyleColor();
  }
  ImGui::SameLine();
  ImGui::Checkbox("ground truth", &ui.show_ground_truth);

  // The timeline: one lane per run, a click or a drag seeks.
  const bool two = s.compare && s.compare->replay;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = std::max(10.0f, ImGui::GetContentRegionAvail().x);
  const float lane = 14 * ui.ui_scale;
  const float h = lane * (two ? 2 : 1) + 2;
  const TimelineScale scale{p.x, w, r.end_s > 0 ? r.end_s : 1};
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p, {p.x + w, p.y + h}, IM_COL32(35, 35, 45, 255));
  draw_lane(draw, r, scale, p.y + 1, lane, ui.show_ground_truth);
  if (two) {
    draw->AddLine({p.x, p.y + lane + 1}, {p.x + w, p.y + lane + 1}, IM_COL32(80, 80, 90, 255));
    draw_lane(draw, *s.compare->replay, scale, p.y + lane + 2, lane, ui.show_ground_truth);
  }
  const float cx = scale.x_of(s.sim_s);
  draw->AddLine({cx, p.y - 2}, {cx, p.y + h + 2}, IM_COL32(255, 255, 255, 255), 2.0f);
  ImGui::InvisibleButton("timeline", {w, h});
  if (ImGui::IsItemActive()) {
    sim::LiveCommand c;
    c.verb = sim::LiveVerb::kSeek;
    c.to_s = scale.t_of(ImGui::GetIO().MousePos.x);
    send(c);
  }
  if (ImGui::IsItemHovered()) {
    const float mx = ImGui::GetIO().MousePos.x;
    std::string tip = format_sim_time(start, scale.t_of(mx));
    int listed = 0;
    for (const auto& m : r.markers) {
      if (std::abs(scale.x_of(m.t_s) - mx) > 3 || (is_fault(m.kind) && !ui.show_ground_truth))
        continue;
      if (++listed > 8) break;
      tip += "\n" + format_sim_time(start, m.t_s).substr(5) + "  " + m.label;
    }
    ImGui::SetTooltip("%s", tip.c_str());
  }
}

void draw_replay_panel(const sim::LiveSnapshot& s, DashboardState& ui) {
  const auto& r = *s.replay;
  ImGui::TextWrapped("%s", r.source.c_str());
  for (const auto& n : r.notes) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", n.c_str());
  }
  if (!s.compare || !s.compare->replay) return;
  const auto& b = *s.compare;
  ImGui::Separator();
  ImGui::TextWrapped("compared with %s", b.replay->source.c_str());
  for (const auto& n : b.replay->notes)
    if (n.find("DIFFER") != std::string::npos || n.find("incomplete") != std::string::npos)
      ImGui::TextWrapped("  %s", n.c_str());
  (void)ui;
}

}  // namespace pharmatwin::viz
