// The world with the project's own track-and-trace system bound in-process, on
// scenarios/library/counterfeit-clone.textproto: its suspect-product alerts reach the event log as
// alert records naming the packs, and scoring matches them to the two counterfeit faults.
//
// Timing of the scenario: both faults start at 2d; the delivery that carries the fakes
// (reefer-daily#3) departs at 2d6h and spends 12-30 h on the road, then waits for a receiving
// shift (06:00-22:00) and its scan. The counterfeits can only be seen at that scan, so each
// fault's latency is the time from onset to the scan of a case of that delivery.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pharmatwin/adapters/bindings.hpp"
#include "pharmatwin/experiments/detection_score.hpp"
#include "pharmatwin/experiments/run_log.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/sim/world.hpp"
#include "sim_child.hpp"

namespace pharmatwin::sim {
namespace {

using testing::in_child;

constexpr double kOnset = 2 * 86400.0;
constexpr double kDeparts = kOnset + 6 * 3600.0;

std::filesystem::path out_dir() {
  return std::filesystem::temp_directory_path() /
         ("pharmatwin-counterfeit-loop-" + std::to_string(::getpid()));
}

// Runs the scenario in a child with the in-process serialization binding and no detection
// system; the event log goes to `dir`.
bool run_counterfeit_clone(const std::filesystem::path& dir,
                           std::optional<std::uint64_t> seed = std::nullopt) {
  std::vector<double> got;
  const bool ok = in_child(
      [&]() -> std::vector<double> {
        auto loaded = scenarios::load_scenario(std::string(PHARMATWIN_SOURCE_DIR) +
                                               "/scenarios/library/counterfeit-clone.textproto");
        if (!loaded.ok()) return {};
        WorldOptions options;
        options.out_dir = dir;
        options.seed = seed;
        std::string error;
        auto world = World::create(loaded.scenario, options, &error);
        if (!world || !world->operations()) return {};
        adapters::BindingContext context;
        context.scenario = &loaded.scenario;
        context.out_dir = dir;
        auto serialization = adapters::make_serialization_port(scenario::Binding{}, ".", context);
        if (!serialization.ok()) return {};
        world->set_serialization_port(serialization.port.get());
        world->run();
        return {1};
      },
      got);
  return ok && got.size() == 1;
}

TEST(CounterfeitLoop, SuspectAlertsDetectBothCounterfeitsAtTheReceivingScan) {
  const auto dir = out_dir();
  ASSERT_TRUE(run_counterfeit_clone(dir));
  auto read = experiments::read_run_log(dir / "events.pb", false);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(read.ok()) << read.error;
  const auto& log = read.log;

  // The delivery each fault's packs came in, and when its cases were scanned.
  std::map<std::string, std::string> fault_shipment;
  for (const auto& r : log.operations)
    if (r.has_counterfeit_injected())
      fault_shipment[r.counterfeit_injected().fault()] = r.counterfeit_injected().shipment();
  ASSERT_EQ(fault_shipment.size(), 2u);
  std::map<std::string, std::vector<double>> scans_s;  // by shipment, in time order
  for (const auto& r : log.operations)
    if (r.has_case_scanned()) scans_s[r.case_scanned().shipment()].push_back(r.t_s());

  // Every alert of the run is a suspect alert naming packs (no detection system bound).
  ASSERT_FALSE(log.alerts.empty());
  for (const auto& a : log.alerts) {
    EXPECT_EQ(a.source, "serialization") << a.id;
    EXPECT_EQ(a.kind.rfind("suspect:", 0), 0u) << a.kind;
    EXPECT_FALSE(a.packs.empty()) << a.id;
  }

  const auto score = experiments::score_detection(log);
  ASSERT_EQ(score.faults.size(), 2u);
  for (const auto& f : score.faults) {
    SCOPED_TRACE(f.name);
    ASSERT_TRUE(f.detected);
    // Not before the truck left, not after the road's longest transit plus a night without
    // receivers (22:00-06:00) and a day of scanning.
    EXPECT_GE(f.start_s + *f.latency_s, kDeparts + 12 * 3600.0);
    EXPECT_LE(*f.latency_s, 6 * 3600.0 + 30 * 3600.0 + 8 * 3600.0 + 24 * 3600.0);
    // The alert comes from the scan of a case of the fault's delivery: the last scan of that
    // delivery at or before the alert is at most one gateway tick (5 min) earlier.
    const auto& scans = scans_s[fault_shipment.at(f.name)];
    ASSERT_FALSE(scans.empty());
    const double alert_s = f.start_s + *f.latency_s;
    double last_scan_s = -1;
    for (double t : scans)
      if (t <= alert_s + 1e-3) last_scan_s = t;
    ASSERT_GE(last_scan_s, 0) << "alert before any scan of " << fault_shipment.at(f.name);
    EXPECT_NEAR(*f.latency_s, last_scan_s - f.start_s, 300.0);
    EXPECT_FALSE(f.harm_s.has_value());  // nothing counterfeit was shipped
  }
  // Every suspect alert is about one of the faults' packs.
  EXPECT_TRUE(score.false_alarm_ids.empty());
}

// A suspect alert names packs that a picker may be carrying to the dock at that moment (on seed 8
// the alert comes while a pick holding two of the clones is under way). The dispatch check holds
// them back: no counterfeit pack ships after an alert named it, on any seed. (Seed 56 ships two
// clones after the fault's first alert, but before the alert about their own case.)
TEST(CounterfeitLoop, AQuarantineArrivingDuringAPickStopsThePackAtDispatch) {
  int dispatch_interceptions = 0;
  for (std::uint64_t seed : {8u, 56u, 1u, 2u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const auto dir = out_dir() / std::to_string(seed);
    ASSERT_TRUE(run_counterfeit_clone(dir, seed));
    auto read = experiments::read_run_log(dir / "events.pb", false);
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(read.ok()) << read.error;
    std::map<std::string, double> first_named_s;  // pack key -> first alert naming it
    for (const auto& a : read.log.alerts)
      for (const auto& pack : a.packs) first_named_s.try_emplace(pack, a.received_s);
    for (const auto& r : read.log.operations) {
      if (r.has_counterfeit_intercepted() && r.counterfeit_intercepted().stage() == "dispatch")
        ++dispatch_interceptions;
      if (!r.has_compromised_unit_shipped()) continue;
      const auto& c = r.compromised_unit_shipped();
      if (c.reason() != "counterfeit") continue;
      const auto named = first_named_s.find(c.gtin() + "/" + c.serial());
      if (named != first_named_s.end())
        EXPECT_LE(r.t_s(), named->second)
            << c.gtin() << "/" << c.serial() << " shipped after an alert named it";
    }
    // A pack held back is back in stock, quarantined, with a record saying where it stopped.
    bool stopped_at_dispatch = false;
    for (const auto& r : read.log.operations)
      if (r.has_stock_status_changed() &&
          r.stock_status_changed().reason().find("(stopped at dispatch)") != std::string::npos)
        stopped_at_dispatch = true;
    if (seed == 8) EXPECT_TRUE(stopped_at_dispatch);
  }
  EXPECT_GE(dispatch_interceptions, 1);
}

}  // namespace
}  // namespace pharmatwin::sim
