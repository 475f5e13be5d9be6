// What a live session shows: immutable pictures of the running world, published for a window.
//
// The world's live session (live_session.hpp) builds a LiveSnapshot on the simulation thread and
// publishes it as a shared_ptr<const LiveSnapshot>; readers on other threads keep theirs as long
// as they like, nothing in it changes. The site's fixed description (LiveSite) and the completed
// chunks of the temperature history are shared between snapshots, so publishing costs little.
//
//   std::shared_ptr<const LiveSnapshot> s = live.snapshot();
//   for (std::size_t z = 0; z < s->zones.size(); ++z)
//     std::printf("%s %.1f C\n", s->site->zones[z].name.c_str(), s->zones[z].air_c);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pharmatwin/sim/live_command.hpp"

namespace pharmatwin::sim {

inline constexpr std::uint32_t kLiveNone = 0xFFFFFFFFu;

// The site as the scenario describes it; fixed for the run.
struct LiveSite {
  struct Rect {
    double x_m = 0, y_m = 0, width_m = 0, depth_m = 0;
    bool empty() const { return !(width_m > 0 && depth_m > 0); }
  };
  struct Zone {
    std::string name;
    double min_c = 0, max_c = 0, setpoint_c = 0;  // storage range, HVAC setpoint
    Rect floor;                                   // empty when the scenario gives none
    std::vector<std::string> doors;
    bool generator = false;
  };
  struct Sensor {
    std::string name;
    std::uint32_t zone = kLiveNone;
    bool product = false;  // a product simulant (else air)
  };
  std::string name;  // scenario name
  std::string site_name;
  double start_epoch_s = 0;  // Unix time of simulated time zero
  double horizon_s = 0;
  double tick_s = 60;  // simulated seconds between history samples
  std::vector<Zone> zones;
  std::vector<Sensor> sensors;
  std::vector<std::string> shipments;  // inbound shipment names (targets of counterfeits)
};

struct LiveZone {
  double air_c = 0, product_c = 0;
  bool hvac_running = false, hvac_powered = true;
  bool hvac_failed = false;  // ground truth: an HVAC failure or degradation is active
  std::uint32_t doors_open = 0;
  std::uint32_t lots = 0;   // lots in the zone (last stock report)
  std::uint64_t units = 0;  // units in the zone, any status
  std::uint32_t active_alerts = 0;
  int worst_severity = -1;  // of its active alerts, -1 without any
};

struct LiveSensor {
  bool has_value = false;
  double value_c = 0, time_s = 0;  // latest reading delivered
  bool faulty = false;             // ground truth: a sensor fault is active on it
};

struct LiveAlert {
  std::string id, kind, message;
  std::uint32_t zone = kLiveNone, sensor = kLiveNone;
  double raised_at_s = 0;
  bool cleared = false;
  double cleared_at_s = 0;
  int severity = 0;  // 0 info, 1 warning, 2 critical
  std::vector<std::string> lots;
  bool acknowledged = false;
  std::string ack_comment;
  double ack_at_s = 0;
  // Ground truth: the fault it belongs to by the live rule (live_kpis.hpp), -1 for none.
  int fault = -1;
};

struct LiveDecision {
  std::string kind, zone, alert_id, reason;
  double at_s = 0;
  bool from_dashboard = false;
};

struct LiveFault {
  std::string name, kind;
  std::vector<std::uint32_t> zones;
  std::uint32_t sensor = kLiveNone;
  double start_s = 0;
  double end_s = -1;  // -1: still active
  bool injected = false;
  double detected_after_s = -1;  // latency of its first alert, -1 until detected
};

// An instant a trainer marked to come back to (the `bookmark` command).
struct LiveBookmark {
  double t_s = 0;
  std::string label;
};

struct LiveKpis {
  bool has_operations = false;
  double fill_rate = 1;  // units shipped on time / settled units
  std::uint64_t lines_lost = 0, units_lost = 0;
  std::uint64_t units_quarantined = 0, units_rejected = 0, units_held = 0;
  std::uint64_t alerts = 0, false_alarms = 0;
  std::uint64_t faults = 0, faults_detected = 0;
};

// A block of the temperature history: up to kCapacity ticks, every zone.
struct LiveHistoryChunk {
  static constexpr std::size_t kCapacity = 256;
  std::vector<double> t_s;
  std::vector<std::vector<float>> air_c, product_c;  // [zone][sample]
};

// A moment of a recorded run worth jumping to (replays): the timeline's markers.
struct LiveMarker {
  enum Kind { kFaultStart, kFaultEnd, kAlert, kDecision, kCommand };
  double t_s = 0;
  Kind kind = kAlert;
  int severity = 0;   // alerts
  std::string label;  // fault name, alert id and kind, decision kind and zone, command line
};

// What a replay adds to its snapshots; fixed for the replay (shared between snapshots).
struct LiveReplay {
  std::string source;               // the run directory
  std::vector<std::string> notes;   // how it was rebuilt, whether it matches its audit trail
  double end_s = 0;                 // last simulated instant of the run
  std::vector<LiveMarker> markers;  // in time order
  bool loading = false;             // still reading the run: only the site is known
  double loaded_fraction = 0;       // while loading
};

struct LiveSnapshot {
  std::uint64_t seq = 0;  // increases with every publication
  double sim_s = 0;
  bool paused = false, finished = false;
  double speed = 1;         // simulated seconds per wall second; 0: as fast as possible
  std::string stop_reason;  // set when the run stopped early
  std::shared_ptr<const LiveSite> site;
  std::vector<LiveZone> zones;
  std::vector<LiveSensor> sensors;
  std::vector<LiveAlert> alerts;        // every alert so far, in order raised
  std::vector<LiveDecision> decisions;  // the latest ones (at most 200)
  std::vector<LiveFault> faults;        // every fault started so far
  LiveKpis kpis;
  std::vector<std::shared_ptr<const LiveHistoryChunk>> history;  // oldest first
  std::vector<std::string> command_log;  // the commands applied so far, as script lines
  std::vector<LiveBookmark> bookmarks;   // in time order
  std::vector<std::string> messages;     // commands refused, with why (latest last)
  double next_s = 0;                     // the simulated instant of the world's next look
  double published_wall_s = 0;  // steady-clock seconds at publication (for a display clock)
  // Window verbs of a script due at sim_s: the world waits at sim_s until the window calls
  // LiveSession::window_done(window_actions_id) after performing them.
  std::uint64_t window_actions_id = 0;
  std::vector<LiveCommand> window_actions;
  // Replays only (null live): the timeline; with --compare, the other run at the same instant
  // (its own `replay` gives its markers).
  std::shared_ptr<const LiveReplay> replay;
  std::shared_ptr<const LiveSnapshot> compare;
};

}  // namespace pharmatwin::sim
