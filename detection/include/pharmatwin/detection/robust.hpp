// Robust location and spread of a stream's recent values: median and MAD over a fixed-size
// window, in constant memory. The engine learns a zone's normal variation with it (the rise of
// its warmest probe during controller cycling, the length of routine door openings, the
// spread of redundancy residuals), so that one wild value moves neither figure.
//
//   RobustWindow<64> w;
//   for (double x : recent) w.add(x);
//   double sigma = w.sigma();          // 1.4826 · MAD: the standard deviation for normal data
//   double top = w.median() + 5 * sigma;
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace pharmatwin::detection {

// Scale of the MAD to the standard deviation of normally distributed data.
inline constexpr double kMadToSigma = 1.4826;

template <std::size_t N>
class RobustWindow {
 public:
  void add(double x) {
    if (!std::isfinite(x)) return;
    values_[next_] = x;
    next_ = (next_ + 1) % N;
    count_ = std::min(count_ + 1, N);
    dirty_ = true;
  }
  void clear() {
    count_ = 0;
    next_ = 0;
    dirty_ = true;
  }
  std::size_t count() const { return count_; }
  // NaN while empty.
  double median() const {
    refresh();
    return median_;
  }
  // Median absolute deviation from the median; NaN while empty.
  double mad() const {
    refresh();
    return mad_;
  }
  double sigma() const { return kMadToSigma * mad(); }

 private:
  static double median_of(double* v, std::size_t n) {
    std::nth_element(v, v + n / 2, v + n);
    const double upper = v[n / 2];
    if (n % 2 == 1) return upper;
    return 0.5 * (upper + *std::max_element(v, v + n / 2));
  }
  void refresh() const {
    if (!dirty_) return;
    dirty_ = false;
    if (count_ == 0) {
      median_ = mad_ = NAN;
      return;
    }
    std::array<double, N> v;
    std::copy(values_.begin(), values_.begin() + static_cast<std::ptrdiff_t>(count_), v.begin());
    median_ = median_of(v.data(), count_);
    for (std::size_t i = 0; i < count_; ++i) v[i] = std::fabs(values_[i] - median_);
    mad_ = median_of(v.data(), count_);
  }

  std::array<double, N> values_{};
  std::size_t next_ = 0;
  std::size_t count_ = 0;
  mutable bool dirty_ = true;
  mutable double median_ = NAN;
  mutable double mad_ = NAN;
};

}  // namespace pharmatwin::detection
