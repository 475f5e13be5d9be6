// Detection policy: every rule's settings for one storage class, loaded from a versioned JSON
// file (data/policies/*.json). The version string is carried on every alert the policy produces.
//
// load_policy() never throws on bad input: syntax errors are located by line and column,
// meaning errors by line and JSON path ("/excursion/hi_c: expected a number").
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pharmatwin/detection/alerts.hpp"
#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::detection {

// How an alarm delay counts time spent beyond a limit.
enum class DelayMode : std::uint8_t {
  kReset,       // the value must stay beyond the limit for the whole delay; any return resets it
  kCumulative,  // time beyond the limit adds up across returns; the sum resets only after the
                // value has been back in range for `cumulative_reset_ms`
};

// One threshold level; `enabled` false when the policy leaves it out.
struct LevelPolicy {
  bool enabled = false;
  double limit = 0.0;
  TimeMs delay_ms = 0;
};

// Multi-level thresholds for one measured quantity (temperature in °C, humidity in %RH).
struct ThresholdPolicy {
  LevelPolicy lolo, lo, hi, hihi;
  DelayMode delay_mode = DelayMode::kReset;
  TimeMs cumulative_reset_ms = kMsPerHour;
  // An active alarm clears only once the value is back inside the limit by this margin.
  double off_margin = 0.5;
};

struct RatePolicy {
  bool enabled = true;
  double max_c_per_min = 0.5;
  TimeMs window_ms = 10 * kMsPerMinute;
  double clear_ratio = 0.5;  // clears when |rate| <= clear_ratio * max
};

struct EarlyWarningPolicy {
  bool enabled = true;
  TimeMs horizon_ms = 2 * kMsPerHour;        // warn when the breach is predicted within this
  TimeMs time_constant_ms = 3 * kMsPerHour;  // first-order thermal time constant of the zone
  double min_slope_c_per_min = 0.005;
};

struct HvacPolicy {
  bool enabled = true;
  double warming_c_per_min = 0.03;            // zone warming faster than this ...
  TimeMs warming_for_ms = 30 * kMsPerMinute;  // ... for this long, with HVAC on or unknown
  double cycle_min_amplitude_c = 0.3;         // smallest controller swing counted as a cycle
  double cycle_stop_factor = 3.0;             // no cycle for this many learned periods = stopped
  TimeMs telemetry_off_max_ms = 10 * kMsPerMinute;  // HVAC reported off longer than this
  double slow_recovery_factor = 2.0;                // pull-down slower than this many times normal
};

// A door opening is an event (it teaches the baseline and holds the redundancy check), not an
// alarm. door_open alarms only when a door stays open too long or an opening does not recover:
//  * spike: the warmest sensor rises, within the spike window (at least one sampling interval
//    of the zone), by more than spike_rise_c and more than the zone's own normal rise over the
//    same span (median + spike_mads · 1.4826 · MAD of the rises seen in normal periods, which
//    holds the controller's cycling); it alarms if it has not recovered after recovery_ms with
//    the zone above its learned control band, or as soon as it takes the zone out of range;
//  * telemetry: the door reported open longer than max_open_ms and longer than
//    routine_open_factor times the zone's routine openings (median + 5 · 1.4826 · MAD of the
//    durations of its recent openings that did not alarm).
struct DoorPolicy {
  bool enabled = true;
  double spike_rise_c = 1.0;  // smallest rise of the warmest sensor counted as a spike
  TimeMs spike_window_ms = 3 * kMsPerMinute;
  double spike_mads = 5.0;                 // spike: rise beyond the normal rise by this many sigmas
  TimeMs recovery_ms = 10 * kMsPerMinute;  // a door opening recovers within this
  TimeMs max_open_ms = 5 * kMsPerMinute;   // telemetry: door open longer than this ...
  double routine_open_factor = 3.0;        // ... and than this many routine openings
};

struct MktPolicy {
  bool enabled = true;
  TimeMs window_ms = 30 * kMsPerDay;
  double limit_c = 25.0;
  double min_coverage = 0.5;  // share of the window that must hold data before judging
  // Allowed excursions for the class (USP <659>/<1079.2>): spikes up to spike_max_c for at most
  // spike_max_ms above allowed_max_c are tolerated; more is reported.
  bool allowed_excursion_enabled = true;
  double allowed_max_c = 30.0;
  double spike_max_c = 40.0;
  TimeMs spike_max_ms = 24 * kMsPerHour;
};

struct BudgetPolicy {
  bool enabled = true;
  double warn_share = 0.5;  // alert when this share of a lot's budget is used
};

struct SensorHealthPolicy {
  TimeMs comm_timeout_ms = 15 * kMsPerMinute;
  bool stuck_enabled = true;
  double stuck_tolerance = 0.02;  // range of values below which a sensor looks frozen
  TimeMs stuck_for_ms = 4 * kMsPerHour;
  bool redundancy_enabled = true;
  int min_sensors = 3;         // redundancy needs this many sensors reporting in the zone
  int aggregate_periods = 10;  // zone periods averaged into one CUSUM sample
  // Spread of a healthy sensor's averaged residual: used until the zone's own spread is learned
  // (1.4826 · MAD of its recent residuals, at least residual_sigma_min), which then replaces it.
  double residual_sigma = 0.2;
  double residual_sigma_min = 0.05;  // below any probe's accuracy class
  double cusum_k = 0.5;              // reference value, in sigmas
  double cusum_h = 5.0;              // decision interval, in sigmas
  double bias_limit = 1.5;           // |mean residual| above this = biased sensor
  int learn_samples = 12;            // CUSUM samples used to learn each sensor's normal offset
  // Thermal time constant of product simulants against the air: a product probe without enough
  // product peers is compared with the air level lagged by it, and only once the air and its
  // lagged level agree (the zone is at equilibrium) and this long after any disturbance.
  TimeMs product_lag_ms = kMsPerHour;
  bool suppress_suspect_excursions = true;
  TimeMs calibration_warn_ms = 14 * kMsPerDay;
};

struct BaselinePolicy {
  bool enabled = true;
  TimeMs learn_ms = 7 * kMsPerDay;
  double z_threshold = 4.0;
  int min_periods = 5;             // consecutive anomalous periods before alerting
  double min_sigma_c = 0.1;        // floor on the learned spread
  double short_cycle_ratio = 0.5;  // cycles shorter than this share of normal = short-cycling
};

struct DataQualityPolicy {
  TimeMs late_after_ms = 5 * kMsPerMinute;    // older than the engine clock by this = late
  TimeMs backfill_gap_ms = 2 * kMsPerMinute;  // gap in a sensor's stream that backfill may fill
};

struct Route {
  Team team = Team::kQuality;
  int priority = 3;  // 1 = most urgent
};

struct Policy {
  std::string version;
  std::string storage_class;
  std::string description;
  double range_min_c = 15.0;  // labelled storage range of the class
  double range_max_c = 25.0;
  TimeMs zone_period_ms = kMsPerMinute;
  ThresholdPolicy temperature;
  std::optional<ThresholdPolicy> humidity;
  RatePolicy rate;
  EarlyWarningPolicy early_warning;
  HvacPolicy hvac;
  DoorPolicy door;
  MktPolicy mkt;
  BudgetPolicy budget;
  SensorHealthPolicy health;
  BaselinePolicy baseline;
  DataQualityPolicy data_quality;
  std::array<Route, kAlertTypeCount> routing{};
};

struct PolicyError {
  std::string file;
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
  std::string path;  // JSON pointer of the offending value
  std::string message;
  std::string to_string() const;  // "file:line:col: path: message"
};

struct PolicyLoad {
  Policy policy;
  std::vector<PolicyError> errors;
  bool ok() const { return errors.empty(); }
};

// Parses a policy document; `name` is used in error locations.
PolicyLoad parse_policy(std::string_view text, const std::string& name);
PolicyLoad load_policy(const std::filesystem::path& path);

// Default routing of each alert type (used for types the file does not route).
Route default_route(AlertType type);

}  // namespace pharmatwin::detection
