// draw_site_map(): zones filled by temperature against their range, sensors, icons, badges.
#include <imgui.h>

#include <cstdio>
#include <vector>

#include "pharmatwin/viz/dashboard.hpp"
#include "pharmatwin/viz/zone_status.hpp"

namespace pharmatwin::viz {
namespace {

// An alert badge: a dark disc ringed and dotted in the worst severity's colour.
constexpr ImU32 kBadgeFill = IM_COL32(25, 25, 25, 255);

ImU32 badge_colour(int severity) {
  return severity >= 2   ? IM_COL32(255, 50, 50, 255)
         : severity == 1 ? IM_COL32(255, 160, 0, 255)
                         : IM_COL32(120, 170, 255, 255);
}

void zone_tooltip(const sim::LiveSnapshot& s, std::size_t z) {
  const auto& site = s.site->zones[z];
  const auto& lz = s.zones[z];
  ImGui::BeginTooltip();
  ImGui::Text("%s", site.name.c_str());
  ImGui::Text("air %.2f C, product %.2f C", lz.air_c, lz.product_c);
  ImGui::Text("range %.1f .. %.1f C, setpoint %.1f C (%s)", site.min_c, site.max_c, site.setpoint_c,
              level_name(zone_level(lz.air_c, site.min_c, site.max_c)));
  ImGui::Text("HVAC %s%s, doors open %u", lz.hvac_running ? "running" : "idle",
              lz.hvac_powered ? "" : ", NO POWER", lz.doors_open);
  ImGui::Text("%u lots, %llu units; %u active alerts", lz.lots,
              static_cast<unsigned long long>(lz.units), lz.active_alerts);
  for (std::size_t i = 0; i < s.site->sensors.size() && i < s.sensors.size(); ++i) {
    if (s.site->sensors[i].zone != z || !s.sensors[i].has_value) continue;
    ImGui::Text("  %s %.2f C", s.site->sensors[i].name.c_str(), s.sensors[i].value_c);
  }
  ImGui::EndTooltip();
}

}  // namespace

void draw_site_map(const sim::LiveSnapshot& s, DashboardState& ui) {
  if (!s.site) return;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ui.last_map = layout_site_map(*s.site, {p.x, p.y, avail.x, avail.y});
  const auto& map = ui.last_map;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float scale = ImGui::GetFontSize() / 16.0f;
  for (std::size_t z = 0; z < map.zones.size() && z < s.zones.size(); ++z) {
    const auto& r = map.zones[z];
    const auto& site = s.site->zones[z];
    const auto& lz = s.zones[z];
    const Rgba fill = level_colour(zone_level(lz.air_c, site.min_c, site.max_c));
    draw->AddRectFilled({r.x, r.y}, {r.x + r.w, r.y + r.h}, fill.packed());
    const bool selected = static_cast<int>(z) == ui.selected_zone;
    draw->AddRect({r.x, r.y}, {r.x + r.w, r.y + r.h},
                  selected ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 20, 20, 255), 0, 0,
                  selected ? 3.0f : 1.0f);
    char label[96];
    std::snprintf(label, sizeof label, "%s\n%.1f C", site.name.c_str(), lz.air_c);
    draw->AddText({r.x + 4, r.y + 3}, IM_COL32(0, 0, 0, 255), label);
    // HVAC (bottom right): green running, grey idle, red cross when failed (ground truth).
    const ImVec2 hv(r.x + r.w - 12 * scale, r.y + r.h - 12 * scale);
    draw->AddCircleFilled(
        hv, 6 * scale, lz.hvac_running ? IM_COL32(40, 200, 90, 255) : IM_COL32(120, 120, 120, 255));
    if (ui.show_ground_truth && lz.hvac_failed) {
      draw->AddLine({hv.x - 6 * scale, hv.y - 6 * scale}, {hv.x + 6 * scale, hv.y + 6 * scale},
                    IM_COL32(0, 0, 0, 255), 2);
      draw->AddLine({hv.x - 6 * scale, hv.y + 6 * scale}, {hv.x + 6 * scale, hv.y - 6 * scale},
                    IM_COL32(0, 0, 0, 255), 2);
    }
    // Power (left of HVAC): a black square with a yellow bar when mains and generator are gone.
    if (!lz.hvac_powered) {
      const ImVec2 pw(hv.x - 18 * scale, hv.y);
      draw->AddRectFilled({pw.x - 6 * scale, pw.y - 6 * scale},
                          {pw.x + 6 * scale, pw.y + 6 * scale}, IM_COL32(0, 0, 0, 255));
      draw->AddLine({pw.x + 2 * scale, pw.y - 5 * scale}, {pw.x - 2 * scale, pw.y + 5 * scale},
                    IM_COL32(255, 230, 0, 255), 2);
    }
    // Doors (left edge): a bar, white when closed, bright orange when open.
    for (std::size_t d = 0; d < site.doors.size(); ++d) {
      const float y = r.y + r.h * 0.3f + static_cast<float>(d) * 14 * scale;
      draw->AddRectFilled(
          {r.x, y}, {r.x + 5 * scale, y + 10 * scale},
          lz.doors_open > 0 ? IM_COL32(255, 120, 0, 255) : IM_COL32(240, 240, 240, 255));
    }
    // Active alerts (top right): a badge in the worst severity's colour and their number.
    if (lz.active_alerts > 0) {
      const ImVec2 b(r.x + r.w - 26 * scale, r.y + 12 * scale);
      draw->AddCircleFilled(b, 9 * scale, kBadgeFill);
      draw->AddCircle(b, 9 * scale, badge_colour(lz.worst_severity), 0, 3 * scale);
      draw->AddCircleFilled(b, 3 * scale, badge_colour(lz.worst_severity));
      char n[8];
      std::snprintf(n, sizeof n, "%u", lz.active_alerts);
      draw->AddText({b.x + 11 * scale, b.y - 7 * scale}, IM_COL32(0, 0, 0, 255), n);
    }
  }
  // Sensors: dots with their latest value (when there is room to read it; the tooltip always has
  // the zone); a faulty one (ground truth) crossed in magenta.
  std::vector<int> per_zone(map.zones.size(), 0);
  for (const auto& sensor : s.site->sensors)
    if (sensor.zone < per_zone.size()) ++per_zone[sensor.zone];
  for (std::size_t i = 0; i < map.sensors.size() && i < s.sensors.size(); ++i) {
    const auto& sp = map.sensors[i];
    const auto& ls = s.sensors[i];
    const auto zone = s.site->sensors[i].zone;
    if (zone >= map.zones.size()) continue;
    draw->AddCircleFilled(
        {sp.x, sp.y}, 3.5f * scale,
        s.site->sensors[i].product ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 20, 20, 255), 8);
    const bool room = map.zones[zone].w / static_cast<float>(per_zone[zone] + 1) >= 24 * scale;
    if (ls.has_value && room) {
      char v[16];
      std::snprintf(v, sizeof v, "%.1f", ls.value_c);
      draw->AddText({sp.x - 10 * scale, sp.y - 18 * scale}, IM_COL32(0, 0, 0, 255), v);
    }
    if (ui.show_ground_truth && ls.faulty) {
      const float k = 6 * scale;
      draw->AddLine({sp.x - k, sp.y - k}, {sp.x + k, sp.y + k}, IM_COL32(255, 0, 255, 255), 2);
      draw->AddLine({sp.x - k, sp.y + k}, {sp.x + k, sp.y - k}, IM_COL32(255, 0, 255, 255), 2);
    }
  }
  // Hover for details; click to focus.
  ImGui::InvisibleButton("map", {avail.x > 1 ? avail.x : 1, avail.y > 1 ? avail.y : 1});
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int z = map.zone_at(m.x, m.y);
    if (z >= 0) {
      zone_tooltip(s, static_cast<std::size_t>(z));
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ui.selected_zone = z;
    }
  }
}

}  // namespace pharmatwin::viz
