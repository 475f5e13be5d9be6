#include "pharmatwin/experiments/replay_run.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "pharmatwin/experiments/audit.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/sim/live_command.hpp"
#include "pharmatwin/sim/live_kpis.hpp"

namespace pharmatwin::experiments {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxDecisions = 200;  // as a live session keeps

bool is_hvac_fault(const std::string& kind) {
  return kind == "hvac_failure" || kind == "hvac_degraded";
}

// The first line of DIR/audit.jsonl (the run's scenario file and hash) and the SHA-256 the trail
// recorded for events.pb; empty when there is no trail.
struct AuditFacts {
  bool present = false;
  std::string scenario_file;
  std::string events_sha256;
};

AuditFacts read_audit(const fs::path& file) {
  AuditFacts out;
  std::ifstream in(file);
  if (!in) return out;
  out.present = true;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    if (j.contains("scenario_file") && j["scenario_file"].is_string() && out.scenario_file.empty())
      out.scenario_file = j["scenario_file"].get<std::string>();
    if (j.contains("files") && j["files"].is_object() && j["files"].contains("events.pb")) {
      const auto& f = j["files"]["events.pb"];
      if (f.is_object() && f.contains("sha256") && f["sha256"].is_string())
        out.events_sha256 = f["sha256"].get<std::string>();  // the latest session's
    }
  }
  return out;
}

std::string percent_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", v);
  return buf;
}

}  // namespace

fs::path find_event_log(const fs::path& dir, std::string* error) {
  std::error_code ec;
  if (fs::is_regular_file(dir, ec)) return dir;
  for (const fs::path p : {dir / "events.pb", dir / "run" / "events.pb"})
    if (fs::is_regular_file(p, ec)) return p;
  if (error) {
    *error = fs::exists(dir, ec)
                 ? dir.string() + ": no events.pb in it (nor in " + (dir / "run").string() +
                       "): not a run directory written by run, regress or sweep"
                 : dir.string() + ": no such directory";
  }
  return {};
}

std::shared_ptr<const ReplayRun> ReplayRun::open(const fs::path& dir, std::string* error,
                                                 const ReplayOpenOptions& options) {
  const fs::path events = find_event_log(dir, error);
  if (events.empty()) return nullptr;
  auto result = read_replay_log(events);
  if (!result.ok()) {
    if (error) *error = result.error;
    return nullptr;
  }
  if (result.log.header.zones_size() == 0) {
    if (error) *error = events.string() + ": the header names no zones";
    return nullptr;
  }
  auto run = std::shared_ptr<ReplayRun>(new ReplayRun());
  run->events_ = events;
  run->dir_ = events.parent_path();
  run->log_ = std::move(result.log);
  run->grace_s_ = options.grace_s;

  // The scenario: given, else the one the audit trail names (when it is the one that ran), else
  // the baseline's copy (the same site without its faults).
  const AuditFacts audit = read_audit(run->dir_ / "audit.jsonl");
  std::vector<std::string> notes;
  std::optional<scenario::Scenario> scenario;
  auto try_scenario = [&](const fs::path& file, bool must_match) {
    std::error_code ec;
    if (scenario || file.empty() || !fs::is_regular_file(file, ec)) return;
    auto loaded = scenarios::load_scenario(file);
    if (!loaded.ok()) return;
    const bool match =
        scenarios::scenario_hash(loaded.scenario) == run->log_.header.scenario_hash();
    if (must_match && !match) {
      notes.push_back("scenario " + file.string() + " has changed since the run: not used");
      return;
    }
    scenario = std::move(loaded.scenario);
    notes.push_back("floor plan from " + file.string() +
                    (match ? " (the scenario that ran)" : " (the same site)"));
  };
  try_scenario(options.scenario, false);
  if (!audit.scenario_file.empty()) {
    try_scenario(audit.scenario_file, true);
    try_scenario(run->dir_.parent_path().parent_path() / audit.scenario_file, true);
  }
  // Sweep runs (OUT/runs/<variant>/rN) have their variant in OUT/variants/<variant>.textproto.
  try_scenario(run->dir_.parent_path().parent_path().parent_path() / "variants" /
                   (run->dir_.parent_path().filename().string() + ".textproto"),
               true);
  try_scenario(run->dir_ / "baseline" / "scenario.textproto", false);
  try_scenario(run->dir_.parent_path() / "baseline" / "scenario.textproto", false);
  // Regress replications (OUT/<scenario>[/seed-N]/run) beside their baseline.textproto.
  try_scenario(run->dir_.parent_path() / "baseline.textproto", false);
  try_scenario(run->dir_.parent_path().parent_path() / "baseline.textproto", false);
  if (!scenario) notes.push_back("no scenario found: zones drawn in a row");

  run->build(options, scenario ? &*scenario : nullptr);

  // Checks, said in the replay's notes.
  auto replay = std::make_shared<sim::LiveReplay>(*run->replay_);
  replay->notes.insert(replay->notes.begin(), notes.begin(), notes.end());
  if (!audit.events_sha256.empty()) {
    const auto hash = file_sha256_hex(events);
    replay->notes.push_back(hash && *hash == audit.events_sha256
                                ? "events.pb matches the SHA-256 its audit trail recorded"
                                : "events.pb DIFFERS from the SHA-256 its audit trail recorded");
  }
  if (!run->log_.complete())
    replay->notes.push_back("the run is incomplete: " + run->log_.incomplete_reason());
  {
    std::ifstream in(run->dir_ / "report.json");
    const auto report = in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json();
    if (report.is_object() && report.contains("operations") && report["operations"].is_object()) {
      const auto& ops = report["operations"];
      const auto end = run->snapshot_at(run->end_s_);
      const bool same =
          ops.value("units_lost", std::uint64_t{0}) == end->kpis.units_lost &&
          ops.value("lines_lost", std::uint64_t{0}) == end->kpis.lines_lost &&
          ops.value("units_quarantined", std::uint64_t{0}) == end->kpis.units_quarantined &&
          (!ops.contains("fill_rate_percent") || !ops["fill_rate_percent"].is_number() ||
           std::abs(ops["fill_rate_percent"].get<double>() - end->kpis.fill_rate * 100) < 1e-9);
      replay->notes.push_back(same ? "final KPIs agree with report.json"
                                   : "final KPIs DIFFER from report.json (fill rate " +
                                         percent_text(end->kpis.fill_rate * 100) + ")");
    }
  }
  run->replay_ = std::move(replay);
  return run;
}

void ReplayRun::build(const ReplayOpenOptions&, const pharmatwin::scenario::Scenario* scenario) {
  const auto& h = log_.header;
  const std::size_t zones = static_cast<std::size_t>(h.zones_size());
  end_s_ = log_.end_s;

  auto site = std::make_shared<sim::LiveSite>();
  site->name = h.scenario_name();
  site->site_name = scenario ? scenario->site().name() : "";
  site->start_epoch_s = h.start_epoch_s();
  site->horizon_s = h.horizon_s();
  for (const auto& z : h.zones()) {
    sim::LiveSite::Zone zone;
    zone.name = z.name();
    zone.min_c = z.min_c();
    zone.max_c = z.max_c();
    zone.setpoint_c = z.setpoint_c();
    if (scenario) {
      for (const auto& sz : scenario->zones()) {
        if (sz.name() != z.name()) continue;
        if (sz.has_floor())
          zone.floor = {sz.floor().x_m(), sz.floor().y_m(), sz.floor().width_m(),
                        sz.floor().depth_m()};
        for (const auto& d : sz.doors()) zone.doors.push_back(d.name());
        zone.generator = sz.has_backup_power() && sz.backup_power().generator();
      }
    }
    site->zones.push_back(std::move(zone));
  }
  for (const auto& s : h.sensors())
    site->sensors.push_back({s.name(), s.zone(), s.kind() == "product_simulant"});
  if (scenario)
    for (const auto& sh : scenario->inbound()) site->shipments.push_back(sh.name());

  // Ground truth: the zones' samples share their instants (one record holds every zone).
  if (!log_.truth.empty()) {
    for (const auto& p : log_.truth[0]) truth_t_.push_back(p.t_s);
    if (truth_t_.size() >= 2) step_s_ = truth_t_[1] - truth_t_[0];
  }
  site->tick_s = step_s_;
  for (std::size_t i = 0; i < truth_t_.size(); i += sim::LiveHistoryChunk::kCapacity) {
    auto chunk = std::make_shared<sim::LiveHistoryChunk>();
    const std::size_t n = std::min(sim::LiveHistoryChunk::kCapacity, truth_t_.size() - i);
    chunk->t_s.assign(truth_t_.begin() + static_cast<std::ptrdiff_t>(i),
                      truth_t_.begin() + static_cast<std::ptrdiff_t>(i + n));
    chunk->air_c.resize(zones);
    chunk->product_c.resize(zones);
    for (std::size_t z = 0; z < zones && z < log_.truth.size(); ++z) {
      for (std::size_t k = i; k < i + n && k < log_.truth[z].size(); ++k) {
        chunk->air_c[z].push_back(static_cast<float>(log_.truth[z][k].air_c));
        chunk->product_c[z].push_back(static_cast<float>(log_.truth[z][k].product_c));
      }
    }
    chunks_.push_back(std::move(chunk));
  }

  // Faults with indices, alerts as at the end of the run, acknowledgements.
  for (const auto& f : log_.faults) {
    sim::LiveFault lf;
    lf.name = f.name;
    lf.kind = f.kind;
    for (const auto& zn :
         f.zones.empty() && !f.zone.empty() ? std::vector<std::string>{f.zone} : f.zones) {
      const int z = log_.zone_index(zn);
      if (z >= 0) lf.zones.push_back(static_cast<std::uint32_t>(z));
    }
    const int s = f.sensor.empty() ? -1 : log_.sensor_index(f.sensor);
    lf.sensor = s >= 0 ? static_cast<std::uint32_t>(s) : sim::kLiveNone;
    lf.start_s = f.start_s;
    lf.end_s = f.end_s ? *f.end_s : -1;
    lf.injected = f.injected;
    faults_.push_back(std::move(lf));
  }
  std::map<std::string, std::size_t> alert_index;
  for (const auto& a : log_.alerts) {
    sim::LiveAlert la;
    la.id = a.id;
    la.kind = a.kind;
    la.message = a.message;
    la.zone = a.zone >= 0 ? static_cast<std::uint32_t>(a.zone) : sim::kLiveNone;
    la.sensor = a.sensor >= 0 ? static_cast<std::uint32_t>(a.sensor) : sim::kLiveNone;
    la.raised_at_s = a.raised_at_s;
    la.cleared = a.cleared;
    la.cleared_at_s = a.cleared_at_s;
    la.severity = a.severity;
    la.lots = a.lots;
    alert_index.emplace(a.id, alerts_.size());
    alerts_.push_back(std::move(la));
    alert_seen_s_.push_back(a.received_s);
  }
  auto replay = std::make_shared<sim::LiveReplay>();
  replay->source = dir_.string();
  replay->end_s = end_s_;
  for (const auto& [t, line] : log_.live_commands) {
    sim::LiveCommand c;
    if (!sim::parse_command(line, c, nullptr)) continue;
    replay->markers.push_back({t, sim::LiveMarker::kCommand, 0, line});
    if (c.verb != sim::LiveVerb::kAck) continue;
    auto it = alert_index.find(c.target);
    if (it != alert_index.end()) acks_.push_back({t, it->second, c.comment});
  }

  // Operations figures: checkpoints over the records in log order.
  OpsCounters c;
  double key = 0;
  for (std::size_t i = 0; i < log_.operations.size(); ++i) {
    if (i % kCheckpointEvery == 0) ops_checkpoint_.push_back(c);
    key = std::max(key, log_.operations[i].t_s());
    ops_key_.push_back(key);
    add_ops(c, log_.operations[i]);
  }

  // The timeline's markers.
  for (const auto& f : faults_) {
    replay->markers.push_back(
        {f.start_s, sim::LiveMarker::kFaultStart, 0, f.name + " (" + f.kind + ")"});
    if (f.end_s >= 0)
      replay->markers.push_back({f.end_s, sim::LiveMarker::kFaultEnd, 0, f.name + " ends"});
  }
  for (std::size_t i = 0; i < alerts_.size(); ++i)
    replay->markers.push_back({alert_seen_s_[i], sim::LiveMarker::kAlert, alerts_[i].severity,
                               alerts_[i].id + " " + alerts_[i].kind});
  for (const auto& d : log_.decisions)
    replay->markers.push_back(
        {d.received_s, sim::LiveMarker::kDecision, 0, d.record.kind() + " " + d.record.zone()});
  std::stable_sort(
      replay->markers.begin(), replay->markers.end(),
      [](const sim::LiveMarker& a, const sim::LiveMarker& b) { return a.t_s < b.t_s; });
  replay->notes.push_back(log_.header.readings_logged()
                              ? "sensor values: the logged readings, thinned for charts"
                              : "sensor values: their zone's ground truth every " +
                                    std::to_string(static_cast<int>(step_s_ / 60)) +
                                    " min (readings were not logged)");
  replay->notes.push_back("zone stock (lots, units) is not shown in replays");
  site_ = std::move(site);
  replay_ = std::move(replay);
}

void ReplayRun::add_ops(OpsCounters& c, const sim::OperationsRecord& r) {
  switch (r.record_case()) {
    case sim::OperationsRecord::kOrderShipped:
      (r.order_shipped().on_time() ? c.on_time : c.late) += r.order_shipped().units_shipped();
      break;
    case sim::OperationsRecord::kOrderLost:
      ++c.lines_lost;
      c.lost += r.order_lost().units_lost();
      break;
    case sim::OperationsRecord::kStockStatusChanged: {
      const auto& s = r.stock_status_changed();
      if (s.to() == sim::QUARANTINED) c.quarantined += s.units_first_quarantined();
      if (s.to() == sim::ON_HOLD) c.held += s.units();
      if (s.to() == sim::REJECTED) c.rejected += s.units();
      break;
    }
    default:
      break;
  }
}

ReplayRun::OpsCounters ReplayRun::ops_at(double t_s) const {
  const std::size_t n = static_cast<std::size_t>(
      std::upper_bound(ops_key_.begin(), ops_key_.end(), t_s) - ops_key_.begin());
  if (n == 0) return {};
  const std::size_t k = n / kCheckpointEvery;
  OpsCounters c = k < ops_checkpoint_.size() ? ops_checkpoint_[k] : OpsCounters{};
  for (std::size_t i = k * kCheckpointEvery; i < n; ++i) add_ops(c, log_.operations[i]);
  return c;
}

std::shared_ptr<sim::LiveSnapshot> ReplayRun::snapshot_at(double t) const {
  t = std::clamp(t, 0.0, end_s_);
  auto out = std::make_shared<sim::LiveSnapshot>();
  auto& s = *out;
  s.sim_s = t;
  s.next_s = t;
  s.site = site_;
  s.replay = replay_;
  s.finished = t >= end_s_;
  if (s.finished && log_.run_end && log_.run_end->stopped())
    s.stop_reason = log_.run_end->stop_system() + ": " + log_.run_end->stop_message();
  const std::size_t zones = site_->zones.size();

  // Faults started by t, as they were at t.
  for (const auto& f : faults_) {
    if (f.start_s > t) continue;
    auto& lf = s.faults.emplace_back(f);
    if (lf.end_s > t) lf.end_s = -1;
  }
  // Alerts that reached the world by t, acknowledgements made by t.
  std::vector<std::size_t> alert_slot(alerts_.size(), SIZE_MAX);
  for (std::size_t i = 0; i < alerts_.size(); ++i) {
    if (alert_seen_s_[i] > t) continue;
    alert_slot[i] = s.alerts.size();
    auto& a = s.alerts.emplace_back(alerts_[i]);
    if (a.cleared && a.cleared_at_s > t) {
      a.cleared = false;
      a.cleared_at_s = 0;
    }
  }
  for (const auto& ack : acks_) {
    if (ack.t_s > t) break;
    if (alert_slot[ack.alert] == SIZE_MAX) continue;
    auto& a = s.alerts[alert_slot[ack.alert]];
    a.acknowledged = true;
    a.ack_comment = ack.comment;
    a.ack_at_s = ack.t_s;
  }
  sim::judge_alerts(s.alerts, s.faults, grace_s_, s.kpis);

  // Zones: the truth sample and the telemetry block at or before t.
  s.zones.resize(zones);
  const std::size_t ti = static_cast<std::size_t>(
      std::upper_bound(truth_t_.begin(), truth_t_.end(), t) - truth_t_.begin());
  const std::size_t bi = static_cast<std::size_t>(
      std::upper_bound(log_.telemetry_t.begin(), log_.telemetry_t.end(), t) -
      log_.telemetry_t.begin());
  for (std::size_t z = 0; z < zones; ++z) {
    auto& lz = s.zones[z];
    if (ti > 0 && z < log_.truth.size() && ti - 1 < log_.truth[z].size()) {
      lz.air_c = log_.truth[z][ti - 1].air_c;
      lz.product_c = log_.truth[z][ti - 1].product_c;
    }
    if (bi > 0) {
      const std::uint8_t bits = log_.telemetry[(bi - 1) * zones + z];
      lz.hvac_running = bits & 1;
      lz.hvac_powered = (bits & 2) != 0;
      lz.doors_open = bits >> 2;
    }
  }
  for (const auto& f : s.faults)
    if (f.end_s < 0 && is_hvac_fault(f.kind))
      for (auto z : f.zones)
        if (z < zones) s.zones[z].hvac_failed = true;
  for (const auto& a : s.alerts) {
    if (a.cleared || a.zone >= zones) continue;
    ++s.zones[a.zone].active_alerts;
    s.zones[a.zone].worst_severity = std::max(s.zones[a.zone].worst_severity, a.severity);
  }

  // Sensors: logged readings (thinned) or their zone's truth.
  s.sensors.resize(site_->sensors.size());
  for (std::size_t i = 0; i < s.sensors.size(); ++i) {
    auto& ls = s.sensors[i];
    const auto& def = site_->sensors[i];
    if (log_.header.readings_logged() && i < log_.reading_traces.size()) {
      const auto& trace = log_.reading_traces[i];
      auto it = std::upper_bound(
          trace.begin(), trace.end(), t,
          [](double v, const std::pair<double, double>& p) { return v < p.first; });
      if (it != trace.begin()) {
        --it;
        ls.has_value = true;
        ls.time_s = it->first;
        ls.value_c = it->second;
      }
    } else if (ti > 0 && def.zone < zones) {
      ls.has_value = true;
      ls.time_s = truth_t_[ti - 1];
      ls.value_c = def.product ? s.zones[def.zone].product_c : s.zones[def.zone].air_c;
    }
  }
  for (const auto& f : s.faults)
    if (f.end_s < 0 && f.sensor < s.sensors.size()) s.sensors[f.sensor].faulty = true;

  // Decisions (the latest ones), the session's commands.
  const std::size_t d_end = static_cast<std::size_t>(
      std::partition_point(log_.decisions.begin(), log_.decisions.end(),
                           [t](const LoggedDecision& d) { return d.received_s <= t; }) -
      log_.decisions.begin());
  for (std::size_t i = d_end > kMaxDecisions ? d_end - kMaxDecisions : 0; i < d_end; ++i) {
    const auto& r = log_.decisions[i].record;
    sim::LiveDecision d;
    d.kind = r.kind();
    d.zone = r.zone();
    d.alert_id = r.alert_id();
    d.reason = r.reason();
    d.at_s = r.issued_s();
    d.from_dashboard = r.idempotency_key().rfind("dashboard-", 0) == 0;
    s.decisions.push_back(std::move(d));
  }
  for (const auto& [ct, line] : log_.live_commands) {
    if (ct > t) break;
    s.command_log.push_back(line);
  }

  // Operations figures at t, as a live session computes them.
  s.kpis.has_operations = false;
  if (!log_.operations.empty()) {
    const OpsCounters c = ops_at(t);
    sim::set_operations_kpis({.on_time = c.on_time,
                              .late = c.late,
                              .lost = c.lost,
                              .lines_lost = c.lines_lost,
                              .quarantined = c.quarantined,
                              .rejected = c.rejected,
                              .held = c.held},
                             s.kpis);
  }

  // History: the whole chunks before t, the one holding t cut at t.
  for (const auto& chunk : chunks_) {
    if (chunk->t_s.empty() || chunk->t_s.front() > t) break;
    if (chunk->t_s.back() <= t) {
      s.history.push_back(chunk);
      continue;
    }
    auto part = std::make_shared<sim::LiveHistoryChunk>();
    const std::size_t n = static_cast<std::size_t>(
        std::upper_bound(chunk->t_s.begin(), chunk->t_s.end(), t) - chunk->t_s.begin());
    part->t_s.assign(chunk->t_s.begin(), chunk->t_s.begin() + static_cast<std::ptrdiff_t>(n));
    part->air_c.resize(chunk->air_c.size());
    part->product_c.resize(chunk->product_c.size());
    for (std::size_t z = 0; z < chunk->air_c.size(); ++z) {
      const auto m = static_cast<std::ptrdiff_t>(std::min(n, chunk->air_c[z].size()));
      part->air_c[z].assign(chunk->air_c[z].begin(), chunk->air_c[z].begin() + m);
      part->product_c[z].assign(chunk->product_c[z].begin(), chunk->product_c[z].begin() + m);
    }
    s.history.push_back(std::move(part));
    break;
  }
  return out;
}

}  // namespace pharmatwin::experiments
