// CUSUM run lengths against the published values for k = 0.5, h = 5 (two-sided, zero start):
// in-control ARL about 465 samples, about 10.4 samples for a 1-sigma shift.
#include "pharmatwin/detection/cusum.hpp"

#include <gtest/gtest.h>

#include <random>

#include "pharmatwin/detection/sensor_health.hpp"

namespace pharmatwin::detection {
namespace {

double average_run_length(double shift, int runs, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  double total = 0.0;
  for (int r = 0; r < runs; ++r) {
    TwoSidedCusum cusum(0.5, 5.0);
    int n = 0;
    while (true) {
      ++n;
      if (cusum.update(shift + noise(rng)) != TwoSidedCusum::kNone) break;
    }
    total += n;
  }
  return total / runs;
}

TEST(Cusum, InControlRunLength) {
  // 3000 runs from several seeds: the standard error is about 1.6% of the mean.
  double sum = 0.0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) sum += average_run_length(0.0, 1000, seed);
  EXPECT_NEAR(sum / 3.0, 465.0, 46.5);
}

TEST(Cusum, OneSigmaShiftRunLength) {
  double sum = 0.0;
  for (std::uint64_t seed = 11; seed <= 15; ++seed) sum += average_run_length(1.0, 1000, seed);
  EXPECT_NEAR(sum / 5.0, 10.4, 1.04);
}

TEST(Cusum, NegativeShiftSignalsDown) {
  TwoSidedCusum cusum(0.5, 5.0);
  TwoSidedCusum::Signal signal = TwoSidedCusum::kNone;
  for (int i = 0; i < 20 && signal == TwoSidedCusum::kNone; ++i) signal = cusum.update(-2.0);
  // S- grows by 1.5 per sample: above 5 on the 4th.
  EXPECT_EQ(signal, TwoSidedCusum::kDown);
  EXPECT_DOUBLE_EQ(cusum.lower(), 6.0);
}

TEST(Redundancy, MedianOfOthers) {
  const double sorted[] = {1.0, 2.0, 3.0, 10.0};
  EXPECT_DOUBLE_EQ(median_without(sorted, 3), 2.0);  // {1,2,3}
  EXPECT_DOUBLE_EQ(median_without(sorted, 0), 3.0);  // {2,3,10}
  const double five[] = {1.0, 2.0, 3.0, 4.0, 50.0};
  EXPECT_DOUBLE_EQ(median_without(five, 4), 2.5);  // {1,2,3,4}
  EXPECT_DOUBLE_EQ(median_sorted(five), 3.0);
}

}  // namespace
}  // namespace pharmatwin::detection
