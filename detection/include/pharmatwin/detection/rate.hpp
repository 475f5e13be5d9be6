// Rate of change over a time window, in constant memory.
//
// Keeps up to kAnchors past readings spaced at least window/(kAnchors) apart; the rate is the
// slope from the oldest anchor still inside the window to the newest reading. The span used is
// therefore between (1 - 1/kAnchors) and 1 times the window, once the window has filled.
#pragma once

#include <array>
#include <cmath>
#include <limits>

#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::detection {

class RateOfChange {
 public:
  static constexpr int kAnchors = 8;

  // Feeds a reading; returns the rate in units per minute, or NaN while less than one anchor
  // spacing of history is available.
  double update(TimeMs window_ms, TimeMs time_ms, double value) {
    const TimeMs spacing = window_ms / kAnchors;
    while (count_ > 0 && time_ms - anchors_[head_].time_ms > window_ms) {
      head_ = (head_ + 1) % kAnchors;
      --count_;
    }
    double rate = std::numeric_limits<double>::quiet_NaN();
    if (count_ > 0) {
      const Anchor& oldest = anchors_[head_];
      const TimeMs span = time_ms - oldest.time_ms;
      if (span >= spacing && span > 0) {
        rate = (value - oldest.value) * static_cast<double>(kMsPerMinute) / static_cast<double>(span);
      }
    }
    const int newest = (head_ + count_ - 1 + kAnchors) % kAnchors;
    if (count_ == 0 || time_ms - anchors_[newest].time_ms >= spacing) {
      if (count_ == kAnchors) {
        head_ = (head_ + 1) % kAnchors;
        --count_;
      }
      anchors_[(head_ + count_) % kAnchors] = {time_ms, value};
      ++count_;
    }
    return rate;
  }

  void reset() { count_ = 0; head_ = 0; }

 private:
  struct Anchor {
    TimeMs time_ms;
    double value;
  };
  std::array<Anchor, kAnchors> anchors_{};
  int head_ = 0;
  int count_ = 0;
};

}  // namespace pharmatwin::detection
