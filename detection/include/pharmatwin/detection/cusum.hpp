// Two-sided tabular CUSUM on standardised observations (Page 1954):
//   S+ = max(0, S+ + z - k),  S- = max(0, S- - z - k),  signal when S+ > h or S- > h.
// k and h are in units of the observation's standard deviation. With k = 0.5, h = 5 the
// in-control average run length is about 465 samples and a 1-sigma shift is found in about
// 10.4 samples.
#pragma once

#include <algorithm>

namespace pharmatwin::detection {

class TwoSidedCusum {
 public:
  enum Signal { kNone = 0, kUp = 1, kDown = -1 };

  TwoSidedCusum() = default;
  TwoSidedCusum(double k, double h) : k_(k), h_(h) {}

  // Feeds one standardised observation z = (x - target) / sigma.
  Signal update(double z) {
    upper_ = std::max(0.0, upper_ + z - k_);
    lower_ = std::max(0.0, lower_ - z - k_);
    if (upper_ > h_) return kUp;
    if (lower_ > h_) return kDown;
    return kNone;
  }

  void reset() { upper_ = lower_ = 0.0; }
  // Bounds both sums so that a long-lasting shift does not take forever to work off once gone.
  void cap(double max) {
    upper_ = std::min(upper_, max);
    lower_ = std::min(lower_, max);
  }
  double upper() const { return upper_; }
  double lower() const { return lower_; }
  double k() const { return k_; }
  double h() const { return h_; }

 private:
  double k_ = 0.5;
  double h_ = 5.0;
  double upper_ = 0.0;
  double lower_ = 0.0;
};

}  // namespace pharmatwin::detection
