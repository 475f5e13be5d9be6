// Engine registration and the per-reading rules (thresholds, rate, stuck value, MKT).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine_impl.hpp"

namespace pharmatwin::detection {

std::string format_fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

std::string Engine::add_policy(Policy policy) {
  for (const auto& p : impl_->policies) {
    if (p.policy.storage_class == policy.storage_class) {
      return "a policy for storage class '" + policy.storage_class + "' is already loaded";
    }
  }
  if (impl_->policies.size() >= 65535) return "too many policies";
  PolicyRuntime runtime;
  runtime.temperature = CompiledThresholds::from(policy.temperature, policy.health.comm_timeout_ms);
  runtime.humidity =
      policy.humidity ? CompiledThresholds::from(*policy.humidity, policy.health.comm_timeout_ms)
                      : CompiledThresholds::from(ThresholdPolicy{}, policy.health.comm_timeout_ms);
  runtime.mkt_limit_term = arrhenius_term(policy.mkt.limit_c);
  runtime.policy = std::move(policy);
  impl_->policies.push_back(std::move(runtime));
  return {};
}

Registered<ZoneId> Engine::add_zone(ZoneConfig zone) {
  Registered<ZoneId> result;
  for (std::size_t i = 0; i < impl_->policies.size(); ++i) {
    if (impl_->policies[i].policy.storage_class == zone.storage_class) {
      ZoneState state;
      state.config = std::move(zone);
      state.policy = static_cast<std::uint16_t>(i);
      result.id = static_cast<ZoneId>(impl_->zones.size());
      impl_->zones.push_back(std::move(state));
      return result;
    }
  }
  result.error = "no policy loaded for storage class '" + zone.storage_class + "'";
  return result;
}

Registered<SensorId> Engine::add_sensor(SensorConfig sensor) {
  Registered<SensorId> result;
  if (sensor.zone >= impl_->zones.size()) {
    result.error = "unknown zone id " + std::to_string(sensor.zone);
    return result;
  }
  const SensorId id = static_cast<SensorId>(impl_->hot.size());
  ZoneState& zone = impl_->zones[sensor.zone];
  SensorHot hot;
  hot.zone = sensor.zone;
  hot.policy = zone.policy;
  hot.kind = sensor.kind;
  if (sensor.kind == SensorKind::kTemperature) {
    zone.temperature_sensors.push_back(id);
    zone.redundancy_sums.push_back(0.0);
    zone.redundancy_counts.push_back(0);
  }
  RollingMkt mkt;
  mkt.configure(impl_->policies[zone.policy].policy.mkt.window_ms);
  SensorCold cold;
  cold.config = std::move(sensor);
  const auto& health = impl_->policies[zone.policy].policy.health;
  cold.redundancy.cusum = TwoSidedCusum(health.cusum_k, health.cusum_h);
  hot.expect_since_ms = impl_->now;
  hot.comm_timeout_ms = impl_->policies[zone.policy].policy.health.comm_timeout_ms;
  if (cold.config.calibration_due_ms != kNoTime) {
    hot.calibration_check_ms = cold.config.calibration_due_ms - health.calibration_warn_ms;
  }
  impl_->hot.push_back(hot);
  impl_->cold.push_back(std::move(cold));
  impl_->next_scan_ms = kNoTime;
  impl_->mkt.push_back(mkt);
  result.id = id;
  return result;
}

void Engine::set_calibration_due(SensorId sensor, TimeMs due_ms) {
  if (sensor >= impl_->cold.size()) return;
  impl_->cold[sensor].config.calibration_due_ms = due_ms;
  impl_->hot[sensor].calibration_check_ms =
      due_ms == kNoTime ? kNoTime
                        : due_ms - impl_->policy_of_sensor(sensor).health.calibration_warn_ms;
  impl_->next_scan_ms = kNoTime;
  AlertId& alert = impl_->cold[sensor].alerts[static_cast<int>(AlertType::kCalibrationDue)];
  if (alert != 0) {
    impl_->clear(alert, impl_->now == kNoTime ? 0 : impl_->now, 0.0, "calibration date renewed");
  }
}

void Engine::ingest(SensorId sensor, TimeMs time_ms, double value) {
  impl_->ingest(sensor, time_ms, value);
}

void Engine::ingest(std::span<const Reading> readings) {
  for (const Reading& r : readings) impl_->ingest(r.sensor, r.time_ms, r.value);
}

void Engine::ingest_telemetry(ZoneId zone, TimeMs time_ms, TelemetryKind kind, bool on) {
  if (zone >= impl_->zones.size()) return;
  impl_->tick(time_ms);
  impl_->telemetry(zone, time_ms, kind, on);
}

void Engine::advance_to(TimeMs time_ms) {
  if (impl_->now != kNoTime && time_ms <= impl_->now) return;
  impl_->now = time_ms;
  impl_->scan();
}

bool Engine::acknowledge(AlertId alert, Decision decision) {
  return impl_->acknowledge(alert, decision);
}

void Engine::set_sink(std::function<void(const AlertEvent&)> sink) {
  impl_->sink = std::move(sink);
}

std::vector<AlertEvent> Engine::drain() {
  std::vector<AlertEvent> out;
  out.swap(impl_->queue);
  return out;
}

TimeMs Engine::now_ms() const { return impl_->now; }
const EngineStats& Engine::stats() const { return impl_->stats; }
std::size_t Engine::zone_count() const { return impl_->zones.size(); }
std::size_t Engine::sensor_count() const { return impl_->hot.size(); }
const ZoneConfig& Engine::zone(ZoneId id) const { return impl_->zones.at(id).config; }
const SensorConfig& Engine::sensor(SensorId id) const { return impl_->cold.at(id).config; }
const Policy& Engine::zone_policy(ZoneId id) const { return impl_->policy_of_zone(id); }

SensorHealthView Engine::sensor_health(SensorId id) const {
  SensorHealthView view;
  const SensorHot& hot = impl_->hot.at(id);
  const SensorCold& cold = impl_->cold.at(id);
  view.communication_lost = (hot.flags & kCommLost) != 0;
  view.stuck = (hot.flags & kStuck) != 0;
  view.drifting = cold.redundancy.drifting;
  view.biased = cold.redundancy.biased;
  view.cusum_upper = cold.redundancy.cusum.upper();
  view.cusum_lower = cold.redundancy.cusum.lower();
  view.learned_offset = cold.redundancy.offset;
  const MktSums mkt = impl_->mkt_sums(id);
  view.mkt_c = mkt_from_sums_c(mkt.weighted, mkt.weight);
  view.mkt_coverage =
      std::clamp(mkt.weight / static_cast<double>(impl_->mkt[id].window_ms()), 0.0, 1.0);
  view.mkt_end_ms = std::isnan(view.mkt_c) ? kNoTime : impl_->mkt_end_ms(id);
  return view;
}

std::size_t Engine::state_bytes_per_sensor() {
  return sizeof(SensorHot) + sizeof(SensorCold) + sizeof(RollingMkt) + sizeof(SensorId);
}

std::vector<OpenAlert> Engine::open_alerts() const {
  std::vector<OpenAlert> out;
  for (const auto& [id, record] : impl_->alerts) {
    out.push_back({id, record.type, record.severity, record.zone, record.sensor, record.cleared,
                   record.acknowledged});
  }
  return out;
}

void Engine::set_lots_in_zone(ZoneId zone_id, std::span<const Lot> lots) {
  impl_->set_lots_in_zone(zone_id, lots);
}

void Engine::set_lot_retention(TimeMs keep_ms, std::size_t max_absent_lots) {
  impl_->lot_retention_ms = std::max<TimeMs>(keep_ms, 0);
  impl_->max_absent_lots = max_absent_lots;
  impl_->next_lot_prune_ms = kNoTime;
  impl_->next_scan_ms = kNoTime;
}

std::optional<LotBudgetView> Engine::lot_budget(const std::string& lot_id) const {
  const auto it = impl_->lot_index.find(lot_id);
  if (it == impl_->lot_index.end()) return std::nullopt;
  const LotRecord& lot = impl_->lots[it->second];
  return LotBudgetView{lot.consumed_ms, lot.zones};
}

std::size_t Engine::tracked_lot_count() const { return impl_->lot_index.size(); }

// ---------------------------------------------------------------------------------------------
// Hot path.

void Engine::Impl::ingest(SensorId id, TimeMs time_ms, double value) {
  ++stats.readings;
  if (id >= hot.size()) [[unlikely]] {
    ++stats.unknown_sensor;
    return;
  }
  tick(time_ms);
  SensorHot& s = hot[id];
  if (time_ms <= s.last_ms) [[unlikely]] {
    ingest_backfill(id, time_ms, value);
    return;
  }
  s.last_ms = time_ms;
  if (std::isnan(value)) [[unlikely]] {
    ++stats.missing_values;
    return;
  }
  const PolicyRuntime& runtime = policies[s.policy];
  const Policy& policy = runtime.policy;
  const TimeMs previous_valid_ms = s.last_valid_ms;
  if (previous_valid_ms == kNoTime ||
      time_ms - previous_valid_ms > policy.data_quality.backfill_gap_ms) [[unlikely]] {
    s.run_start_ms = time_ms;
    // No evidence the value stayed still while the sensor was silent.
    if (previous_valid_ms != kNoTime &&
        time_ms - previous_valid_ms > policy.health.comm_timeout_ms) {
      s.stuck = StuckDetector{};
    }
  }
  s.last_valid_ms = time_ms;
  if (s.flags & kCommLost) [[unlikely]] {
    s.flags &= static_cast<std::uint8_t>(~kCommLost);
    next_scan_ms = kNoTime;  // its timeout counts again
    AlertId& alert = cold[id].alerts[static_cast<int>(AlertType::kCommunicationLoss)];
    if (alert != 0) {
      clear(alert, time_ms, value,
            previous_valid_ms == kNoTime
                ? std::string("first data received")
                : "data received again after " +
                      format_fixed(static_cast<double>(time_ms - previous_valid_ms) / kMsPerMinute,
                                   1) +
                      " min");
    }
  }

  if (s.kind == SensorKind::kHumidity) {
    if (s.excursion.update(runtime.humidity, time_ms, value)) {
      on_excursion_change(id, time_ms, value, false);
    }
    if (policy.health.stuck_enabled) {
      const bool stuck =
          s.stuck.update(policy.health.stuck_tolerance, policy.health.stuck_for_ms, time_ms, value);
      if (stuck != ((s.flags & kStuck) != 0)) on_stuck(id, time_ms, value, stuck);
    }
    s.last_value = value;
    return;
  }

  // Zone period: the first reading of a new period closes the zone's previous one.
  if (time_ms >= s.period_end_ms) {
    // Usually the next period: no division.
    TimeMs end_ms = s.period_end_ms + policy.zone_period_ms;
    if (time_ms >= end_ms) [[unlikely]] {
      end_ms = (floor_div(time_ms, policy.zone_period_ms) + 1) * policy.zone_period_ms;
    }
    ZoneState& zone = zones[s.zone];
    if (end_ms > zone.period_end_ms) {
      if (zone.period_end_ms != kNoTime) finalize_zone_period(s.zone, zone.period_end_ms);
      zone.period_end_ms = end_ms;
    }
    s.period_sum = 0.0;
    s.period_count = 0;
    s.period_end_ms = end_ms;
  }
  s.period_sum += value;
  ++s.period_count;

  if (s.excursion.update(runtime.temperature, time_ms, value)) {
    on_excursion_change(id, time_ms, value, false);
  }
  if (policy.rate.enabled) {
    const RateOfChange::Change change = s.rate.update(policy.rate.window_ms, time_ms, value);
    if (change.exceeds(policy.rate.max_c_per_min) || (s.flags & kRateActive)) [[unlikely]] {
      on_rate(id, time_ms, value, change.per_minute());
    }
  }
  if (policy.health.stuck_enabled) {
    const bool stuck =
        s.stuck.update(policy.health.stuck_tolerance, policy.health.stuck_for_ms, time_ms, value);
    if (stuck != ((s.flags & kStuck) != 0)) [[unlikely]]
      on_stuck(id, time_ms, value, stuck);
  }
  if (policy.mkt.enabled) {
    if (time_ms >= s.mkt_bucket_end_ms) [[unlikely]]
      flush_mkt(id, time_ms);
    if (previous_valid_ms != kNoTime) {
      // The previous value is taken as held until this reading (at most the comm timeout), and
      // this one, until the next arrives, for as long as the interval before it.
      const TimeMs held_ms = std::min(time_ms - previous_valid_ms, policy.health.comm_timeout_ms);
      s.mkt_weighted += static_cast<double>(held_ms) * arrhenius(s.last_value);
      s.mkt_weight += static_cast<double>(held_ms);
      s.mkt_held_ms = held_ms;
      s.last_value = value;
      evaluate_mkt(id, time_ms);
    }
    if (policy.mkt.allowed_excursion_enabled &&
        (value > policy.mkt.allowed_max_c || (s.flags & kSpike))) [[unlikely]] {
      on_spike(id, time_ms, value);
    }
  }
  s.last_value = value;
}

// ---------------------------------------------------------------------------------------------
// Per-sensor rules (slow paths).

void Engine::Impl::on_excursion_change(SensorId id, TimeMs time_ms, double value, bool backfill) {
  SensorHot& s = hot[id];
  SensorCold& c = cold[id];
  const ExcursionTracker& tracker = backfill ? c.lane.excursion : s.excursion;
  const Policy& policy = policy_of_sensor(id);
  const ThresholdPolicy& limits =
      s.kind == SensorKind::kHumidity && policy.humidity ? *policy.humidity : policy.temperature;
  const char* unit = s.kind == SensorKind::kHumidity ? " %RH" : " °C";
  const bool has_lots = !zones[s.zone].lots.empty();

  for (int direction = 0; direction < 2; ++direction) {
    const bool high = direction == 0;
    const std::uint8_t mask = tracker.active() & (high ? kHighLevels : kLowLevels);
    AlertId& slot = backfill ? (high ? c.lane.high : c.lane.low)
                             : c.alerts[static_cast<int>(high ? AlertType::kExcursionHigh
                                                              : AlertType::kExcursionLow)];
    const Level outer = high ? kHiHi : kLoLo;
    const Level inner = high ? kHi : kLo;
    const bool outer_active = (mask & kLevelBit[outer]) != 0;
    const Level shown = outer_active ? outer : inner;
    const LevelPolicy& level =
        high ? (outer_active ? limits.hihi : limits.hi) : (outer_active ? limits.lolo : limits.lo);
    const Severity severity = outer_active ? Severity::kCritical : Severity::kHigh;
    const Action action = !has_lots      ? Action::kNone
                          : outer_active ? Action::kQuarantineLots
                                         : Action::kAssessProductImpact;
    static constexpr const char* kLevelNames[] = {"LoLo", "Lo", "Hi", "HiHi"};
    std::string detail =
        std::string(kLevelNames[shown]) + " " + format_fixed(level.limit, 1) + unit +
        " exceeded for at least " +
        format_fixed(static_cast<double>(level.delay_ms) / kMsPerMinute, 1) + " min (" +
        (limits.delay_mode == DelayMode::kReset ? "reset" : "cumulative") + " delay)";
    const auto& st = tracker.state(shown);
    std::vector<Evidence> evidence = {
        {id, st.first_ms, st.first_value}, {id, st.peak_ms, st.peak_value}, {id, time_ms, value}};
    if (mask != 0 && slot == 0) {
      AlertType type = high ? AlertType::kExcursionHigh : AlertType::kExcursionLow;
      // A single-sensor excursion from a sensor the redundancy check distrusts is reported as
      // suppressed (to maintenance) rather than as a product excursion.
      // Backfilled excursions are confirmed by the other sensors' live or backfilled ones.
      if (policy.health.suppress_suspect_excursions &&
          (c.redundancy.drifting || c.redundancy.biased)) {
        const std::uint8_t levels = high ? kHighLevels : kLowLevels;
        bool confirmed = false;
        for (SensorId other : zones[s.zone].temperature_sensors) {
          if (other != id && ((hot[other].excursion.active() & levels) ||
                              (cold[other].lane.excursion.active() & levels))) {
            confirmed = true;
          }
        }
        if (!confirmed) {
          type = AlertType::kExcursionSuppressed;
          detail += "; not confirmed by other sensors and this sensor is flagged " +
                    std::string(c.redundancy.drifting ? "drifting" : "biased");
        }
      }
      AlertSpec spec{
          type,
          type == AlertType::kExcursionSuppressed ? Severity::kLow : severity,
          type == AlertType::kExcursionSuppressed ? Action::kScheduleCalibration : action,
          s.zone,
          id,
          -1,
          time_ms,
          value,
          std::move(evidence),
          std::move(detail)};
      slot = raise(std::move(spec));
    } else if (mask != 0 && slot != 0) {
      auto it = alerts.find(slot);
      if (it != alerts.end() && it->second.type != AlertType::kExcursionSuppressed &&
          it->second.severity != severity) {
        update(slot, severity, action, time_ms, value, std::move(evidence), std::move(detail));
      }
    } else if (mask == 0 && slot != 0) {
      clear(slot, time_ms, value,
            std::string("back inside ") + (high ? "Hi" : "Lo") + " by the off margin");
    }
  }
}

void Engine::Impl::on_rate(SensorId id, TimeMs time_ms, double value, double rate, bool backfill) {
  SensorHot& s = hot[id];
  BackfillLane& lane = cold[id].lane;
  const Policy& policy = policy_of_sensor(id);
  AlertId& slot =
      backfill ? lane.rate_alert : cold[id].alerts[static_cast<int>(AlertType::kRateOfChange)];
  const bool active = backfill ? lane.rate_active : (s.flags & kRateActive) != 0;
  auto set_active = [&](bool on) {
    if (backfill) {
      lane.rate_active = on;
    } else if (on) {
      s.flags |= kRateActive;
    } else {
      s.flags &= static_cast<std::uint8_t>(~kRateActive);
    }
  };
  const double magnitude = std::fabs(rate);
  if (!active && magnitude > policy.rate.max_c_per_min) {
    set_active(true);
    slot = raise(
        {.type = AlertType::kRateOfChange,
         .severity = Severity::kMedium,
         .action = Action::kNone,
         .zone = s.zone,
         .sensor = id,
         .time_ms = time_ms,
         .value = rate,
         .evidence = {{id, time_ms, value}},
         .detail = std::string(rate > 0 ? "rising " : "falling ") + format_fixed(magnitude, 2) +
                   " °C/min over " +
                   format_fixed(static_cast<double>(policy.rate.window_ms) / kMsPerMinute, 0) +
                   " min (limit " + format_fixed(policy.rate.max_c_per_min, 2) + ")"});
  } else if (active && !(magnitude > policy.rate.max_c_per_min * policy.rate.clear_ratio)) {
    set_active(false);
    if (slot != 0) clear(slot, time_ms, std::isnan(rate) ? 0.0 : rate, "rate back to normal");
  }
}

void Engine::Impl::on_stuck(SensorId id, TimeMs time_ms, double value, bool stuck) {
  SensorHot& s = hot[id];
  AlertId& slot = cold[id].alerts[static_cast<int>(AlertType::kStuckSensor)];
  const Policy& policy = policy_of_sensor(id);
  if (stuck) {
    s.flags |= kStuck;
    slot = raise(
        {AlertType::kStuckSensor,
         Severity::kMedium,
         Action::kScheduleCalibration,
         s.zone,
         id,
         -1,
         time_ms,
         value,
         {{id, s.stuck.run_start_ms(), s.stuck.run_value()}, {id, time_ms, value}},
         "value within " + format_fixed(policy.health.stuck_tolerance, 3) + " for " +
             format_fixed(static_cast<double>(time_ms - s.stuck.run_start_ms()) / kMsPerHour, 1) +
             " h"});
  } else {
    s.flags &= static_cast<std::uint8_t>(~kStuck);
    if (slot != 0) clear(slot, time_ms, value, "value moving again");
  }
}

void Engine::Impl::on_spike(SensorId id, TimeMs time_ms, double value) {
  SensorHot& s = hot[id];
  const MktPolicy& rules = policy_of_sensor(id).mkt;
  AlertId& slot = cold[id].alerts[static_cast<int>(AlertType::kExcursionNotAllowed)];
  if (value > rules.allowed_max_c) {
    if (!(s.flags & kSpike)) {
      s.flags |= kSpike;
      s.spike_since_ms = time_ms;
    }
    const bool too_hot = value > rules.spike_max_c;
    const bool too_long = time_ms - s.spike_since_ms > rules.spike_max_ms;
    if ((too_hot || too_long) && slot == 0) {
      const bool lots = !zones[s.zone].lots.empty();
      slot = raise(
          {AlertType::kExcursionNotAllowed,
           Severity::kCritical,
           lots ? Action::kQuarantineLots : Action::kNone,
           s.zone,
           id,
           -1,
           time_ms,
           value,
           {{id, s.spike_since_ms, kNaN}, {id, time_ms, value}},
           too_hot ? "spike above " + format_fixed(rules.spike_max_c, 1) +
                         " °C, beyond the allowed excursions of the class"
                   : "above " + format_fixed(rules.allowed_max_c, 1) + " °C for more than " +
                         format_fixed(static_cast<double>(rules.spike_max_ms) / kMsPerHour, 0) +
                         " h, beyond the allowed excursions of the class"});
    }
  } else {
    s.flags &= static_cast<std::uint8_t>(~kSpike);
    s.spike_since_ms = kNoTime;
    if (slot != 0) clear(slot, time_ms, value, "back within the allowed excursion range");
  }
}

void Engine::Impl::flush_mkt(SensorId id, TimeMs time_ms) {
  SensorHot& s = hot[id];
  if (s.mkt_weight > 0.0) {
    // The sums belong to the bucket that just ended.
    mkt[id].add_sums(s.mkt_bucket_end_ms - 1, s.mkt_weighted, s.mkt_weight);
  }
  s.mkt_weighted = 0.0;
  s.mkt_weight = 0.0;
  s.mkt_bucket_end_ms = mkt[id].bucket_end_ms(time_ms);
}

MktSums Engine::Impl::mkt_sums(SensorId id) const {
  const SensorHot& s = hot[id];
  MktSums pending{s.mkt_weighted, s.mkt_weight};
  if (s.last_valid_ms != kNoTime && s.mkt_held_ms > 0) {
    const double held = static_cast<double>(s.mkt_held_ms);
    pending += MktSums{held * arrhenius(s.last_value), held};
  }
  return mkt[id].window_sums(mkt_end_ms(id), pending);
}

TimeMs Engine::Impl::mkt_end_ms(SensorId id) const {
  const SensorHot& s = hot[id];
  if (s.last_valid_ms == kNoTime) return mkt[id].newest_end_ms();
  return s.last_valid_ms + s.mkt_held_ms;
}

// Judged at every reading: MKT above the limit is a mean Arrhenius term above the limit's, so
// the logarithm is taken only when the state changes.
void Engine::Impl::evaluate_mkt(SensorId id, TimeMs time_ms) {
  const PolicyRuntime& runtime = policies[hot[id].policy];
  const MktSums sums = mkt_sums(id);
  if (!(sums.weight > 0.0) ||
      sums.weight < runtime.policy.mkt.min_coverage * static_cast<double>(mkt[id].window_ms())) {
    return;
  }
  const bool above = sums.weighted > runtime.mkt_limit_term * sums.weight;
  const bool open = cold[id].alerts[static_cast<int>(AlertType::kMktExceeded)] != 0;
  if (above == open) return;
  raise_or_clear_mkt(id, time_ms, above, mkt_from_sums_c(sums.weighted, sums.weight));
}

// An MKT from a sensor the engine distrusts (flagged drifting or biased), not confirmed by an
// MKT alert of another sensor of the zone, is a sensor-health finding, not a product alarm.
void Engine::Impl::raise_or_clear_mkt(SensorId id, TimeMs time_ms, bool above, double mkt_c) {
  SensorHot& s = hot[id];
  SensorCold& c = cold[id];
  const MktPolicy& rules = policy_of_sensor(id).mkt;
  AlertId& slot = c.alerts[static_cast<int>(AlertType::kMktExceeded)];
  const std::string window =
      format_fixed(static_cast<double>(rules.window_ms) / kMsPerHour, 0) + " h";
  if (!above) {
    clear(slot, time_ms, mkt_c,
          "MKT over " + window + " back to " + format_fixed(mkt_c, 2) + " °C");
    return;
  }
  std::string detail = "MKT over " + window + " is " + format_fixed(mkt_c, 2) + " °C (limit " +
                       format_fixed(rules.limit_c, 1) + " °C)";
  const bool distrusted = c.redundancy.drifting || c.redundancy.biased;
  bool confirmed = false;
  for (SensorId other : zones[s.zone].temperature_sensors) {
    if (other == id || (hot[other].flags & kSuspect)) continue;
    const AlertId a = cold[other].alerts[static_cast<int>(AlertType::kMktExceeded)];
    const auto it = alerts.find(a);
    if (a != 0 && it != alerts.end() && it->second.type == AlertType::kMktExceeded)
      confirmed = true;
  }
  const bool suppressed = distrusted && !confirmed;
  if (suppressed) {
    detail += "; from a sensor flagged " +
              std::string(c.redundancy.drifting ? "drifting" : "biased") +
              ", not confirmed by other sensors: not a product alarm";
  }
  const bool lots = !zones[s.zone].lots.empty();
  slot = raise({.type = suppressed ? AlertType::kExcursionSuppressed : AlertType::kMktExceeded,
                .severity = suppressed ? Severity::kLow : Severity::kHigh,
                .action = suppressed ? Action::kScheduleCalibration
                                     : (lots ? Action::kAssessProductImpact : Action::kNone),
                .zone = s.zone,
                .sensor = id,
                .time_ms = time_ms,
                .value = mkt_c,
                .evidence = {{id, time_ms, s.last_value}},
                .detail = std::move(detail)});
}

}  // namespace pharmatwin::detection
