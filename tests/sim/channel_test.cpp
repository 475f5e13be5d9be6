// Faulty channels between the world and a system under test (no SimGrid involved).
#include <gtest/gtest.h>

#include "pharmatwin/sim/channel.hpp"

namespace pharmatwin::sim {
namespace {

using Msg = double;  // a message is its own timestamp here
auto time_of = [](const Msg& m) { return m; };

std::vector<Msg> minute_block(double from_s, double to_s) {
  std::vector<Msg> out;
  for (double t = from_s; t < to_s; t += 60) out.push_back(t);
  return out;
}

TEST(Channel, HoldBackDeliversEverythingAtTheEndOfTheOutage) {
  Channel<Msg> ch(RandomStream(1));
  ch.add({1, 600, 1200, 0, 0, 0, true});
  EXPECT_TRUE(ch.holding(900));
  EXPECT_FALSE(ch.holding(1200));
  std::vector<Msg> got;
  for (double t = 0; t < 1800; t += 300) {
    const std::size_t before = got.size();
    ch.pass(minute_block(t, t + 300), t + 300, time_of, got);
    if (t + 300 > 600 && t + 300 < 1200) EXPECT_EQ(got.size(), before);  // nothing while down
  }
  ASSERT_EQ(got.size(), 30u);  // nothing lost
  for (std::size_t i = 1; i < got.size(); ++i) EXPECT_LT(got[i - 1], got[i]);  // backfilled in order
  EXPECT_TRUE(ch.transparent());
}

TEST(Channel, DelayShiftsDeliveryByTheDelay) {
  Channel<Msg> ch(RandomStream(1));
  ch.add({1, 0, kNever, 450, 0, 0, false});
  std::vector<Msg> got;
  ch.pass(minute_block(0, 300), 300, time_of, got);
  EXPECT_TRUE(got.empty());
  ch.pass(minute_block(300, 600), 600, time_of, got);
  // Due at t + 450 <= 600: the messages of t <= 150.
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got.back(), 120);
}

TEST(Channel, DuplicatesAboutTheRequestedShare) {
  Channel<Msg> ch(RandomStream(3));
  ch.add({1, 0, kNever, 0, 0.2, 0, false});
  std::vector<Msg> got;
  ch.pass(minute_block(0, 60 * 100000.0), 1e9, time_of, got);
  const double share = static_cast<double>(got.size()) / 100000 - 1;
  EXPECT_NEAR(share, 0.2, 4 * std::sqrt(0.2 * 0.8 / 100000));
}

TEST(Channel, ReorderStaysWithinTheWindow) {
  Channel<Msg> ch(RandomStream(5));
  ch.add({1, 0, kNever, 0, 0, 180, false});
  std::vector<Msg> got;
  ch.pass(minute_block(0, 36000), 1e9, time_of, got);
  ASSERT_EQ(got.size(), 600u);
  bool some_out_of_order = false;
  double latest = -1;
  for (double m : got) {
    if (m < latest) some_out_of_order = true;
    EXPECT_GT(m, latest - 180);  // never overtaken by more than the window
    latest = std::max(latest, m);
  }
  EXPECT_TRUE(some_out_of_order);
}

}  // namespace
}  // namespace pharmatwin::sim
