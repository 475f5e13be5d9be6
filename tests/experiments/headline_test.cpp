// The terminal headline of a scored run: every figure it prints comes from the score, run and
// baseline side by side, false alarms listed with their message. Logs are hand-made.
#include <gtest/gtest.h>

#include <sstream>

#include "log_builder.hpp"
#include "pharmatwin/experiments/report.hpp"

namespace pharmatwin::experiments {
namespace {

using testing::LogBuilder;

void order(LogBuilder& b, std::uint64_t id, std::uint32_t units, double due) {
  auto* o = b.ops(100).mutable_order_placed();
  o->set_order_id(id);
  o->set_units(units);
  o->set_due_s(due);
}

void ship(LogBuilder& b, std::uint64_t id, std::uint32_t units, double t) {
  auto* s = b.ops(t).mutable_order_shipped();
  s->set_order_id(id);
  s->set_units_shipped(units);
  s->set_on_time(true);
}

std::string headline(const RunLog& run, const RunLog* baseline) {
  ScoreInputs in;
  in.run = &run;
  in.baseline = baseline;
  std::ostringstream out;
  print_summary(out, score_run(in), {{"fill rate", false, "75 %", ">= 95 %"}});
  return out.str();
}

TEST(Headline, ShowsFaultsAlertCountsFalseAlarmsAndServiceAgainstTheBaseline) {
  LogBuilder b;
  b.fault(0, "hvac", "hvac_failure", 3600, 7200, "cold-room");
  b.alert("a", "hvac_failure", 4200, 0);
  b.alert("a", "hvac_failure", 4800, 0);  // an update of the same alert: one alert, two events
  auto* fa = b.records.emplace_back().mutable_alert();
  b.records.back().set_t_s(50000);
  fa->set_id("door");
  fa->set_kind("door_open");
  fa->set_zone(1);
  fa->set_sensor(-1);
  fa->set_raised_at_s(50000);
  fa->set_message("door reported open for 25 min");
  order(b, 1, 40, 40000);
  ship(b, 1, 30, 1000);
  auto* lost = b.ops(40000).mutable_order_lost();
  lost->set_order_id(1);
  lost->set_units_ordered(40);
  lost->set_units_lost(10);
  lost->set_units_shipped(30);
  LogBuilder base;
  order(base, 1, 40, 40000);
  ship(base, 1, 40, 1000);
  const auto run_log = b.build(), base_log = base.build();
  const std::string text = headline(run_log, &base_log);

  EXPECT_NE(text.find("hvac                        hvac_failure      yes       10m"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("alerts: 2 distinct (3 alert events): 1 in a fault's window, 0 late, 0 "
                      "during a zone's recovery, 1 false alarm\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("false alarms: 1 (1.00/day"), std::string::npos) << text;
  EXPECT_NE(text.find("t+13h53m20s"), std::string::npos) << text;
  EXPECT_NE(text.find("door reported open for 25 min"), std::string::npos) << text;
  // 30 of 40 on time against 40 of 40.
  EXPECT_NE(text.find("fill rate                   75.00 %       100.00 %      -25.00 pp"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("units lost                  10            0             +10"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("expectations (0 of 1 hold)\n  FAIL fill rate: 75 % (expected >= 95 %)"),
            std::string::npos)
      << text;
}

TEST(Headline, MissedFaultAndNoBaselineAreSaid) {
  LogBuilder b;
  b.fault(0, "hvac", "hvac_failure", 3600, 7200, "cold-room");
  const auto log = b.build();
  const std::string text = headline(log, nullptr);
  EXPECT_NE(text.find("MISSED"), std::string::npos) << text;
  EXPECT_NE(text.find("(no baseline"), std::string::npos) << text;
  EXPECT_EQ(text.find("baseline      difference"), std::string::npos) << text;
}

TEST(Headline, ListsAtMostFiveFalseAlarmsAndSaysHowManyMore) {
  LogBuilder b;
  for (int i = 0; i < 8; ++i) b.alert("fa" + std::to_string(i), "door_open", 1000 + 1000 * i, 1);
  const auto log = b.build();
  const std::string text = headline(log, nullptr);
  EXPECT_NE(text.find("false alarms: 8"), std::string::npos) << text;
  EXPECT_NE(text.find("... and 3 more in report.json"), std::string::npos) << text;
}

}  // namespace
}  // namespace pharmatwin::experiments
