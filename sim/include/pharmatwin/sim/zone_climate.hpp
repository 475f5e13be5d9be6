// The climate of one zone over time: exact trajectories between events, computed lazily.
//
// A zone's trajectory is a chain of ThermalSegments. A segment ends at the next event: an hourly
// ambient step, a routine door opening or closing, a thermostat switch (found by root-finding on
// the closed form, not by polling), or a state change from outside (fault, power). The chain is
// extended only on request (advance_to) and never past the current simulated time, since faults
// injected later may change the future. No SimGrid here.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pharmatwin/sim/ambient.hpp"
#include "pharmatwin/sim/ground_truth.hpp"
#include "pharmatwin/sim/random.hpp"
#include "pharmatwin/sim/thermal.hpp"

namespace pharmatwin::sim {

inline constexpr double kNever = std::numeric_limits<double>::infinity();

// When staff are on site (routine door traffic happens then).
class StaffCalendar {
 public:
  struct Shift {
    double start_s = 0;            // time of day
    double end_s = 0;              // before start_s: runs past midnight
    std::uint8_t day_mask = 0x7F;  // bit d-1 for ISO weekday d (1 = Monday)
  };
  StaffCalendar(double start_epoch_s, std::vector<Shift> shifts)
      : start_epoch_s_(start_epoch_s), shifts_(std::move(shifts)) {}
  // Always staffed when no shift is given.
  bool staffed(double t_s) const;

 private:
  double start_epoch_s_;
  std::vector<Shift> shifts_;
};

struct DoorConfig {
  std::string name;
  double width_m = 0, height_m = 0;
  double curtain_effectiveness = 0;
  double openings_per_hour = 0;  // during staffed time
  double open_time_s = 0;
};

struct ZoneConfig {
  std::string name;
  ThermalMass mass;
  double ua_ambient_kw_per_k = 0;
  double internal_load_kw = 0;
  double hvac_capacity_kw = 0;
  double setpoint_c = 5;
  double hysteresis_c = 1;  // full band; raised to kMinBand_c when narrower
  double initial_air_c = 5, initial_product_c = 5;
  double min_c = 2, max_c = 8;  // storage range
  std::vector<DoorConfig> doors;
  bool generator = false;
  double generator_delay_s = 0;
  // While a door is open its conductance (which depends on the temperature difference) is
  // re-evaluated at least this often.
  double door_refresh_s = 120;
};

class ZoneClimate {
 public:
  static constexpr double kMinBand_c = 0.02;

  ZoneClimate(ZoneConfig config, std::shared_ptr<const AmbientProfile> ambient,
              std::shared_ptr<const StaffCalendar> staff, const RandomStreams& streams,
              double horizon_s);

  const ZoneConfig& config() const { return config_; }

  // Extends the trajectory to t_s (no-op when already there).
  void advance_to(double t_s);
  double advanced_s() const { return advanced_s_; }

  // Temperatures at t_s within the kept history (t_s <= advanced_s()); earlier times are
  // extrapolated from the oldest kept segment.
  double air_c(double t_s) const;
  double product_c(double t_s) const;
  // Both temperatures at increasing times `times_s` (within the kept history).
  void sample(std::span<const double> times_s, double* air_c, double* product_c) const;
  double ambient_c(double t_s) const { return ambient_->at_c(t_s); }

  // State changes at t_s (the zone is first advanced to t_s).
  void set_hvac_failed(double t_s, bool failed);
  void set_capacity_fraction(double t_s, double fraction);
  void set_powered(double t_s, bool powered);
  void set_door_forced_open(double t_s, std::size_t door, bool open);
  std::size_t door_index(const std::string& name) const;  // doors().size() when unknown

  bool hvac_running() const { return running_; }
  bool hvac_powered() const { return powered_; }
  std::uint32_t doors_open() const;

  // Cumulative time the product spent outside [min_c, max_c] from 0 to t_s (t_s <= advanced).
  // The first query of a range integrates the kept history, then a tracker follows the zone
  // segment by segment (the zone's own range is tracked from the start). Times before the kept
  // history are not answered exactly.
  double cumulative_outside_s(double min_c, double max_c, double t_s);

  // Ground truth of the zone up to advanced_s().
  const ZoneTruth& truth() const { return truth_; }

  // Drops history segments that ended before t_s (queries before it are no longer exact).
  void forget_before(double t_s);
  std::size_t segment_count() const { return history_.size(); }
  std::uint64_t segments_created() const { return segments_created_; }
  const ThermalSegment& segment_at(double t_s) const;
  const std::deque<ThermalSegment>& history() const { return history_; }

 private:
  struct DoorState {
    RandomStream rng;
    double next_open_s = kNever;
    double open_until_s = -1;
    bool forced_open = false;
  };
  struct Tracker {
    double min_c, max_c;
    double accounted_s;
    double outside_s;
  };

  void start_segment(double t_s, double air_c, double product_c);
  void finish_at(double t_s);
  void account(const ThermalSegment& seg, double ta, double tb);
  void process_doors(double t_s);
  double draw_next_opening(DoorState& door, const DoorConfig& cfg, double after_s);
  bool door_open(const DoorState& door, double t_s) const;
  void restart_at(double t_s);

  ZoneConfig config_;
  std::shared_ptr<const AmbientProfile> ambient_;
  std::shared_ptr<const StaffCalendar> staff_;
  double horizon_s_;
  std::vector<DoorState> doors_;

  std::deque<ThermalSegment> history_;
  double advanced_s_ = 0;
  double planned_end_s_ = 0;
  bool end_is_switch_ = false;
  std::uint64_t segments_created_ = 0;

  bool calling_ = false;  // thermostat demand
  bool running_ = false;  // compressor actually removing heat
  bool failed_ = false;
  bool powered_ = true;
  double capacity_fraction_ = 1;

  ZoneTruth truth_;
  double truth_accounted_s_ = 0;
  std::vector<Tracker> trackers_;
};

}  // namespace pharmatwin::sim
