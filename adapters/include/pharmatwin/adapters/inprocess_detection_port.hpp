// The in-process binding of the detection port: the project's own detection engine
// (pharmatwin::detection) called directly.
//
// Translation: simulated seconds become epoch milliseconds (start_epoch_s + time_s); each zone
// gets the policy of its storage class; engine alert events come back as adapters::Alert
// ("det-<engine id>", kind = the engine's alert type name, raised then cleared). A raised alert
// recommending quarantine_lots, or a raised excursion (excursion_high/low/not_allowed: past its
// policy delay) recommending assess_product_impact for the lots of its zone, becomes a
// kQuarantine Decision of those lots pending QA, with idempotency key
// "quarantine/<zone>/det-<id>" (the engine records the decision as acknowledged). The engine
// recommends quarantine only for zones it knows hold lots: on_zone_stock() tells it
// (Engine::set_lots_in_zone) for every zone whose content changed. The engine keeps each lot's
// consumed stability budget across such updates, so re-sending a zone's lots changes nothing.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/detection/engine.hpp"
#include "pharmatwin/detection/policy.hpp"

namespace pharmatwin::adapters {

// "frozen", "refrigerated", "cool" or "crt": the policy class of a storage range.
std::string storage_class_for_range(double min_c, double max_c);

// data/policies/ of the working directory when present, else the source tree's.
std::filesystem::path default_policies_dir();

struct PolicySet {
  std::vector<detection::Policy> policies;  // one per storage class
  std::vector<std::string> errors;          // "file:line:col: path: message"
};

// Loads every *.json of `dir`, then each of `overrides` in place of the policy of the same
// storage class.
PolicySet load_policy_set(const std::filesystem::path& dir,
                          const std::vector<std::filesystem::path>& overrides = {});

class InProcessDetectionPort final : public DetectionPort {
 public:
  // `zone_storage_classes`: storage class by zone name; zones not in it get the class of
  // their range (storage_class_for_range()).
  InProcessDetectionPort(std::vector<detection::Policy> policies,
                         std::map<std::string, std::string> zone_storage_classes = {});

  // Throws std::runtime_error when a zone's storage class has no policy.
  void bind(const SiteLayout& layout) override;
  void on_readings(std::span<const SensorReading> readings) override;
  void on_telemetry(std::span<const ZoneTelemetry> telemetry) override;
  void on_zone_stock(std::span<const ZoneStock> stock) override;
  void advance_to(double sim_time_s, PortOutput& out) override;
  void finish(double sim_time_s, PortOutput& out) override;

  const detection::Engine& engine() const { return engine_; }

 private:
  detection::TimeMs to_ms(double sim_time_s) const;
  double to_sim_s(detection::TimeMs time_ms) const;
  void collect(PortOutput& out);

  detection::Engine engine_;
  std::vector<detection::Policy> policies_;
  std::map<std::string, std::string> zone_classes_;
  SiteLayout layout_;
  detection::TimeMs start_ms_ = 0;
  std::vector<detection::Reading> batch_;
  std::vector<std::uint8_t>
      last_telemetry_;  // per zone: bit0 hvac, bit1 power, bit2 door, bit7 seen
  // Per zone: time of the first sample of a run of samples seeing a door open, not yet reported
  // to the engine (kNoDoorSample when the last sample saw the doors closed).
  static constexpr detection::TimeMs kNoDoorSample = -1;
  std::vector<detection::TimeMs> door_open_first_ms_;
  std::unordered_map<detection::AlertId, double> raised_at_s_;
};

}  // namespace pharmatwin::adapters
