// The detection engine: quality-monitoring rules over a site's sensor feed.
//
// It knows nothing of any simulator and runs the same on live data, recorded CSV or a simulated
// world. Usage:
//   1. add_policy() once per storage class (see policy.hpp and data/policies/).
//   2. add_zone() / add_sensor() up front: names and configuration go in, dense integer ids
//      come out (ZoneId, SensorId, numbered 0, 1, 2, ... in registration order).
//   3. Feed data in time order per sensor: ingest(sensor, time_ms, value) or ingest(span of
//      Reading); value NaN = the logger reported a missing value. ingest_telemetry() for zone
//      HVAC/door/power states; set_lots_in_zone() when stock moves; advance_to() when time
//      passes without data so that timeouts (communication loss, door open too long) can fire.
//   4. Collect alert lifecycle events with drain() or a sink set by set_sink();
//      acknowledge(alert, decision) records decisions.
//
// Time is std::int64_t milliseconds since the Unix epoch (UTC) everywhere. The engine clock is
// the latest time seen (readings, telemetry, advance_to). The ingest paths neither allocate nor
// touch strings except when an alert event is produced. Memory per sensor is fixed (ring buffers
// and running statistics); the table of open alerts grows with the number of open alerts, the
// lot table with the lots stocked plus those gone within the retention (set_lot_retention).
//
// Data quality: a reading with the same sensor and timestamp as one already processed is
// ignored; readings older than the sensor's last one (backfill after a gateway outage) are run
// through a separate "backfill lane" with the same threshold and rate rules, their MKT terms,
// and their zone-period means merged into the zone's period history so that stability budgets
// count late periods too (once). Alerts they raise carry the original time and are flagged
// late. Backfill falling inside a stretch the sensor already covered (no gap longer than
// data_quality.backfill_gap_s) or resent within the lane's run is treated as a duplicate.
//
// Not thread-safe: one engine per thread (or external locking).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pharmatwin/detection/alerts.hpp"
#include "pharmatwin/detection/policy.hpp"
#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::detection {

enum class SensorKind : std::uint8_t { kTemperature, kHumidity };
enum class TelemetryKind : std::uint8_t { kHvacOn, kDoorOpen, kPowerOn };
// What a temperature probe measures: the air, or a product simulant (a probe in a vial of glycol
// or a dummy pack) that follows the air with the thermal lag of the product. Redundancy checks
// compare probes of the same placement, or a product probe with the lagged air level.
enum class Placement : std::uint8_t { kAir, kProduct };

struct ZoneConfig {
  std::string site;
  std::string name;
  std::string storage_class;  // selects the policy added with the same storage_class
};

struct SensorConfig {
  std::string name;
  ZoneId zone = kNoZone;
  SensorKind kind = SensorKind::kTemperature;
  TimeMs calibration_due_ms = kNoTime;  // kNoTime = not tracked
  Placement placement = Placement::kAir;
};

struct Lot {
  std::string id;
  TimeMs budget_ms = 0;  // time out of range the product's stability data allows
  // Product range; defaults to the zone policy's labelled range.
  std::optional<double> min_c;
  std::optional<double> max_c;
};

struct Reading {
  SensorId sensor = 0;
  TimeMs time_ms = 0;
  double value = 0.0;  // NaN = missing
};

// A registration result: the id, or an error message.
template <typename Id>
struct Registered {
  Id id{};
  std::string error;
  bool ok() const { return error.empty(); }
};

struct EngineStats {
  std::uint64_t readings = 0;              // all ingested readings
  std::uint64_t missing_values = 0;        // NaN readings
  std::uint64_t duplicates = 0;            // same sensor+time, or backfill over covered time
  std::uint64_t backfilled = 0;            // processed by the backfill lane
  std::uint64_t out_of_order_dropped = 0;  // older than the backfill lane's position
  std::uint64_t unknown_sensor = 0;
  std::uint64_t events = 0;  // alert events produced
};

// Read-only view of a sensor's health state (tests, dashboards).
struct SensorHealthView {
  bool communication_lost = false;
  bool stuck = false;
  bool drifting = false;
  bool biased = false;
  double cusum_upper = 0.0;
  double cusum_lower = 0.0;
  double learned_offset = 0.0;
  // Rolling MKT over the policy's window ending when the newest reading's hold ends (the
  // newest reading included, held as long as the interval before it); NaN when no data.
  double mkt_c = 0.0;
  double mkt_coverage = 0.0;    // share of that window holding data (0..1)
  TimeMs mkt_end_ms = kNoTime;  // end of that window (kNoTime when no data)
};

// A lot's stability budget as the engine knows it (tests, dashboards).
struct LotBudgetView {
  TimeMs consumed_ms = 0;  // time out of the lot's range, over every zone it was in
  int zones = 0;           // zones holding it now (0: gone, remembered for the retention)
};

// An alert that is open (not cleared) or cleared but not yet acknowledged.
struct OpenAlert {
  AlertId id = 0;
  AlertType type = AlertType::kExcursionHigh;
  Severity severity = Severity::kInfo;
  ZoneId zone = kNoZone;
  SensorId sensor = kNoSensor;
  bool cleared = false;
  bool acknowledged = false;
};

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  // Registers the policy of one storage class; error when the class is already present.
  std::string add_policy(Policy policy);
  Registered<ZoneId> add_zone(ZoneConfig zone);
  Registered<SensorId> add_sensor(SensorConfig sensor);
  // Sets what a zone holds. Budgets belong to lots (by id), not to the zone: a lot already in
  // the zone keeps its consumption and open alert, a lot leaving stops being charged, a lot
  // arriving starts from what the engine knows of it (zero if new). Re-sending the same list
  // changes nothing. A lot's budget and range are updated from the latest list naming it.
  void set_lots_in_zone(ZoneId zone, std::span<const Lot> lots);
  // How long a lot that left every zone is remembered (its consumption carried if it comes
  // back), and at most how many such lots; the oldest departures are forgotten first.
  void set_lot_retention(TimeMs keep_ms, std::size_t max_absent_lots);
  std::optional<LotBudgetView> lot_budget(const std::string& lot_id) const;
  std::size_t tracked_lot_count() const;  // lots in zones plus lots remembered
  void set_calibration_due(SensorId sensor, TimeMs due_ms);

  // Hot path. Unknown sensor ids are counted and ignored.
  void ingest(SensorId sensor, TimeMs time_ms, double value);
  void ingest(std::span<const Reading> readings);
  void ingest_telemetry(ZoneId zone, TimeMs time_ms, TelemetryKind kind, bool on);
  void advance_to(TimeMs time_ms);

  // Records a decision on an alert (open or cleared); false when the id is unknown.
  bool acknowledge(AlertId alert, Decision decision);

  // Events go to the sink when one is set, otherwise they queue until drain().
  void set_sink(std::function<void(const AlertEvent&)> sink);
  std::vector<AlertEvent> drain();

  TimeMs now_ms() const;
  const EngineStats& stats() const;
  std::size_t zone_count() const;
  std::size_t sensor_count() const;
  const ZoneConfig& zone(ZoneId id) const;
  const SensorConfig& sensor(SensorId id) const;
  const Policy& zone_policy(ZoneId id) const;
  SensorHealthView sensor_health(SensorId id) const;
  std::vector<OpenAlert> open_alerts() const;
  // Fixed engine state held per registered sensor, in bytes (names excluded).
  static std::size_t state_bytes_per_sensor();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pharmatwin::detection
