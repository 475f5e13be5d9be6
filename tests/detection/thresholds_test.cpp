// Alarm delays (reset and cumulative) and off-margin hysteresis on hand-made sequences.
#include "pharmatwin/detection/thresholds.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace pharmatwin::detection {
namespace {

constexpr TimeMs kMin = kMsPerMinute;

ThresholdPolicy hi_only(TimeMs delay_ms, DelayMode mode) {
  ThresholdPolicy p;
  p.hi = {true, 25.0, delay_ms};
  p.delay_mode = mode;
  p.cumulative_reset_ms = 60 * kMin;
  p.off_margin = 0.5;
  return p;
}

// Feeds (minute, value) pairs; returns the minutes at which Hi went active / inactive.
struct Transitions {
  std::vector<int> on, off;
};
Transitions run(const ThresholdPolicy& policy, const std::vector<std::pair<int, double>>& seq) {
  const auto compiled = CompiledThresholds::from(policy, 15 * kMin);
  ExcursionTracker tracker;
  Transitions out;
  for (auto [minute, value] : seq) {
    if (tracker.update(compiled, minute * kMin, value) & kLevelBit[kHi]) {
      (tracker.is_active(kHi) ? out.on : out.off).push_back(minute);
    }
  }
  return out;
}

TEST(Thresholds, ResetDelayFiresAfterContinuousTimeBeyond) {
  // Beyond from minute 5; 15 min delay: active at the reading of minute 20.
  auto t = run(hi_only(15 * kMin, DelayMode::kReset),
               {{0, 24}, {5, 26}, {10, 26}, {15, 26}, {20, 26}, {25, 26}});
  EXPECT_EQ(t.on, std::vector<int>{20});
  EXPECT_TRUE(t.off.empty());
}

TEST(Thresholds, ResetDelayRestartsOnReturn) {
  // A return to 24.9 at minute 10 restarts the count: 15 min from minute 15 is minute 30.
  auto t = run(hi_only(15 * kMin, DelayMode::kReset),
               {{0, 26}, {5, 26}, {10, 24.9}, {15, 26}, {20, 26}, {25, 26}, {30, 26}});
  EXPECT_EQ(t.on, std::vector<int>{30});
}

TEST(Thresholds, ValueAtTheLimitIsNotBeyond) {
  auto t = run(hi_only(0, DelayMode::kReset), {{0, 25.0}, {1, 25.0}, {2, 25.01}});
  EXPECT_EQ(t.on, std::vector<int>{2});
}

TEST(Thresholds, CumulativeDelayAddsUpAcrossReturns) {
  // Counted: 0->5 and 5->10 (10 min), not 10->15 (inside), 15->20 (5 min): 15 at minute 20.
  auto t = run(hi_only(15 * kMin, DelayMode::kCumulative),
               {{0, 26}, {5, 26}, {10, 24}, {15, 26}, {20, 26}});
  EXPECT_EQ(t.on, std::vector<int>{20});
  // The same sequence with reset delays has not fired by minute 20.
  auto r =
      run(hi_only(15 * kMin, DelayMode::kReset), {{0, 26}, {5, 26}, {10, 24}, {15, 26}, {20, 26}});
  EXPECT_TRUE(r.on.empty());
}

TEST(Thresholds, CumulativeCountResetsAfterLongEnoughInside) {
  // 10 min counted, then inside from minute 10 to 70 (60 min = the reset time): count gone.
  // Beyond again from 75: fires 15 min later, at 90.
  auto t = run(hi_only(15 * kMin, DelayMode::kCumulative), {{0, 26},
                                                            {5, 26},
                                                            {10, 24},
                                                            {20, 24},
                                                            {30, 24},
                                                            {40, 24},
                                                            {50, 24},
                                                            {60, 24},
                                                            {70, 24},
                                                            {75, 26},
                                                            {80, 26},
                                                            {85, 26},
                                                            {90, 26}});
  EXPECT_EQ(t.on, std::vector<int>{90});
}

TEST(Thresholds, HysteresisKeepsTheAlarmUntilTheOffMargin) {
  // Zero delay; active at 26; 24.8 and 25.3 keep it (clear at <= 24.5); 24.5 clears it.
  auto t = run(hi_only(0, DelayMode::kReset),
               {{0, 26}, {1, 24.8}, {2, 25.3}, {3, 24.6}, {4, 24.5}, {5, 25.2}, {6, 24.0}});
  EXPECT_EQ(t.on, (std::vector<int>{0, 5}));
  EXPECT_EQ(t.off, (std::vector<int>{4, 6}));
}

TEST(Thresholds, NoChatterAroundTheLimit) {
  std::vector<std::pair<int, double>> seq;
  for (int m = 0; m < 60; ++m) seq.push_back({m, m % 2 == 0 ? 25.2 : 24.8});
  auto t = run(hi_only(0, DelayMode::kReset), seq);
  EXPECT_EQ(t.on.size(), 1u);
  EXPECT_TRUE(t.off.empty());
}

TEST(Thresholds, GapLongerThanTimeoutResetsTheDelay) {
  // 26 at 0 and 5, silent until 40 (gap 35 min > 15 min timeout): the count restarts at 40.
  auto t = run(hi_only(15 * kMin, DelayMode::kReset),
               {{0, 26}, {5, 26}, {40, 26}, {45, 26}, {50, 26}, {55, 26}});
  EXPECT_EQ(t.on, std::vector<int>{55});
}

TEST(Thresholds, LevelsAreIndependent) {
  ThresholdPolicy p;
  p.lolo = {true, 0.0, 0};
  p.lo = {true, 2.0, 10 * kMin};
  p.hi = {true, 8.0, 10 * kMin};
  p.hihi = {true, 12.0, 2 * kMin};
  const auto c = CompiledThresholds::from(p, 15 * kMin);
  ExcursionTracker tr;
  tr.update(c, 0, 13.0);
  EXPECT_EQ(tr.active(), 0);
  tr.update(c, 2 * kMin, 13.0);  // HiHi 2 min delay reached, Hi 10 min not yet
  EXPECT_TRUE(tr.is_active(kHiHi));
  EXPECT_FALSE(tr.is_active(kHi));
  tr.update(c, 10 * kMin, 11.0);  // Hi counted 0->2->10: 10 min; HiHi clears (11 <= 11.5)
  EXPECT_TRUE(tr.is_active(kHi));
  EXPECT_FALSE(tr.is_active(kHiHi));
  tr.update(c, 11 * kMin, -1.0);  // Hi clears; LoLo zero delay fires, Lo waits
  EXPECT_FALSE(tr.is_active(kHi));
  EXPECT_TRUE(tr.is_active(kLoLo));
  EXPECT_FALSE(tr.is_active(kLo));
  EXPECT_EQ(tr.state(kHiHi).peak_value, 13.0);
}

}  // namespace
}  // namespace pharmatwin::detection
