// NAB scoring: sigma(y) = 2 / (1 + e^(5y)) - 1, published profile weights.
#include <gtest/gtest.h>

#include <cmath>

#include "pharmatwin/experiments/nab.hpp"

namespace pharmatwin::experiments {
namespace {

// sigma(-1) = 2 / (1 + e^-5) - 1 = 0.98661429815...
constexpr double kSigmaAtStart = 0.9866142981514305;

TEST(Nab, SigmoidClosedForm) {
  EXPECT_NEAR(nab_sigmoid(-1.0), kSigmaAtStart, 1e-12);
  EXPECT_DOUBLE_EQ(nab_sigmoid(0.0), 0.0);
  EXPECT_NEAR(nab_sigmoid(1.0), -kSigmaAtStart, 1e-12);
  EXPECT_DOUBLE_EQ(nab_sigmoid(3.5), -1.0);
}

TEST(Nab, PublishedProfiles) {
  EXPECT_DOUBLE_EQ(kNabStandard.a_fp, -0.11);
  EXPECT_DOUBLE_EQ(kNabRewardLowFp.a_fp, -0.22);
  EXPECT_DOUBLE_EQ(kNabRewardLowFn.a_fn, -2.0);
  for (const auto& p : kNabProfiles) EXPECT_DOUBLE_EQ(p.a_tp, 1.0);
}

TEST(Nab, DetectionAtWindowStartScoresATpAndIsPerfect) {
  for (const auto& p : kNabProfiles) {
    const auto r = nab_score(p, {{1000, 5000}}, {{1000}}, {});
    EXPECT_NEAR(r.raw, p.a_tp * kSigmaAtStart, 1e-12);
    EXPECT_NEAR(r.normalized, 100.0, 1e-9);
    EXPECT_DOUBLE_EQ(r.null_score, p.a_fn);
  }
}

TEST(Nab, DetectionAtWindowEndScoresZero) {
  // raw 0; normalised (0 - (-1)) / (0.98661 + 1) * 100 = 50.337...
  const auto r = nab_score(kNabStandard, {{1000, 5000}}, {{5000}}, {});
  EXPECT_NEAR(r.raw, 0.0, 1e-12);
  EXPECT_NEAR(r.normalized, 100.0 / (1.0 + kSigmaAtStart), 1e-9);
}

TEST(Nab, HalfwayDetection) {
  // y = -0.5: sigma = 2 / (1 + e^-2.5) - 1 = 0.84828...
  const auto r = nab_score(kNabStandard, {{0, 4000}}, {{2000}}, {});
  EXPECT_NEAR(r.raw, 2.0 / (1.0 + std::exp(-2.5)) - 1.0, 1e-12);
}

TEST(Nab, MissedWindowAndFalseAlarms) {
  // No window before the false alarm: it costs the full |A_FP|.
  const auto r = nab_score(kNabStandard, {{1000, 5000}}, {{}}, {500});
  EXPECT_NEAR(r.raw, -1.0 - 0.11, 1e-12);
  EXPECT_NEAR(r.normalized, 100.0 * (-0.11) / (kSigmaAtStart + 1.0), 1e-9);
  // Right at the end of a window it costs nothing (sigma(0) = 0); one window-length later
  // 0.11 * sigma(1).
  const auto near = nab_score(kNabStandard, {{1000, 5000}}, {{1000}}, {5000, 9000});
  EXPECT_NEAR(near.raw, kSigmaAtStart - 0.11 * kSigmaAtStart, 1e-12);
  // The low-FN profile doubles the cost of the miss.
  EXPECT_NEAR(nab_score(kNabRewardLowFn, {{1000, 5000}}, {{}}, {}).raw, -2.0, 1e-12);
  EXPECT_NEAR(nab_score(kNabRewardLowFp, {{1000, 5000}}, {{1000}}, {500}).raw,
              kSigmaAtStart - 0.22, 1e-12);
}

TEST(Nab, OnlyTheFirstDetectionOfAWindowCounts) {
  const auto r = nab_score(kNabStandard, {{0, 1000}}, {{0, 10, 500}}, {});
  EXPECT_NEAR(r.raw, kSigmaAtStart, 1e-12);
}

}  // namespace
}  // namespace pharmatwin::experiments
