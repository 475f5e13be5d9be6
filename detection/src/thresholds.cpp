#include "pharmatwin/detection/thresholds.hpp"

#include <algorithm>

namespace pharmatwin::detection {

CompiledThresholds CompiledThresholds::from(const ThresholdPolicy& policy, TimeMs max_gap_ms) {
  CompiledThresholds c;
  const LevelPolicy* levels[4] = {&policy.lolo, &policy.lo, &policy.hi, &policy.hihi};
  for (int i = 0; i < 4; ++i) {
    c.enabled[i] = levels[i]->enabled;
    c.limit[i] = levels[i]->limit;
    c.delay_ms[i] = levels[i]->delay_ms;
    const bool high = i >= kHi;
    c.clear_at[i] =
        high ? levels[i]->limit - policy.off_margin : levels[i]->limit + policy.off_margin;
    if (!c.enabled[i]) continue;
    if (high) {
      c.quiet_hi = std::min(c.quiet_hi, levels[i]->limit);
    } else {
      c.quiet_lo = std::max(c.quiet_lo, levels[i]->limit);
    }
  }
  c.cumulative = policy.delay_mode == DelayMode::kCumulative;
  c.cumulative_reset_ms = policy.cumulative_reset_ms;
  c.max_gap_ms = max_gap_ms;
  return c;
}

std::uint8_t ExcursionTracker::update_slow(const CompiledThresholds& c, TimeMs previous_ms,
                                           TimeMs time_ms, double value) {
  std::uint8_t changed = 0;
  const bool have_interval = previous_ms != kNoTime;
  const TimeMs interval_ms = have_interval ? time_ms - previous_ms : 0;
  const bool gap = have_interval && interval_ms > c.max_gap_ms;
  for (int i = 0; i < 4; ++i) {
    if (!c.enabled[i]) continue;
    const std::uint8_t bit = kLevelBit[i];
    LevelState& s = levels_[i];
    const bool high = i >= kHi;
    const bool beyond = high ? value > c.limit[i] : value < c.limit[i];
    const bool was_beyond = (beyond_ & bit) != 0;

    if (gap) {
      s.counted_ms = 0;
      s.inside_since_ms = kNoTime;
    } else if (was_beyond) {
      s.counted_ms += interval_ms;
    }
    if (beyond) {
      s.inside_since_ms = kNoTime;
      if (s.counted_ms == 0 && (!was_beyond || gap)) {
        s.first_ms = time_ms;
        s.first_value = value;
        s.peak_ms = time_ms;
        s.peak_value = value;
      }
      if (high ? value > s.peak_value : value < s.peak_value) {
        s.peak_value = value;
        s.peak_ms = time_ms;
      }
    } else if (!c.cumulative) {
      s.counted_ms = 0;
    } else {
      if (s.inside_since_ms == kNoTime) s.inside_since_ms = time_ms;
      if (time_ms - s.inside_since_ms >= c.cumulative_reset_ms) s.counted_ms = 0;
    }

    if ((active_ & bit) == 0) {
      if (beyond && s.counted_ms >= c.delay_ms[i]) {
        active_ |= bit;
        changed |= bit;
      }
    } else if (high ? value <= c.clear_at[i] : value >= c.clear_at[i]) {
      active_ &= static_cast<std::uint8_t>(~bit);
      changed |= bit;
      s.counted_ms = 0;
      s.inside_since_ms = kNoTime;
    }
    beyond_ = beyond ? (beyond_ | bit) : (beyond_ & static_cast<std::uint8_t>(~bit));
    counting_ =
        s.counted_ms > 0 ? (counting_ | bit) : (counting_ & static_cast<std::uint8_t>(~bit));
  }
  return changed;
}

}  // namespace pharmatwin::detection
