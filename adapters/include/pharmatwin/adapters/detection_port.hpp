// The port between the simulated world and an environmental detection system.
//
// The world pushes sensor readings and zone telemetry in batches, then lets the system catch up
// to the simulated time with advance_to(); the system answers with alerts and decisions. Types
// are plain structs with names as small integers (indices into SiteLayout) for speed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pharmatwin/adapters/decision.hpp"

namespace pharmatwin::adapters {

inline constexpr std::uint32_t kNoIndex = 0xFFFFFFFFu;

enum class SensorKind : std::uint8_t { kAir = 1, kProductSimulant = 2 };

// Names and static facts of the site, sent once before the first reading.
struct ZoneInfo {
  std::string name;
  double min_c = 0;  // storage range of the zone
  double max_c = 0;
  double setpoint_c = 0;
};
struct SensorInfo {
  std::string name;
  std::uint32_t zone = kNoIndex;
  SensorKind kind = SensorKind::kAir;
  double sample_interval_s = 60;
};
struct SiteLayout {
  std::string site_name;
  double start_epoch_s = 0;  // Unix time of simulated time zero
  std::vector<ZoneInfo> zones;
  std::vector<SensorInfo> sensors;
};

// One sample of one sensor. Dropped samples are absent, never NaN.
struct SensorReading {
  double time_s = 0;  // simulated seconds since the run start
  double value_c = 0;
  std::uint32_t sensor = kNoIndex;
  std::uint32_t zone = kNoIndex;
};

// Building-management status of one zone, reported at the end of each delivery block.
struct ZoneTelemetry {
  double time_s = 0;
  std::uint32_t zone = kNoIndex;
  bool hvac_running = false;  // compressor on at time_s
  bool hvac_powered = true;   // mains or generator present
  std::uint32_t doors_open = 0;
  double hvac_duty = 0;  // share of the block the HVAC ran, 0..1
};

// A lot stored in a zone, as the warehouse management system knows it.
struct LotInZone {
  std::string lot;          // "<gtin14>/<lot>"
  std::uint64_t units = 0;  // in the zone, whatever their status (quarantined stock stays put)
  double min_c = 0;         // the product's labelled storage range
  double max_c = 0;
  double budget_s = 0;  // time out of that range its stability data allows (0: unknown)
};

// What one zone holds after stock moved (receiving, picking, destruction): every lot, in lot
// order. An empty list means the zone is empty.
struct ZoneStock {
  double time_s = 0;
  std::uint32_t zone = kNoIndex;
  std::vector<LotInZone> lots;
};

struct Alert {
  std::string id;
  std::string kind;  // e.g. "excursion", "rate_of_change", "sensor_stuck", "hvac_fault"
  std::uint32_t zone = kNoIndex;
  std::uint32_t sensor = kNoIndex;
  double raised_at_s = 0;
  bool cleared = false;
  double cleared_at_s = 0;
  int severity = 0;               // 0 info, 1 warning, 2 critical
  std::vector<std::string> lots;  // "<gtin14>/<lot>" concerned, when known
  std::string message;
};

// What a system under test produced since the previous advance_to().
struct PortOutput {
  std::vector<Alert> alerts;  // new alerts and state changes (cleared) of earlier ones
  std::vector<Decision> decisions;
  void clear() {
    alerts.clear();
    decisions.clear();
  }
};

class DetectionPort {
 public:
  virtual ~DetectionPort() = default;
  // Called once before anything else.
  virtual void bind(const SiteLayout& layout) {}
  // Readings in time order within a batch; batches in time order.
  virtual void on_readings(std::span<const SensorReading> readings) = 0;
  virtual void on_telemetry(std::span<const ZoneTelemetry> telemetry) = 0;
  // The stock of the zones whose content changed since the previous call (the first call covers
  // every zone that holds stock). Systems that do not use stock may ignore it.
  virtual void on_zone_stock(std::span<const ZoneStock> stock) {}
  // The world reached `sim_time_s`: everything up to it has been delivered. Appends to `out`.
  virtual void advance_to(double sim_time_s, PortOutput& out) = 0;
  // End of the run.
  virtual void finish(double sim_time_s, PortOutput& out) {}
};

// Discards everything (benchmarks, runs without a detection system).
class NullDetectionPort final : public DetectionPort {
 public:
  void on_readings(std::span<const SensorReading>) override {}
  void on_telemetry(std::span<const ZoneTelemetry>) override {}
  void advance_to(double, PortOutput&) override {}
};

// Keeps everything it receives; answers with alerts/decisions queued by a test.
class RecordingDetectionPort final : public DetectionPort {
 public:
  void bind(const SiteLayout& layout) override { layout_ = layout; }
  void on_readings(std::span<const SensorReading> readings) override {
    readings_.insert(readings_.end(), readings.begin(), readings.end());
    ++reading_batches_;
  }
  void on_telemetry(std::span<const ZoneTelemetry> telemetry) override {
    telemetry_.insert(telemetry_.end(), telemetry.begin(), telemetry.end());
  }
  void on_zone_stock(std::span<const ZoneStock> stock) override {
    zone_stock_.insert(zone_stock_.end(), stock.begin(), stock.end());
  }
  void advance_to(double sim_time_s, PortOutput& out) override {
    advances_.push_back(sim_time_s);
    while (!pending_alerts_.empty() && pending_alerts_.front().raised_at_s <= sim_time_s) {
      out.alerts.push_back(pending_alerts_.front());
      pending_alerts_.erase(pending_alerts_.begin());
    }
    while (!pending_decisions_.empty() && pending_decisions_.front().sim_time_s <= sim_time_s) {
      out.decisions.push_back(pending_decisions_.front());
      pending_decisions_.erase(pending_decisions_.begin());
    }
  }
  // Queued answers are released by the first advance_to() at or after their time.
  void queue_alert(Alert alert) { pending_alerts_.push_back(std::move(alert)); }
  void queue_decision(Decision decision) { pending_decisions_.push_back(std::move(decision)); }

  const SiteLayout& layout() const { return layout_; }
  const std::vector<SensorReading>& readings() const { return readings_; }
  const std::vector<ZoneTelemetry>& telemetry() const { return telemetry_; }
  const std::vector<ZoneStock>& zone_stock() const { return zone_stock_; }
  const std::vector<double>& advances() const { return advances_; }
  std::size_t reading_batches() const { return reading_batches_; }

 private:
  SiteLayout layout_;
  std::vector<SensorReading> readings_;
  std::vector<ZoneTelemetry> telemetry_;
  std::vector<ZoneStock> zone_stock_;
  std::vector<double> advances_;
  std::size_t reading_batches_ = 0;
  std::vector<Alert> pending_alerts_;
  std::vector<Decision> pending_decisions_;
};

}  // namespace pharmatwin::adapters
