#include "pharmatwin/experiments/sweep_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pharmatwin::experiments {
namespace {

// Two-sided 95 % critical values t(0.975, df) and one-sided 95 % t(0.95, df), as printed in
// standard tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2), to the digits given there.
TEST(SweepStats, TQuantileMatchesTabulatedValues) {
  const struct {
    double p, df, t;
  } table[] = {
      {0.975, 1, 12.706}, {0.975, 2, 4.303},   {0.975, 3, 3.182},  {0.975, 4, 2.776},
      {0.975, 5, 2.571},  {0.975, 9, 2.262},   {0.975, 10, 2.228}, {0.975, 19, 2.093},
      {0.975, 30, 2.042}, {0.975, 100, 1.984}, {0.95, 1, 6.314},   {0.95, 3, 2.353},
      {0.95, 10, 1.812},  {0.995, 5, 4.032},   {0.995, 20, 2.845}, {0.9, 7, 1.415},
  };
  for (const auto& row : table) {
    EXPECT_NEAR(t_quantile(row.p, row.df), row.t, 0.0006) << "p " << row.p << " df " << row.df;
    EXPECT_NEAR(t_quantile(1 - row.p, row.df), -row.t, 0.0006);
  }
  // Closed forms: df 1 is Cauchy, df 2 has t = (2p - 1) / sqrt(2 p (1 - p)).
  EXPECT_NEAR(t_quantile(0.975, 1), std::tan(M_PI * (0.975 - 0.5)), 1e-9);
  EXPECT_NEAR(t_quantile(0.975, 2), 0.95 / std::sqrt(2 * 0.975 * 0.025), 1e-9);
  // Large df tends to the normal.
  EXPECT_NEAR(t_quantile(0.975, 1e7), 1.959964, 1e-5);
  EXPECT_NEAR(t_cdf(t_quantile(0.8, 4.5), 4.5), 0.8, 1e-12);
}

TEST(SweepStats, NormalQuantile) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167814, 1e-11);
  EXPECT_NEAR(normal_cdf(normal_quantile(0.3)), 0.3, 1e-14);
  EXPECT_THROW(normal_quantile(0), std::domain_error);
  EXPECT_THROW(t_quantile(1, 3), std::domain_error);
}

TEST(SweepStats, EstimateByHand) {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 32, sd sqrt(32/7).
  const Estimate e = estimate({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_EQ(e.n, 8u);
  EXPECT_DOUBLE_EQ(e.mean, 5);
  EXPECT_NEAR(e.sd, std::sqrt(32.0 / 7), 1e-12);
  ASSERT_TRUE(e.half_width);
  EXPECT_NEAR(*e.half_width, t_quantile(0.975, 7) * std::sqrt(32.0 / 7) / std::sqrt(8.0), 1e-12);
  EXPECT_NEAR(*e.half_width, 2.365 * 0.7559, 0.001);
  const Estimate one = estimate({3});
  EXPECT_FALSE(one.half_width);
  EXPECT_EQ(one.mean, 3);
}

TEST(SweepStats, PairedDifferencesRemoveTheCommonPart) {
  // Each pair shares a large common term (the seed's luck); the differences are 1, 1.2, 0.8.
  const Estimate d = paired_difference({{101, 100}, {51.2, 50}, {200.8, 200}});
  EXPECT_NEAR(d.mean, 1, 1e-12);
  EXPECT_NEAR(d.sd, 0.2, 1e-12);
  EXPECT_LT(*d.half_width, 0.6);
  // Unpaired, the same numbers have intervals that overlap widely.
  EXPECT_FALSE(intervals_disjoint(estimate({101, 51.2, 200.8}), estimate({100, 50, 200})));
  EXPECT_TRUE(intervals_disjoint(estimate({1, 1.1, 0.9}), estimate({5, 5.1, 4.9})));
}

}  // namespace
}  // namespace pharmatwin::experiments
