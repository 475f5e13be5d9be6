// Script lines of a live session, the pacer and the live judgement of alerts.
#include "pharmatwin/sim/live_command.hpp"

#include <gtest/gtest.h>

#include "pharmatwin/sim/live_kpis.hpp"
#include "pharmatwin/sim/live_pacer.hpp"

namespace pharmatwin::sim {
namespace {

TEST(LiveCommand, EveryVerbReadsBackFromItsFormattedLine) {
  const char* lines[] = {"0 pause",
                         "60 play",
                         "120 speed 3600",
                         "180 step",
                         "240 next-event",
                         "3600 inject name: \"x\" hvac_failure { zone: \"cold-room\" }",
                         "5400 ack A-3 door checked",
                         "5400 decide quarantine cold-room under review",
                         "7200 stop",
                         "7200 select cold-room",
                         "7200 screenshot out.png",
                         "7200 quit"};
  for (const char* line : lines) {
    LiveCommand c;
    std::string error;
    ASSERT_TRUE(parse_command(line, c, &error)) << line << ": " << error;
    EXPECT_EQ(format_command(c, *c.at_s), line);
  }
}

TEST(LiveCommand, DurationsAndExactTimes) {
  LiveCommand c;
  ASSERT_TRUE(parse_command("1h30m speed 0", c, nullptr));
  EXPECT_EQ(*c.at_s, 5400);
  EXPECT_EQ(c.speed, 0);
  EXPECT_EQ(format_command(c, 0.1 + 0.2), "0.30000000000000004 speed 0");
  ASSERT_TRUE(parse_command("0.30000000000000004 pause", c, nullptr));
  EXPECT_EQ(*c.at_s, 0.1 + 0.2);
}

TEST(LiveCommand, BadLinesSayWhy) {
  LiveCommand c;
  std::string error;
  EXPECT_FALSE(parse_command("# a comment", c, &error));
  EXPECT_TRUE(error.empty());
  EXPECT_FALSE(parse_command("soon pause", c, &error));
  EXPECT_NE(error.find("not a simulated time"), std::string::npos);
  EXPECT_FALSE(parse_command("10 fly", c, &error));
  EXPECT_NE(error.find("unknown command"), std::string::npos);
  EXPECT_FALSE(parse_command("10 decide destroy cold-room", c, &error));
  EXPECT_FALSE(parse_command("10 inject name: \"x\"", c, &error));  // no kind
  EXPECT_NE(error.find("no kind"), std::string::npos);
  EXPECT_FALSE(parse_command("10 pause now", c, &error));
  EXPECT_FALSE(parse_command("10 speed -1", c, &error));
  std::vector<LiveCommand> script;
  EXPECT_FALSE(parse_script("10 pause\n\n5 play\n", script, &error));
  EXPECT_EQ(error, "line 3: the time goes backwards");
  script.clear();
  EXPECT_TRUE(parse_script("# demo\n0 speed 60\n1h pause\n", script, &error)) << error;
  ASSERT_EQ(script.size(), 2u);
  EXPECT_EQ(script[1].verb, LiveVerb::kPause);
  EXPECT_TRUE(is_window_verb(LiveVerb::kScreenshot));
  EXPECT_FALSE(is_window_verb(LiveVerb::kInject));
}

TEST(LivePacer, WaitsForTheWallClockAndReanchorsWhenLate) {
  LivePacer pacer(3600, 0.25);
  pacer.anchor(0, 100);
  EXPECT_DOUBLE_EQ(pacer.wait_s(3600, 100), 1.0);
  EXPECT_DOUBLE_EQ(pacer.wait_s(3600, 100.5), 0.5);
  EXPECT_DOUBLE_EQ(pacer.sim_at(100.5, 1e9), 1800);
  EXPECT_DOUBLE_EQ(pacer.sim_at(100.5, 900), 900);  // never past what the world reached
  EXPECT_EQ(pacer.wait_s(3600, 102), 0);            // a second late: re-anchored at (3600, 102)
  EXPECT_DOUBLE_EQ(pacer.wait_s(7200, 102), 1.0);
  pacer.set_speed(0, 7200, 103);
  EXPECT_TRUE(pacer.as_fast_as_possible());
  EXPECT_EQ(pacer.wait_s(1e9, 103), 0);
}

TEST(LiveKpis, AlertsBelongToTheEarliestFaultOfTheirZoneWithinGrace) {
  std::vector<LiveFault> faults(2);
  faults[0].zones = {0};
  faults[0].start_s = 100;
  faults[0].end_s = 200;
  faults[1].zones = {1};
  faults[1].start_s = 150;
  std::vector<LiveAlert> alerts(4);
  alerts[0].zone = 0, alerts[0].raised_at_s = 130;  // fault 0, 30 s after onset
  alerts[1].zone = 0, alerts[1].raised_at_s = 250;  // fault 0 within 60 s of grace
  alerts[2].zone = 0, alerts[2].raised_at_s = 300;  // past the grace: a false alarm
  alerts[3].zone = 1, alerts[3].raised_at_s = 160;  // fault 1
  LiveKpis kpis;
  judge_alerts(alerts, faults, 60, kpis);
  EXPECT_EQ(alerts[0].fault, 0);
  EXPECT_EQ(alerts[1].fault, 0);
  EXPECT_EQ(alerts[2].fault, -1);
  EXPECT_EQ(alerts[3].fault, 1);
  EXPECT_EQ(faults[0].detected_after_s, 30);
  EXPECT_EQ(faults[1].detected_after_s, 10);
  EXPECT_EQ(kpis.false_alarms, 1u);
  EXPECT_EQ(kpis.faults_detected, 2u);
}

}  // namespace
}  // namespace pharmatwin::sim
