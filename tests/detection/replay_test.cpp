// Recorded CSV input: parsing, bad rows with line numbers, skip/reject, sensor lists,
// telemetry rows, and byte-identical output for identical input.
#include "pharmatwin/detection/replay.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "pharmatwin/detection/alert_writer.hpp"
#include "pharmatwin/detection/csv_reader.hpp"
#include "test_support.hpp"

namespace pharmatwin::detection {
namespace {

using namespace testing;

struct ReplayRun {
  ReplayResult result;
  std::string output;
  EngineStats stats;
};

ReplayRun replay(const std::string& csv, BadRowPolicy on_bad = BadRowPolicy::kSkip,
                 const std::string& sensor_list = "", AlertFormat format = AlertFormat::kCsv) {
  Engine engine;
  Policy p = base_policy();
  p.temperature.hi = {true, 25.0, 2 * kMsPerMinute};
  p.rate.enabled = false;
  p.door.enabled = false;
  EXPECT_EQ(engine.add_policy(p), "");
  ReplayOptions options;
  options.on_bad_row = on_bad;
  options.source = "r.csv";
  options.max_backwards_ms = 30 * kMsPerMinute;
  Replay r(engine, "crt", options);
  if (!sensor_list.empty()) {
    std::istringstream list(sensor_list);
    std::vector<std::string> errors;
    EXPECT_TRUE(r.load_sensor_list(list, "sensors.csv", errors));
  }
  std::ostringstream out;
  AlertWriter writer(out, format, engine);
  writer.header();
  engine.set_sink([&](const AlertEvent& e) { writer.write(e); });
  std::istringstream in(csv);
  ReplayRun run;
  run.result = r.run(in);
  run.output = out.str();
  run.stats = engine.stats();
  return run;
}

const char* kGood =
    "timestamp,site,zone,sensor,kind,value\n"
    "2026-01-01T00:00:00Z,dc1,cold-1,t1,temperature,24.0\n"
    "2026-01-01T00:01:00Z,dc1,cold-1,t1,temperature,26.0\n"
    "2026-01-01T00:01:00Z,dc1,cold-1,t1,temperature,26.0\n"
    "2026-01-01T00:02:00Z,dc1,cold-1,t1,temperature,26.5\n"
    "2026-01-01T00:03:00Z,dc1,cold-1,t1,temperature,26.2\n"
    "2026-01-01T00:03:00Z,dc1,cold-1,h1,humidity,\n"
    "2026-01-01T00:03:30Z,dc1,cold-1,,door,open\n"
    "2026-01-01T00:04:00Z,dc1,cold-1,t1,temperature,24.0\n";

TEST(Replay, ReadsRowsAndWritesAlerts) {
  const ReplayRun run = replay(kGood);
  EXPECT_EQ(run.result.bad_rows, 0u);
  EXPECT_EQ(run.result.readings, 7u);
  EXPECT_EQ(run.result.telemetry, 1u);
  EXPECT_EQ(run.stats.duplicates, 1u);
  EXPECT_EQ(run.stats.missing_values, 1u);
  // Raised at 00:03 (2 min after 00:01), cleared at 00:04.
  EXPECT_NE(run.output.find("raised,1,2026-01-01T00:03:00Z,"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("excursion_high,high,dc1,cold-1,t1,"), std::string::npos);
  EXPECT_NE(run.output.find("cleared,1,2026-01-01T00:04:00Z,"), std::string::npos);
  EXPECT_EQ(run.output.rfind("event,alert_id,time,", 0), 0u);
}

TEST(Replay, JsonLines) {
  const ReplayRun run = replay(kGood, BadRowPolicy::kSkip, "", AlertFormat::kJsonl);
  std::istringstream lines(run.output);
  std::string first;
  ASSERT_TRUE(std::getline(lines, first));
  EXPECT_EQ(first.rfind("{\"event\":\"raised\",\"alert_id\":1,", 0), 0u) << first;
  EXPECT_NE(first.find("\"policy_version\":\"test-1\""), std::string::npos);
  EXPECT_NE(
      first.find(
          "\"evidence\":[{\"sensor\":\"t1\",\"time\":\"2026-01-01T00:01:00Z\",\"value\":26.0}"),
      std::string::npos)
      << first;
}

TEST(Replay, BadRowsAreReportedWithTheirLineAndSkipped) {
  const std::string csv =
      "timestamp,site,zone,sensor,kind,value\n"
      "2026-01-01T00:00:00Z,dc1,z,t1,temperature,20\n"
      "2026-01-01T00:01:00Z,dc1,z,t1,temperature,2O.5\n"  // line 3: letter O
      "2026-01-01T00:02:00Z,dc1,z,t1,temperature\n"       // line 4: 5 fields
      "2026-01-01 00:03,dc1,z,t1,temperature,20\n"        // line 5: bad time
      "2026-01-01T00:04:00Z,dc1,z,t1,pressure,20\n"       // line 6: unknown kind
      "2026-01-01T00:05:00Z,dc1,z,t1,temperature,20\n"
      "2025-12-31T23:00:00Z,dc1,z,t1,temperature,20\n"   // line 8: 65 min back
      "2026-01-01T00:06:00Z,dc1,z,,door,ajar\n"          // line 9: bad state
      "2026-01-01T00:07:00Z,dc1,z,t1,temperature,nan\n"  // line 10
      "2026-01-01T00:08:00Z,dc1,z,t1,temperature,21\n";
  const ReplayRun run = replay(csv);
  EXPECT_FALSE(run.result.rejected);
  EXPECT_EQ(run.result.bad_rows, 7u);
  EXPECT_EQ(run.result.readings, 3u);
  ASSERT_EQ(run.result.errors.size(), 7u);
  EXPECT_EQ(run.result.errors[0], "r.csv:3: value: not a number: '2O.5'");
  EXPECT_EQ(run.result.errors[1].rfind("r.csv:4: expected 6 fields", 0), 0u);
  EXPECT_EQ(run.result.errors[2].rfind("r.csv:5: timestamp:", 0), 0u);
  EXPECT_EQ(run.result.errors[3].rfind("r.csv:6: kind: unknown kind 'pressure'", 0), 0u);
  EXPECT_EQ(run.result.errors[4].rfind("r.csv:8: timestamp: goes back 65 min", 0), 0u);
  EXPECT_EQ(run.result.errors[5].rfind("r.csv:9: value:", 0), 0u);
  EXPECT_EQ(run.result.errors[6].rfind("r.csv:10: value:", 0), 0u);
}

TEST(Replay, RejectStopsAtTheFirstBadRow) {
  const std::string csv =
      "2026-01-01T00:00:00Z,dc1,z,t1,temperature,20\n"
      "2026-01-01T00:01:00Z,dc1,z,t1,temperature,x\n"
      "2026-01-01T00:02:00Z,dc1,z,t1,temperature,y\n";
  const ReplayRun run = replay(csv, BadRowPolicy::kReject);
  EXPECT_TRUE(run.result.rejected);
  EXPECT_EQ(run.result.bad_rows, 1u);
  ASSERT_EQ(run.result.errors.size(), 1u);
  EXPECT_EQ(run.result.errors[0].rfind("r.csv:2: value:", 0), 0u);
}

TEST(Replay, UnknownSensorsWithASensorList) {
  const std::string csv =
      "2026-01-01T00:00:00Z,dc1,z,t1,temperature,20\n"
      "2026-01-01T00:00:00Z,dc1,z,t9,temperature,20\n";
  const ReplayRun run =
      replay(csv, BadRowPolicy::kSkip, "site,zone,sensor,kind\ndc1,z,t1,temperature\n");
  EXPECT_EQ(run.result.readings, 1u);
  ASSERT_EQ(run.result.errors.size(), 1u);
  EXPECT_EQ(run.result.errors[0], "r.csv:2: sensor: unknown sensor 't9' (not in the sensor list)");
}

TEST(Replay, QuotedFieldsAndSmallReorderingAreAccepted) {
  const std::string csv =
      "\"2026-01-01T00:10:00Z\",\"dc 1\",\"zone, north\",t1,temperature,\"20.5\"\n"
      "2026-01-01T00:05:00Z,\"dc 1\",\"zone, north\",t1,temperature,20\n"  // 5 min back: ok
      "2026-01-01T00:11:00Z,\"dc 1\",\"zone \"\"A\"\"\",t1,temperature,20\n";
  const ReplayRun run = replay(csv);
  EXPECT_EQ(run.result.bad_rows, 0u) << (run.result.errors.empty() ? "" : run.result.errors[0]);
  EXPECT_EQ(run.result.readings, 3u);
}

TEST(Replay, ParserNeverAcceptsGarbage) {
  CsvRow row;
  CsvRowError error;
  std::string scratch;
  for (const char* line : {"\"unterminated,a,b,c,d,e", ",,,,,", "a,b,c,d,e,f,g",
                           "2026-01-01T00:00:00Z,dc,z,t,temperature,1e400",
                           "2026-01-01T00:00:00Z,dc,z,t,temperature,--1", "x\"y,a,b,c,d,e"}) {
    EXPECT_EQ(parse_csv_line(line, false, row, error, scratch), LineStatus::kError) << line;
  }
  EXPECT_EQ(parse_csv_line("# comment", false, row, error, scratch), LineStatus::kSkip);
  EXPECT_EQ(parse_csv_line("   ", false, row, error, scratch), LineStatus::kSkip);
}

TEST(Replay, SameInputGivesByteIdenticalOutput) {
  std::ostringstream csv;
  for (int m = 0; m < 600; ++m) {
    for (int s = 0; s < 4; ++s) {
      const double v =
          20.0 + 0.3 * s + (m > 200 && m < 260 ? 6.0 : 0.0) + 0.01 * ((m * 7 + s) % 13);
      csv << format_iso8601(kT0 + minutes(m)) << ",dc1,z1,t" << s << ",temperature," << v << "\n";
    }
  }
  for (AlertFormat format : {AlertFormat::kCsv, AlertFormat::kJsonl}) {
    const ReplayRun a = replay(csv.str(), BadRowPolicy::kSkip, "", format);
    const ReplayRun b = replay(csv.str(), BadRowPolicy::kSkip, "", format);
    EXPECT_GT(a.output.size(), 200u);
    EXPECT_EQ(a.output, b.output);
  }
}

TEST(Replay, SensorListMarksProductSimulants) {
  Engine engine;
  EXPECT_EQ(engine.add_policy(base_policy()), "");
  Replay r(engine, "crt", ReplayOptions{});
  std::istringstream list(
      "site,zone,sensor,kind\ndc1,cold-1,a1,temperature\ndc1,cold-1,p1,product\n"
      "dc1,cold-1,x1,pressure\n");
  std::vector<std::string> errors;
  EXPECT_FALSE(r.load_sensor_list(list, "sensors.csv", errors));
  ASSERT_EQ(engine.sensor_count(), 2u);
  EXPECT_EQ(engine.sensor(0).placement, Placement::kAir);
  EXPECT_EQ(engine.sensor(1).placement, Placement::kProduct);
  EXPECT_EQ(engine.sensor(1).kind, SensorKind::kTemperature);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("sensors.csv:4"), std::string::npos) << errors[0];
}

}  // namespace
}  // namespace pharmatwin::detection
