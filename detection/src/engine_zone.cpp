// Zone-level rules, evaluated once per zone period on the zone's sensor means: redundancy
// (bias/drift), HVAC failure and degraded cooling, early warning, door spikes, learned baseline,
// stability budgets; plus telemetry and the periodic timeout scan.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "engine_impl.hpp"

namespace pharmatwin::detection {

namespace {

std::string minutes(TimeMs ms) {
  return format_fixed(static_cast<double>(ms) / kMsPerMinute, 0) + " min";
}

// Temperature sensors of one zone taken into the zone rules (the rest are ignored there).
constexpr std::size_t kMaxZoneSensors = 64;

// Time constants of the product lag that comparisons across placements wait at the start.
constexpr TimeMs kStartSettleLags = 0;

// Peaks of normal cycling needed before the control band counts as learned.
constexpr double kMinBandPeaks = 3.0;

// Top of the learned control band: mean normal peak plus the larger of 3 sigma and the
// smallest cycle amplitude the policy recognises. NaN while not learned.
double band_top_c(const ZoneState& zone, const Policy& policy) {
  if (zone.normal_peaks.count < kMinBandPeaks) return kNaN;
  return zone.normal_peaks.mean +
         std::max(3.0 * zone.normal_peaks.sigma(), policy.hvac.cycle_min_amplitude_c);
}

// Sorts values[0..n). Zones usually hold at most 8 probes: a branch-free sorting network then
// replaces a data-dependent sort.
inline void sort_small(double* values, std::size_t n) {
  if (n > 8) {
    std::sort(values, values + n);
    return;
  }
  double v[8];
  for (std::size_t i = 0; i < 8; ++i) {
    v[i] = i < n ? values[i] : std::numeric_limits<double>::infinity();
  }
  auto exchange = [&v](int a, int b) {
    const double lo = std::min(v[a], v[b]);
    v[b] = std::max(v[a], v[b]);
    v[a] = lo;
  };
  // Optimal 19-comparator network for 8 inputs.
  exchange(0, 2), exchange(1, 3), exchange(4, 6), exchange(5, 7);
  exchange(0, 4), exchange(1, 5), exchange(2, 6), exchange(3, 7);
  exchange(0, 1), exchange(2, 3), exchange(4, 5), exchange(6, 7);
  exchange(2, 4), exchange(3, 5);
  exchange(1, 4), exchange(3, 6);
  exchange(1, 2), exchange(3, 4), exchange(5, 6);
  for (std::size_t i = 0; i < n; ++i) values[i] = v[i];
}

// Median of values[0..n), n >= 1; sorts the values.
inline double median_in_place(double* values, std::size_t n) {
  sort_small(values, n);
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace

void Engine::Impl::finalize_zone_period(ZoneId zone_id, TimeMs period_end_ms) {
  ZoneState& zone = zones[zone_id];
  const Policy& policy = policies[zone.policy].policy;
  const bool redundancy = policy.health.redundancy_enabled;
  std::array<double, kMaxZoneSensors> values;
  std::size_t n = 0;
  // Warmest and coldest sensors, leaving out the ones the redundancy check distrusts.
  double max_c = -std::numeric_limits<double>::infinity();
  double min_c = std::numeric_limits<double>::infinity();
  const std::size_t count = std::min(zone.temperature_sensors.size(), kMaxZoneSensors);
  for (std::size_t i = 0; i < count; ++i) {
    const SensorHot& s = hot[zone.temperature_sensors[i]];
    // period_end_ms identifies the sensor's current period and sits in its first cache line.
    if (s.period_end_ms != period_end_ms || s.period_count == 0) continue;
    const double mean = s.period_count == 1 ? s.period_sum : s.period_sum / s.period_count;
    values[n++] = mean;
    if (redundancy) {
      zone.redundancy_sums[i] += mean;
      ++zone.redundancy_counts[i];
    }
    if (!(s.flags & kSuspect)) {
      max_c = std::max(max_c, mean);
      min_c = std::min(min_c, mean);
    }
  }
  if (n == 0) return;
  const double median_c = median_in_place(values.data(), n);
  // Redundancy works on means over `aggregate_periods` periods.
  if (redundancy && ++zone.redundancy_periods >= policy.health.aggregate_periods) {
    zone.redundancy_periods = 0;
    check_redundancy(zone_id, period_end_ms);
  }
  if (max_c < min_c) max_c = min_c = median_c;
  zone_signature(zone_id, period_end_ms, median_c, max_c, min_c);
  if (policy.budget.enabled && (max_c > zone.lots_max_c || min_c < zone.lots_min_c)) {
    record_zone_period(zone_id, period_end_ms / policy.zone_period_ms - 1, max_c, min_c);
  }
}

// Whether the zone is in a state where sensors legitimately disagree: cooling failed, above its
// control band, a door open, an early warning, or an excursion seen by two sensors or more (a
// lone excursion is what the drift check has to judge, so it does not count).
bool Engine::Impl::zone_disturbed(const ZoneState& zone) const {
  if (zone.hvac_reasons != 0 || zone.power_on == 0 || zone.above_band_since_ms != kNoTime ||
      zone.spike_active || zone.door_reasons != 0 ||
      zone.alerts[static_cast<int>(AlertType::kEarlyWarning)] != 0) {
    return true;
  }
  int excursions = 0;
  for (SensorId id : zone.temperature_sensors) {
    if (hot[id].excursion.active() != 0 && ++excursions >= 2) return true;
  }
  return false;
}

void Engine::Impl::check_redundancy(ZoneId zone_id, TimeMs time_ms) {
  ZoneState& zone = zones[zone_id];
  const SensorHealthPolicy& health = policies[zone.policy].policy.health;
  struct Member {
    SensorId id;
    double raw;        // mean over the aggregate
    double corrected;  // less the sensor's learned offset
    bool product;
    bool trusted;  // not flagged drifting or biased: may serve as a reference for the others
  };
  std::array<Member, kMaxZoneSensors> m;
  std::size_t n = 0;
  for (std::size_t i = 0; i < zone.redundancy_sums.size() && i < kMaxZoneSensors; ++i) {
    const SensorId id = zone.temperature_sensors[i];
    const RedundancyState& r = cold[id].redundancy;
    if (zone.redundancy_counts[i] > 0) {
      const double raw = zone.redundancy_sums[i] / zone.redundancy_counts[i];
      m[n++] = {id, raw, raw - r.applied_offset(health.learn_samples),
                cold[id].config.placement == Placement::kProduct, !r.drifting && !r.biased};
    }
    zone.redundancy_sums[i] = 0.0;
    zone.redundancy_counts[i] = 0;
  }
  if (static_cast<int>(n) < health.min_sensors) return;
  std::array<double, kMaxZoneSensors> a;
  std::array<double, kMaxZoneSensors> b;
  for (std::size_t i = 0; i < n; ++i) a[i] = m[i].raw;
  const double zone_median = median_in_place(a.data(), n);  // offsets are learned against it

  // Air level of the trusted air probes and its first-order lag: what a product probe reads.
  std::size_t air = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (m[i].product || !m[i].trusted) continue;
    a[air] = m[i].raw;
    // The offsets learned so far (the applied ones once learned), so that a product probe
    // learns its own offset against the same reference it is later compared with.
    b[air] = cold[m[i].id].redundancy.offset;
    ++air;
  }
  double air_c = kNaN;
  double air_offset = 0.0;
  if (air > 0) {
    air_c = median_in_place(a.data(), air);
    air_offset = median_in_place(b.data(), air);
    if (std::isnan(zone.lagged_air_c) || health.product_lag_ms <= 0) {
      // The lag starts from the air level as if the product had always been at it, which it
      // need not be: comparisons across placements wait three time constants for the start
      // to be forgotten.
      if (std::isnan(zone.lagged_air_c) && health.product_lag_ms > 0) {
        zone.settle_until_ms =
            std::max(zone.settle_until_ms, time_ms + kStartSettleLags * health.product_lag_ms);
      }
      zone.lagged_air_c = air_c;
    } else {
      const double step = static_cast<double>(time_ms - zone.lagged_at_ms) /
                          static_cast<double>(health.product_lag_ms);
      zone.lagged_air_c += (1.0 - std::exp(-step)) * (air_c - zone.lagged_air_c);
    }
    zone.lagged_at_ms = time_ms;
  }
  // Probes of the same placement move together, so only a disturbance holds their comparison.
  // A product probe compared with the air (too few product peers) also waits until the air
  // and its lagged level agree and the product has had one time constant to settle.
  const bool disturbed = zone_disturbed(zone);
  if (disturbed) {
    zone.settle_until_ms = std::max(zone.settle_until_ms, time_ms + health.product_lag_ms);
  }
  // After a transient, the lag model reaches the air before a slower product does (its time
  // constant is only known roughly): once the air and its lagged level agree again, the hold
  // lasts ln(largest gap / sigma) time constants more, as long again as the model needed.
  if (air > 0 && health.product_lag_ms > 0) {
    const double gap = std::fabs(air_c - zone.lagged_air_c);
    if (gap > health.residual_sigma) {
      zone.cross_gap_c = std::max(zone.cross_gap_c, gap);
    } else if (zone.cross_gap_c > 0.0) {
      const double lags = std::log(zone.cross_gap_c / health.residual_sigma);
      zone.settle_until_ms = std::max(
          zone.settle_until_ms,
          time_ms + static_cast<TimeMs>(lags * static_cast<double>(health.product_lag_ms)));
      zone.cross_gap_c = 0.0;
    }
  }
  const bool cross_held = disturbed ||
                          (zone.settle_until_ms != kNoTime && time_ms < zone.settle_until_ms) ||
                          (air > 0 && std::fabs(air_c - zone.lagged_air_c) > health.residual_sigma);

  // Sorted reference values of the trusted probes, leaving one out: air, product, all.
  struct Reference {
    std::array<double, kMaxZoneSensors> raw;
    std::array<double, kMaxZoneSensors> corrected;
    std::size_t n = 0;
  };
  std::array<Reference, 3> refs;
  bool all_sorted = false;
  auto build_references = [&](std::size_t skip) {
    for (Reference& r : refs) r.n = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == skip || !m[j].trusted) continue;
      for (Reference* r : {&refs[m[j].product ? 1 : 0], &refs[2]}) {
        r->raw[r->n] = m[j].raw;
        r->corrected[r->n] = m[j].corrected;
        ++r->n;
      }
    }
    // The placement references now; the one of all probes only if a comparison needs it.
    for (Reference* r : {&refs[0], &refs[1]}) {
      if (r->n < 2) continue;
      sort_small(r->raw.data(), r->n);
      sort_small(r->corrected.data(), r->n);
    }
    all_sorted = false;
  };
  // Median of a sorted reference, without the probe's own value when it is part of it: the
  // k-th other is the k-th value when that is below the own value, else the next one.
  auto median_of_others = [](const std::array<double, kMaxZoneSensors>& sorted, std::size_t count,
                             double own, bool member) {
    if (!member) return median_sorted(std::span<const double>(sorted.data(), count));
    const std::size_t m = count - 1;
    auto other = [&](std::size_t k) { return sorted[k] < own ? sorted[k] : sorted[k + 1]; };
    return m % 2 == 1 ? other(m / 2) : 0.5 * (other(m / 2 - 1) + other(m / 2));
  };

  struct Residual {
    double raw;    // against the uncorrected reference, for bias
    double drift;  // offset-corrected, for the CUSUM
    bool cross;    // compared with probes of another placement
    bool valid;
  };
  const std::size_t peers_needed = static_cast<std::size_t>(health.min_sensors - 1);
  // Residual of member i against the median of the other trusted probes in `refs`.
  auto residual = [&](std::size_t i) {
    Residual r{0.0, 0.0, false, false};
    const bool member = m[i].trusted;  // i is in the references (it is never the one left out)
    const std::size_t own = member ? 1 : 0;
    const Reference& same = refs[m[i].product ? 1 : 0];
    if (same.n - own >= peers_needed) {
      r.raw = m[i].raw - median_of_others(same.raw, same.n, m[i].raw, member);
      r.drift = m[i].corrected - median_of_others(same.corrected, same.n, m[i].corrected, member);
      r.valid = true;
      return r;
    }
    r.cross = true;
    if (m[i].product && air > 0) {
      r.raw = m[i].raw - zone.lagged_air_c;
      r.drift = m[i].corrected - (zone.lagged_air_c - air_offset);
      r.valid = true;
      return r;
    }
    Reference& all = refs[2];
    if (all.n - own == 0) return r;
    if (!all_sorted) {
      sort_small(all.raw.data(), all.n);
      sort_small(all.corrected.data(), all.n);
      all_sorted = true;
    }
    r.raw = m[i].raw - median_of_others(all.raw, all.n, m[i].raw, member);
    r.drift = m[i].corrected - median_of_others(all.corrected, all.n, m[i].corrected, member);
    r.valid = true;
    return r;
  };
  auto held = [&](const Residual& r) { return !r.valid || (r.cross ? cross_held : disturbed); };

  // A drifting probe pulls the median its peers are compared with (by half its drift when they
  // have two peers). The probe with the largest residual beyond k is the suspect: the others
  // are compared without it, so that only the probe whose residual explains the shift moves.
  Residual res[kMaxZoneSensors];
  std::size_t suspect = n;
  // Like with like, the residual is noise: its spread is learned from the zone's history. A
  // comparison across placements also carries the error of the product lag model, which the
  // noise does not show: its spread is at least the policy's residual_sigma.
  const double like_sigma = zone.residual_spread.sigma(
      health.residual_sigma, std::min(health.residual_sigma_min, health.residual_sigma));
  auto sigma_of = [&](const Residual& r) {
    return r.cross ? std::max(like_sigma, health.residual_sigma) : like_sigma;
  };
  double worst = health.cusum_k;  // in sigmas
  build_references(n);
  for (std::size_t i = 0; i < n; ++i) {
    res[i] = residual(i);
    if (held(res[i])) continue;
    const double shift = std::fabs(res[i].drift) / sigma_of(res[i]);
    if (shift > worst) {
      worst = shift;
      suspect = i;
    }
  }
  if (suspect < n) {
    build_references(suspect);
    for (std::size_t i = 0; i < n; ++i) {
      if (i != suspect) res[i] = residual(i);
    }
  }
  // Held comparisons neither learn nor accumulate: the CUSUM keeps its state until the zone is
  // back to a state in which the probes should agree.
  for (std::size_t i = 0; i < n; ++i) {
    if (held(res[i])) continue;
    RedundancyState& state = cold[m[i].id].redundancy;
    // Trusted probes with a learned offset, compared like with like, teach the residual spread.
    if (m[i].trusted && !res[i].cross && state.learned >= health.learn_samples) {
      zone.residual_spread.add(res[i].drift, like_sigma);
    }
    // A product probe compared with the lagged air learns its offset against that reference;
    // the others against the zone median.
    const bool against_air = res[i].cross && m[i].product && air > 0;
    const double from_reference = against_air
                                      ? res[i].drift + state.applied_offset(health.learn_samples)
                                      : m[i].raw - zone_median;
    if (state.update(res[i].raw, from_reference, res[i].drift, sigma_of(res[i]), health.bias_limit,
                     health.learn_samples)) {
      on_redundancy_change(m[i].id, time_ms, res[i].drift);
    }
  }
}

void Engine::Impl::on_redundancy_change(SensorId id, TimeMs time_ms, double residual) {
  SensorCold& c = cold[id];
  const ZoneId zone = hot[id].zone;
  if (c.redundancy.drifting || c.redundancy.biased) {
    hot[id].flags |= kSuspect;
  } else {
    hot[id].flags &= static_cast<std::uint8_t>(~kSuspect);
  }
  AlertId& drift = c.alerts[static_cast<int>(AlertType::kSensorDrift)];
  AlertId& bias = c.alerts[static_cast<int>(AlertType::kSensorBias)];
  if (c.redundancy.drifting && drift == 0) {
    drift =
        raise({.type = AlertType::kSensorDrift,
               .severity = Severity::kMedium,
               .action = Action::kScheduleCalibration,
               .zone = zone,
               .sensor = id,
               .time_ms = time_ms,
               .value = residual,
               .evidence = {{id, time_ms, residual}},
               .detail = std::string("CUSUM on the residual against the zone median signalled a ") +
                         (c.redundancy.drift_direction > 0 ? "rise" : "fall") + " (residual " +
                         format_fixed(residual, 2) + " °C, normal offset " +
                         format_fixed(c.redundancy.offset, 2) + " °C)"});
  } else if (!c.redundancy.drifting && drift != 0) {
    clear(drift, time_ms, residual, "residual back to its normal offset");
  }
  if (c.redundancy.biased && bias == 0) {
    bias = raise({.type = AlertType::kSensorBias,
                  .severity = Severity::kMedium,
                  .action = Action::kScheduleCalibration,
                  .zone = zone,
                  .sensor = id,
                  .time_ms = time_ms,
                  .value = c.redundancy.mean_residual,
                  .evidence = {{id, time_ms, residual}},
                  .detail = "mean residual " + format_fixed(c.redundancy.mean_residual, 2) +
                            " °C against the other sensors of the zone"});
  } else if (!c.redundancy.biased && bias != 0) {
    clear(bias, time_ms, c.redundancy.mean_residual, "agrees with the other sensors again");
  }
}

void Engine::Impl::set_hvac_reason(ZoneId zone_id, std::uint8_t reason, bool on, TimeMs time_ms,
                                   const std::string& detail) {
  ZoneState& zone = zones[zone_id];
  const std::uint8_t before = zone.hvac_reasons;
  zone.hvac_reasons = on ? (before | reason) : (before & static_cast<std::uint8_t>(~reason));
  AlertId& slot = zone.alerts[static_cast<int>(AlertType::kHvacFailure)];
  if (before == 0 && zone.hvac_reasons != 0) {
    slot = raise({.type = AlertType::kHvacFailure,
                  .severity = Severity::kHigh,
                  .action = Action::kInspectHvac,
                  .zone = zone_id,
                  .time_ms = time_ms,
                  .value = zone.median_c,
                  .detail = detail});
  } else if (before != 0 && zone.hvac_reasons == 0 && slot != 0) {
    clear(slot, time_ms, zone.median_c, "cooling working again");
  }
}

void Engine::Impl::set_door_reason(ZoneId zone_id, std::uint8_t reason, bool on, TimeMs time_ms,
                                   Severity severity, const std::string& detail) {
  ZoneState& zone = zones[zone_id];
  const std::uint8_t before = zone.door_reasons;
  zone.door_reasons = on ? (before | reason) : (before & static_cast<std::uint8_t>(~reason));
  AlertId& slot = zone.alerts[static_cast<int>(AlertType::kDoorOpen)];
  if (zone.door_reasons != 0 && slot == 0) {
    slot = raise({.type = AlertType::kDoorOpen,
                  .severity = severity,
                  .action = Action::kCloseDoor,
                  .zone = zone_id,
                  .time_ms = time_ms,
                  .value = zone.median_c,
                  .detail = detail});
  } else if (zone.door_reasons != 0 && slot != 0) {
    auto it = alerts.find(slot);
    if (it != alerts.end() && severity > it->second.severity) {
      update(slot, severity, Action::kCloseDoor, time_ms, zone.median_c, {}, detail);
    }
  } else if (zone.door_reasons == 0 && slot != 0) {
    clear(slot, time_ms, zone.median_c, detail);
  }
}

void Engine::Impl::set_baseline_reason(ZoneId zone_id, std::uint8_t reason, bool on, TimeMs time_ms,
                                       double value, const std::string& detail) {
  ZoneState& zone = zones[zone_id];
  const std::uint8_t before = zone.baseline_reasons;
  zone.baseline_reasons = on ? (before | reason) : (before & static_cast<std::uint8_t>(~reason));
  AlertId& slot = zone.alerts[static_cast<int>(AlertType::kBaselineAnomaly)];
  if (zone.baseline_reasons != 0 && slot == 0) {
    slot = raise({.type = AlertType::kBaselineAnomaly,
                  .severity = Severity::kMedium,
                  .action = Action::kInspectHvac,
                  .zone = zone_id,
                  .time_ms = time_ms,
                  .value = value,
                  .detail = detail});
  } else if (zone.baseline_reasons == 0 && slot != 0) {
    clear(slot, time_ms, value, "back to the learned normal behaviour");
  }
}

void Engine::Impl::zone_signature(ZoneId zone_id, TimeMs time_ms, double median_c, double max_c,
                                  double min_c) {
  ZoneState& zone = zones[zone_id];
  const Policy& policy = policies[zone.policy].policy;
  const TimeMs period_ms = policy.zone_period_ms;
  zone.median_c = median_c;
  const double rate =
      zone.rate.update(std::max(policy.rate.window_ms, 4 * period_ms), time_ms, median_c)
          .per_minute();
  zone.rate_c_per_min = rate;
  const bool learning = zone.baseline.learning(policy.baseline.learn_ms, time_ms);

  // Controller cycling: peaks give the cycle period, peak-to-trough the pull-down speed.
  const auto cycle = zone.cycles.update(policy.hvac.cycle_min_amplitude_c, time_ms, median_c);
  const RunningStats& periods = zone.baseline.cycle_period();
  if (cycle == CycleDetector::kPeak && zone.hvac_reasons == 0 && zone.power_on != 0) {
    // Learn the band from normal peaks only: a peak above the learned band is a failure's.
    const double peak = zone.cycles.last_peak_value();
    if (std::isnan(zone.band_top_c) || peak <= zone.band_top_c) {
      zone.normal_peaks.add(peak, 200.0);
      zone.band_top_c = band_top_c(zone, policy);
    }
  }
  {
    const double top = zone.band_top_c;
    if (!std::isnan(top) && median_c > top) {
      if (zone.above_band_since_ms == kNoTime) {
        zone.above_band_since_ms = time_ms;
        next_scan_ms = kNoTime;  // the HVAC telemetry rule may now be due
      }
    } else {
      zone.above_band_since_ms = kNoTime;
      if (zone.hvac_reasons & kHvacTelemetry)
        set_hvac_reason(zone_id, kHvacTelemetry, false, time_ms, "");
    }
  }
  if (cycle == CycleDetector::kPeak && zone.cycles.previous_peak_ms() != kNoTime) {
    const TimeMs cycle_ms = zone.cycles.last_peak_ms() - zone.cycles.previous_peak_ms();
    bool short_cycle = false;
    if (policy.baseline.enabled && !learning && periods.count >= 5) {
      short_cycle =
          static_cast<double>(cycle_ms) < policy.baseline.short_cycle_ratio * periods.mean;
    }
    zone.short_cycles = short_cycle ? zone.short_cycles + 1 : 0;
    zone.baseline.observe_cycle(cycle_ms, !short_cycle && zone.hvac_reasons == 0);
    if (zone.short_cycles >= 3) {
      set_baseline_reason(zone_id, kBaselineShortCycling, true, time_ms,
                          static_cast<double>(cycle_ms) / kMsPerMinute,
                          "compressor short-cycling: cycle " + minutes(cycle_ms) + " against " +
                              minutes(static_cast<TimeMs>(periods.mean)) + " learned");
    } else if (zone.short_cycles == 0) {
      set_baseline_reason(zone_id, kBaselineShortCycling, false, time_ms, median_c, "");
    }
  }
  if (cycle == CycleDetector::kTrough && zone.cycles.last_peak_ms() != kNoTime &&
      zone.cycles.last_trough_ms() > zone.cycles.last_peak_ms()) {
    const double drop = zone.cycles.last_peak_value() - zone.cycles.last_trough_value();
    const TimeMs span = zone.cycles.last_trough_ms() - zone.cycles.last_peak_ms();
    const double pulldown = span > 0 ? drop * kMsPerMinute / static_cast<double>(span) : 0.0;
    const RunningStats& normal = zone.baseline.pulldown();
    const bool slow = policy.hvac.enabled && !learning && normal.count >= 5 &&
                      pulldown * policy.hvac.slow_recovery_factor < normal.mean;
    AlertId& slot = zone.alerts[static_cast<int>(AlertType::kDegradedCooling)];
    if (slow && slot == 0) {
      slot = raise({.type = AlertType::kDegradedCooling,
                    .severity = Severity::kMedium,
                    .action = Action::kInspectHvac,
                    .zone = zone_id,
                    .time_ms = time_ms,
                    .value = pulldown,
                    .detail = "pull-down " + format_fixed(pulldown, 3) + " °C/min against " +
                              format_fixed(normal.mean, 3) + " °C/min normal"});
    } else if (!slow && slot != 0) {
      clear(slot, time_ms, pulldown, "pull-down speed back to normal");
    }
    zone.baseline.observe_pulldown(pulldown, !slow);
  }

  // HVAC failure inferred from the signature: sustained warming with HVAC on or unknown, or
  // controller cycling stopped for several learned periods.
  if (policy.hvac.enabled) {
    const bool warming = rate > policy.hvac.warming_c_per_min && zone.hvac_on != 0;
    if (warming) {
      if (zone.warming_since_ms == kNoTime) zone.warming_since_ms = time_ms;
      if (time_ms - zone.warming_since_ms >= policy.hvac.warming_for_ms &&
          !(zone.hvac_reasons & kHvacWarming)) {
        set_hvac_reason(zone_id, kHvacWarming, true, time_ms,
                        "zone warming " + format_fixed(rate, 3) + " °C/min for " +
                            minutes(time_ms - zone.warming_since_ms) + " with HVAC " +
                            (zone.hvac_on == 1 ? "reported on" : "state unknown"));
      }
    } else if (!(rate > 0.0)) {
      zone.warming_since_ms = kNoTime;
      if (zone.hvac_reasons & kHvacWarming)
        set_hvac_reason(zone_id, kHvacWarming, false, time_ms, "");
    }
    const TimeMs last_cycle_ms = std::max(zone.cycles.last_peak_ms(), zone.cycles.last_trough_ms());
    const bool stopped =
        periods.count >= 5 && last_cycle_ms != kNoTime &&
        static_cast<double>(time_ms - last_cycle_ms) > policy.hvac.cycle_stop_factor * periods.mean;
    if (stopped != ((zone.hvac_reasons & kHvacCyclingStopped) != 0)) {
      set_hvac_reason(zone_id, kHvacCyclingStopped, stopped, time_ms,
                      "controller cycling stopped: no cycle for " +
                          minutes(time_ms - last_cycle_ms) + " (normal period " +
                          minutes(static_cast<TimeMs>(periods.mean)) + ")");
    }
  }

  // Early warning: with cooling failed, the zone relaxes toward a new equilibrium with the
  // policy's time constant tau: T(t) = T_eq - (T_eq - T0)·exp(-t/tau), so dT/dt = (T_eq - T)/tau.
  // The current slope gives T_eq, and the time to reach Hi is tau·ln((T_eq - T)/(T_eq - Hi)).
  {
    AlertId& slot = zone.alerts[static_cast<int>(AlertType::kEarlyWarning)];
    const auto& hi = policy.temperature.hi;
    // The compressor's normal off-phase warms the zone toward a high equilibrium too, so HVAC
    // reported off is not a failure by itself (telemetry is sampled, often minutes old): only
    // an inferred HVAC failure, power off, or the zone staying above its learned control band
    // for longer than a door opening takes to recover is.
    const bool door_recent =
        zone.door_open == 1 || zone.spike_active ||
        (zone.last_door_ms != kNoTime && time_ms - zone.last_door_ms < policy.door.recovery_ms);
    const bool failed = zone.hvac_reasons != 0 || zone.power_on == 0 ||
                        (zone.above_band_since_ms != kNoTime && !door_recent &&
                         time_ms - zone.above_band_since_ms >= policy.door.recovery_ms);
    bool warn = false;
    double to_breach_min = 0.0;
    double equilibrium_c = 0.0;
    if (policy.early_warning.enabled && hi.enabled && failed && median_c < hi.limit &&
        rate > policy.early_warning.min_slope_c_per_min) {
      const double tau_min =
          static_cast<double>(policy.early_warning.time_constant_ms) / kMsPerMinute;
      equilibrium_c = median_c + tau_min * rate;
      if (equilibrium_c > hi.limit) {
        to_breach_min = tau_min * std::log((equilibrium_c - median_c) / (equilibrium_c - hi.limit));
        warn = to_breach_min * kMsPerMinute <= policy.early_warning.horizon_ms;
      }
    }
    const TimeMs breach_ms = time_ms + static_cast<TimeMs>(to_breach_min * kMsPerMinute);
    auto detail = [&] {
      return "Hi " + format_fixed(hi.limit, 1) + " °C predicted in " +
             format_fixed(to_breach_min, 0) + " min, at " +
             format_iso8601(breach_ms / kMsPerSecond * kMsPerSecond) + " (zone " +
             format_fixed(median_c, 2) + " °C, rising " + format_fixed(rate, 3) +
             " °C/min toward " + format_fixed(equilibrium_c, 1) + " °C)";
    };
    const Action action = zone.lots.empty() ? Action::kInspectHvac : Action::kAssessProductImpact;
    if (warn && slot == 0) {
      zone.predicted_breach_ms = breach_ms;
      slot = raise({.type = AlertType::kEarlyWarning,
                    .severity = Severity::kHigh,
                    .action = action,
                    .zone = zone_id,
                    .time_ms = time_ms,
                    .value = to_breach_min,
                    .detail = detail()});
    } else if (warn && slot != 0 &&
               std::llabs(breach_ms - zone.predicted_breach_ms) >
                   std::max<TimeMs>(5 * kMsPerMinute,
                                    static_cast<TimeMs>(0.1 * to_breach_min * kMsPerMinute))) {
      // The prediction moved noticeably: refresh it.
      zone.predicted_breach_ms = breach_ms;
      update(slot, Severity::kHigh, action, time_ms, to_breach_min, {}, detail());
    } else if (slot != 0 && (!failed || median_c >= hi.limit || !(rate > 0.0))) {
      clear(slot, time_ms, median_c,
            median_c >= hi.limit ? "limit reached: see the excursion alerts"
                                 : "cooling recovered or zone no longer warming");
    }
  }

  // Door opening: fast rise of the warmest sensor, expected to recover quickly.
  if (policy.door.enabled) door_spike(zone_id, time_ms, max_c);

  // Learned baseline of the zone level for this hour of the day.
  if (policy.baseline.enabled) {
    const bool normal_period = !zone.spike_active && zone.hvac_reasons == 0;
    const BaselineScore score = zone.baseline.observe(
        policy.baseline.learn_ms, policy.baseline.min_sigma_c, time_ms, median_c, normal_period);
    if (!score.learning && std::fabs(score.level_z) > policy.baseline.z_threshold) {
      ++zone.anomalous_periods;
    } else {
      zone.anomalous_periods = 0;
    }
    if (zone.anomalous_periods >= policy.baseline.min_periods &&
        !(zone.baseline_reasons & kBaselineLevel)) {
      const RunningStats& bin = zone.baseline.hour(hour_of_day(time_ms));
      set_baseline_reason(zone_id, kBaselineLevel, true, time_ms, score.level_z,
                          "zone at " + format_fixed(median_c, 2) + " °C against " +
                              format_fixed(bin.mean, 2) + " ± " + format_fixed(bin.sigma(), 2) +
                              " °C usual at this hour (z = " + format_fixed(score.level_z, 1) +
                              ")");
    } else if ((zone.baseline_reasons & kBaselineLevel) &&
               std::fabs(score.level_z) < 0.5 * policy.baseline.z_threshold) {
      set_baseline_reason(zone_id, kBaselineLevel, false, time_ms, score.level_z, "");
    }
    // Door traffic far above what this hour of the day usually sees.
    const int doors = zone.baseline.doors_this_hour();
    const bool was_busy = (zone.baseline_reasons & kBaselineDoorTraffic) != 0;
    if (doors > 0 || was_busy) {
      const RunningStats& usual = zone.baseline.door_hour(hour_of_day(time_ms));
      const bool busy =
          !score.learning && usual.count >= 3.0 &&
          doors > usual.mean + policy.baseline.z_threshold * std::max(usual.sigma(), 1.0);
      if (busy != was_busy) {
        set_baseline_reason(zone_id, kBaselineDoorTraffic, busy, time_ms, doors,
                            std::to_string(doors) + " door openings this hour against " +
                                format_fixed(usual.mean, 1) + " usual");
      }
    }
  }
}

void Engine::Impl::telemetry(ZoneId zone_id, TimeMs time_ms, TelemetryKind kind, bool on) {
  ZoneState& zone = zones[zone_id];
  // A zone period that ended by the time of this report is summarised before the report changes
  // the zone's state: otherwise a reading after the report would close that period with the new
  // state (power off, HVAC off) and date what it finds at the period's end, before the report.
  if (zone.period_end_ms != kNoTime && zone.period_end_ms <= time_ms) {
    finalize_zone_period(zone_id, zone.period_end_ms);
    zone.period_end_ms = kNoTime;
  }
  switch (kind) {
    case TelemetryKind::kHvacOn:
      if (on) {
        zone.hvac_on = 1;
        zone.hvac_off_since_ms = kNoTime;
        if (zone.hvac_reasons & kHvacTelemetry)
          set_hvac_reason(zone_id, kHvacTelemetry, false, time_ms, "");
      } else if (zone.hvac_on != 0) {
        zone.hvac_on = 0;
        zone.hvac_off_since_ms = time_ms;
        next_scan_ms = kNoTime;  // a new deadline
      }
      break;
    case TelemetryKind::kDoorOpen:
      if (on && zone.door_open != 1) {
        zone.door_open = 1;
        zone.door_open_since_ms = time_ms;
        zone.last_door_ms = time_ms;
        zone.door_report_lag.add(static_cast<double>(std::max<TimeMs>(now - time_ms, 0)));
        next_scan_ms = kNoTime;
        zone.baseline.observe_door_event(time_ms);
      } else if (!on) {
        if (zone.door_open == 1) {
          zone.last_door_ms = time_ms;
          // An opening that did not alarm teaches what a routine opening is.
          if (!(zone.door_reasons & kDoorTelemetry) && time_ms > zone.door_open_since_ms) {
            zone.routine_openings.add(static_cast<double>(time_ms - zone.door_open_since_ms));
          }
        }
        zone.door_open = 0;
        zone.door_open_since_ms = kNoTime;
        if (zone.door_reasons & kDoorTelemetry) {
          set_door_reason(zone_id, kDoorTelemetry, false, time_ms, Severity::kInfo,
                          "door reported closed");
        }
      }
      break;
    case TelemetryKind::kPowerOn: {
      AlertId& slot = zone.alerts[static_cast<int>(AlertType::kPowerFailure)];
      zone.power_on = on ? 1 : 0;
      if (!on && slot == 0) {
        slot = raise({.type = AlertType::kPowerFailure,
                      .severity = Severity::kCritical,
                      .action = Action::kRestorePower,
                      .zone = zone_id,
                      .time_ms = time_ms,
                      .value = 0.0,
                      .detail = "zone power reported off"});
      } else if (on && slot != 0) {
        clear(slot, time_ms, 1.0, "zone power restored");
      }
      break;
    }
  }
}

// The scan also works out the earliest time anything could next be due (deadlines only move
// later as data arrives; events that bring one closer reset next_scan_ms), so that it runs
// once per timeout rather than once per interval when all is well.
void Engine::Impl::scan() {
  constexpr TimeMs kFar = 366 * kMsPerDay;
  TimeMs next = now + kFar;
  auto due_at = [&next](TimeMs t) { next = std::min(next, t); };
  // Only the hot state is read for sensors with nothing to report.
  for (SensorId id = 0; id < hot.size(); ++id) {
    SensorHot& s = hot[id];
    if (s.expect_since_ms == kNoTime) s.expect_since_ms = now;
    const TimeMs reference = s.last_valid_ms != kNoTime ? s.last_valid_ms : s.expect_since_ms;
    if (!(s.flags & kCommLost)) due_at(reference + s.comm_timeout_ms + 1);
    if (s.calibration_check_ms != kNoTime) due_at(s.calibration_check_ms);
    if (!(s.flags & kCommLost) && now - reference > s.comm_timeout_ms) [[unlikely]] {
      s.flags |= kCommLost;
      AlertId& slot = cold[id].alerts[static_cast<int>(AlertType::kCommunicationLoss)];
      std::vector<Evidence> evidence;
      if (s.last_valid_ms != kNoTime) evidence.push_back({id, s.last_valid_ms, s.last_value});
      slot = raise({.type = AlertType::kCommunicationLoss,
                    .severity = Severity::kMedium,
                    .action = Action::kCheckCommunication,
                    .zone = s.zone,
                    .sensor = id,
                    .time_ms = now,
                    .value = 0.0,
                    .evidence = std::move(evidence),
                    .detail = "no valid reading for " + minutes(now - reference) + " (timeout " +
                              minutes(s.comm_timeout_ms) + ")"});
    }
    if (s.calibration_check_ms != kNoTime && now >= s.calibration_check_ms) [[unlikely]] {
      const TimeMs due = cold[id].config.calibration_due_ms;
      AlertId& slot = cold[id].alerts[static_cast<int>(AlertType::kCalibrationDue)];
      const bool overdue = now >= due;
      const std::string detail = overdue ? "calibration overdue since " + format_iso8601(due)
                                         : "calibration due on " + format_iso8601(due);
      if (slot == 0) {
        slot = raise({.type = AlertType::kCalibrationDue,
                      .severity = overdue ? Severity::kMedium : Severity::kLow,
                      .action = Action::kScheduleCalibration,
                      .zone = s.zone,
                      .sensor = id,
                      .time_ms = now,
                      .value = 0.0,
                      .detail = detail});
      } else if (overdue) {
        update(slot, Severity::kMedium, Action::kScheduleCalibration, now, 0.0, {}, detail);
      }
      // Next look: at the due date, then never until the date is renewed.
      s.calibration_check_ms = overdue ? kNoTime : due;
      if (!overdue) due_at(due);
    }
  }
  for (ZoneId z = 0; z < zones.size(); ++z) {
    ZoneState& zone = zones[z];
    const Policy& policy = policies[zone.policy].policy;
    // HVAC off is the thermostat being satisfied unless the zone is above its control band.
    if (zone.hvac_on == 0 && zone.above_band_since_ms != kNoTime &&
        !(zone.hvac_reasons & kHvacTelemetry)) {
      const TimeMs since = std::max(zone.hvac_off_since_ms, zone.above_band_since_ms);
      if (now - since > policy.hvac.telemetry_off_max_ms) {
        set_hvac_reason(z, kHvacTelemetry, true, now,
                        "HVAC reported off for " + minutes(now - zone.hvac_off_since_ms) +
                            ", zone above its control band for " + minutes(now - since));
      } else {
        due_at(since + policy.hvac.telemetry_off_max_ms + 1);
      }
    }
    if (zone.door_open == 1 && !(zone.door_reasons & kDoorTelemetry) && policy.door.enabled) {
      const TimeMs limit = door_open_limit_ms(zone);
      if (now - zone.door_open_since_ms > limit) {
        set_door_reason(z, kDoorTelemetry, true, now, Severity::kHigh,
                        "door reported open for " + minutes(now - zone.door_open_since_ms) +
                            " (limit " + minutes(limit) + ", longer than routine openings)");
      } else {
        due_at(zone.door_open_since_ms + limit + 1);
      }
    }
  }
  due_at(close_quiet_lanes());
  scan_lots();
  if (next_lot_prune_ms != kNoTime) due_at(next_lot_prune_ms);
  next_scan_ms = std::max(next, now + kScanIntervalMs);
}

}  // namespace pharmatwin::detection
