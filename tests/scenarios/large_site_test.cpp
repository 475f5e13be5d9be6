// The shipped large site is what the end-to-end benchmark runs: the file equals the generator's
// output for 50 zones, and it and the benchmark's smaller sites are valid scenarios.
#include "../../bench/experiments/large_site.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pharmatwin/scenarios/loader.hpp"

namespace pharmatwin::scenarios {
namespace {

namespace fs = std::filesystem;

TEST(LargeSite, TheShippedFileIsTheBenchmarksFiftyZoneSite) {
  const fs::path file = fs::path(PHARMATWIN_SOURCE_DIR) / "scenarios/sites/large-site.textproto";
  std::ifstream in(file);
  ASSERT_TRUE(in) << file;
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), bench::large_site_textproto(50))
      << "regenerate it: build/dev/bench/experiments/write_large_site 50 > " << file.string();
}

TEST(LargeSite, EverySizeTheBenchmarkRunsIsAValidScenario) {
  for (int zones : {10, 25, 50}) {
    const fs::path file = fs::temp_directory_path() / ("large-site-" + std::to_string(zones) + "-" +
                                                       std::to_string(::getpid()) + ".textproto");
    std::ofstream(file) << bench::large_site_textproto(zones);
    const auto loaded = load_scenario(file);
    fs::remove(file);
    ASSERT_TRUE(loaded.ok()) << zones << " zones: "
                             << (loaded.diagnostics.empty()
                                     ? std::string()
                                     : loaded.diagnostics.front().to_string());
    EXPECT_EQ(loaded.scenario.zones_size(), zones);
    int sensors = 0;
    for (const auto& z : loaded.scenario.zones()) sensors += z.sensors_size();
    EXPECT_EQ(sensors, 8 * zones);
  }
}

}  // namespace
}  // namespace pharmatwin::scenarios
