// The world with the project's own track-and-trace system bound in-process, on
// scenarios/library/recall-lot.textproto: at the notice (2d10h, mid-shift) the system holds
// insulin lot INS2512C, so every unit of it on hand is blocked at the notice itself, no unit of
// it ships afterwards (picks under way are stopped at the dock), and the units shipped before it
// are traced to their pharmacies.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "pharmatwin/adapters/bindings.hpp"
#include "pharmatwin/experiments/recall_score.hpp"
#include "pharmatwin/experiments/run_log.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/sim/world.hpp"
#include "sim_child.hpp"

namespace pharmatwin::sim {
namespace {

using testing::in_child;

constexpr double kNotice = 2 * 86400.0 + 10 * 3600.0;

std::filesystem::path out_dir(std::uint64_t seed) {
  return std::filesystem::temp_directory_path() /
         ("pharmatwin-recall-loop-" + std::to_string(::getpid()) + "-" + std::to_string(seed));
}

bool run_recall_lot(const std::filesystem::path& dir, std::uint64_t seed) {
  std::vector<double> got;
  const bool ok = in_child(
      [&]() -> std::vector<double> {
        auto loaded = scenarios::load_scenario(std::string(PHARMATWIN_SOURCE_DIR) +
                                               "/scenarios/library/recall-lot.textproto");
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

TEST(RecallLoop, TheLotIsBlockedAtTheNoticeAndNothingOfItShipsAfter) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const auto dir = out_dir(seed);
    ASSERT_TRUE(run_recall_lot(dir, seed));
    auto read = experiments::read_run_log(dir / "events.pb", false);
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(read.ok()) << read.error;
    const auto recalls = experiments::score_recalls(read.log);
    ASSERT_EQ(recalls.size(), 1u);
    const auto& r = recalls[0];
    EXPECT_EQ(r.notice_s, kNotice);
    EXPECT_EQ(r.gtin, "00614141000012");
    EXPECT_GT(r.units_on_hand_at_notice, 0u);
    ASSERT_TRUE(r.time_to_block_s);
    EXPECT_EQ(*r.time_to_block_s, 0);
    EXPECT_EQ(r.units_shipped_after, 0u);
    // FEFO shipped the lot (earliest expiry) for two days: units to trace, to more than one
    // pharmacy.
    EXPECT_GT(r.units_shipped_before, 0u);
    EXPECT_GE(r.shipped_before.size(), 2u);
    // The hold is the system's decision, by its key, and nothing of the lot is released.
    bool held = false;
    for (const auto& rec : read.log.operations) {
      if (!rec.has_stock_status_changed()) continue;
      const auto& c = rec.stock_status_changed();
      if (c.lot() != "00614141000012/INS2512C") continue;
      if (c.to() == ON_HOLD && c.idempotency_key() == "recall/00614141000012/INS2512C") {
        held = true;
        EXPECT_EQ(rec.t_s(), kNotice);
      }
      if (rec.t_s() >= kNotice) EXPECT_NE(c.to(), AVAILABLE) << c.reason();
    }
    EXPECT_TRUE(held);
  }
}

}  // namespace
}  // namespace pharmatwin::sim
