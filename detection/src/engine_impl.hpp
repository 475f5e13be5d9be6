// Private state of the detection engine, shared by the engine_*.cpp files.
#pragma once

#include <array>
#include <cmath>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "pharmatwin/detection/baseline.hpp"
#include "pharmatwin/detection/engine.hpp"
#include "pharmatwin/detection/mkt.hpp"
#include "pharmatwin/detection/rate.hpp"
#include "pharmatwin/detection/robust.hpp"
#include "pharmatwin/detection/sensor_health.hpp"
#include "pharmatwin/detection/thresholds.hpp"

namespace pharmatwin::detection {

inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct PolicyRuntime {
  Policy policy;
  CompiledThresholds temperature;
  CompiledThresholds humidity;
  double mkt_limit_term = 0.0;  // Arrhenius term of the MKT limit
};

// Sensor flags.
enum : std::uint8_t {
  kCommLost = 1,
  kStuck = 2,
  kRateActive = 4,
  kSpike = 8,     // above the allowed-excursion maximum
  kSuspect = 16,  // flagged drifting or biased: left out of the zone's warmest/coldest values
};

// State touched by every reading of a sensor, most used first (fewest cache lines per reading).
struct SensorHot {
  TimeMs last_ms = kNoTime;        // last reading, valid or missing
  TimeMs last_valid_ms = kNoTime;  // last valid reading
  TimeMs run_start_ms = kNoTime;   // start of the current gap-free stretch
  TimeMs period_end_ms = std::numeric_limits<TimeMs>::min();
  double last_value = kNaN;
  double period_sum = 0.0;
  std::uint32_t period_count = 0;
  ZoneId zone = 0;
  std::uint16_t policy = 0;
  SensorKind kind = SensorKind::kTemperature;
  std::uint8_t flags = 0;
  // MKT sums of the current bucket, flushed to the sensor's RollingMkt once per bucket.
  TimeMs mkt_bucket_end_ms = std::numeric_limits<TimeMs>::min();
  double mkt_weighted = 0.0;
  double mkt_weight = 0.0;
  TimeMs mkt_held_ms = 0;  // weight of the newest reading: the interval before it
  StuckDetector stuck;
  ExcursionTracker excursion;
  RateOfChange rate;
  // Rarely used.
  TimeMs spike_since_ms = kNoTime;
  TimeMs comm_timeout_ms = 0;             // copied from the policy for the scan
  TimeMs expect_since_ms = kNoTime;       // when data was first expected (comm-loss reference)
  TimeMs calibration_check_ms = kNoTime;  // calibration due minus the warning lead
};

// Readings older than the sensor's latest (backfill after a gateway outage) run through a lane
// of their own, in their own time order, with the per-reading rules; their zone-period means
// are merged into the zone's period history so that zone rules account for them too.
struct BackfillLane {
  TimeMs run_start_ms = kNoTime;  // first reading of the lane's current run
  TimeMs last_ms = kNoTime;
  TimeMs last_valid_ms = kNoTime;
  double last_value = kNaN;
  TimeMs touched_ms = kNoTime;  // engine clock at the last backfilled reading
  std::int64_t period = std::numeric_limits<std::int64_t>::min();
  double period_sum = 0.0;
  std::uint32_t period_count = 0;
  bool active = false;  // listed in Impl::active_lanes
  bool rate_active = false;
  ExcursionTracker excursion;
  RateOfChange rate;
  AlertId high = 0;
  AlertId low = 0;
  AlertId rate_alert = 0;
};

// State touched rarely (alerts, once per period, scans).
struct SensorCold {
  SensorConfig config;
  std::array<AlertId, kAlertTypeCount> alerts{};
  RedundancyState redundancy;
  BackfillLane lane;
};

// A lot's stability budget, kept by lot id across the zones it passes through: time out of
// range is a property of the lot, so it survives re-sent stock lists and moves between zones.
struct LotRecord {
  Lot lot;
  TimeMs consumed_ms = 0;
  int level = 0;      // 0 fine, 1 warn share used, 2 exhausted: alerts only on a higher level
  AlertId alert = 0;  // open budget alert (kept open while the lot is in some zone)
  int zones = 0;      // zones holding it now; 0 = absent (record kept for the retention)
  TimeMs left_ms = kNoTime;  // engine clock when it left its last zone
  bool used = false;         // false: a free slot
  // Scratch of set_lots_in_zone: the call that last saw it in the zone / in the new list.
  std::uint64_t member_pass = 0;
  std::uint64_t listed_pass = 0;
  TimeMs member_since_ms = kNoTime;
};

// A lot stored in a zone: index in Impl::lots and when it arrived (earlier periods of the zone
// are not charged to it).
struct ZoneLot {
  std::uint32_t lot = 0;
  TimeMs since_ms = kNoTime;
};

// Reasons behind a zone alert that several conditions can hold open.
enum : std::uint8_t {
  kHvacTelemetry = 1,
  kHvacWarming = 2,
  kHvacCyclingStopped = 4,
  kBaselineLevel = 1,
  kBaselineShortCycling = 2,
  kBaselineDoorTraffic = 4,
  kDoorSpike = 1,
  kDoorTelemetry = 2,
};

struct ZoneState {
  ZoneConfig config;
  std::uint16_t policy = 0;
  std::vector<SensorId> temperature_sensors;
  TimeMs period_end_ms = kNoTime;  // end of the current zone period
  std::array<AlertId, kAlertTypeCount> alerts{};
  // Telemetry: -1 unknown, 0 off/closed, 1 on/open.
  int hvac_on = -1;
  int door_open = -1;
  int power_on = -1;
  TimeMs hvac_off_since_ms = kNoTime;
  TimeMs door_open_since_ms = kNoTime;
  // Zone signature.
  double median_c = kNaN;
  double rate_c_per_min = kNaN;
  RateOfChange rate;
  TimeMs warming_since_ms = kNoTime;
  TimeMs predicted_breach_ms = kNoTime;  // of the open early warning
  std::uint8_t hvac_reasons = 0;
  CycleDetector cycles;
  // Top of the normal control band, learned from the peaks of normal cycling: the zone never
  // rises above it while cooling works, so being above it is the first sign of a failure.
  RunningStats normal_peaks;
  double band_top_c = kNaN;  // cached: NaN until enough normal peaks
  TimeMs above_band_since_ms = kNoTime;
  ZoneBaseline baseline;
  int anomalous_periods = 0;
  int redundancy_periods = 0;      // periods accumulated toward the next redundancy check
  ResidualSpread residual_spread;  // learned spread of the redundancy residuals
  // Sums of period means toward the next redundancy check, by index in temperature_sensors.
  std::vector<double> redundancy_sums;
  std::vector<std::uint32_t> redundancy_counts;
  // Redundancy: air level of the last check lagged by the product's time constant (what a
  // product probe should read), and the time until which comparisons between probes of
  // different placements wait for the product to catch up after a disturbance.
  double lagged_air_c = kNaN;
  TimeMs lagged_at_ms = kNoTime;
  TimeMs settle_until_ms = kNoTime;
  double cross_gap_c = 0.0;  // largest |air - lagged air| of the current transient beyond sigma
  int short_cycles = 0;
  std::uint8_t baseline_reasons = 0;
  std::uint8_t door_reasons = 0;
  bool degraded = false;
  // Door spike detection on the warmest sensor: its recent period means with their times, the
  // rises over the spike span seen in normal periods (the zone's own cycling), the durations of
  // routine door openings (telemetry), and the latest door event of either kind.
  std::array<double, 16> max_history{};
  std::array<TimeMs, 16> max_history_ms{};
  RobustWindow<128> normal_rises;
  RobustWindow<32> routine_openings;
  // How long after the time it is dated a door-open report reaches the engine (engine clock
  // minus event time): a gateway that samples doors every 5 minutes reports an opening seen at
  // two samples, dated at the first, 5 minutes late. Between the samples nothing is known.
  RobustWindow<16> door_report_lag;
  TimeMs last_door_ms = kNoTime;
  int max_count = 0;
  bool spike_active = false;
  bool spike_escalated = false;
  double spike_reference_c = 0.0;
  double spike_threshold_c = 0.0;  // rise that started the current spike
  TimeMs spike_start_ms = 0;
  std::vector<ZoneLot> lots;
  // A period with its warmest mean above lots_max_c or its coldest below lots_min_c is out of
  // some lot's range (the tightest bounds over the lots; no lots: never).
  double lots_max_c = std::numeric_limits<double>::infinity();
  double lots_min_c = -std::numeric_limits<double>::infinity();
  // Warmest/coldest trusted period means of past periods (slot = period modulo the size), live
  // and backfilled merged: a late period mean adds to what the stability budgets already
  // counted for that period instead of counting it twice. The live path records only periods
  // out of some lot's range: a period inside every range counted nothing, which is what an
  // empty slot says too.
  struct PeriodRecord {
    std::int64_t period = std::numeric_limits<std::int64_t>::min();
    double max_c = 0.0;
    double min_c = 0.0;
  };
  static constexpr std::size_t kHistoryPeriods = 512;
  std::vector<PeriodRecord> history = std::vector<PeriodRecord>(kHistoryPeriods);
};

struct AlertRecord {
  AlertType type = AlertType::kExcursionHigh;
  Severity severity = Severity::kInfo;
  Action action = Action::kNone;
  ZoneId zone = kNoZone;
  SensorId sensor = kNoSensor;
  bool has_lot = false;  // budget alerts name their lot
  bool cleared = false;
  bool acknowledged = false;
  bool late = false;
  std::string lot;  // id of the lot of a budget alert
};

struct AlertSpec {
  AlertType type;
  Severity severity;
  Action action;
  ZoneId zone;
  SensorId sensor = kNoSensor;
  int lot = -1;  // index in Impl::lots, for budget alerts
  TimeMs time_ms = 0;
  double value = 0.0;
  std::vector<Evidence> evidence;
  std::string detail;
};

struct Engine::Impl {
  static constexpr TimeMs kScanIntervalMs = 10 * kMsPerSecond;

  std::vector<PolicyRuntime> policies;
  std::vector<ZoneState> zones;
  std::vector<SensorHot> hot;
  std::vector<SensorCold> cold;
  std::vector<RollingMkt> mkt;
  std::map<AlertId, AlertRecord> alerts;
  std::vector<SensorId> active_lanes;  // backfill lanes with pending state
  AlertId next_alert = 1;
  TimeMs now = kNoTime;
  TimeMs next_scan_ms = kNoTime;
  EngineStats stats;
  std::function<void(const AlertEvent&)> sink;
  std::vector<AlertEvent> queue;
  const ArrheniusTable& arrhenius = ArrheniusTable::instance();
  // Stability budgets by lot: records (slots reused through free_lots), the index by id, lots
  // that left their last zone since the last scan, and how long absent lots are remembered.
  std::vector<LotRecord> lots;
  std::unordered_map<std::string, std::uint32_t> lot_index;
  std::vector<std::uint32_t> free_lots;
  std::vector<std::uint32_t> departed_lots;
  std::size_t absent_lots = 0;
  TimeMs lot_retention_ms = 30 * kMsPerDay;
  std::size_t max_absent_lots = 65536;
  TimeMs next_lot_prune_ms = kNoTime;
  std::uint64_t lot_pass = 0;

  // engine.cpp
  void ingest(SensorId id, TimeMs time_ms, double value);
  void ingest_backfill(SensorId id, TimeMs time_ms, double value);
  void on_excursion_change(SensorId id, TimeMs time_ms, double value, bool backfill);
  void on_rate(SensorId id, TimeMs time_ms, double value, double rate, bool backfill = false);
  void on_stuck(SensorId id, TimeMs time_ms, double value, bool stuck);
  void on_spike(SensorId id, TimeMs time_ms, double value);
  void flush_mkt(SensorId id, TimeMs time_ms);
  // MKT over the window ending when the newest reading's hold ends, with the unflushed sums.
  MktSums mkt_sums(SensorId id) const;
  TimeMs mkt_end_ms(SensorId id) const;
  // engine_backfill.cpp
  void flush_lane_period(SensorId id);
  void record_zone_period(ZoneId zone_id, std::int64_t period, double max_c, double min_c);
  void account_budgets(ZoneId zone_id, ZoneState::PeriodRecord before,
                       ZoneState::PeriodRecord after, TimeMs time_ms);
  TimeMs close_quiet_lanes();  // returns when the next lane may go quiet
  void evaluate_mkt(SensorId id, TimeMs time_ms);
  void raise_or_clear_mkt(SensorId id, TimeMs time_ms, bool above, double mkt_c);
  void tick(TimeMs time_ms) {
    if (now == kNoTime || time_ms > now) {
      now = time_ms;
      if (next_scan_ms == kNoTime || now >= next_scan_ms) scan();
    }
  }

  // engine_lots.cpp
  void set_lots_in_zone(ZoneId zone_id, std::span<const Lot> lots);
  std::uint32_t lot_for(const Lot& lot);
  void leave_zone(std::uint32_t lot);
  void scan_lots();  // clears the alerts of lots gone, forgets lots absent too long
  void drop_lot(std::uint32_t lot);
  // engine_zone.cpp
  void finalize_zone_period(ZoneId zone_id, TimeMs period_end_ms);
  void zone_signature(ZoneId zone_id, TimeMs time_ms, double median_c, double max_c, double min_c);
  void telemetry(ZoneId zone_id, TimeMs time_ms, TelemetryKind kind, bool on);
  void scan();
  void set_hvac_reason(ZoneId zone_id, std::uint8_t reason, bool on, TimeMs time_ms,
                       const std::string& detail);
  void set_door_reason(ZoneId zone_id, std::uint8_t reason, bool on, TimeMs time_ms,
                       Severity severity, const std::string& detail);
  void door_spike(ZoneId zone_id, TimeMs time_ms, double max_c);  // engine_door.cpp
  TimeMs door_open_limit_ms(const ZoneState& zone) const;
  void set_baseline_reason(ZoneId zone_id, std::uint8_t reason, bool on, TimeMs time_ms,
                           double value, const std::string& detail);
  void check_redundancy(ZoneId zone_id, TimeMs time_ms);
  bool zone_disturbed(const ZoneState& zone) const;
  void on_redundancy_change(SensorId id, TimeMs time_ms, double residual);

  // engine_alerts.cpp
  AlertId raise(AlertSpec spec);
  void update(AlertId id, Severity severity, Action action, TimeMs time_ms, double value,
              std::vector<Evidence> evidence, std::string detail);
  void clear(AlertId& id, TimeMs time_ms, double value, std::string detail);
  void emit(AlertId id, const AlertRecord& record, Lifecycle lifecycle, TimeMs time_ms,
            double value, std::vector<Evidence> evidence, std::string detail,
            Decision decision = Decision::kAccepted);
  bool acknowledge(AlertId id, Decision decision);

  const Policy& policy_of_zone(ZoneId zone) const { return policies[zones[zone].policy].policy; }
  const Policy& policy_of_sensor(SensorId id) const { return policies[hot[id].policy].policy; }
};

std::string format_fixed(double value, int decimals);

}  // namespace pharmatwin::detection
