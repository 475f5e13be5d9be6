// report.json of a real run of the default scenario (the world, no detection system bound): its
// unit counts agree with the records of the event log it came from, and its zone ground truth is
// the world's own. One World per process (SimGrid): this file's only test creates it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>

#include "pharmatwin/experiments/report.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/sim/event_log.hpp"
#include "pharmatwin/sim/world.hpp"

namespace pharmatwin::experiments {
namespace {

namespace fs = std::filesystem;

TEST(ReportOfARealRun, UnitCountsAgreeWithTheEventLogAndTruthWithTheWorld) {
  const auto loaded =
      scenarios::load_scenario(std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/default.textproto");
  ASSERT_TRUE(loaded.ok());
  const fs::path dir =
      fs::temp_directory_path() / ("pharmatwin-report-world-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  sim::WorldOptions options;
  options.out_dir = dir;
  options.horizon_s = 4 * 86400.0;  // through the cold room's HVAC failure at 2.4..2.8 d
  options.scenario_dir = fs::path(PHARMATWIN_SOURCE_DIR) / "scenarios";
  std::string error;
  sim::GroundTruth truth;
  {
    auto world = sim::World::create(loaded.scenario, options, &error);
    ASSERT_TRUE(world) << error;
    world->run();
    truth = world->truth();
  }  // the world closes its log

  // Tally the log's own records.
  std::map<std::string, std::uint64_t> t;
  auto reader = sim::EventLogReader::open(dir / "events.pb", &error);
  ASSERT_TRUE(reader) << error;
  sim::LogRecord r;
  while (reader->next(r)) {
    if (!r.has_operations()) continue;
    const auto& o = r.operations();
    if (o.has_order_placed()) t["units_ordered"] += o.order_placed().units();
    if (o.has_order_shipped()) {
      t["units_shipped"] += o.order_shipped().units_shipped();
      t[o.order_shipped().on_time() ? "units_shipped_on_time" : "units_shipped_late"] +=
          o.order_shipped().units_shipped();
    }
    if (o.has_order_lost()) t["units_lost"] += o.order_lost().units_lost();
    if (o.has_order_open()) t["units_open"] += o.order_open().units_open();
    if (o.has_shipment_received()) t["units_received"] += o.shipment_received().packs();
    if (o.has_stock_status_changed() && o.stock_status_changed().to() == sim::QUARANTINED)
      t["units_quarantined"] += o.stock_status_changed().units_first_quarantined();
    if (o.has_compromised_unit_shipped())
      t["compromised_units_shipped"] += o.compromised_unit_shipped().units();
  }
  ASSERT_TRUE(reader->error().empty()) << reader->error();
  ASSERT_GT(t["units_ordered"], 0u);

  auto log = read_run_log(dir / "events.pb");
  ASSERT_TRUE(log.ok()) << log.error;
  ScoreInputs in;
  in.run = &log.log;
  in.scenario = &loaded.scenario;
  const nlohmann::json j = report_json(score_run(in), {});
  const auto& ops = j["operations"];
  for (const char* name : {"units_ordered", "units_shipped", "units_shipped_on_time",
                           "units_shipped_late", "units_lost", "units_open", "units_received",
                           "units_quarantined", "compromised_units_shipped"})
    EXPECT_EQ(ops[name].get<std::uint64_t>(), t[name]) << name;
  EXPECT_EQ(ops["units_ordered"].get<std::uint64_t>(),
            ops["units_shipped_on_time"].get<std::uint64_t>() +
                ops["units_shipped_late"].get<std::uint64_t>() +
                ops["units_lost"].get<std::uint64_t>() + ops["units_open"].get<std::uint64_t>());

  // The zones' ground truth is the world's, figure for figure.
  const auto& zones = j["ground_truth"]["zones"];
  ASSERT_EQ(zones.size(), truth.zones.size());
  for (std::size_t z = 0; z < truth.zones.size(); ++z) {
    const auto& w = truth.zones[z];
    const auto& rz = zones[z];
    EXPECT_EQ(rz["zone"], w.name);
    EXPECT_EQ(rz["basis"], "run_end");
    EXPECT_EQ(rz["peak_air_c"].get<double>(), w.peak_air_c) << w.name;
    EXPECT_EQ(rz["peak_product_c"].get<double>(), w.peak_product_c) << w.name;
    EXPECT_EQ(rz["lowest_product_c"].get<double>(), w.lowest_product_c) << w.name;
    EXPECT_EQ(rz["out_of_range_s"].get<double>(), w.out_of_range_s) << w.name;
    EXPECT_EQ(rz["first_out_of_range_s"].is_null(), !w.first_out_of_range_s) << w.name;
    if (w.first_out_of_range_s)
      EXPECT_EQ(rz["first_out_of_range_s"].get<double>(), *w.first_out_of_range_s);
    // MKT lies between the lowest and the highest temperature.
    EXPECT_GE(rz["mkt_product_c"].get<double>(), w.lowest_product_c);
    EXPECT_LE(rz["mkt_product_c"].get<double>(), w.peak_product_c);
    EXPECT_EQ(rz["truth_interval_s"].get<double>(), options.truth_record_interval_s);
  }
  // The cold room's product left its range during the failure.
  EXPECT_FALSE(zones[0]["first_out_of_range_s"].is_null());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pharmatwin::experiments
