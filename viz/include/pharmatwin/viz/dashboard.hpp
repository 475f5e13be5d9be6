// The dashboard's panels, built with Dear ImGui from one LiveSnapshot per frame: site map, time
// controls, zone chart, alert feed with acknowledge and decide, KPIs, fault injection.
//
// A replay's snapshots (s.replay set) get a timeline scrubber instead of the live clock, the
// run's provenance instead of the inject panel, and no acknowledge or decide buttons; with
// --compare the chart and KPIs show the other run too.
//
// Panels never touch the world: what the user asks for becomes a sim::LiveCommand handed to
// `send` (the session's queue), which the world applies and logs at its next look. Needs an ImGui
// context and a frame (ImGui::NewFrame) but no window, so panels are tested headless.
//
//   DashboardState ui;
//   ImGui::NewFrame();
//   draw_dashboard(*session.snapshot(), ui, [&](sim::LiveCommand c) { session.push(c); });
//   ImGui::Render();
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pharmatwin/sim/live_command.hpp"
#include "pharmatwin/sim/live_snapshot.hpp"
#include "pharmatwin/viz/debrief.hpp"
#include "pharmatwin/viz/site_map_layout.hpp"

namespace pharmatwin::viz {

using CommandSink = std::function<void(sim::LiveCommand)>;

struct DashboardState {
  int selected_zone = 0;          // -1: none
  bool show_ground_truth = true;  // fault windows, faulty sensors, HVAC failure (off for exercises)
  bool ground_truth_locked = false;  // exercises: ground truth stays hidden until the debrief
  bool show_help = false;
  double chart_span_s = 86400;  // the chart shows [end - span, end)
  double chart_end_back_s = 0;  // how far the chart's end lies before now (scrolling)
  float ui_scale = 1;
  // Inject panel.
  int inject_kind = 0, inject_zone = 0, inject_sensor = 0, inject_shipment = 0;
  float inject_magnitude = 0.5f;
  char inject_duration[16] = "4h";
  char inject_delay[16] = "0s";
  // Alerts and decisions.
  char ack_comment[128] = "";
  int decide_kind = 0;
  char decide_reason[128] = "";
  // Where the last frame drew each zone and sensor (screen pixels).
  SiteMapLayout last_map;
  std::vector<std::string> sent;  // script lines of the commands sent this session (latest last)
  // Exercises: the debrief once the session is scored (drawn over the panels until closed).
  std::shared_ptr<const Debrief> debrief;
  bool debrief_open = true;
};

void draw_dashboard(const sim::LiveSnapshot& snapshot, DashboardState& state,
                    const CommandSink& send);

// One panel each (draw_dashboard places them).
void draw_time_panel(const sim::LiveSnapshot& s, DashboardState& ui, const CommandSink& send);
void draw_site_map(const sim::LiveSnapshot& s, DashboardState& ui);
void draw_zone_chart(const sim::LiveSnapshot& s, DashboardState& ui);
void draw_alert_panel(const sim::LiveSnapshot& s, DashboardState& ui, const CommandSink& send);
void draw_kpi_panel(const sim::LiveSnapshot& s, DashboardState& ui);
void draw_inject_panel(const sim::LiveSnapshot& s, DashboardState& ui, const CommandSink& send);
// Replays (s.replay set): the time bar with the timeline scrubber, and where the run comes from.
void draw_replay_time_panel(const sim::LiveSnapshot& s, DashboardState& ui,
                            const CommandSink& send);
void draw_replay_panel(const sim::LiveSnapshot& s, DashboardState& ui);
// Exercises: the debrief window (ui.debrief set and ui.debrief_open); its Close button closes it.
void draw_debrief_panel(const Debrief& d, DashboardState& ui);
// Hands over a debrief: shown from the next frame, and the ground truth unlocked and shown.
void show_debrief(DashboardState& ui, std::shared_ptr<const Debrief> debrief);

// The fault kinds of the inject panel and the scenario text of one (kind index into
// inject_kinds(), its target and magnitude, its duration and name).
const std::vector<const char*>& inject_kinds();
std::string inject_fault_text(int kind, const sim::LiveSite& site, int zone, int sensor,
                              int shipment, double magnitude, const std::string& duration,
                              const std::string& delay, const std::string& name);

// A bookmark of the snapshot's instant, labelled B1, B2, ... in order.
sim::LiveCommand bookmark_command(const sim::LiveSnapshot& s);

// "2026-01-07 10:00:00" from the site's start and a simulated time.
std::string format_sim_time(double start_epoch_s, double sim_s);

}  // namespace pharmatwin::viz
