// Door rules: spikes of the warmest sensor judged against the zone's own normal rises, and the
// open-too-long limit of door telemetry learned from the zone's routine openings. A routine
// opening is an event (baseline door traffic, redundancy hold), never an alarm by itself.
#include <algorithm>
#include <cmath>

#include "engine_impl.hpp"

namespace pharmatwin::detection {

namespace {

constexpr std::size_t kMinLearnedRises = 30;    // normal rises before the learned span counts
constexpr std::size_t kMinLearnedOpenings = 5;  // routine openings before their length counts
constexpr double kRoutineOpeningSigmas = 5.0;   // routine opening: median + 5 sigma (MAD)

std::string minutes_of(TimeMs ms) {
  return format_fixed(static_cast<double>(ms) / kMsPerMinute, 0) + " min";
}

}  // namespace

TimeMs Engine::Impl::door_open_limit_ms(const ZoneState& zone) const {
  const DoorPolicy& door = policy_of_zone(static_cast<ZoneId>(&zone - zones.data())).door;
  TimeMs limit = door.max_open_ms;
  if (zone.routine_openings.count() >= kMinLearnedOpenings) {
    const double routine_ms =
        zone.routine_openings.median() + kRoutineOpeningSigmas * zone.routine_openings.sigma();
    limit = std::max(limit, static_cast<TimeMs>(door.routine_open_factor * routine_ms));
  }
  // A sampled feed reports an opening seen at two samples, dated at the first, one sampling
  // interval late (the report lag); two short openings look the same. Nothing is known between
  // samples, and the newest sample's state arrives a lag after it: the door counts as open for
  // the limit once it has been reported open for the limit plus twice the lag.
  // An air spike that has not recovered, or the zone above its control band, says the door
  // stayed open between the samples: then only the newest sample's delay counts.
  if (zone.door_report_lag.count() > 0) {
    const bool air_confirms = zone.spike_active || zone.above_band_since_ms != kNoTime;
    limit += (air_confirms ? 1 : 2) * static_cast<TimeMs>(zone.door_report_lag.median());
  }
  return limit;
}

void Engine::Impl::door_spike(ZoneId zone_id, TimeMs time_ms, double max_c) {
  ZoneState& zone = zones[zone_id];
  const Policy& policy = policy_of_zone(zone_id);
  const DoorPolicy& door = policy.door;
  const std::size_t size = zone.max_history.size();
  // Reference: the newest earlier period mean at least the spike window old (so one sampling
  // interval of a slowly sampled zone), else the oldest one kept.
  int back = 0;
  for (int b = 1; b <= std::min<int>(zone.max_count, static_cast<int>(size) - 1); ++b) {
    back = b;
    const std::size_t at = static_cast<std::size_t>((zone.max_count - b) & 15);
    if (time_ms - zone.max_history_ms[at] >= door.spike_window_ms) break;
  }
  if (back > 0) {
    const std::size_t at = static_cast<std::size_t>((zone.max_count - back) & 15);
    const double reference = zone.max_history[at];
    const double rise = max_c - reference;
    // The threshold is never below spike_rise_c, so the learned part (a median and a MAD) is
    // only worked out for a rise above that.
    const auto threshold = [&] {
      const bool learned = zone.normal_rises.count() >= kMinLearnedRises;
      return std::max(door.spike_rise_c, learned ? zone.normal_rises.median() +
                                                       door.spike_mads * zone.normal_rises.sigma()
                                                 : door.spike_rise_c);
    };
    const bool cooling_failed = zone.hvac_reasons != 0 || zone.power_on == 0;
    if (!zone.spike_active && rise > door.spike_rise_c && rise > threshold()) {
      zone.spike_active = true;
      zone.spike_escalated = false;
      zone.spike_reference_c = reference;
      zone.spike_threshold_c = threshold();
      zone.spike_start_ms = time_ms;
      zone.last_door_ms = time_ms;
      zone.baseline.observe_door_event(time_ms);
    } else if (zone.spike_active) {
      const auto& hi = policy.temperature.hi;
      if (max_c <= zone.spike_reference_c + 0.5 * zone.spike_threshold_c) {
        zone.spike_active = false;
        if (zone.door_reasons & kDoorSpike) {
          set_door_reason(zone_id, kDoorSpike, false, time_ms, Severity::kInfo,
                          "recovered after " + minutes_of(time_ms - zone.spike_start_ms));
        }
      } else if (!zone.spike_escalated && !cooling_failed && hi.enabled && max_c > hi.limit) {
        zone.spike_escalated = true;
        set_door_reason(zone_id, kDoorSpike, true, time_ms, Severity::kHigh,
                        "air spike +" + format_fixed(max_c - zone.spike_reference_c, 1) +
                            " °C took the zone above Hi " + format_fixed(hi.limit, 1) +
                            " °C: door opening suspected");
      } else if (!zone.spike_escalated && !cooling_failed &&
                 time_ms - zone.spike_start_ms > door.recovery_ms && !std::isnan(zone.band_top_c) &&
                 zone.median_c > zone.band_top_c) {
        zone.spike_escalated = true;
        set_door_reason(zone_id, kDoorSpike, true, time_ms, Severity::kHigh,
                        "no recovery " + minutes_of(time_ms - zone.spike_start_ms) +
                            " after an air spike, zone above its control band: door left open?");
      }
    }
    const bool normal = !zone.spike_active && !cooling_failed && zone.door_open != 1 &&
                        zone.above_band_since_ms == kNoTime;
    if (normal) zone.normal_rises.add(rise);
  }
  zone.max_history[static_cast<std::size_t>(zone.max_count & 15)] = max_c;
  zone.max_history_ms[static_cast<std::size_t>(zone.max_count & 15)] = time_ms;
  ++zone.max_count;
}

}  // namespace pharmatwin::detection
