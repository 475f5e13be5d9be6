// The zone chart, the alert feed (acknowledge, decide), the KPIs and the inject panel.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "pharmatwin/viz/chart.hpp"
#include "pharmatwin/viz/dashboard.hpp"

namespace pharmatwin::viz {
namespace {

std::string duration_words(double s) {
  char buf[32];
  if (s < 0) return "-";
  if (s < 3600)
    std::snprintf(buf, sizeof buf, "%.0f min", s / 60);
  else if (s < 86400)
    std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  else
    std::snprintf(buf, sizeof buf, "%.1f d", s / 86400);
  return buf;
}

ImVec4 severity_colour(int severity) {
  return severity >= 2   ? ImVec4(1, 0.3f, 0.3f, 1)
         : severity == 1 ? ImVec4(1, 0.65f, 0.1f, 1)
                         : ImVec4(0.6f, 0.75f, 1, 1);
}

}  // namespace

void draw_zone_chart(const sim::LiveSnapshot& s, DashboardState& ui) {
  if (!s.site || s.site->zones.empty()) return;
  ui.selected_zone = std::clamp(ui.selected_zone, 0, static_cast<int>(s.site->zones.size()) - 1);
  const auto z = static_cast<std::uint32_t>(ui.selected_zone);
  const auto& zone = s.site->zones[z];
  ImGui::Text("%s: air (cyan) and product (white)%s, range %.1f..%.1f C", zone.name.c_str(),
              s.compare ? ", compared run's air (pink)" : "", zone.min_c, zone.max_c);
  ImGui::SameLine();
  static const double kSpans[] = {6 * 3600.0, 86400.0, 7 * 86400.0, 30 * 86400.0};
  static const char* kSpanNames[] = {"6h", "1d", "7d", "30d"};
  for (int i = 0; i < 4; ++i) {
    ImGui::SameLine();
    if (ImGui::SmallButton(kSpanNames[i])) ui.chart_span_s = kSpans[i];
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("<")) ui.chart_end_back_s += ui.chart_span_s / 4;
  ImGui::SameLine();
  if (ImGui::SmallButton(">"))
    ui.chart_end_back_s = std::max(0.0, ui.chart_end_back_s - ui.chart_span_s / 4);
  ImGui::SameLine();
  if (ImGui::SmallButton("now")) ui.chart_end_back_s = 0;

  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ScreenRect plot{p.x + 40, p.y, std::max(10.0f, avail.x - 44),
                        std::max(10.0f, avail.y - 18)};
  ChartInput in;
  in.t1_s = std::max(s.sim_s - ui.chart_end_back_s, ui.chart_span_s);
  in.t0_s = in.t1_s - ui.chart_span_s;
  in.range_min_c = zone.min_c;
  in.range_max_c = zone.max_c;
  const int columns = static_cast<int>(plot.w);
  in.series.push_back(
      {decimate_history(s.history, z, false, in.t0_s, in.t1_s, columns), {80, 220, 255, 255}});
  in.series.push_back(
      {decimate_history(s.history, z, true, in.t0_s, in.t1_s, columns), {240, 240, 240, 255}});
  if (s.compare && s.compare->site) {  // the compared run's air in the zone of the same name
    const auto& bz = s.compare->site->zones;
    for (std::uint32_t k = 0; k < bz.size(); ++k)
      if (bz[k].name == zone.name)
        in.series.push_back(
            {decimate_history(s.compare->history, k, false, in.t0_s, in.t1_s, columns),
             {255, 120, 200, 255}});
  }
  if (ui.show_ground_truth) {
    for (const auto& f : s.faults) {
      if (std::find(f.zones.begin(), f.zones.end(), z) == f.zones.end() &&
          !(f.sensor != sim::kLiveNone && f.sensor < s.site->sensors.size() &&
            s.site->sensors[f.sensor].zone == z))
        continue;
      in.fault_windows.emplace_back(f.start_s, f.end_s < 0 ? s.sim_s : f.end_s);
    }
  }
  for (const auto& a : s.alerts)
    if (a.zone == z) in.alert_marks_s.push_back(a.raised_at_s);
  const ChartGeometry g = build_chart(in, plot);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw_chart(draw, g);
  for (int i = 0; i <= 4; ++i) {
    const double c = g.y_lo_c + (g.y_hi_c - g.y_lo_c) * i / 4;
    char label[16];
    std::snprintf(label, sizeof label, "%.0f", c);
    draw->AddText({p.x + 2, g.y_of(c) - 7}, IM_COL32(200, 200, 200, 255), label);
  }
  const std::string t0 = format_sim_time(s.site->start_epoch_s, in.t0_s);
  const std::string t1 = format_sim_time(s.site->start_epoch_s, in.t1_s);
  draw->AddText({plot.x, plot.y + plot.h + 2}, IM_COL32(200, 200, 200, 255), t0.c_str());
  draw->AddText({plot.x + plot.w - 150, plot.y + plot.h + 2}, IM_COL32(200, 200, 200, 255),
                t1.c_str());
  ImGui::InvisibleButton("chart", {avail.x > 1 ? avail.x : 1, avail.y > 1 ? avail.y : 1});
  if (ImGui::IsItemHovered()) {  // wheel zooms, drag scrolls
    const float wheel = ImGui::GetIO().MouseWheel;
    if (wheel != 0)
      ui.chart_span_s =
          std::clamp(ui.chart_span_s * (wheel > 0 ? 0.8 : 1.25), 3600.0, 365 * 86400.0);
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left))
      ui.chart_end_back_s = std::max(
          0.0, ui.chart_end_back_s + ImGui::GetIO().MouseDelta.x / plot.w * ui.chart_span_s);
  }
}

void draw_alert_panel(const sim::LiveSnapshot& s, DashboardState& ui, const CommandSink& send) {
  static const char* kDecisions[] = {"quarantine", "hold", "release", "reject"};
  const bool live = !s.replay;  // a replay shows what was done, it takes no new actions
  if (live && s.site && ui.selected_zone >= 0 &&
      ui.selected_zone < static_cast<int>(s.site->zones.size())) {
    const auto& zname = s.site->zones[ui.selected_zone].name;
    ImGui::SetNextItemWidth(110);
    ImGui::Combo("##kind", &ui.decide_kind, kDecisions, 4);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(150);
    ImGui::InputTextWithHint("##reason", "reason", ui.decide_reason, sizeof ui.decide_reason);
    ImGui::SameLine();
    if (ImGui::Button(("Decide: " + zname).c_str())) {
      sim::LiveCommand c;
      c.verb = sim::LiveVerb::kDecide;
      c.kind = kDecisions[ui.decide_kind];
      c.target = zname;
      c.comment = ui.decide_reason;
      send(c);
    }
  }
  if (live) {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##ack", "acknowledgement comment", ui.ack_comment,
                             sizeof ui.ack_comment);
  }
  ImGui::BeginChild("feed");
  for (auto it = s.alerts.rbegin(); it != s.alerts.rend(); ++it) {
    const auto& a = *it;
    ImGui::PushID(a.id.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, severity_colour(a.severity));
    const char* zone =
        s.site && a.zone < s.site->zones.size() ? s.site->zones[a.zone].name.c_str() : "-";
    ImGui::Text("%s %s %s [%s]%s",
                format_sim_time(s.site ? s.site->start_epoch_s : 0, a.raised_at_s).c_str() + 5,
                a.id.c_str(), a.kind.c_str(), zone, a.cleared ? " cleared" : "");
    ImGui::PopStyleColor();
    ImGui::TextWrapped("  %s", a.message.c_str());
    if (ui.show_ground_truth) {
      if (a.fault >= 0 && a.fault < static_cast<int>(s.faults.size()))
        ImGui::TextDisabled("  fault %s, %s after onset", s.faults[a.fault].name.c_str(),
                            duration_words(a.raised_at_s - s.faults[a.fault].start_s).c_str());
      else
        ImGui::TextDisabled("  no fault: a false alarm so far");
    }
    if (a.acknowledged) {
      ImGui::TextDisabled("  acknowledged: %s", a.ack_comment.c_str());
    } else if (live && ImGui::SmallButton("Acknowledge")) {
      sim::LiveCommand c;
      c.verb = sim::LiveVerb::kAck;
      c.target = a.id;
      c.comment = ui.ack_comment;
      send(c);
    }
    ImGui::PopID();
  }
  if (!s.decisions.empty()) {
    ImGui::Separator();
    ImGui::TextUnformatted("decisions");
  }
  for (auto it = s.decisions.rbegin(); it != s.decisions.rend(); ++it)
    ImGui::Text("%s %s %s%s %s",
                format_sim_time(s.site ? s.site->start_epoch_s : 0, it->at_s).c_str() + 5,
                it->kind.c_str(), it->zone.c_str(), it->from_dashboard ? " (dashboard)" : "",
                it->reason.c_str());
  ImGui::EndChild();
}

namespace {

// Two runs' KPIs at the same instant, side by side (replays with --compare).
void draw_kpi_comparison(const sim::LiveSnapshot& s, const sim::LiveSnapshot& b) {
  if (!ImGui::BeginTable("kpis", 4, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("");
  ImGui::TableSetupColumn("this run");
  ImGui::TableSetupColumn("compared");
  ImGui::TableSetupColumn("difference");
  ImGui::TableHeadersRow();
  auto row = [](const char* name, double a, double v, const char* fmt) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name);
    ImGui::TableNextColumn();
    ImGui::Text(fmt, a);
    ImGui::TableNextColumn();
    ImGui::Text(fmt, v);
    ImGui::TableNextColumn();
    ImGui::Text(fmt, a - v);
  };
  const auto& x = s.kpis;
  const auto& y = b.kpis;
  auto d = [](std::uint64_t v) { return static_cast<double>(v); };
  row("fill rate %", x.fill_rate * 100, y.fill_rate * 100, "%.2f");
  row("units lost", d(x.units_lost), d(y.units_lost), "%.0f");
  row("units quarantined", d(x.units_quarantined), d(y.units_quarantined), "%.0f");
  row("units rejected", d(x.units_rejected), d(y.units_rejected), "%.0f");
  row("alerts", d(x.alerts), d(y.alerts), "%.0f");
  row("false alarms", d(x.false_alarms), d(y.false_alarms), "%.0f");
  row("faults detected", d(x.faults_detected), d(y.faults_detected), "%.0f");
  ImGui::EndTable();
}

}  // namespace

void draw_kpi_panel(const sim::LiveSnapshot& s, DashboardState& ui) {
  if (s.compare) {
    draw_kpi_comparison(s, *s.compare);
    return;
  }
  const auto& k = s.kpis;
  if (k.has_operations) {
    ImGui::Text("fill rate %.2f %%   lines lost %llu   units lost %llu", k.fill_rate * 100,
                static_cast<unsigned long long>(k.lines_lost),
                static_cast<unsigned long long>(k.units_lost));
    ImGui::Text("units quarantined %llu   held %llu   rejected %llu",
                static_cast<unsigned long long>(k.units_quarantined),
                static_cast<unsigned long long>(k.units_held),
                static_cast<unsigned long long>(k.units_rejected));
  } else {
    ImGui::TextDisabled("no stock and operations in this scenario");
  }
  ImGui::Text("alerts %llu   false alarms %llu", static_cast<unsigned long long>(k.alerts),
              static_cast<unsigned long long>(k.false_alarms));
  if (!ui.show_ground_truth) return;
  ImGui::Text("faults %llu, detected %llu", static_cast<unsigned long long>(k.faults),
              static_cast<unsigned long long>(k.faults_detected));
  for (const auto& f : s.faults)
    ImGui::BulletText(
        "%s (%s%s): %s", f.name.c_str(), f.kind.c_str(), f.injected ? ", injected" : "",
        f.detected_after_s >= 0 ? ("detected after " + duration_words(f.detected_after_s)).c_str()
                                : "not detected yet");
}

void draw_inject_panel(const sim::LiveSnapshot& s, DashboardState& ui, const CommandSink& send) {
  if (!s.site) return;
  const auto& kinds = inject_kinds();
  ImGui::SetNextItemWidth(260);
  ImGui::Combo("kind", &ui.inject_kind, kinds.data(), static_cast<int>(kinds.size()));
  const std::string k = kinds[ui.inject_kind];
  const bool sensor_kind = k.rfind("sensor_", 0) == 0;
  const bool stock_kind = k.rfind("counterfeit", 0) == 0 || k.rfind("serialization", 0) == 0;
  const bool channel_kind = k.rfind("channel", 0) == 0;
  auto names = [](auto& v, auto name) {
    std::vector<const char*> out;
    for (const auto& x : v) out.push_back(name(x));
    return out;
  };
  if (sensor_kind) {
    auto list = names(s.site->sensors, [](const auto& x) { return x.name.c_str(); });
    ImGui::SetNextItemWidth(260);
    if (!list.empty())
      ImGui::Combo("sensor", &ui.inject_sensor, list.data(), static_cast<int>(list.size()));
  } else if (stock_kind) {
    auto list = names(s.site->shipments, [](const auto& x) { return x.c_str(); });
    ImGui::SetNextItemWidth(260);
    if (!list.empty())
      ImGui::Combo("shipment", &ui.inject_shipment, list.data(), static_cast<int>(list.size()));
    else
      ImGui::TextDisabled("no inbound shipments in this scenario");
  } else if (!channel_kind) {
    auto list = names(s.site->zones, [](const auto& x) { return x.name.c_str(); });
    ImGui::SetNextItemWidth(260);
    if (!list.empty())
      ImGui::Combo("zone", &ui.inject_zone, list.data(), static_cast<int>(list.size()));
  }
  const char* magnitude = k == "hvac_degraded"      ? "capacity fraction"
                          : k == "sensor_drift"     ? "C per day"
                          : k == "sensor_bias_step" ? "bias C"
                          : stock_kind              ? "packs"
                          : channel_kind            ? "delay, min"
                                                    : nullptr;
  if (magnitude) {
    ImGui::SetNextItemWidth(120);
    ImGui::InputFloat(magnitude, &ui.inject_magnitude);
  }
  ImGui::SetNextItemWidth(80);
  ImGui::InputText("duration", ui.inject_duration, sizeof ui.inject_duration);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(80);
  ImGui::InputText("in (from now)", ui.inject_delay, sizeof ui.inject_delay);
  if (ImGui::Button("Inject")) {
    char start[32] = "";
    double delay = 0;
    if (std::sscanf(ui.inject_delay, "%lf", &delay) == 1 && delay > 0) {
      const char unit = ui.inject_delay[std::strspn(ui.inject_delay, "0123456789.")];
      const double per = unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : 1;
      std::snprintf(start, sizeof start, "%.0fs", s.sim_s + delay * per);
    }
    sim::LiveCommand c;
    c.verb = sim::LiveVerb::kInject;
    const std::string name = "injected-" + std::to_string(s.faults.size() + ui.sent.size() + 1);
    c.target =
        inject_fault_text(ui.inject_kind, *s.site, ui.inject_zone, ui.inject_sensor,
                          ui.inject_shipment, ui.inject_magnitude, ui.inject_duration, start, name);
    send(c);
  }
  for (const auto& m : s.messages) ImGui::TextColored({1, 0.4f, 0.4f, 1}, "%s", m.c_str());
}

}  // namespace pharmatwin::viz
