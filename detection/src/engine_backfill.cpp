// Late data: the backfill lane of each sensor (readings older than the sensor's latest, e.g. held
// back by a gateway during an outage and delivered after live data resumed), the zone's period
// history that live and late period means are merged into, and the stability budgets counted
// from it.
#include <algorithm>
#include <cmath>
#include <limits>

#include "engine_impl.hpp"

namespace pharmatwin::detection {

void Engine::Impl::ingest_backfill(SensorId id, TimeMs time_ms, double value) {
  SensorHot& s = hot[id];
  // The latest reading again, or inside the stretch the live stream covers without a gap.
  if (time_ms == s.last_ms || time_ms >= s.run_start_ms) {
    ++stats.duplicates;
    return;
  }
  BackfillLane& lane = cold[id].lane;
  if (lane.last_ms != kNoTime && time_ms <= lane.last_ms) {
    // Within the lane's latest run: a resend. Older than the run: out of order, dropped.
    if (time_ms >= lane.run_start_ms) {
      ++stats.duplicates;
    } else {
      ++stats.out_of_order_dropped;
    }
    return;
  }
  ++stats.backfilled;
  if (!lane.active) {
    lane.active = true;
    lane.run_start_ms = time_ms;
    active_lanes.push_back(id);
    next_scan_ms = kNoTime;  // the lane's quiet deadline
  }
  lane.last_ms = time_ms;
  lane.touched_ms = now;
  if (std::isnan(value)) {
    ++stats.missing_values;
    return;
  }
  const PolicyRuntime& runtime = policies[s.policy];
  const Policy& policy = runtime.policy;
  const bool temperature = s.kind == SensorKind::kTemperature;
  if (lane.excursion.update(temperature ? runtime.temperature : runtime.humidity, time_ms, value)) {
    on_excursion_change(id, time_ms, value, true);
  }
  if (temperature) {
    if (policy.rate.enabled) {
      const RateOfChange::Change change = lane.rate.update(policy.rate.window_ms, time_ms, value);
      if (change.exceeds(policy.rate.max_c_per_min) || lane.rate_active) {
        on_rate(id, time_ms, value, change.per_minute(), true);
      }
    }
    const std::int64_t period = floor_div(time_ms, policy.zone_period_ms);
    if (period != lane.period) {
      flush_lane_period(id);
      lane.period = period;
    }
    lane.period_sum += value;
    ++lane.period_count;
    if (policy.mkt.enabled && lane.last_valid_ms != kNoTime) {
      const TimeMs held_ms = std::min(time_ms - lane.last_valid_ms, policy.health.comm_timeout_ms);
      mkt[id].add(time_ms, static_cast<double>(held_ms), arrhenius(lane.last_value));
    }
  }
  lane.last_valid_ms = time_ms;
  lane.last_value = value;
}

void Engine::Impl::flush_lane_period(SensorId id) {
  BackfillLane& lane = cold[id].lane;
  if (lane.period_count == 0) return;
  const double mean = lane.period_sum / lane.period_count;
  lane.period_sum = 0.0;
  lane.period_count = 0;
  // A sensor the redundancy check distrusts is left out of the zone's warmest/coldest values.
  if (!(hot[id].flags & kSuspect)) record_zone_period(hot[id].zone, lane.period, mean, mean);
}

void Engine::Impl::record_zone_period(ZoneId zone_id, std::int64_t period, double max_c,
                                      double min_c) {
  ZoneState& zone = zones[zone_id];
  ZoneState::PeriodRecord& slot =
      zone.history[static_cast<std::uint64_t>(period) & (ZoneState::kHistoryPeriods - 1)];
  ZoneState::PeriodRecord before = slot;
  if (slot.period != period) {
    if (slot.period > period) return;  // older than the history kept: counted as it stands
    before = {period, -std::numeric_limits<double>::infinity(),
              std::numeric_limits<double>::infinity()};  // nothing counted for it yet
  }
  slot = {period, std::max(before.max_c, max_c), std::min(before.min_c, min_c)};
  account_budgets(zone_id, before, slot, (period + 1) * policy_of_zone(zone_id).zone_period_ms);
}

// Stability budgets: a period consumes a lot's budget once, when what is known of it first puts
// the zone outside the lot's range (live, or later when backfilled means arrive).
void Engine::Impl::account_budgets(ZoneId zone_id, ZoneState::PeriodRecord before,
                                   ZoneState::PeriodRecord after, TimeMs time_ms) {
  ZoneState& zone = zones[zone_id];
  const Policy& policy = policies[zone.policy].policy;
  if (!policy.budget.enabled) return;
  for (const ZoneLot& member : zone.lots) {
    // Not charged for a period that ended before it came into this zone.
    if (member.since_ms != kNoTime && time_ms <= member.since_ms) continue;
    LotRecord& lot = lots[member.lot];
    const double lot_max = lot.lot.max_c.value_or(policy.range_max_c);
    const double lot_min = lot.lot.min_c.value_or(policy.range_min_c);
    const bool was_out = before.max_c > lot_max || before.min_c < lot_min;
    const bool is_out = after.max_c > lot_max || after.min_c < lot_min;
    if (was_out || !is_out) continue;
    lot.consumed_ms += policy.zone_period_ms;
    const double share =
        lot.lot.budget_ms > 0 ? static_cast<double>(lot.consumed_ms) / lot.lot.budget_ms : 1.0;
    const int level = share >= 1.0 ? 2 : share >= policy.budget.warn_share ? 1 : 0;
    if (level <= lot.level) continue;
    lot.level = level;
    const std::string detail =
        "lot " + lot.lot.id + " used " + format_fixed(100.0 * std::min(share, 9.99), 0) +
        "% of its " + format_fixed(static_cast<double>(lot.lot.budget_ms) / kMsPerHour, 1) +
        " h time-out-of-range budget";
    if (lot.alert == 0) {
      lot.alert =
          raise({.type = AlertType::kStabilityBudget,
                 .severity = level == 2 ? Severity::kCritical : Severity::kMedium,
                 .action = level == 2 ? Action::kQuarantineLots : Action::kAssessProductImpact,
                 .zone = zone_id,
                 .lot = static_cast<int>(member.lot),
                 .time_ms = time_ms,
                 .value = share,
                 .detail = detail});
    } else {
      update(lot.alert, Severity::kCritical, Action::kQuarantineLots, time_ms, share, {}, detail);
    }
  }
}

// A lane that received nothing for a communication timeout has delivered its backlog: its last
// period is merged, its open episodes end with its data (later data cannot close them), and the
// MKT, now holding the backfilled terms, is judged at the lane's newest reading.
TimeMs Engine::Impl::close_quiet_lanes() {
  TimeMs next = std::numeric_limits<TimeMs>::max();
  for (std::size_t i = 0; i < active_lanes.size();) {
    const SensorId id = active_lanes[i];
    BackfillLane& lane = cold[id].lane;
    const Policy& policy = policy_of_sensor(id);
    if (now - lane.touched_ms <= policy.health.comm_timeout_ms) {
      next = std::min(next, lane.touched_ms + policy.health.comm_timeout_ms + 1);
      ++i;
      continue;
    }
    flush_lane_period(id);
    for (AlertId* slot : {&lane.high, &lane.low, &lane.rate_alert}) {
      if (*slot != 0) clear(*slot, lane.last_ms, lane.last_value, "end of backfilled data");
    }
    lane.excursion.reset();
    lane.rate.reset();
    lane.rate_active = false;
    lane.active = false;
    if (hot[id].kind == SensorKind::kTemperature && policy.mkt.enabled &&
        lane.last_valid_ms != kNoTime) {
      evaluate_mkt(id, lane.last_valid_ms);
    }
    active_lanes[i] = active_lanes.back();
    active_lanes.pop_back();
  }
  return next;
}

}  // namespace pharmatwin::detection
