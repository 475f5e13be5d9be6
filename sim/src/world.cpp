#include "pharmatwin/sim/world.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <mutex>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include "pharmatwin/adapters/port_guard.hpp"
#include "pharmatwin/adapters/serialization_port.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/scenarios/units.hpp"
#include "pharmatwin/sim/event_log.hpp"
#include "pharmatwin/sim/live_hook.hpp"
#include "pharmatwin/sim/operations.hpp"
#include "pharmatwin/sim/sensors.hpp"
#include "pharmatwin/sim/zone_climate.hpp"
#include "pharmatwin/version.hpp"
#include "world_build.hpp"

namespace pharmatwin::sim {
namespace {

namespace s4u = simgrid::s4u;
std::atomic<bool> engine_taken{false};

std::string format_days(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fd", s / 86400.0);
  return buf;
}

}  // namespace

class WorldImpl final : public ClimateQueries {
 public:
  scenario::Scenario scenario;
  WorldOptions options;
  SiteConfig site;
  RandomStreams streams;
  std::unique_ptr<s4u::Engine> engine;
  s4u::Host* host = nullptr;

  std::vector<ZoneClimate> zones;
  std::unique_ptr<SensorBank> sensors;
  adapters::SiteLayout layout;
  adapters::Observers observers;
  adapters::NullDetectionPort null_port;
  adapters::DetectionPort* port = &null_port;
  // Every port the world was given is called through a guard: a failing system under test
  // becomes `port_failure` and the clock actor stops the run at the next block.
  adapters::PortFailure port_failure;
  std::unique_ptr<adapters::GuardedDetectionPort> guarded_detection;
  std::unique_ptr<adapters::GuardedSerializationPort> guarded_serialization;
  std::unique_ptr<EventLogWriter> log;
  LogRecord telemetry_record;  // reused by every block
  LogRecord truth_record;      // reused by every ground-truth sample
  WorldServices services;
  std::unique_ptr<Operations> operations;

  // Fault state per zone (overlapping faults of one kind stack).
  struct ZoneFaultState {
    int hvac_failures = 0;
    int outages = 0;
    bool generator_running = false;
    std::vector<std::pair<std::uint32_t, double>> degraded;  // fault id, capacity fraction
    std::vector<int> doors_forced;
  };
  std::vector<ZoneFaultState> zone_faults;
  std::vector<FaultSpec> faults;  // every fault, scenario then injected, by id
  GroundTruth truth;
  std::vector<bool> left_range_logged;

  std::mutex inject_mutex;
  std::vector<FaultSpec> injected;

  // A live session, when one is attached; `live_stop` is set when it ended the run.
  LiveHook* live = nullptr;
  std::optional<std::string> live_stop;
  double live_stop_at_s = 0;  // simulated time of the stop (the engine may run on to the horizon)

  RunSummary summary;
  bool ran = false;
  std::vector<adapters::SensorReading> readings;
  std::vector<adapters::ZoneTelemetry> telemetry;
  std::vector<double> hvac_on_at_block_start;
  adapters::PortOutput port_out;
  double next_truth_s = 0;

  // --- ClimateQueries ---------------------------------------------------------------------
  static double now() { return s4u::Engine::get_clock(); }
  ZoneClimate* zone_at(std::uint32_t z, double& t) {
    if (z >= zones.size()) return nullptr;
    const double n = now();
    zones[z].advance_to(n);
    t = std::min(t, n);
    return &zones[z];
  }
  std::uint32_t zone_count() const override { return static_cast<std::uint32_t>(zones.size()); }
  std::optional<std::uint32_t> zone_index(std::string_view name) const override {
    auto it = site.zone_index.find(std::string(name));
    if (it == site.zone_index.end()) return std::nullopt;
    return it->second;
  }
  double air_temperature_c(std::uint32_t z, double t) override {
    auto* zone = zone_at(z, t);
    return zone ? zone->air_c(t) : std::nan("");
  }
  double product_temperature_c(std::uint32_t z, double t) override {
    auto* zone = zone_at(z, t);
    return zone ? zone->product_c(t) : std::nan("");
  }
  double cumulative_out_of_range_s(std::uint32_t z, double min_c, double max_c, double t) override {
    auto* zone = zone_at(z, t);
    return zone ? zone->cumulative_outside_s(min_c, max_c, t) : std::nan("");
  }
  double ambient_c(std::uint32_t z, double t) override {
    return z < zones.size() ? zones[z].ambient_c(t) : std::nan("");
  }

  // --- Faults -----------------------------------------------------------------------------
  void apply_degraded(std::uint32_t z, double t) {
    double fraction = 1;
    for (const auto& [id, f] : zone_faults[z].degraded) fraction = std::min(fraction, f);
    zones[z].set_capacity_fraction(t, fraction);
  }
  void apply_power(std::uint32_t z, double t) {
    const auto& st = zone_faults[z];
    const bool powered = st.outages == 0 || st.generator_running;
    if (powered != zones[z].hvac_powered()) zones[z].set_powered(t, powered);
  }

  void log_record(LogRecord& rec) {
    if (log) log->write(rec);
  }

  adapters::FaultEvent fault_event(const FaultSpec& spec) const {
    adapters::FaultEvent ev;
    ev.name = spec.fault.name();
    ev.kind = spec.kind;
    ev.zone = spec.zones.empty() ? adapters::kNoIndex : spec.zones[0];
    ev.sensor = spec.sensor;
    ev.start_s = spec.start_s;
    ev.end_s = spec.end_s == kNever ? -1 : spec.end_s;
    ev.injected = spec.injected;
    ev.scenario_fault = &spec.fault;  // valid during the callback only
    return ev;
  }

  void fault_started(std::uint32_t id, double t) {
    FaultSpec& spec = faults[id];
    spec.start_s = t;
    FaultTruth ft;
    ft.name = spec.fault.name();
    ft.kind = spec.kind;
    ft.zone = spec.zones.empty() ? adapters::kNoIndex : spec.zones[0];
    ft.sensor = spec.sensor;
    ft.start_s = t;
    ft.injected = spec.injected;
    truth.faults.push_back(ft);
    if (spec.world_applies) {
      switch (spec.fault.kind_case()) {
        case scenario::Fault::kHvacFailure:
          if (zone_faults[spec.zones[0]].hvac_failures++ == 0)
            zones[spec.zones[0]].set_hvac_failed(t, true);
          break;
        case scenario::Fault::kHvacDegraded:
          zone_faults[spec.zones[0]].degraded.emplace_back(
              id, spec.fault.hvac_degraded().capacity_fraction());
          apply_degraded(spec.zones[0], t);
          break;
        case scenario::Fault::kDoorLeftOpen:
          if (zone_faults[spec.zones[0]].doors_forced[spec.door]++ == 0) {
            zones[spec.zones[0]].set_door_forced_open(t, spec.door, true);
          }
          break;
        case scenario::Fault::kPowerOutage:
          for (auto z : spec.zones) {
            if (zone_faults[z].outages++ == 0) zone_faults[z].generator_running = false;
            apply_power(z, t);
          }
          break;
        case scenario::Fault::kSensorDrift:
          sensors->add_effect(spec.sensor, {id, SensorEffectKind::kDrift, t, spec.end_s,
                                            spec.fault.sensor_drift().rate_c_per_day()});
          break;
        case scenario::Fault::kSensorBiasStep:
          sensors->add_effect(spec.sensor, {id, SensorEffectKind::kBias, t, spec.end_s,
                                            spec.fault.sensor_bias_step().bias_c()});
          break;
        case scenario::Fault::kSensorStuck: {
          const auto& stuck = spec.fault.sensor_stuck();
          sensors->add_effect(spec.sensor, {id, SensorEffectKind::kStuck, t, spec.end_s,
                                            stuck.has_value_c() ? stuck.value_c() : std::nan("")});
          break;
        }
        case scenario::Fault::kSensorDropout:
          sensors->add_effect(spec.sensor, {id, SensorEffectKind::kDropout, t, spec.end_s, 0});
          break;
        default:
          break;
      }
    }
    LogRecord rec;
    rec.set_t_s(t);
    auto* fs = rec.mutable_fault_started();
    fs->set_fault_id(id);
    fs->set_name(spec.fault.name());
    fs->set_kind(spec.kind);
    if (spec.zones.size() == 1) fs->set_zone(site.zones[spec.zones[0]].name);
    for (auto z : spec.zones) fs->add_zones(site.zones[z].name);
    if (spec.sensor != adapters::kNoIndex) fs->set_sensor(site.sensors[spec.sensor].name);
    fs->set_injected(spec.injected);
    log_record(rec);
    observers.on_fault_start(fault_event(spec));
  }

  void generator_started(std::uint32_t id, double t) {
    for (auto z : faults[id].zones) {
      if (zone_faults[z].outages > 0 && site.zones[z].generator) {
        zone_faults[z].generator_running = true;
        apply_power(z, t);
      }
    }
  }

  void fault_ended(std::uint32_t id, double t) {
    FaultSpec& spec = faults[id];
    spec.end_s = t;
    for (auto& ft : truth.faults) {
      if (ft.name == spec.fault.name() && ft.start_s == spec.start_s && !ft.end_s) ft.end_s = t;
    }
    if (spec.world_applies) {
      switch (spec.fault.kind_case()) {
        case scenario::Fault::kHvacFailure:
          if (--zone_faults[spec.zones[0]].hvac_failures == 0)
            zones[spec.zones[0]].set_hvac_failed(t, false);
          break;
        case scenario::Fault::kHvacDegraded:
          std::erase_if(zone_faults[spec.zones[0]].degraded,
                        [id](const auto& d) { return d.first == id; });
          apply_degraded(spec.zones[0], t);
          break;
        case scenario::Fault::kDoorLeftOpen:
          if (--zone_faults[spec.zones[0]].doors_forced[spec.door] == 0) {
            zones[spec.zones[0]].set_door_forced_open(t, spec.door, false);
          }
          break;
        case scenario::Fault::kPowerOutage:
          for (auto z : spec.zones) {
            if (--zone_faults[z].outages == 0) zone_faults[z].generator_running = false;
            apply_power(z, t);
          }
          break;
        default:
          if (spec.sensor != adapters::kNoIndex) sensors->end_effect(spec.sensor, id, t);
          break;
      }
    }
    LogRecord rec;
    rec.set_t_s(t);
    rec.mutable_fault_ended()->set_fault_id(id);
    rec.mutable_fault_ended()->set_name(spec.fault.name());
    log_record(rec);
    auto ev = fault_event(spec);
    ev.end_s = t;
    observers.on_fault_end(ev);
  }

  // One actor per fault: onset, generator start (outages), end.
  void spawn_fault_actor(std::uint32_t id) {
    s4u::Actor::create("fault:" + faults[id].fault.name(), host, [this, id] {
      const double start = std::max(faults[id].start_s, now());
      const double end = faults[id].end_s;
      s4u::this_actor::sleep_until(start);
      fault_started(id, now());
      if (faults[id].fault.kind_case() == scenario::Fault::kPowerOutage) {
        double delay = kNever;
        for (auto z : faults[id].zones) {
          if (site.zones[z].generator) delay = std::min(delay, site.zones[z].generator_delay_s);
        }
        if (delay != kNever && start + delay < std::min(end, site.horizon_s)) {
          s4u::this_actor::sleep_until(start + delay);
          generator_started(id, now());
        }
      }
      if (end < site.horizon_s) {
        s4u::this_actor::sleep_until(end);
        fault_ended(id, now());
      }
    });
  }

  void drain_injections() {
    std::vector<FaultSpec> batch;
    {
      std::lock_guard lock(inject_mutex);
      batch.swap(injected);
    }
    for (auto& spec : batch) add_injected(std::move(spec));
  }

  void add_injected(FaultSpec spec) {
    spec.id = static_cast<std::uint32_t>(faults.size());
    const double t = now();
    if (spec.start_s < t) {  // an offset already past: starts now, keeps its length
      if (spec.end_s != kNever) spec.end_s += t - spec.start_s;
      spec.start_s = t;
    }
    faults.push_back(std::move(spec));
    spawn_fault_actor(faults.back().id);
  }

  // --- Delivery blocks --------------------------------------------------------------------
  // What the zones hold, when it changed: the warehouse management system's view, sent before
  // the block's readings so a detection system knows which lots an excursion concerns.
  void deliver_zone_stock(double t) {
    if (!operations) return;
    const auto stock = operations->take_zone_stock_changes(t);
    if (stock.empty()) return;
    port->on_zone_stock(stock);
    observers.on_zone_stock(stock);
  }

  void deliver_block(double ta, double tb) {
    for (auto& z : zones) z.advance_to(tb);
    deliver_zone_stock(tb);
    readings.clear();
    sensors->generate(ta, tb, zones, readings);
    summary.readings += readings.size();
    const auto& out = readings;
    if (!out.empty()) {
      port->on_readings(out);
      observers.on_readings(out);
      if (log && options.log_readings) {
        LogRecord rec;
        rec.set_t_s(tb);
        auto* batch = rec.mutable_readings();
        batch->mutable_time_s()->Reserve(static_cast<int>(out.size()));
        for (const auto& r : out) {
          batch->add_time_s(r.time_s);
          batch->add_sensor(r.sensor);
          batch->add_value_c(r.value_c);
        }
        log_record(rec);
      }
    }
    telemetry.clear();
    // The block's records are kept and overwritten, so that logging them allocates nothing.
    LogRecord& trec = telemetry_record;
    trec.set_t_s(tb);
    auto* tbatch = log ? trec.mutable_telemetry() : nullptr;
    for (std::uint32_t z = 0; z < zones.size(); ++z) {
      adapters::ZoneTelemetry tel;
      tel.time_s = tb;
      tel.zone = z;
      tel.hvac_running = zones[z].hvac_running();
      tel.hvac_powered = zones[z].hvac_powered();
      tel.doors_open = zones[z].doors_open();
      const double on = zones[z].truth().hvac_on_s;
      tel.hvac_duty =
          tb > ta ? std::clamp((on - hvac_on_at_block_start[z]) / (tb - ta), 0.0, 1.0) : 0;
      hvac_on_at_block_start[z] = on;
      telemetry.push_back(tel);
      if (tbatch) {
        auto* r = static_cast<int>(z) < tbatch->zones_size()
                      ? tbatch->mutable_zones(static_cast<int>(z))
                      : tbatch->add_zones();
        r->set_zone(z);
        r->set_hvac_running(tel.hvac_running);
        r->set_hvac_powered(tel.hvac_powered);
        r->set_doors_open(tel.doors_open);
        r->set_hvac_duty(tel.hvac_duty);
      }
    }
    port->on_telemetry(telemetry);
    observers.on_telemetry(telemetry);
    if (log) log_record(trec);

    // Ground truth: temperatures at fixed instants, first departures from the range.
    if (log && options.truth_record_interval_s > 0) {
      while (next_truth_s <= tb) {
        LogRecord& rec = truth_record;
        rec.set_t_s(next_truth_s);
        auto* s = rec.mutable_zone_truth();
        s->Clear();
        for (auto& z : zones) {
          const auto& seg = z.segment_at(next_truth_s);
          double air = 0, prod = 0;
          seg.both(next_truth_s, air, prod);
          s->add_air_c(air);
          s->add_product_c(prod);
          s->add_ambient_c(z.ambient_c(next_truth_s));
          s->add_hvac_running(seg.hvac_running);
        }
        log_record(rec);
        next_truth_s += options.truth_record_interval_s;
      }
    }
    for (std::uint32_t z = 0; z < zones.size(); ++z) {
      const auto& first = zones[z].truth().first_out_of_range_s;
      if (first && !left_range_logged[z]) {
        left_range_logged[z] = true;
        LogRecord rec;
        rec.set_t_s(*first);
        auto* l = rec.mutable_product_left_range();
        l->set_zone(z);
        l->set_min_c(site.zones[z].min_c);
        l->set_max_c(site.zones[z].max_c);
        log_record(rec);
      }
    }
    port_out.clear();
    port->advance_to(tb, port_out);
    handle_port_output(tb);
    observers.on_time_advance(tb);
    const double keep_from = tb - options.history_keep_s;
    if (keep_from > 0) {
      for (auto& z : zones) z.forget_before(keep_from);
    }
  }

  void handle_port_output(double t) {
    for (const auto& a : port_out.alerts) {
      ++summary.alerts;
      observers.on_alert(a);
      if (log) {
        LogRecord rec;
        rec.set_t_s(t);
        auto* r = rec.mutable_alert();
        r->set_id(a.id);
        r->set_kind(a.kind);
        r->set_zone(a.zone == adapters::kNoIndex ? -1 : static_cast<int>(a.zone));
        r->set_sensor(a.sensor == adapters::kNoIndex ? -1 : static_cast<int>(a.sensor));
        r->set_raised_at_s(a.raised_at_s);
        r->set_cleared(a.cleared);
        r->set_cleared_at_s(a.cleared_at_s);
        r->set_severity(a.severity);
        for (const auto& lot : a.lots) r->add_lots(lot);
        r->set_message(a.message);
        log_record(rec);
      }
    }
    for (const auto& d : port_out.decisions) record_decision(d, t);
  }

  void record_decision(const adapters::Decision& d, double t) {
    ++summary.decisions;
    if (log) {
      LogRecord rec;
      rec.set_t_s(t);
      auto* r = rec.mutable_decision();
      r->set_idempotency_key(d.idempotency_key);
      r->set_kind(adapters::to_string(d.kind));
      r->set_issued_s(d.sim_time_s);
      r->set_zone(d.zone);
      for (const auto& lot : d.lots) r->add_lots(lot);
      for (const auto& pack : d.packs) r->add_packs(pack);
      r->set_alert_id(d.alert_id);
      r->set_reason(d.reason);
      log_record(rec);
    }
    observers.on_decision(d);
  }

  void run_clock_actor() {
    s4u::Actor::create("world", host, [this] {
      const auto wall_start = std::chrono::steady_clock::now();
      auto last_progress = wall_start;
      double ta = 0;
      const double horizon = site.horizon_s;
      if (port_failure.failed()) return stop_everything();  // at bind, before anything happened
      while (ta < horizon) {
        const double tb = std::min(ta + options.block_s, horizon);
        s4u::this_actor::sleep_until(tb);
        drain_injections();
        if (port_failure.failed()) return stop_everything();
        deliver_block(ta, tb);
        if (stop_requested()) {  // before port failures: a Ctrl-C also reaches external systems
          interrupted_at_s = tb;
          return stop_everything();
        }
        if (port_failure.failed()) return stop_everything();
        ta = tb;
        if (options.progress) {
          const auto wall = std::chrono::steady_clock::now();
          if (wall - last_progress > std::chrono::seconds(2) || ta >= horizon) {
            last_progress = wall;
            std::cerr << "[run] " << format_days(ta) << " / " << format_days(horizon) << " ("
                      << static_cast<int>(100 * ta / horizon) << "%), " << summary.readings
                      << " readings\n";
          }
        }
      }
      port_out.clear();
      port->finish(horizon, port_out);
      handle_port_output(horizon);
      if (operations) operations->finish(horizon);
    });
  }

  // The live session's actor: calls the hook at 0 and at each instant it asks for.
  void spawn_live_actor();

  bool stop_requested() const {
    return options.stop_requested && options.stop_requested->load(std::memory_order_relaxed);
  }
  // Simulated time of the block end at which an interrupt stopped the run (< 0: none).
  double interrupted_at_s = -1;

  // A system under test failed: nothing more happens in the world (every other actor is
  // killed, the clock actor returns), so the engine stops at this instant.
  void stop_everything() { s4u::Actor::kill_all(); }

  void finalize_truth() {
    truth.zones.clear();
    for (const auto& z : zones) truth.zones.push_back(z.truth());
  }
};

namespace {

// The world as a live session sees it (see live_hook.hpp).
class LiveAccessImpl final : public LiveAccess {
 public:
  explicit LiveAccessImpl(WorldImpl& w) : w_(w) {}
  double now_s() const override { return WorldImpl::now(); }
  double horizon_s() const override { return w_.site.horizon_s; }
  LiveZoneState zone_state(std::uint32_t z) override {
    LiveZoneState st;
    double t = now_s();
    auto* zone = w_.zone_at(z, t);
    if (!zone) return st;
    st.air_c = zone->air_c(t);
    st.product_c = zone->product_c(t);
    st.hvac_running = zone->hvac_running();
    st.hvac_powered = zone->hvac_powered();
    st.doors_open = zone->doors_open();
    return st;
  }
  bool inject_now(const scenario::Fault& fault, std::string* error) override {
    FaultSpec spec;
    if (!resolve_fault(fault, w_.site, 0, spec, error)) return false;
    spec.injected = true;
    w_.add_injected(std::move(spec));
    return true;
  }
  void decide(const adapters::Decision& decision) override {
    w_.record_decision(decision, now_s());
  }
  void log_command(const std::string& line) override {
    LogRecord rec;
    rec.set_t_s(now_s());
    rec.mutable_live_command()->set_line(line);
    w_.log_record(rec);
  }
  void stop(const std::string& why) override {
    if (w_.live_stop) return;
    w_.live_stop = why;
    w_.live_stop_at_s = now_s();
    s4u::Actor::kill_all();  // every actor but this one
  }
  bool operations_stats(OperationsStats& out) const override {
    if (!w_.operations) return false;
    out = w_.operations->stats();
    return true;
  }

 private:
  WorldImpl& w_;
};

}  // namespace

void WorldImpl::spawn_live_actor() {
  s4u::Actor::create("live", host, [this] {
    LiveAccessImpl access(*this);
    const double horizon = site.horizon_s;
    for (;;) {
      const double next = std::min(std::max(live->at(access), now()), horizon);
      if (live_stop || port_failure.failed() || now() >= horizon) return;
      s4u::this_actor::sleep_until(next);
    }
  });
}

std::unique_ptr<World> World::create(const scenario::Scenario& scenario, WorldOptions options,
                                     std::string* error) {
  if (engine_taken.exchange(true)) {
    if (error) *error = "a process can run one World only (SimGrid is initialised once)";
    return nullptr;
  }
  auto impl = std::make_unique<WorldImpl>();
  impl->scenario = scenario;
  impl->options = options;
  if (!(impl->options.block_s > 0)) impl->options.block_s = 300;
  if (!build_site(scenario, options.scenario_dir, options.seed, options.horizon_s, impl->site,
                  error)) {
    return nullptr;
  }
  auto& site = impl->site;
  impl->streams = RandomStreams(site.seed);

  int argc = 2;
  const char* argv_const[] = {"pharmatwin", "--log=root.thresh:critical", nullptr};
  impl->engine = std::make_unique<s4u::Engine>(&argc, const_cast<char**>(argv_const));
  auto* netzone = s4u::create_full_zone("site");
  impl->host = netzone->create_host("warehouse", 1e9);
  netzone->seal();

  for (std::size_t z = 0; z < site.zones.size(); ++z) {
    impl->zones.emplace_back(site.zones[z], site.ambients[z], site.staff, impl->streams,
                             site.horizon_s);
    WorldImpl::ZoneFaultState st;
    st.doors_forced.assign(site.zones[z].doors.size(), 0);
    impl->zone_faults.push_back(std::move(st));
  }
  impl->sensors = std::make_unique<SensorBank>(site.sensors, impl->streams);
  impl->faults = site.faults;
  impl->left_range_logged.assign(site.zones.size(), false);
  impl->hvac_on_at_block_start.assign(site.zones.size(), 0.0);

  auto& layout = impl->layout;
  layout.site_name = scenario.site().name();
  layout.start_epoch_s = site.start_epoch_s;
  for (const auto& z : site.zones) layout.zones.push_back({z.name, z.min_c, z.max_c, z.setpoint_c});
  for (const auto& s : site.sensors)
    layout.sensors.push_back({s.name, s.zone, s.kind, s.interval_s});

  if (!options.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.out_dir, ec);
    impl->log = EventLogWriter::open(options.out_dir / "events.pb", error);
    if (!impl->log) return nullptr;
  }
  auto& services = impl->services;
  services.random = &impl->streams;
  services.start_epoch_s = site.start_epoch_s;
  services.horizon_s = site.horizon_s;
  services.host = impl->host;
  services.climate = impl.get();
  services.log = impl->log.get();
  services.observers = &impl->observers;
  impl->operations = std::make_unique<Operations>(impl->scenario, services);  // keeps a reference
  if (!impl->operations->error().empty()) {
    if (error) *error = impl->operations->error();
    return nullptr;
  }
  return std::unique_ptr<World>(new World(std::move(impl)));
}

World::World(std::unique_ptr<WorldImpl> impl) : impl_(std::move(impl)) {}
World::~World() = default;

namespace {
double engine_clock_s() { return s4u::Engine::get_clock(); }
}  // namespace

void World::set_detection_port(adapters::DetectionPort* port) {
  if (port) {
    impl_->guarded_detection =
        std::make_unique<adapters::GuardedDetectionPort>(port, impl_->port_failure, engine_clock_s);
    impl_->port = impl_->guarded_detection.get();
  } else {
    impl_->guarded_detection.reset();
    impl_->port = &impl_->null_port;
  }
}

adapters::Observers& World::observers() { return impl_->observers; }
const adapters::SiteLayout& World::layout() const { return impl_->layout; }

bool World::inject(const scenario::Fault& fault, std::string* error) {
  FaultSpec spec;
  if (!resolve_fault(fault, impl_->site, 0, spec, error)) return false;
  spec.injected = true;
  std::lock_guard lock(impl_->inject_mutex);
  impl_->injected.push_back(std::move(spec));
  return true;
}

void World::set_live_hook(LiveHook* hook) { impl_->live = hook; }

RunSummary World::run() {
  auto& w = *impl_;
  if (w.ran) return w.summary;
  w.ran = true;
  const auto wall_start = std::chrono::steady_clock::now();
  w.port->bind(w.layout);
  if (w.log) {
    LogRecord rec;
    rec.set_t_s(0);
    auto* h = rec.mutable_header();
    h->set_format("pharmatwin-events/2");
    h->set_version(kVersion);
    h->set_scenario_name(w.scenario.name());
    h->set_scenario_hash(scenarios::scenario_hash(w.scenario));
    h->set_seed(w.site.seed);
    h->set_start(scenarios::format_utc(w.site.start_epoch_s));
    h->set_start_epoch_s(w.site.start_epoch_s);
    h->set_horizon_s(w.site.horizon_s);
    h->set_block_s(w.options.block_s);
    h->set_readings_logged(w.options.log_readings);
    for (const auto& z : w.layout.zones) {
      auto* zn = h->add_zones();
      zn->set_name(z.name);
      zn->set_min_c(z.min_c);
      zn->set_max_c(z.max_c);
      zn->set_setpoint_c(z.setpoint_c);
    }
    for (const auto& s : w.layout.sensors) {
      auto* sn = h->add_sensors();
      sn->set_name(s.name);
      sn->set_zone(s.zone);
      sn->set_kind(s.kind == adapters::SensorKind::kAir ? "air" : "product_simulant");
      sn->set_sample_interval_s(s.sample_interval_s);
    }
    w.log->write(rec);
  }
  for (std::uint32_t id = 0; id < w.faults.size(); ++id) w.spawn_fault_actor(id);
  w.drain_injections();
  w.run_clock_actor();
  if (w.operations) w.operations->start();
  if (w.live) w.spawn_live_actor();
  w.engine->run_until(w.site.horizon_s);
  const bool interrupted = w.interrupted_at_s >= 0;
  const bool live_stopped = w.live_stop.has_value() && !w.port_failure.failed();
  const bool stopped = interrupted || w.port_failure.failed() || live_stopped;
  const double end_s = interrupted               ? w.interrupted_at_s
                       : w.port_failure.failed() ? std::min(w.port_failure.t_s, w.site.horizon_s)
                       : live_stopped            ? std::min(w.live_stop_at_s, w.site.horizon_s)
                                                 : w.site.horizon_s;
  if (live_stopped && !interrupted) {
    w.port_failure.system = "dashboard";
    w.port_failure.kind = "closed";
    w.port_failure.message = *w.live_stop;
  }
  if (interrupted) {
    w.summary.stopped = true;
    w.summary.stopped_at_s = end_s;
    w.summary.stop_system = "run";
    w.summary.stop_kind = "interrupted";
    w.summary.stop_message = "stopped by a signal at the end of a block";
  } else if (stopped) {
    w.summary.stopped = true;
    w.summary.stopped_at_s = end_s;
    w.summary.stop_system = w.port_failure.system;
    w.summary.stop_kind = w.port_failure.kind;
    w.summary.stop_message = w.port_failure.message;
  }
  for (auto& z : w.zones) z.advance_to(end_s);
  w.finalize_truth();
  w.summary.horizon_s = w.site.horizon_s;
  for (const auto& z : w.zones) w.summary.thermal_segments += z.segments_created();
  if (w.log) {
    LogRecord rec;
    rec.set_t_s(end_s);
    auto* end = rec.mutable_run_end();
    if (stopped) {
      end->set_stopped(true);
      end->set_stopped_at_s(end_s);
      end->set_stop_system(w.summary.stop_system);
      end->set_stop_kind(w.summary.stop_kind);
      end->set_stop_message(w.summary.stop_message);
    }
    for (const auto& z : w.truth.zones) {
      auto* s = end->add_zones();
      s->set_name(z.name);
      s->set_peak_air_c(z.peak_air_c);
      s->set_peak_product_c(z.peak_product_c);
      s->set_lowest_product_c(z.lowest_product_c);
      s->set_left_range(z.first_out_of_range_s.has_value());
      s->set_first_out_of_range_s(z.first_out_of_range_s.value_or(0));
      s->set_out_of_range_s(z.out_of_range_s);
      s->set_hvac_on_s(z.hvac_on_s);
    }
    end->set_readings(w.summary.readings);
    end->set_alerts(w.summary.alerts);
    end->set_decisions(w.summary.decisions);
    end->set_thermal_segments(w.summary.thermal_segments);
    w.log->write(rec);
    w.log->flush();
    w.summary.log_records = w.log->records();
  }
  w.summary.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return w.summary;
}

const GroundTruth& World::truth() {
  if (!impl_->ran) impl_->finalize_truth();
  return impl_->truth;
}
ClimateQueries& World::climate() { return *impl_; }

Operations* World::operations() { return impl_->operations.get(); }

void World::set_serialization_port(adapters::SerializationPort* port) {
  if (!impl_->operations) return;
  impl_->guarded_serialization.reset();
  if (port) {
    impl_->guarded_serialization = std::make_unique<adapters::GuardedSerializationPort>(
        port, impl_->port_failure, engine_clock_s);
    port = impl_->guarded_serialization.get();
  }
  impl_->operations->set_serialization_port(port);
}

}  // namespace pharmatwin::sim
