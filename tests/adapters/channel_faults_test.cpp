// Channel-fault decorators: delay, hold-back with backfill, duplicates, reordering, and the
// idempotent application of duplicated decisions.
#include "pharmatwin/adapters/channel_faults.hpp"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "pharmatwin/adapters/injected_channel_faults.hpp"

namespace pharmatwin::adapters {
namespace {

struct Wrapped {
  RecordingDetectionPort* inner;
  std::unique_ptr<FaultyDetectionPort> port;
};

Wrapped wrap(std::vector<ChannelFaultWindow> windows, std::uint64_t seed = 42) {
  auto inner = std::make_unique<RecordingDetectionPort>();
  auto* raw = inner.get();
  return {raw, std::make_unique<FaultyDetectionPort>(std::move(inner), std::move(windows), seed)};
}

std::vector<SensorReading> minute_readings(double from_s, double to_s) {
  std::vector<SensorReading> out;
  for (double t = from_s; t <= to_s; t += 60) out.push_back({t, 5.0, 0, 0});
  return out;
}

TEST(ChannelFaults, DelayedReadingsArriveAtTheFirstAdvanceAfterTheirDelay) {
  ChannelFaultWindow w;
  w.channel = FaultChannel::kReadings;
  w.delay_s = 300;
  auto [inner, port] = wrap({w});
  PortOutput out;
  const std::vector<SensorReading> one = {{60, 5.0, 0, 0}};
  port->on_readings(one);
  port->advance_to(60, out);
  port->advance_to(300, out);
  EXPECT_TRUE(inner->readings().empty());
  port->advance_to(360, out);  // 60 + 300
  ASSERT_EQ(inner->readings().size(), 1u);
  EXPECT_EQ(inner->readings()[0].time_s, 60);
}

TEST(ChannelFaults, HoldBackReleasesTheOutageAsBackfillAtItsEnd) {
  ChannelFaultWindow w;
  w.channel = FaultChannel::kReadings;
  w.start_s = 600;
  w.end_s = 1200;
  w.hold_back = true;
  auto [inner, port] = wrap({w});
  PortOutput out;
  for (double t = 60; t <= 1500; t += 60) {
    const std::vector<SensorReading> r = {{t, 5.0, 0, 0}};
    port->on_readings(r);
    port->advance_to(t, out);
    if (t == 1140) {
      // 60..540 arrived, 600..1140 are held.
      EXPECT_EQ(inner->readings().size(), 9u);
    }
  }
  ASSERT_EQ(inner->readings().size(), 25u);
  // At 1200 the ten held readings come first (backfill), then the live one of 1200.
  std::vector<double> at_1200;
  for (std::size_t i = 9; i < 20; ++i) at_1200.push_back(inner->readings()[i].time_s);
  EXPECT_EQ(at_1200.front(), 600);
  EXPECT_EQ(at_1200[9], 1140);
  EXPECT_EQ(at_1200[10], 1200);
  // Nothing lost, nothing out of order: the backfill keeps the readings' own order.
  for (std::size_t i = 1; i < inner->readings().size(); ++i) {
    EXPECT_LT(inner->readings()[i - 1].time_s, inner->readings()[i].time_s);
  }
}

TEST(ChannelFaults, TelemetryIsHeldBackWithTheReadings) {
  ChannelFaultWindow w;
  w.channel = FaultChannel::kReadings;
  w.start_s = 600;
  w.end_s = 1200;
  w.hold_back = true;
  auto [inner, port] = wrap({w});
  PortOutput out;
  for (double t = 300; t <= 1500; t += 300) {
    const std::vector<ZoneTelemetry> status = {{t, 0, true, true, 0, 0.5}};
    port->on_telemetry(status);
    port->advance_to(t, out);
    // The status of 600 and 900 waits for the end of the outage.
    if (t == 900) EXPECT_EQ(inner->telemetry().size(), 1u);
  }
  ASSERT_EQ(inner->telemetry().size(), 5u);
  EXPECT_EQ(inner->telemetry()[1].time_s, 600);
  EXPECT_EQ(inner->telemetry()[3].time_s, 1200);
}

TEST(ChannelFaults, StockIsNotHeldBack) {
  ChannelFaultWindow w;
  w.channel = FaultChannel::kReadings;
  w.hold_back = true;
  auto [inner, port] = wrap({w});
  const std::vector<ZoneStock> stock = {{0, 0, {{"00614141000012/INS1", 10, 2, 8, 3600}}}};
  port->on_zone_stock(stock);
  ASSERT_EQ(inner->zone_stock().size(), 1u);
  EXPECT_EQ(inner->zone_stock()[0].lots[0].units, 10u);
}

TEST(ChannelFaults, FinishBackfillsAnOutageThatNeverEnded) {
  ChannelFaultWindow w;
  w.channel = FaultChannel::kReadings;
  w.start_s = 0;
  w.hold_back = true;  // no end: held until the end of the run
  auto [inner, port] = wrap({w});
  PortOutput out;
  port->on_readings(minute_readings(60, 600));
  port->advance_to(600, out);
  port->advance_to(1e9, out);
  EXPECT_TRUE(inner->readings().empty());
  port->finish(1e9, out);
  EXPECT_EQ(inner->readings().size(), 10u);
}

TEST(ChannelFaults, DuplicateFractionOneDeliversEveryReadingTwice) {
  ChannelFaultWindow w;
  w.channel = FaultChannel::kReadings;
  w.duplicate_fraction = 1.0;
  auto [inner, port] = wrap({w});
  PortOutput out;
  port->on_readings(minute_readings(60, 600));
  port->advance_to(600, out);
  EXPECT_EQ(inner->readings().size(), 20u);
}

TEST(ChannelFaults, DuplicateFractionIsABernoulliShare) {
  ChannelFaultWindow w;
  w.channel = FaultChannel::kReadings;
  w.duplicate_fraction = 0.25;
  auto [inner, port] = wrap({w});
  PortOutput out;
  const int n = 10'000;
  port->on_readings(minute_readings(60, 60.0 * n));
  port->advance_to(60.0 * n, out);
  const double copies = static_cast<double>(inner->readings().size() - n);
  // Binomial(10000, 0.25): mean 2500, standard deviation sqrt(1875) = 43.3; allow 5 sigma.
  EXPECT_NEAR(copies, 2500, 5 * 43.3);
}

TEST(ChannelFaults, ReorderingStaysWithinTheWindowAndFollowsTheSeed) {
  ChannelFaultWindow w;
  w.channel = FaultChannel::kReadings;
  w.reorder_window_s = 600;
  auto order_with_seed = [&](std::uint64_t seed) {
    auto [inner, port] = wrap({w}, seed);
    PortOutput out;
    port->on_readings(minute_readings(60, 6000));
    port->advance_to(6000, out);
    std::vector<double> t1;
    for (const auto& r : inner->readings()) t1.push_back(r.time_s);
    port->advance_to(7000, out);
    std::vector<double> all;
    for (const auto& r : inner->readings()) all.push_back(r.time_s);
    // Nothing delivered before its own time; everything by time + window.
    for (std::size_t i = 0; i < t1.size(); ++i) EXPECT_LE(t1[i], 6000);
    EXPECT_EQ(all.size(), 100u);
    return all;
  };
  const auto a = order_with_seed(1), b = order_with_seed(1), c = order_with_seed(2);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_FALSE(std::is_sorted(a.begin(), a.end()));
  // Delivered at most 600 s late: a reading never comes after one more than 600 s younger.
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = i + 1; j < a.size(); ++j) EXPECT_LE(a[i], a[j] + 600);
  }
}

TEST(ChannelFaults, DuplicatedDecisionsLeaveTheSetOfAppliedKeysUnchanged) {
  auto run = [](bool faulty) {
    std::vector<ChannelFaultWindow> windows;
    if (faulty) {
      ChannelFaultWindow w;
      w.channel = FaultChannel::kDecisions;
      w.duplicate_fraction = 1.0;
      w.reorder_window_s = 120;
      windows.push_back(w);
    }
    auto [inner, port] = wrap(windows);
    for (int i = 0; i < 20; ++i) {
      Decision d;
      d.idempotency_key = "quarantine/zone" + std::to_string(i % 7) + "/alert" + std::to_string(i);
      d.sim_time_s = 60.0 * i;
      inner->queue_decision(d);
    }
    PortOutput out;
    for (int t = 0; t <= 1500; t += 60) port->advance_to(t, out);
    port->finish(1500, out);
    // The world applies each key once.
    std::set<std::string> applied;
    for (const auto& d : out.decisions) applied.insert(d.idempotency_key);
    return std::pair{out.decisions.size(), applied};
  };
  const auto [clean_count, clean_keys] = run(false);
  const auto [faulty_count, faulty_keys] = run(true);
  EXPECT_EQ(clean_count, 20u);
  EXPECT_EQ(faulty_count, 40u);
  EXPECT_EQ(faulty_keys, clean_keys);
  EXPECT_EQ(clean_keys.size(), 20u);
}

TEST(ChannelFaults, OnlyTheFaultWindowIsAffected) {
  ChannelFaultWindow w;
  w.channel = FaultChannel::kReadings;
  w.start_s = 3600;
  w.end_s = 7200;
  w.duplicate_fraction = 1.0;
  auto [inner, port] = wrap({w});
  PortOutput out;
  port->on_readings(minute_readings(60, 10800));  // 180 readings, 60 of them in [3600, 7200)
  port->advance_to(10800, out);
  EXPECT_EQ(inner->readings().size(), 240u);
}

TEST(ChannelFaults, SerializationObservationsAreHeldBackToo) {
  ChannelFaultWindow w;
  w.channel = FaultChannel::kSerialization;
  w.start_s = 100;
  w.end_s = 500;
  w.hold_back = true;
  auto inner = std::make_unique<RecordingSerializationPort>();
  auto* rec = inner.get();
  FaultySerializationPort port(std::move(inner), {w}, 7);
  SerializationOutput out;
  ShippingObservation early{50, "s1", "a", "b", {"1"}};
  ShippingObservation held{200, "s2", "a", "b", {"2"}};
  port.on_shipping(early);
  port.on_shipping(held);
  port.advance_to(300, out);
  ASSERT_EQ(rec->shipping.size(), 1u);
  EXPECT_EQ(rec->shipping[0].shipment, "s1");
  port.advance_to(500, out);
  ASSERT_EQ(rec->shipping.size(), 2u);
  EXPECT_EQ(rec->shipping[1].shipment, "s2");
}

TEST(ChannelFaults, ReadFromTheScenario) {
  scenario::Scenario s;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        faults {
          name: "gw"
          start: "2h"
          duration: "30m"
          channel_fault { channel: READINGS hold_back: true }
        }
        faults {
          name: "dup"
          start: "1d"
          channel_fault {
            channel: DECISIONS
            duplicate_fraction: 0.5
            delay: "90s"
            reorder_window: "5m"
          }
        }
        faults {
          name: "bad"
          channel_fault { channel: READINGS delay: "soon" }
        }
        faults {
          name: "hvac"
          hvac_failure { zone: "cold1" }
        }
      )pb",
      &s));
  const auto result = channel_faults_from_scenario(s);
  ASSERT_EQ(result.windows.size(), 3u);
  EXPECT_EQ(result.windows[0].start_s, 7200);
  EXPECT_EQ(result.windows[0].end_s, 9000);
  EXPECT_TRUE(result.windows[0].hold_back);
  EXPECT_EQ(result.windows[1].channel, FaultChannel::kDecisions);
  EXPECT_EQ(result.windows[1].start_s, 86400);
  EXPECT_TRUE(std::isinf(result.windows[1].end_s));
  EXPECT_EQ(result.windows[1].delay_s, 90);
  EXPECT_EQ(result.windows[1].reorder_window_s, 300);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].find("faults[bad].channel_fault.delay"), std::string::npos)
      << result.errors[0];
}

}  // namespace
}  // namespace pharmatwin::adapters

namespace pharmatwin::adapters {
namespace {

TEST(InjectedChannelFaults, AFaultInjectedDuringTheRunDelaysReadingsFromItsStart) {
  auto inner = std::make_unique<RecordingDetectionPort>();
  auto* recorded = inner.get();
  FaultyDetectionPort port(std::move(inner), {}, 1);  // the scenario has no channel fault
  Observers observers;
  follow_injected_channel_faults(observers, &port, nullptr);
  scenario::Fault fault;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(name: "gw"
           duration: "10m"
           channel_fault { channel: READINGS delay: "5m" })pb",
      &fault));
  PortOutput out;
  const std::vector<SensorReading> early = {{60, 5.0, 0, 0}};
  port.on_readings(early);
  port.advance_to(60, out);
  EXPECT_EQ(recorded->readings().size(), 1u);  // nothing injected yet: straight through
  FaultEvent ev;
  ev.name = "gw";
  ev.kind = "channel_fault";
  ev.start_s = 120;
  ev.injected = true;
  ev.scenario_fault = &fault;
  observers.on_fault_start(ev);
  const std::vector<SensorReading> late = {{180, 5.0, 0, 0}};
  port.on_readings(late);
  port.advance_to(180, out);
  EXPECT_EQ(recorded->readings().size(), 1u);  // delayed to 480
  port.advance_to(480, out);
  ASSERT_EQ(recorded->readings().size(), 2u);
  const std::vector<SensorReading> after = {{900, 5.0, 0, 0}};  // the window ended at 720
  port.on_readings(after);
  port.advance_to(900, out);
  EXPECT_EQ(recorded->readings().size(), 3u);
  // A scenario fault (not injected) is the scenario wrapper's business: no second window.
  ev.injected = false;
  ev.start_s = 1000;
  observers.on_fault_start(ev);
  const std::vector<SensorReading> later = {{1020, 5.0, 0, 0}};
  port.on_readings(later);
  port.advance_to(1020, out);
  EXPECT_EQ(recorded->readings().size(), 4u);
}

}  // namespace
}  // namespace pharmatwin::adapters
