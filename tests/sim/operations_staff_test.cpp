// Staff crews: shift calendar, and the FIFO multi-server queue against closed forms (M/M/c).
#include "pharmatwin/sim/operations_staff.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <simgrid/s4u/Actor.hpp>

#include "operations_child.hpp"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::sim {
namespace {

using testing::OneHostEngine;
using testing::run_in_child;

// 2026-01-05 was a Monday.
const double kMonday = double(*scenarios::parse_utc_s("2026-01-05T00:00:00Z"));
constexpr double kH = 3600, kD = 86400;

ShiftCalendar night_shift_weekdays() {
  scenario::Crew crew;
  auto* s = crew.add_shifts();
  s->set_start("22:00");
  s->set_end("06:00");
  for (unsigned d = 1; d <= 5; ++d) s->add_days(d);
  std::string error;
  ShiftCalendar calendar = ShiftCalendar::of(crew, kMonday, &error);
  EXPECT_EQ(error, "");
  return calendar;
}

TEST(ShiftCalendar, NightShiftRunsPastMidnightOnItsDays) {
  ShiftCalendar c = night_shift_weekdays();
  EXPECT_FALSE(c.on_shift(12 * kH));           // Monday noon
  EXPECT_TRUE(c.on_shift(23 * kH));            // Monday 23:00
  EXPECT_TRUE(c.on_shift(kD + 5 * kH));        // Tuesday 05:00 (Monday's shift)
  EXPECT_TRUE(c.on_shift(5 * kD + 3 * kH));    // Saturday 03:00 (Friday's shift)
  EXPECT_FALSE(c.on_shift(5 * kD + 23 * kH));  // Saturday 23:00
  EXPECT_FALSE(c.on_shift(3 * kH));            // Monday 03:00: Sunday has no shift
  EXPECT_DOUBLE_EQ(c.next_start(5 * kD + 23 * kH), 7 * kD + 22 * kH);  // next Monday 22:00
  EXPECT_DOUBLE_EQ(c.stretch_end(23 * kH), kD + 6 * kH);
}

TEST(ShiftCalendar, ConsecutiveShiftsFormOneStretchAndEmptyMeansAlways) {
  scenario::Crew crew;
  for (auto [a, b] : {std::pair{"06:00", "14:00"}, std::pair{"14:00", "22:00"}}) {
    auto* s = crew.add_shifts();
    s->set_start(a);
    s->set_end(b);
  }
  ShiftCalendar c = ShiftCalendar::of(crew, kMonday, nullptr);
  EXPECT_DOUBLE_EQ(c.stretch_end(7 * kH), 22 * kH);
  EXPECT_DOUBLE_EQ(c.next_start(23 * kH), kD + 6 * kH);
  ShiftCalendar always;
  EXPECT_TRUE(always.on_shift(12345));
}

// Erlang C: probability of waiting in M/M/c with offered load a = lambda/mu.
double erlang_c(int c, double a) {
  double sum = 0, term = 1;
  for (int k = 0; k < c; ++k) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  double top = term * a / c * (c / (c - a));  // a^c / c! * c / (c - a)
  return top / (sum + top);
}

TEST(StaffPool, MmcWaitingTimeMatchesErlangC) {
  const int c = 3;
  const double mu = 1.0 / 600;  // 10 min reviews
  const double lambda = 0.7 * c * mu;
  const int customers = 250000;
  std::vector<double> result;
  ASSERT_TRUE(run_in_child(
      [&] {
        OneHostEngine sim;
        StaffPool pool("qa", c, ShiftCalendar(), Sampler::exponential(1 / mu), RandomStream(7));
        pool.start(sim.host);
        simgrid::s4u::Actor::create("arrivals", sim.host, [&] {
          RandomStream rng(11);
          for (int i = 0; i < customers; ++i) {
            simgrid::s4u::this_actor::sleep_for(rng.exponential(1 / lambda));
            pool.submit(StaffTask{});
          }
        });
        sim.engine->run();
        return std::vector<double>{pool.stats().wait_sum_s / double(pool.stats().tasks_started),
                                   double(pool.stats().tasks_started)};
      },
      result));
  const double expected_wq = erlang_c(c, lambda / mu) / (c * mu - lambda);
  EXPECT_GT(result[1], customers * 0.99);
  EXPECT_NEAR(result[0], expected_wq, 0.05 * expected_wq)
      << "Erlang C P(wait)=" << erlang_c(c, lambda / mu);
  // Hand check of the formula for c=3, a=2.1: (2.1^3/6 * 3/0.9) / (1 + 2.1 + 2.205 + 5.145) =
  // 0.49234.
  EXPECT_NEAR(erlang_c(3, 2.1), 0.49234, 0.00001);
}

TEST(StaffPool, TaskSubmittedOffShiftWaitsForTheShift) {
  std::vector<double> result;
  ASSERT_TRUE(run_in_child(
      [&] {
        OneHostEngine sim;
        scenario::Crew crew;
        auto* s = crew.add_shifts();
        s->set_start("08:00");
        s->set_end("16:00");
        StaffPool pool("receivers", 1, ShiftCalendar::of(crew, kMonday, nullptr),
                       Sampler::fixed(kH), RandomStream(1));
        pool.start(sim.host);
        std::vector<double> out;
        simgrid::s4u::Actor::create("source", sim.host, [&] {
          simgrid::s4u::this_actor::sleep_until(17 * kH);  // Monday 17:00
          for (int i = 0; i < 2; ++i) {
            StaffTask t;
            t.on_start = [&](const std::string&, double waited) {
              out.push_back(waited);
              return true;
            };
            t.on_done = [&](const std::string&) {
              out.push_back(simgrid::s4u::Engine::get_clock());
            };
            pool.submit(std::move(t));
          }
          simgrid::s4u::this_actor::sleep_until(3 * kD);  // keeps the run going
        });
        sim.engine->run();
        return out;
      },
      result));
  ASSERT_EQ(result.size(), 4u);
  EXPECT_DOUBLE_EQ(result[0], 15 * kH);      // 17:00 -> 08:00 next day
  EXPECT_DOUBLE_EQ(result[1], kD + 9 * kH);  // done 09:00
  EXPECT_DOUBLE_EQ(result[2], 16 * kH);      // second one starts 09:00
  EXPECT_DOUBLE_EQ(result[3], kD + 10 * kH);
}

}  // namespace
}  // namespace pharmatwin::sim
