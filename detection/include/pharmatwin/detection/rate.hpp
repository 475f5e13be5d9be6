// Rate of change over a time window, in constant memory.
//
// Keeps up to kAnchors past readings spaced at least window/kAnchors apart; the rate is the
// slope from the oldest anchor still inside the window to the newest reading. The span used is
// therefore between (1 - 1/kAnchors) and 1 times the window, once the window has filled.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::detection {

class RateOfChange {
 public:
  static constexpr unsigned kAnchors = 8;

  // Change over the window: `delta` between the newest reading and the oldest anchor, over
  // `span_ms` (0 while less than one anchor spacing of history is available).
  struct Change {
    double delta = 0.0;
    TimeMs span_ms = 0;
    double per_minute() const {
      return span_ms > 0 ? delta * static_cast<double>(kMsPerMinute) / static_cast<double>(span_ms)
                         : std::numeric_limits<double>::quiet_NaN();
    }
    // |rate| > limit (units per minute), without a division.
    bool exceeds(double limit_per_minute) const {
      return span_ms > 0 && std::fabs(delta) * static_cast<double>(kMsPerMinute) >
                                limit_per_minute * static_cast<double>(span_ms);
    }
  };

  Change update(TimeMs window_ms, TimeMs time_ms, double value) {
    const TimeMs spacing = window_ms / kAnchors;
    while (count_ > 0 && time_ms - anchors_[head_].time_ms > window_ms) {
      head_ = (head_ + 1) & (kAnchors - 1);
      --count_;
    }
    Change change;
    if (count_ > 0) {
      const Anchor& oldest = anchors_[head_];
      const TimeMs span = time_ms - oldest.time_ms;
      if (span >= spacing && span > 0) change = {value - oldest.value, span};
    }
    if (count_ == 0 || time_ms - newest_ms_ >= spacing) {
      if (count_ == kAnchors) {
        head_ = (head_ + 1) & (kAnchors - 1);
        --count_;
      }
      anchors_[(head_ + count_) & (kAnchors - 1)] = {time_ms, value};
      ++count_;
      newest_ms_ = time_ms;
    }
    return change;
  }

  void reset() {
    count_ = 0;
    head_ = 0;
  }

 private:
  struct Anchor {
    TimeMs time_ms;
    double value;
  };
  unsigned head_ = 0;
  unsigned count_ = 0;
  TimeMs newest_ms_ = 0;
  std::array<Anchor, kAnchors> anchors_{};
};

}  // namespace pharmatwin::detection
