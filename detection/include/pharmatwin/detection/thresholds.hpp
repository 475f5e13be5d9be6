// Multi-level threshold excursions (LoLo/Lo/Hi/HiHi) with alarm delays and off-margin hysteresis.
//
// Semantics, per level, on the readings of one sensor in time order:
//  * "beyond" means strictly above a high limit (Hi, HiHi) or strictly below a low one (Lo, LoLo).
//  * Time beyond the limit is counted between readings: the interval from a reading to the next
//    counts when the earlier reading was beyond. An interval longer than `max_gap_ms` (the
//    communication timeout) counts nothing and resets the delay: there is no evidence the value
//    stayed beyond while the sensor was silent.
//  * Reset delays: a reading back inside the limit resets the counted time to zero.
//    Cumulative delays: the counted time survives returns inside the limit and resets only after
//    the value has been inside for `cumulative_reset_ms` (measured between readings).
//  * The alarm goes active at the first reading beyond the limit at which the counted time
//    reaches the delay (a zero delay fires on the first reading beyond).
//  * An active alarm clears at the first reading inside the limit by at least the off margin
//    (Hi clears at value <= limit - margin), and its counted time restarts from zero.
#pragma once

#include <array>
#include <cstdint>
#include <limits>

#include "pharmatwin/detection/policy.hpp"
#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::detection {

enum Level : std::uint8_t { kLoLo = 0, kLo = 1, kHi = 2, kHiHi = 3 };
inline constexpr std::uint8_t kLevelBit[4] = {1, 2, 4, 8};
inline constexpr std::uint8_t kHighLevels = 4 | 8;
inline constexpr std::uint8_t kLowLevels = 1 | 2;

// ThresholdPolicy turned into flat arrays for the hot path.
struct CompiledThresholds {
  std::array<bool, 4> enabled{};
  std::array<double, 4> limit{};
  std::array<double, 4> clear_at{};  // limit moved inside by the off margin
  std::array<TimeMs, 4> delay_ms{};
  bool cumulative = false;
  TimeMs cumulative_reset_ms = 0;
  TimeMs max_gap_ms = 0;
  // Values in [quiet_lo, quiet_hi] cannot touch any level: an idle tracker can skip them.
  double quiet_lo = -std::numeric_limits<double>::infinity();
  double quiet_hi = std::numeric_limits<double>::infinity();

  static CompiledThresholds from(const ThresholdPolicy& policy, TimeMs max_gap_ms);
};

class ExcursionTracker {
 public:
  struct LevelState {
    TimeMs counted_ms = 0;
    TimeMs inside_since_ms = kNoTime;  // cumulative mode: first reading back inside
    TimeMs first_ms = 0;               // first reading of the current counted episode
    double first_value = 0.0;
    TimeMs peak_ms = 0;  // most extreme reading of the episode
    double peak_value = 0.0;
  };

  // Feeds one reading; returns the bit set of levels whose active state changed.
  std::uint8_t update(const CompiledThresholds& c, TimeMs time_ms, double value) {
    const bool idle = active_ == 0 && beyond_ == 0 && counting_ == 0;
    const TimeMs previous_ms = last_ms_;
    last_ms_ = time_ms;
    if (idle && value >= c.quiet_lo && value <= c.quiet_hi) return 0;
    return update_slow(c, previous_ms, time_ms, value);
  }

  std::uint8_t active() const { return active_; }
  bool is_active(Level level) const { return (active_ & kLevelBit[level]) != 0; }
  const LevelState& state(Level level) const { return levels_[level]; }
  void reset() { *this = ExcursionTracker{}; }

 private:
  std::uint8_t update_slow(const CompiledThresholds& c, TimeMs previous_ms, TimeMs time_ms,
                           double value);

  // Header first: the fast path reads only these.
  TimeMs last_ms_ = kNoTime;
  std::uint8_t active_ = 0;    // bit per level
  std::uint8_t beyond_ = 0;    // previous reading was beyond the level
  std::uint8_t counting_ = 0;  // counted time > 0 (cumulative episode in progress)
  std::array<LevelState, 4> levels_{};
};

}  // namespace pharmatwin::detection
