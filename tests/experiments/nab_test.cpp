// NAB scoring against values worked out by hand from NAB's published definitions: sigma(y) =
// 2 / (1 + e^(5y)) - 1, a true positive scaled by 1 / sigma(-1), perfect = A_TP per window,
// null = A_FN per scored window, the first 15 % of the run unscored.
#include "pharmatwin/experiments/nab.hpp"

#include <gtest/gtest.h>

#include <cmath>

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
  EXPECT_DOUBLE_EQ(kNabProbationFraction, 0.15);
}

TEST(Nab, DetectionAtWindowStartScoresATpAndIsPerfect) {
  for (const auto& p : kNabProfiles) {
    const auto r = nab_score(p, {{1000, 5000}}, {{1000}}, {});
    EXPECT_NEAR(r.raw, p.a_tp, 1e-12);  // sigma(-1) / sigma(-1)
    EXPECT_DOUBLE_EQ(r.perfect, p.a_tp);
    EXPECT_DOUBLE_EQ(r.null_score, p.a_fn);
    EXPECT_NEAR(r.normalized, 100.0, 1e-9);
  }
}

TEST(Nab, DetectionAtWindowEndScoresZeroAndHalfTheRange) {
  // raw 0; normalised 100 (0 - (-1)) / (1 - (-1)) = 50.
  const auto r = nab_score(kNabStandard, {{1000, 5000}}, {{5000}}, {});
  EXPECT_NEAR(r.raw, 0.0, 1e-12);
  EXPECT_NEAR(r.normalized, 50.0, 1e-9);
}

TEST(Nab, HalfwayDetectionIsScaledBySigmaAtStart) {
  // y = -0.5: sigma = 2 / (1 + e^-2.5) - 1 = 0.848283..., / 0.986614... = 0.859792...
  const auto r = nab_score(kNabStandard, {{0, 4000}}, {{2000}}, {});
  EXPECT_NEAR(r.raw, (2.0 / (1.0 + std::exp(-2.5)) - 1.0) / kSigmaAtStart, 1e-12);
  EXPECT_NEAR(r.raw, 0.8597925669, 1e-9);
}

TEST(Nab, MissedWindowAndFalseAlarms) {
  // No window before the false alarm: it costs the full |A_FP|. (-1.11 + 1) / 2 = -5.5 %.
  const auto r = nab_score(kNabStandard, {{1000, 5000}}, {{}}, {500});
  EXPECT_NEAR(r.raw, -1.0 - 0.11, 1e-12);
  EXPECT_NEAR(r.normalized, -5.5, 1e-9);
  // Right at the end of a window a false alarm costs nothing (sigma(0) = 0); one window length
  // later 0.11 sigma(1) = -0.11 sigma(-1).
  const auto near = nab_score(kNabStandard, {{1000, 5000}}, {{1000}}, {5000, 9000});
  EXPECT_NEAR(near.raw, 1.0 - 0.11 * kSigmaAtStart, 1e-12);
  // Far after a window (3 window lengths and more) the full cost.
  EXPECT_NEAR(nab_score(kNabStandard, {{1000, 5000}}, {{1000}}, {30000}).raw, 1.0 - 0.11, 1e-12);
  // The low-FN profile doubles the cost of the miss, the low-FP one that of the false alarm.
  EXPECT_NEAR(nab_score(kNabRewardLowFn, {{1000, 5000}}, {{}}, {}).raw, -2.0, 1e-12);
  EXPECT_NEAR(nab_score(kNabRewardLowFp, {{1000, 5000}}, {{1000}}, {500}).raw, 1.0 - 0.22, 1e-12);
}

TEST(Nab, OnlyTheFirstDetectionOfAWindowCounts) {
  const auto r = nab_score(kNabStandard, {{0, 1000}}, {{0, 10, 500}}, {});
  EXPECT_NEAR(r.raw, 1.0, 1e-12);
  EXPECT_EQ(r.detections_scored, 1);
}

TEST(Nab, FalseAlarmAfterTheLastEndedWindowIsWeighedAgainstThatWindow) {
  // Two windows; the alarm at 6000 follows the second, [4000, 5000], by one window length:
  // 0.11 sigma(1). Against the first, [0, 1000], it would be 5 lengths away (full cost).
  const auto r = nab_score(kNabStandard, {{0, 1000}, {4000, 5000}}, {{0}, {4000}}, {6000});
  EXPECT_NEAR(r.raw, 2.0 - 0.11 * kSigmaAtStart, 1e-12);
  EXPECT_NEAR(r.normalized, 100.0 * (2.0 - 0.11 * kSigmaAtStart + 2.0) / 4.0, 1e-9);
}

TEST(Nab, ProbationLeavesTheStartUnscored) {
  // A window ending inside the probation period is not scored (perfect still counts it, as
  // NAB's perfect detector does); a false alarm inside it costs nothing.
  const auto inside = nab_score(kNabStandard, {{1000, 5000}}, {{}}, {2000}, 6000);
  EXPECT_EQ(inside.windows, 1);
  EXPECT_EQ(inside.windows_scored, 0);
  EXPECT_EQ(inside.false_alarms_in_probation, 1);
  EXPECT_EQ(inside.false_alarms_scored, 0);
  EXPECT_DOUBLE_EQ(inside.raw, 0.0);
  EXPECT_DOUBLE_EQ(inside.null_score, 0.0);
  // A window straddling the probation end: only detections after it count. The one at 2000 is
  // ignored, so the window is missed.
  const auto straddle = nab_score(kNabStandard, {{1000, 8000}}, {{2000}}, {}, 3000);
  EXPECT_EQ(straddle.windows_scored, 1);
  EXPECT_EQ(straddle.detections_scored, 0);
  EXPECT_NEAR(straddle.raw, -1.0, 1e-12);
  // ... and one after it scores at its position: y = (4000 - 8000) / 7000.
  const auto later = nab_score(kNabStandard, {{1000, 8000}}, {{2000, 4000}}, {}, 3000);
  EXPECT_NEAR(later.raw, nab_sigmoid(-4.0 / 7.0) / kSigmaAtStart, 1e-12);
}

TEST(Nab, NoWindowNormalisesToZero) {
  const auto r = nab_score(kNabStandard, {}, {}, {100, 200});
  EXPECT_NEAR(r.raw, -0.22, 1e-12);
  EXPECT_DOUBLE_EQ(r.normalized, 0.0);
}

}  // namespace
}  // namespace pharmatwin::experiments
