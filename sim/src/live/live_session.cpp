#include "pharmatwin/sim/live_session.hpp"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "pharmatwin/sim/live_kpis.hpp"
#include "pharmatwin/sim/operations.hpp"

namespace pharmatwin::sim {
namespace {

double wall_now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

constexpr std::size_t kMaxDecisions = 200;
constexpr std::size_t kMaxMessages = 20;

// The dashboard decides stock dispositions; an investigation has no stock effect to show.
std::optional<adapters::DecisionKind> dashboard_decision_kind(std::string_view word) {
  const auto kind = adapters::parse_decision_kind(word);
  if (kind == adapters::DecisionKind::kInvestigate) return std::nullopt;
  return kind;
}

bool is_hvac_fault(const std::string& kind) {
  return kind == "hvac_failure" || kind == "hvac_degraded";
}

}  // namespace

std::shared_ptr<const LiveSite> live_site(const scenario::Scenario& scenario,
                                          const adapters::SiteLayout& layout, double tick_s) {
  auto site = std::make_shared<LiveSite>();
  site->name = scenario.name();
  site->site_name = layout.site_name;
  site->start_epoch_s = layout.start_epoch_s;
  site->tick_s = tick_s;
  for (const auto& z : layout.zones) {
    LiveSite::Zone zone;
    zone.name = z.name;
    zone.min_c = z.min_c;
    zone.max_c = z.max_c;
    zone.setpoint_c = z.setpoint_c;
    for (const auto& sz : scenario.zones()) {
      if (sz.name() != z.name) continue;
      if (sz.has_floor())
        zone.floor = {sz.floor().x_m(), sz.floor().y_m(), sz.floor().width_m(),
                      sz.floor().depth_m()};
      for (const auto& d : sz.doors()) zone.doors.push_back(d.name());
      zone.generator = sz.has_backup_power() && sz.backup_power().generator();
    }
    site->zones.push_back(std::move(zone));
  }
  for (const auto& s : layout.sensors)
    site->sensors.push_back({s.name, s.zone, s.kind == adapters::SensorKind::kProductSimulant});
  for (const auto& sh : scenario.inbound()) site->shipments.push_back(sh.name());
  return site;
}

// What the session knows of the world, kept on the simulation thread.
struct LiveSession::State {
  LiveSnapshot work;  // the next snapshot, without history
  std::vector<std::shared_ptr<const LiveHistoryChunk>> history;
  LiveHistoryChunk current;
  std::map<std::string, std::size_t> alert_index;
  std::size_t script_next = 0;
  LivePacer pacer;
  bool paused = false, step_pending = false, to_next_event = false;
  std::size_t events_seen = 0;  // alerts + faults when "next-event" was asked
  double last_publish_wall = -1e300;
  std::uint64_t decisions_issued = 0;
  std::uint64_t window_actions_id = 0;
  std::uint32_t readings_block = 0;          // blocks of readings seen
  std::vector<std::uint32_t> reading_block;  // per sensor: the last block it had a reading in
};

LiveSession::LiveSession(const scenario::Scenario& scenario, const adapters::SiteLayout& layout,
                         LiveSessionOptions options)
    : site_(live_site(scenario, layout, options.tick_s)),
      options_(std::move(options)),
      state_(std::make_unique<State>()) {
  if (!(options_.tick_s > 0)) options_.tick_s = 300;
  auto& st = *state_;
  st.work.site = site_;
  st.work.zones.resize(site_->zones.size());
  st.work.sensors.resize(site_->sensors.size());
  st.reading_block.assign(site_->sensors.size(), 0);
  st.work.speed = options_.speed;
  st.work.paused = options_.paused;
  st.paused = options_.paused;
  st.pacer = LivePacer(options_.speed);
  st.current.air_c.resize(site_->zones.size());
  st.current.product_c.resize(site_->zones.size());
  st.work.messages = options_.messages;
  snapshot_ = std::make_shared<LiveSnapshot>(st.work);
}

LiveSession::~LiveSession() = default;

void LiveSession::connect(adapters::Observers& observers) {
  State* st = state_.get();
  observers.on_readings.connect([st](std::span<const adapters::SensorReading> readings) {
    // A block's readings come in time order: walk back from its end until every sensor has its
    // latest one (most blocks hold every sensor, so this reads only the block's tail).
    const std::uint32_t block = ++st->readings_block;
    std::size_t missing = st->work.sensors.size();
    for (auto it = readings.rbegin(); it != readings.rend() && missing > 0; ++it) {
      const auto& r = *it;
      if (r.sensor >= st->work.sensors.size() || st->reading_block[r.sensor] == block) continue;
      st->reading_block[r.sensor] = block;
      --missing;
      auto& s = st->work.sensors[r.sensor];
      if (s.has_value && r.time_s < s.time_s) continue;
      s.has_value = true;
      s.value_c = r.value_c;
      s.time_s = r.time_s;
    }
  });
  observers.on_zone_stock.connect([st](std::span<const adapters::ZoneStock> stock) {
    for (const auto& zs : stock) {
      if (zs.zone >= st->work.zones.size()) continue;
      auto& z = st->work.zones[zs.zone];
      z.lots = static_cast<std::uint32_t>(zs.lots.size());
      z.units = 0;
      for (const auto& l : zs.lots) z.units += l.units;
    }
  });
  observers.on_alert.connect([st](const adapters::Alert& a) {
    auto it = st->alert_index.find(a.id);
    LiveAlert* la = nullptr;
    if (it == st->alert_index.end()) {
      st->alert_index.emplace(a.id, st->work.alerts.size());
      la = &st->work.alerts.emplace_back();
    } else {
      la = &st->work.alerts[it->second];
    }
    la->id = a.id;
    la->kind = a.kind;
    la->message = a.message;
    la->zone = a.zone;
    la->sensor = a.sensor;
    la->raised_at_s = a.raised_at_s;
    la->cleared = a.cleared;
    la->cleared_at_s = a.cleared_at_s;
    la->severity = a.severity;
    la->lots = a.lots;
  });
  observers.on_decision.connect([st](const adapters::Decision& d) {
    LiveDecision ld;
    ld.kind = adapters::to_string(d.kind);
    ld.zone = d.zone;
    ld.alert_id = d.alert_id;
    ld.reason = d.reason;
    ld.at_s = d.sim_time_s;
    ld.from_dashboard = d.idempotency_key.rfind("dashboard-", 0) == 0;
    auto& list = st->work.decisions;
    list.push_back(std::move(ld));
    if (list.size() > kMaxDecisions) list.erase(list.begin());
  });
  observers.on_fault_start.connect([st](const adapters::FaultEvent& f) {
    LiveFault lf;
    lf.name = f.name;
    lf.kind = f.kind;
    if (f.zone != adapters::kNoIndex) lf.zones.push_back(f.zone);
    if (const auto* sf = static_cast<const scenario::Fault*>(f.scenario_fault);
        sf && sf->has_power_outage()) {
      lf.zones.clear();
      for (const auto& zn : sf->power_outage().zones()) {
        for (std::uint32_t i = 0; i < st->work.site->zones.size(); ++i)
          if (st->work.site->zones[i].name == zn) lf.zones.push_back(i);
      }
      if (lf.zones.empty() && f.zone != adapters::kNoIndex) lf.zones.push_back(f.zone);
    }
    lf.sensor = f.sensor;
    lf.start_s = f.start_s;
    lf.injected = f.injected;
    st->work.faults.push_back(std::move(lf));
  });
  observers.on_fault_end.connect([st](const adapters::FaultEvent& f) {
    for (auto& lf : st->work.faults) {
      if (lf.name == f.name && lf.start_s == f.start_s && lf.end_s < 0) lf.end_s = f.end_s;
    }
  });
}

double LiveSession::at(LiveAccess& w) {
  auto& st = *state_;
  auto& snap = st.work;
  const double t = w.now_s();
  const double horizon = w.horizon_s();
  const double tick = options_.tick_s;
  snap.site = site_;

  auto message = [&](std::string text) {
    snap.messages.push_back(std::move(text));
    if (snap.messages.size() > kMaxMessages) snap.messages.erase(snap.messages.begin());
  };
  auto zone_of = [&](const std::string& name) -> std::uint32_t {
    for (std::uint32_t i = 0; i < site_->zones.size(); ++i)
      if (site_->zones[i].name == name) return i;
    return kLiveNone;
  };
  // Applies one world command at t; false when refused (reported in the snapshot's messages).
  auto apply = [&](const LiveCommand& c) {
    const std::string line = format_command(c, t);
    switch (c.verb) {
      case LiveVerb::kPause:
        st.paused = true;
        break;
      case LiveVerb::kPlay:
        st.paused = false;
        st.to_next_event = false;
        st.pacer.anchor(t, wall_now_s());
        break;
      case LiveVerb::kSpeed:
        st.pacer.set_speed(c.speed, t, wall_now_s());
        break;
      case LiveVerb::kStep:
        st.paused = false;
        st.step_pending = true;
        break;
      case LiveVerb::kNextEvent:
        st.paused = false;
        st.to_next_event = true;
        st.events_seen = snap.alerts.size() + snap.faults.size();
        break;
      case LiveVerb::kInject: {
        scenario::Fault fault;
        google::protobuf::TextFormat::Parser parser;
        parser.AllowPartialMessage(true);
        std::string error;
        if (!parser.ParseFromString(c.target, &fault)) {
          message(line + ": not a scenario fault");
          return;
        }
        if (!w.inject_now(fault, &error)) {
          message(line + ": " + error);
          return;
        }
        break;
      }
      case LiveVerb::kAck: {
        if (c.target == "*") {  // every alert not yet acknowledged
          int acked = 0;
          for (auto& a : snap.alerts) {
            if (a.acknowledged) continue;
            a.acknowledged = true;
            a.ack_comment = c.comment;
            a.ack_at_s = t;
            ++acked;
          }
          if (acked == 0) {
            message(line + ": no alert to acknowledge");
            return;
          }
          break;
        }
        auto it = st.alert_index.find(c.target);
        if (it == st.alert_index.end()) {
          message(line + ": no alert " + c.target);
          return;
        }
        auto& a = snap.alerts[it->second];
        a.acknowledged = true;
        a.ack_comment = c.comment;
        a.ack_at_s = t;
        break;
      }
      case LiveVerb::kDecide: {
        adapters::Decision d;
        const auto kind = dashboard_decision_kind(c.kind);
        if (!kind) {
          message(line + ": unknown decision");
          return;
        }
        d.kind = *kind;
        if (zone_of(c.target) == kLiveNone) {
          message(line + ": no zone " + c.target);
          return;
        }
        d.idempotency_key = "dashboard-" + std::to_string(++st.decisions_issued);
        d.sim_time_s = t;
        d.zone = c.target;
        d.reason = c.comment;
        w.log_command(line);  // before the decision it causes
        snap.command_log.push_back(line);
        w.decide(d);
        return;
      }
      case LiveVerb::kBookmark:
        snap.bookmarks.push_back({t, c.target});
        break;
      case LiveVerb::kStop:
        break;
      default:
        return;  // window verbs: not the world's
    }
    w.log_command(line);
    snap.command_log.push_back(line);
  };

  // Script commands due now, then what the window sent.
  std::vector<LiveCommand> window_actions;
  bool stop = false;
  while (st.script_next < options_.script.size() &&
         options_.script[st.script_next].at_s.value_or(0) <= t) {
    const auto& c = options_.script[st.script_next++];
    if (is_window_verb(c.verb))
      window_actions.push_back(c);
    else {
      apply(c);
      stop = stop || c.verb == LiveVerb::kStop;
    }
  }
  std::vector<LiveCommand> pushed;
  auto take_pushed = [&] {
    pushed.clear();
    queue_.drain(pushed);
    if (closed_.load()) return;  // the session ends at this look: nothing more is applied
    for (const auto& c : pushed) {
      if (is_window_verb(c.verb)) continue;
      apply(c);
      stop = stop || c.verb == LiveVerb::kStop;
    }
  };
  take_pushed();

  // Look at the world.
  for (std::uint32_t z = 0; z < site_->zones.size(); ++z) {
    const auto zs = w.zone_state(z);
    auto& lz = snap.zones[z];
    lz.air_c = zs.air_c;
    lz.product_c = zs.product_c;
    lz.hvac_running = zs.hvac_running;
    lz.hvac_powered = zs.hvac_powered;
    lz.doors_open = zs.doors_open;
    lz.hvac_failed = false;
    lz.active_alerts = 0;
    lz.worst_severity = -1;
  }
  for (auto& s : snap.sensors) s.faulty = false;
  for (const auto& f : snap.faults) {
    if (f.end_s >= 0 && f.end_s <= t) continue;
    if (f.sensor != kLiveNone && f.sensor < snap.sensors.size())
      snap.sensors[f.sensor].faulty = true;
    if (is_hvac_fault(f.kind))
      for (auto z : f.zones) snap.zones[z].hvac_failed = true;
  }
  for (const auto& a : snap.alerts) {
    if (a.cleared || a.zone >= snap.zones.size()) continue;
    auto& z = snap.zones[a.zone];
    ++z.active_alerts;
    z.worst_severity = std::max(z.worst_severity, a.severity);
  }
  if (st.current.t_s.empty() || st.current.t_s.back() < t) {
    st.current.t_s.push_back(t);
    for (std::size_t z = 0; z < snap.zones.size(); ++z) {
      st.current.air_c[z].push_back(static_cast<float>(snap.zones[z].air_c));
      st.current.product_c[z].push_back(static_cast<float>(snap.zones[z].product_c));
    }
    if (st.current.t_s.size() >= LiveHistoryChunk::kCapacity) {
      st.history.push_back(std::make_shared<const LiveHistoryChunk>(std::move(st.current)));
      st.current = LiveHistoryChunk{};
      st.current.air_c.resize(snap.zones.size());
      st.current.product_c.resize(snap.zones.size());
    }
  }
  judge_alerts(snap.alerts, snap.faults, options_.grace_s, snap.kpis);
  OperationsStats ops;
  snap.kpis.has_operations = false;
  if (w.operations_stats(ops)) {
    set_operations_kpis({.on_time = ops.units_shipped_on_time,
                         .late = ops.units_shipped_late,
                         .lost = ops.units_lost,
                         .lines_lost = ops.lines_lost,
                         .quarantined = ops.units_quarantined,
                         .rejected = ops.units_rejected,
                         .held = ops.units_held},
                        snap.kpis);
  }
  if (st.to_next_event && snap.alerts.size() + snap.faults.size() > st.events_seen) {
    st.to_next_event = false;
    st.paused = true;
  }

  // The next look: the next tick of the grid or the next script command, whichever is first.
  double next = (std::floor(t / tick) + 1) * tick;
  if (st.script_next < options_.script.size())
    next = std::min(next, std::max(t, *options_.script[st.script_next].at_s));
  next = std::min(next, horizon);

  auto publish = [&](bool finished) {
    auto out = std::make_shared<LiveSnapshot>(snap);
    out->seq = snap.seq++;
    out->sim_s = t;
    out->next_s = next;
    out->paused = st.paused;
    out->finished = finished;
    out->speed = st.pacer.speed();
    out->published_wall_s = wall_now_s();
    out->history = st.history;
    if (!st.current.t_s.empty())
      out->history.push_back(std::make_shared<const LiveHistoryChunk>(st.current));
    std::lock_guard lock(snapshot_mutex_);
    snapshot_ = std::move(out);
    st.last_publish_wall = wall_now_s();
  };

  if (!window_actions.empty()) {  // the window acts on this instant before the world goes on
    snap.window_actions = std::move(window_actions);
    snap.window_actions_id = ++st.window_actions_id;
    publish(false);
    while (window_done_.load() < st.window_actions_id && !closed_.load())
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    snap.window_actions.clear();
    take_pushed();
  }

  if (stop || closed_.load()) {
    w.stop(stop ? "stopped by the session's script" : "the window was closed");
    publish(false);
    return horizon;
  }
  const bool catching_up = t < options_.catch_up_to_s;
  const bool fast =
      !options_.pace || st.to_next_event || st.pacer.as_fast_as_possible() || catching_up;
  if (st.paused || !fast || wall_now_s() - st.last_publish_wall >= options_.publish_every_s ||
      t >= horizon)
    publish(t >= horizon);
  if (st.step_pending) {
    st.step_pending = false;
    st.paused = true;
    publish(t >= horizon);
  }
  // Paused: wait for the window (commands take effect at this same instant).
  while (st.paused && !catching_up && !closed_.load() && !stop) {
    queue_.wait_for(std::chrono::milliseconds(50));
    const std::uint64_t before = snap.command_log.size() + snap.messages.size();
    take_pushed();
    if (snap.command_log.size() + snap.messages.size() != before || st.paused)
      publish(t >= horizon);
  }
  if (stop || closed_.load()) {
    w.stop(stop ? "stopped by the session" : "the window was closed");
    publish(false);
    return horizon;
  }
  // Running: wait until the wall clock allows the next look.
  if (options_.pace && !catching_up && !st.to_next_event && !st.pacer.as_fast_as_possible() &&
      next > t) {
    for (;;) {
      const double wait = st.pacer.wait_s(next, wall_now_s());
      if (wait <= 0 || closed_.load()) break;
      if (queue_.wait_for(std::chrono::duration<double>(std::min(wait, 0.05)))) {
        // Commands wait for the next look (they are applied and logged there), except a pause
        // or a speed change, which the window expects at once: leave the wait.
        break;
      }
    }
  }
  return next;
}

std::shared_ptr<const LiveSnapshot> LiveSession::snapshot() const {
  std::lock_guard lock(snapshot_mutex_);
  return snapshot_;
}

void LiveSession::push(LiveCommand command) { queue_.push(std::move(command)); }

void LiveSession::close() {
  closed_.store(true);
  LiveCommand wake;
  wake.verb = LiveVerb::kPlay;
  queue_.push(wake);  // wakes a waiting world; never applied once closed
}

void LiveSession::window_done(std::uint64_t id) { window_done_.store(id); }

void LiveSession::finish(const RunSummary& summary) {
  auto out = std::make_shared<LiveSnapshot>(*snapshot());
  out->finished = true;
  out->window_actions.clear();
  if (summary.stopped) out->stop_reason = summary.stop_system + ": " + summary.stop_message;
  out->published_wall_s = wall_now_s();
  std::lock_guard lock(snapshot_mutex_);
  snapshot_ = std::move(out);
}

}  // namespace pharmatwin::sim
