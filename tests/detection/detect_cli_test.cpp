// `pharmatwin detect` on recordings: placement kinds (air, product, product_simulant) are
// temperature readings, an input without a usable row is refused naming the file, the rolling
// MKT is in the output, and controller cycling sampled every 5 minutes raises no door alarm.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli_child.hpp"
#include "pharmatwin/detection/time.hpp"

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;
namespace det = pharmatwin::detection;

const std::string kPolicy = std::string(PHARMATWIN_SOURCE_DIR) + "/data/policies/refrigerated.json";
constexpr det::TimeMs kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

class DetectCli : public ScratchDirTest {
 protected:
  static std::string row(det::TimeMs t, const std::string& sensor, const std::string& kind,
                         double value) {
    char v[32];
    std::snprintf(v, sizeof v, "%.3f", value);
    return det::format_iso8601(t) + ",dc,cold-room," + sensor + "," + kind + "," + v + "\n";
  }
};

// Thermostat cycling between 4 and 6 °C (20 min up, 10 min down).
double sawtooth(double minute) {
  const double t = std::fmod(minute, 30.0);
  return t < 20.0 ? 4.0 + 0.1 * t : 6.0 - 0.2 * (t - 20.0);
}

TEST_F(DetectCli, PlacementKindsAreTemperatureReadings) {
  std::string csv = "timestamp,site,zone,sensor,kind,value\n";
  for (int m = 0; m < 6 * 60; m += 5) {
    const det::TimeMs t = kT0 + m * det::kMsPerMinute;
    const double air = m >= 3 * 60 && m < 4 * 60 ? 10.0 : 5.0;  // an hour above Hi 8 °C
    csv += row(t, "A1", "air", air);
    csv += row(t, "A2", "air", air + 0.1);
    csv += row(t, "A3", "AIR", air - 0.1);
    csv += row(t, "P1", "product_simulant", 5.0);
    csv += row(t, "P2", "product", 5.1);
  }
  const std::string mkt = (dir_ / "mkt.csv").string();
  const CliResult r = run_cli({"detect", "--policy", kPolicy, "--on-bad-row", "reject", "--mkt",
                               mkt, file("readings.csv", csv)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("360 readings"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("0 bad rows"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("excursion_high"), std::string::npos) << r.out;
  const std::string table = read_file(mkt);
  EXPECT_NE(table.find("dc,cold-room,P1,product,24,"), std::string::npos) << table;
  EXPECT_NE(table.find("dc,cold-room,P2,product,24,"), std::string::npos) << table;
  EXPECT_NE(table.find("dc,cold-room,A1,air,24,"), std::string::npos) << table;
}

TEST_F(DetectCli, PlacementMayNotChange) {
  std::string csv = row(kT0, "A1", "air", 5.0) + row(kT0 + 60000, "A1", "product", 5.0);
  const CliResult r =
      run_cli({"detect", "--policy", kPolicy, "--on-bad-row", "reject", file("r.csv", csv)});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("r.csv:2: kind"), std::string::npos) << r.err;
}

TEST_F(DetectCli, NoUsableRowIsAFailure) {
  for (const std::string& text :
       {std::string("timestamp,site,zone,sensor,kind,value\n"), std::string(""),
        std::string("2026-01-01T00:00:00Z,dc,cold-room,A1,colour,5\n"
                    "not a row\n")}) {
    const std::string path = file("empty.csv", text);
    const CliResult r = run_cli({"detect", "--policy", kPolicy, path});
    EXPECT_EQ(r.exit_code, 2) << text;
    EXPECT_NE(r.err.find(path + ": no usable row"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty() || r.out.find("excursion") == std::string::npos);
  }
}

TEST_F(DetectCli, MktOfTheColdChainDayAtFiveMinutes) {
  // USP <1079.2> case: 20 h at 5 °C then 4 h at 15 °C, every reading held 5 min: 7.705 °C.
  std::string csv;
  for (int m = 0; m < 24 * 60; m += 5) {
    csv += row(kT0 + m * det::kMsPerMinute, "A1", "air", m < 20 * 60 ? 5.0 : 15.0);
  }
  const std::string mkt = (dir_ / "mkt.csv").string();
  const CliResult r = run_cli({"detect", "--policy", kPolicy, "--mkt", mkt, file("day.csv", csv)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(read_file(mkt).find("dc,cold-room,A1,air,24,7.705,1.000,2026-01-02T00:00:00"),
            std::string::npos)
      << read_file(mkt);
  EXPECT_NE(r.err.find("MKT cold-room/A1: 7.70 °C over 24 h"), std::string::npos) << r.err;
}

TEST_F(DetectCli, CyclingWithoutDoorSampledEveryFiveMinutes) {
  std::string csv;
  for (int m = 0; m < 3 * 24 * 60; m += 5) {
    const det::TimeMs t = kT0 + m * det::kMsPerMinute;
    csv += row(t, "A1", "air", sawtooth(m));
    csv += row(t, "A2", "air", sawtooth(m) + 0.05);
    csv += row(t, "A3", "air", sawtooth(m) - 0.05);
    csv += row(t, "P1", "product_simulant", 5.0);
  }
  const CliResult r = run_cli({"detect", "--policy", kPolicy, file("cycling.csv", csv)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("door_open"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pharmatwin::testing
