// Robust location and spread of a stream's recent values: median and MAD over a fixed-size
// window, in constant memory. The engine learns a zone's normal variation with it (the rise of
// its warmest probe during controller cycling, the length of routine door openings, the
// spread of redundancy residuals), so that one wild value moves neither figure.
//
//   RobustWindow<64> w;
//   for (double x : recent) w.add(x);
//   double sigma = w.sigma();          // 1.4826 · MAD: the standard deviation for normal data
//   double top = w.median() + 5 * sigma;
//
// Cost: the window is also kept sorted, so an add moves only the values between the evicted
// and the new one, and the median and the MAD are order statistics found by binary search
// (O(log N)); the engine asks for them once per zone period, after several adds.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>

namespace pharmatwin::detection {

// Scale of the MAD to the standard deviation of normally distributed data.
inline constexpr double kMadToSigma = 1.4826;

template <std::size_t N>
class RobustWindow {
 public:
  void add(double x) {
    if (!std::isfinite(x)) return;
    if (count_ == N) {
      replace_sorted(values_[next_], x);
    } else {
      insert_sorted(x);
      ++count_;
    }
    values_[next_] = x;
    next_ = (next_ + 1) % N;
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
  // The sorted copy without `old` and with `x`: only the values between the two positions move.
  void replace_sorted(double old, double x) {
    double* s = sorted_.data();
    const std::size_t p = static_cast<std::size_t>(std::lower_bound(s, s + count_, old) - s);
    const std::size_t u = static_cast<std::size_t>(std::upper_bound(s, s + count_, x) - s);
    if (u > p) {
      std::memmove(s + p, s + p + 1, (u - 1 - p) * sizeof(double));
      s[u - 1] = x;
    } else {
      std::memmove(s + u + 1, s + u, (p - u) * sizeof(double));
      s[u] = x;
    }
  }
  void insert_sorted(double x) {
    double* s = sorted_.data();
    const std::size_t u = static_cast<std::size_t>(std::upper_bound(s, s + count_, x) - s);
    std::memmove(s + u + 1, s + u, (count_ - u) * sizeof(double));
    s[u] = x;
  }
  // The median of the sorted values: the middle one, or the mean of the two middle ones.
  static double middle(double lower, double upper, std::size_t n) {
    return n % 2 == 1 ? upper : 0.5 * (upper + lower);
  }
  // The k-th smallest (from 0) distance |x - m| over the sorted values. Below `split` (the
  // first value not less than m) the distances rise leftwards, from `split` on rightwards: the
  // k-th of two sorted sequences, found by binary search on how many come from the left.
  double kth_distance(std::size_t k, double m, std::size_t split) const {
    const double* s = sorted_.data();
    const std::size_t left = split, right = count_ - split;
    auto dl = [&](std::size_t j) { return std::fabs(s[split - 1 - j] - m); };
    auto dr = [&](std::size_t j) { return std::fabs(s[split + j] - m); };
    // i from the left and k + 1 - i from the right make up the k + 1 smallest.
    std::size_t lo = k + 1 > right ? k + 1 - right : 0, hi = std::min(left, k + 1);
    while (lo < hi) {
      const std::size_t i = lo + (hi - lo) / 2;  // too few from the left if dl(i) < dr(k - i)
      if (dl(i) < dr(k - i)) {
        lo = i + 1;
      } else {
        hi = i;
      }
    }
    const std::size_t i = lo, j = k + 1 - i;
    if (i == 0) return dr(j - 1);
    if (j == 0) return dl(i - 1);
    return std::max(dl(i - 1), dr(j - 1));
  }
  void refresh() const {
    if (!dirty_) return;
    dirty_ = false;
    if (count_ == 0) {
      median_ = mad_ = NAN;
      return;
    }
    const std::size_t n = count_;
    median_ = middle(n % 2 == 0 ? sorted_[n / 2 - 1] : 0.0, sorted_[n / 2], n);
    const std::size_t split = static_cast<std::size_t>(
        std::lower_bound(sorted_.begin(), sorted_.begin() + static_cast<std::ptrdiff_t>(n),
                         median_) -
        sorted_.begin());
    const double upper = kth_distance(n / 2, median_, split);
    mad_ = middle(n % 2 == 0 ? kth_distance(n / 2 - 1, median_, split) : 0.0, upper, n);
  }

  std::array<double, N> values_{};  // ring, in arrival order: the next to leave at next_
  std::array<double, N> sorted_{};  // the same values, ascending
  std::size_t next_ = 0;
  std::size_t count_ = 0;
  mutable bool dirty_ = true;
  mutable double median_ = NAN;
  mutable double mad_ = NAN;
};

}  // namespace pharmatwin::detection
