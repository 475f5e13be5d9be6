// The in-process detection binding on a scripted feed, and the proof that lock-step keeps
// results deterministic: pharmatwin-sut (the same engine behind the external protocol) gives
// exactly the same alerts and decisions.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "pharmatwin/adapters/bindings.hpp"
#include "pharmatwin/adapters/channel_faults.hpp"
#include "pharmatwin/adapters/external_ports.hpp"
#include "pharmatwin/adapters/inprocess_detection_port.hpp"

namespace pharmatwin::adapters {
namespace {

constexpr double kStep = 60;
constexpr double kBlock = 900;             // the world's delivery block
constexpr double kExcursionStart = 72000;  // 20 h
constexpr double kExcursionEnd = 79200;    // 22 h
constexpr double kHorizon = 2 * 86400.0;

SiteLayout site() {
  SiteLayout layout;
  layout.site_name = "equivalence";
  layout.start_epoch_s = 1767225600;  // 2026-01-01T00:00:00Z
  layout.zones = {{"cold1", 2, 8, 5}, {"ambient", 15, 25, 20}};
  for (int i = 0; i < 3; ++i)
    layout.sensors.push_back({"cold1-" + std::to_string(i), 0, SensorKind::kAir, kStep});
  for (int i = 0; i < 3; ++i)
    layout.sensors.push_back({"amb-" + std::to_string(i), 1, SensorKind::kAir, kStep});
  return layout;
}

// Cold zone at 5 °C (10 °C during the excursion), ambient at 20 °C, each with a small
// deterministic ripple per sensor so that no sensor looks stuck.
double value_at(std::uint32_t sensor, double t) {
  const double ripple = 0.15 * std::sin(t / 600.0 + sensor);
  if (sensor < 3) return (t >= kExcursionStart && t < kExcursionEnd ? 10.0 : 5.0) + ripple;
  return 20.0 + ripple;
}

using AlertKey =
    std::tuple<std::string, std::string, std::uint32_t, std::uint32_t, double, bool, double>;

struct DriveResult {
  std::vector<AlertKey> alerts;
  std::vector<std::string> decision_keys;
  std::vector<Alert> raw;
  std::vector<Decision> decisions;
};

// Two lots in the cold zone from the start; the ambient zone is empty.
std::vector<ZoneStock> cold_lots() {
  return {{0,
           0,
           {{"00614141000012/INS1", 400, 2, 8, 72 * 3600.0},
            {"00614141000029/FLU1", 150, 2, 8, 24 * 3600.0}}},
          {0, 1, {}}};
}

DriveResult drive(DetectionPort& port, const std::vector<ZoneStock>& stock = cold_lots()) {
  DriveResult run;
  const SiteLayout layout = site();
  port.bind(layout);
  PortOutput out;
  std::vector<SensorReading> batch;
  for (double block = 0; block < kHorizon; block += kBlock) {
    if (block == 0 && !stock.empty()) port.on_zone_stock(stock);
    batch.clear();
    for (double t = block + kStep; t <= block + kBlock; t += kStep) {
      for (std::uint32_t s = 0; s < layout.sensors.size(); ++s) {
        batch.push_back({t, value_at(s, t), s, layout.sensors[s].zone});
      }
    }
    port.on_readings(batch);
    const std::vector<ZoneTelemetry> telemetry = {{block + kBlock, 0, true, true, 0, 0.5},
                                                  {block + kBlock, 1, true, true, 0, 0.5}};
    port.on_telemetry(telemetry);
    port.advance_to(block + kBlock, out);
  }
  port.finish(kHorizon, out);
  for (const auto& a : out.alerts) {
    run.alerts.emplace_back(a.id, a.kind, a.zone, a.sensor, a.raised_at_s, a.cleared,
                            a.cleared_at_s);
  }
  for (const auto& d : out.decisions) run.decision_keys.push_back(d.idempotency_key);
  run.raw = out.alerts;
  run.decisions = out.decisions;
  return run;
}

std::unique_ptr<InProcessDetectionPort> in_process() {
  auto policies = load_policy_set(std::string(PHARMATWIN_SOURCE_DIR) + "/data/policies");
  EXPECT_TRUE(policies.errors.empty()) << policies.errors.front();
  return std::make_unique<InProcessDetectionPort>(std::move(policies.policies));
}

TEST(StorageClass, FollowsTheScenarioRanges) {
  EXPECT_EQ(storage_class_for_range(-25, -10), "frozen");
  EXPECT_EQ(storage_class_for_range(2, 8), "refrigerated");
  EXPECT_EQ(storage_class_for_range(8, 15), "cool");
  EXPECT_EQ(storage_class_for_range(15, 25), "crt");
  EXPECT_EQ(storage_class_for_range(20, 25), "crt");
}

TEST(InProcessDetection, RaisesTheHighExcursionAfterThePolicyDelayAndClearsIt) {
  auto port = in_process();
  const DriveResult run = drive(*port);
  // data/policies/refrigerated.json: hi limit 8 °C with a 900 s delay (reset mode). The zone
  // sits at 10 °C from 20 h to 22 h, so the alarm is due 900 s after the first high reading.
  const Alert* raised = nullptr;
  const Alert* cleared = nullptr;
  for (const auto& a : run.raw) {
    if (a.kind != "excursion_high" || a.zone != 0) continue;
    if (!a.cleared && !raised) raised = &a;
    if (a.cleared && !cleared) cleared = &a;
  }
  ASSERT_NE(raised, nullptr);
  EXPECT_GE(raised->raised_at_s, kExcursionStart + 900);
  EXPECT_LE(raised->raised_at_s, kExcursionStart + 900 + kStep);
  EXPECT_EQ(raised->id.rfind("det-", 0), 0u);
  ASSERT_NE(cleared, nullptr);
  EXPECT_EQ(cleared->id, raised->id);
  EXPECT_GE(cleared->cleared_at_s, kExcursionEnd);
  EXPECT_LE(cleared->cleared_at_s, kExcursionEnd + kBlock);
  // Nothing about the ambient zone, which stayed at 20 °C inside 15..25 °C.
  for (const auto& a : run.raw) {
    if (a.zone == 1) EXPECT_NE(a.kind.rfind("excursion", 0), 0u) << a.kind;
  }
  // Decisions name an alert that was raised, once per key.
  std::set<std::string> keys(run.decision_keys.begin(), run.decision_keys.end());
  EXPECT_EQ(keys.size(), run.decision_keys.size());
  for (const auto& k : run.decision_keys) EXPECT_EQ(k.rfind("quarantine/cold1/det-", 0), 0u) << k;
}

TEST(InProcessDetection, AConfirmedExcursionQuarantinesTheLotsOfItsZone) {
  auto port = in_process();
  const DriveResult run = drive(*port);
  // The first decision follows the first excursion alert of the cold zone and names both lots
  // it holds; nothing concerns the empty ambient zone.
  ASSERT_FALSE(run.decisions.empty());
  const Decision& first = run.decisions.front();
  EXPECT_EQ(first.kind, DecisionKind::kQuarantine);
  EXPECT_EQ(first.zone, "cold1");
  EXPECT_EQ(first.lots, (std::vector<std::string>{"00614141000012/INS1", "00614141000029/FLU1"}));
  EXPECT_GE(first.sim_time_s, kExcursionStart + 900);
  EXPECT_LE(first.sim_time_s, kExcursionStart + 900 + kBlock);
  const auto alert = std::find_if(run.raw.begin(), run.raw.end(),
                                  [&](const Alert& a) { return a.id == first.alert_id; });
  ASSERT_NE(alert, run.raw.end());
  EXPECT_EQ(alert->kind.rfind("excursion", 0), 0u) << alert->kind;
  EXPECT_EQ(alert->lots, first.lots);
  for (const auto& d : run.decisions) EXPECT_EQ(d.zone, "cold1");
}

TEST(InProcessDetection, WithoutLotsInTheZoneAnExcursionQuarantinesNothing) {
  auto port = in_process();
  const DriveResult run = drive(*port, {});
  bool excursion = false;
  for (const auto& a : run.raw) excursion |= a.kind == "excursion_high" && a.zone == 0;
  EXPECT_TRUE(excursion);
  EXPECT_TRUE(run.decisions.empty());
}

TEST(InProcessDetection, ExternalProcessGivesExactlyTheSameResults) {
  auto local = in_process();
  const DriveResult expected = drive(*local);
  ASSERT_FALSE(expected.alerts.empty());
  ExternalDetectionOptions options;
  options.readings_per_frame = 500;  // many frames per block
  ExternalDetectionPort external(
      SutSession::spawn(
          {PHARMATWIN_SUT, "--policies", std::string(PHARMATWIN_SOURCE_DIR) + "/data/policies"}, {},
          "pharmatwin-sut"),
      options);
  const DriveResult actual = drive(external);
  EXPECT_EQ(external.welcome().system_name(), "pharmatwin-sut");
  EXPECT_EQ(actual.alerts, expected.alerts);
  ASSERT_FALSE(expected.decision_keys.empty());  // the lots in the zone went over the wire too
  EXPECT_EQ(actual.decision_keys, expected.decision_keys);
  ASSERT_EQ(actual.decisions.size(), expected.decisions.size());
  for (std::size_t i = 0; i < actual.decisions.size(); ++i) {
    EXPECT_EQ(actual.decisions[i].lots, expected.decisions[i].lots);
  }
}

TEST(Bindings, FactoryPicksTheBindingFromTheScenario) {
  scenario::Binding binding;
  BindingContext context;
  context.policies_dir = std::string(PHARMATWIN_SOURCE_DIR) + "/data/policies";
  auto in = make_detection_port(binding, ".", context);
  ASSERT_TRUE(in.ok()) << in.error;
  EXPECT_NE(dynamic_cast<InProcessDetectionPort*>(in.port.get()), nullptr);

  binding.set_kind("external");
  binding.set_endpoint(std::string(PHARMATWIN_SUT) + " --policies " +
                       context.policies_dir.string());
  auto ext = make_detection_port(binding, ".", context);
  ASSERT_TRUE(ext.ok()) << ext.error;
  EXPECT_NE(dynamic_cast<ExternalDetectionPort*>(ext.port.get()), nullptr);
  PortOutput out;
  ext.port->bind(site());
  ext.port->finish(0, out);

  binding.set_kind("carrier-pigeon");
  auto bad = make_detection_port(binding, ".", context);
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.error.find("unknown binding 'carrier-pigeon'"), std::string::npos) << bad.error;

  binding.set_kind("external");
  binding.set_endpoint("/nonexistent/detector --x");
  auto missing = make_detection_port(binding, ".", context);
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.error.find("cannot start '/nonexistent/detector'"), std::string::npos)
      << missing.error;
}

TEST(Bindings, ScenarioChannelFaultsWrapTheBinding) {
  scenario::Scenario s;
  auto* f = s.add_faults();
  f->set_name("gw");
  f->set_start("1h");
  f->mutable_channel_fault()->set_channel(scenario::READINGS);
  f->mutable_channel_fault()->set_hold_back(true);
  BindingContext context;
  context.scenario = &s;
  context.policies_dir = std::string(PHARMATWIN_SOURCE_DIR) + "/data/policies";
  auto r = make_detection_port(scenario::Binding{}, ".", context);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_NE(dynamic_cast<FaultyDetectionPort*>(r.port.get()), nullptr);
  EXPECT_NE(r.description.find("channel faults"), std::string::npos);
}

TEST(Bindings, FlagsNameABinding) {
  EXPECT_EQ(parse_binding_flag("in-process").kind(), "in-process");
  EXPECT_EQ(parse_binding_flag("tcp:127.0.0.1:7000").endpoint(), "127.0.0.1:7000");
  EXPECT_EQ(parse_binding_flag("mqtt:localhost:1883").kind(), "mqtt");
  const auto ext = parse_binding_flag("python3 detector.py --fast");
  EXPECT_EQ(ext.kind(), "external");
  EXPECT_EQ(ext.endpoint(), "python3 detector.py --fast");
}

}  // namespace
}  // namespace pharmatwin::adapters
