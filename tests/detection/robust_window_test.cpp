// RobustWindow's median and MAD are those of the values in its window, exactly: checked against
// a direct computation (copy, select, average the middle two) over random streams with many
// ties, before the window fills, after it wraps, and after a clear.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <random>
#include <vector>

#include "pharmatwin/detection/robust.hpp"

namespace pharmatwin::detection {
namespace {

double direct_median(std::vector<double> v) {
  const std::size_t n = v.size();
  std::sort(v.begin(), v.end());
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2] + v[n / 2 - 1]);
}

double direct_mad(const std::deque<double>& window) {
  std::vector<double> v(window.begin(), window.end());
  const double m = direct_median(v);
  for (double& x : v) x = std::fabs(x - m);
  return direct_median(v);
}

template <std::size_t N>
void check_stream(unsigned seed, int adds, double tie_grid) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  RobustWindow<N> w;
  std::deque<double> window;
  for (int i = 0; i < adds; ++i) {
    double x = noise(rng) * (i % 97 == 0 ? 20.0 : 1.0);  // now and then a wild value
    if (tie_grid > 0) x = std::round(x / tie_grid) * tie_grid;
    w.add(x);
    window.push_back(x);
    if (window.size() > N) window.pop_front();
    if (i % 7 == 0 || i < 2 * static_cast<int>(N)) {
      std::vector<double> v(window.begin(), window.end());
      ASSERT_EQ(w.count(), window.size());
      ASSERT_EQ(w.median(), direct_median(v)) << "after " << i + 1 << " adds";
      ASSERT_EQ(w.mad(), direct_mad(window)) << "after " << i + 1 << " adds";
    }
  }
}

TEST(RobustWindow, MedianAndMadAreThoseOfTheWindowExactly) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    check_stream<16>(seed, 2000, 0.0);
    check_stream<128>(seed, 3000, 0.0);
    check_stream<512>(seed, 4000, 0.0);
  }
}

TEST(RobustWindow, TiesAndEvenCountsGiveTheMeanOfTheMiddleTwo) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    check_stream<16>(seed, 2000, 0.5);  // a handful of distinct values: ties everywhere
    check_stream<32>(seed, 2000, 0.25);
    check_stream<512>(seed, 3000, 0.1);
  }
  RobustWindow<4> w;
  for (double x : {1.0, 3.0}) w.add(x);
  EXPECT_EQ(w.median(), 2.0);
  EXPECT_EQ(w.mad(), 1.0);
  for (double x : {3.0, 3.0, 7.0}) w.add(x);  // the window is now 3, 3, 3, 7
  EXPECT_EQ(w.median(), 3.0);
  EXPECT_EQ(w.mad(), 0.0);
}

TEST(RobustWindow, IgnoresNonFiniteValuesAndStartsAfreshAfterClear) {
  RobustWindow<8> w;
  EXPECT_TRUE(std::isnan(w.median()));
  EXPECT_TRUE(std::isnan(w.mad()));
  w.add(NAN);
  w.add(INFINITY);
  EXPECT_EQ(w.count(), 0u);
  for (int i = 0; i < 20; ++i) w.add(100.0 + i);
  w.clear();
  EXPECT_EQ(w.count(), 0u);
  EXPECT_TRUE(std::isnan(w.median()));
  for (double x : {5.0, 1.0, 9.0}) w.add(x);
  EXPECT_EQ(w.median(), 5.0);
  EXPECT_EQ(w.mad(), 4.0);
  EXPECT_NEAR(w.sigma(), kMadToSigma * 4.0, 1e-12);
}

}  // namespace
}  // namespace pharmatwin::detection
