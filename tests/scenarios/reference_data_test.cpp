// The shipped scenarios, sites and reference data (data/): every scenario file loads and
// validates, every GTIN written anywhere in scenarios/, bench/scenarios/ and data/ has a valid
// GS1 check digit, the product master agrees with the products the scenarios define, the lane
// profiles parse, and the hourly climate profiles are the formula data/climate/generate.py
// states.
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/scenarios/units.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"

namespace pharmatwin::scenarios {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = PHARMATWIN_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> files_under(const fs::path& dir, const std::set<std::string>& extensions) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && extensions.count(e.path().extension().string()))
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<fs::path> shipped_scenarios() {
  auto out = files_under(kSource / "scenarios", {".textproto", ".pbtxt", ".json"});
  for (auto& p : files_under(kSource / "bench/scenarios", {".textproto"})) out.push_back(p);
  return out;
}

// One CSV line split on commas, with "quoted, fields".
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

TEST(ShippedScenarios, EveryScenarioAndSiteLoadsAndValidates) {
  const auto files = shipped_scenarios();
  // default, the library, the five sites and the year-long run at least.
  EXPECT_GE(files.size(), 24u);
  for (const auto& f : files) {
    const auto loaded = load_scenario(f);
    EXPECT_TRUE(loaded.ok()) << f << ": "
                             << (loaded.diagnostics.empty()
                                     ? std::string()
                                     : loaded.diagnostics.front().to_string());
  }
}

TEST(ShippedScenarios, EveryLibraryScenarioSaysWhatItShowsAndExpectsSomething) {
  for (const auto& f : files_under(kSource / "scenarios/library", {".textproto"})) {
    const auto text = slurp(f);
    EXPECT_EQ(text.rfind("# ", 0), 0u) << f << ": starts with a comment saying what it shows";
    const auto loaded = load_scenario(f);
    ASSERT_TRUE(loaded.ok()) << f;
    EXPECT_FALSE(loaded.scenario.description().empty()) << f;
    EXPECT_TRUE(loaded.scenario.has_expectations()) << f;
  }
}

TEST(ShippedScenarios, TheRegionalDcHasAboutTwentyZonesOfEveryClass) {
  const auto loaded = load_scenario(kSource / "scenarios/sites/regional-dc.textproto");
  ASSERT_TRUE(loaded.ok());
  std::map<int, int> by_class;
  for (const auto& z : loaded.scenario.zones()) ++by_class[z.storage_class()];
  EXPECT_EQ(loaded.scenario.zones_size(), 20);
  EXPECT_GE(by_class[scenario::REFRIGERATED], 5);
  EXPECT_GE(by_class[scenario::FROZEN], 2);
  EXPECT_GE(by_class[scenario::CRT_15_25], 1);
}

TEST(ReferenceData, EveryGtinInScenariosAndDataHasAValidCheckDigit) {
  const std::regex textproto_gtin(R"(gtin:\s*"([^"]*)\")");
  int seen_in_text = 0;  // scenarios and textproto data
  int seen_in_csv = 0;   // the product master and any other CSV with a gtin column
  std::vector<fs::path> files = shipped_scenarios();
  for (auto& p : files_under(kSource / "data", {".textproto", ".pbtxt"})) files.push_back(p);
  for (const auto& f : files) {
    const auto text = slurp(f);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), textproto_gtin);
         it != std::sregex_iterator(); ++it) {
      const std::string gtin = (*it)[1];
      ++seen_in_text;
      EXPECT_TRUE(serialization::has_valid_check_digit(gtin)) << f << ": GTIN " << gtin;
      EXPECT_TRUE(gtin.size() == 8 || gtin.size() == 12 || gtin.size() == 13 || gtin.size() == 14)
          << f << ": " << gtin;
    }
  }
  // Every CSV under data/ with a `gtin` column.
  for (const auto& f : files_under(kSource / "data", {".csv"})) {
    std::ifstream in(f);
    std::string line;
    if (!std::getline(in, line)) continue;
    const auto header = csv_fields(line);
    const auto col = std::find(header.begin(), header.end(), "gtin");
    if (col == header.end()) continue;
    const auto index = static_cast<std::size_t>(col - header.begin());
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const auto fields = csv_fields(line);
      ASSERT_GT(fields.size(), index) << f << ": " << line;
      ++seen_in_csv;
      EXPECT_TRUE(serialization::has_valid_check_digit(fields[index]))
          << f << ": GTIN " << fields[index];
    }
  }
  // The check ran over the files it is meant for: the scenarios name GTINs, and the product
  // master lists at least its 18 products.
  EXPECT_GE(seen_in_text, 10);
  EXPECT_GE(seen_in_csv, 18);
}

TEST(ReferenceData, TheCheckDigitTestCanFail) {
  EXPECT_TRUE(serialization::has_valid_check_digit("00614141000012"));
  EXPECT_FALSE(serialization::has_valid_check_digit("00614141000013"));
}

struct MasterRow {
  std::string gtin, ndc, market, storage_class, budget;
};

std::map<std::string, MasterRow> read_product_master() {
  std::map<std::string, MasterRow> out;
  std::ifstream in(kSource / "data/products/product-master.csv");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line,
            "name,gtin,ndc,market,description,storage_class,stability_budget,units_per_case,"
            "cases_per_pallet,unit_mass_kg");
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto f = csv_fields(line);
    EXPECT_EQ(f.size(), 10u) << line;
    if (f.size() != 10) continue;
    EXPECT_FALSE(out.count(f[0])) << "duplicate product " << f[0];
    out[f[0]] = {f[1], f[2], f[3], f[5], f[6]};
  }
  return out;
}

TEST(ReferenceData, TheProductMasterUsesGs1ExamplePrefixesAndValidFields) {
  const auto master = read_product_master();
  EXPECT_GE(master.size(), 15u);
  int us = 0, eu = 0;
  for (const auto& [name, row] : master) {
    EXPECT_EQ(row.gtin.size(), 14u) << name;
    EXPECT_TRUE(serialization::has_valid_check_digit(row.gtin)) << name;
    scenario::StorageClass cls;
    EXPECT_TRUE(scenario::StorageClass_Parse(row.storage_class, &cls))
        << name << ": " << row.storage_class;
    EXPECT_TRUE(parse_duration_s(row.budget).has_value()) << name << ": " << row.budget;
    if (row.market == "US") {
      ++us;
      // NDC-style: labeler 61414 in 5-3-2 form, product and package codes are the item reference.
      ASSERT_EQ(row.ndc.size(), 12u) << name;
      EXPECT_EQ(row.ndc.substr(0, 6), "61414-") << name;
      EXPECT_EQ(row.gtin.substr(1, 7), "0614141") << name;
      EXPECT_EQ(row.gtin.substr(8, 5), row.ndc.substr(6, 3) + row.ndc.substr(10, 2)) << name;
    } else {
      ++eu;
      EXPECT_EQ(row.market, "EU") << name;
      EXPECT_EQ(row.gtin.substr(1, 7), "9521234") << name;
    }
  }
  EXPECT_GE(us, 5);
  EXPECT_GE(eu, 5);
}

TEST(ReferenceData, EveryScenarioProductIsInTheProductMasterWithTheSameIdentity) {
  const auto master = read_product_master();
  for (const auto& f : shipped_scenarios()) {
    const auto loaded = load_scenario(f);
    if (!loaded.ok()) continue;  // reported by EveryScenarioAndSiteLoadsAndValidates
    for (const auto& p : loaded.scenario.products()) {
      const auto it = master.find(p.name());
      ASSERT_NE(it, master.end()) << f << ": product '" << p.name()
                                  << "' is not in data/products/product-master.csv";
      EXPECT_EQ(it->second.gtin, p.gtin()) << f << ": " << p.name();
      EXPECT_EQ(it->second.storage_class, scenario::StorageClass_Name(p.storage_class()))
          << f << ": " << p.name();
      EXPECT_EQ(parse_duration_s(it->second.budget), parse_duration_s(p.stability_budget()))
          << f << ": " << p.name();
    }
  }
}

TEST(ReferenceData, LaneProfilesParseWithConsistentDistributions) {
  scenario::Scenario lanes;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      slurp(kSource / "data/lanes/lane-profiles.textproto"), &lanes));
  EXPECT_GE(lanes.lanes_size(), 5);
  std::set<std::string> names;
  for (const auto& l : lanes.lanes()) {
    EXPECT_TRUE(names.insert(l.name()).second) << l.name();
    const auto& t = l.transit_time();
    ASSERT_EQ(t.shape(), scenario::TRIANGULAR) << l.name();
    const auto lo = parse_duration_s(t.min()), mode = parse_duration_s(t.mode()),
               hi = parse_duration_s(t.max());
    ASSERT_TRUE(lo && mode && hi) << l.name();
    EXPECT_LE(*lo, *mode) << l.name();
    EXPECT_LE(*mode, *hi) << l.name();
    EXPECT_GT(l.exposure_sigma_c(), 0) << l.name();
  }
  // The site files copy their lanes from the profiles: same transit and exposure.
  for (const auto& site : {"regional-dc", "cross-dock", "hospital-pharmacy"}) {
    const auto loaded =
        load_scenario(kSource / "scenarios/sites" / (std::string(site) + ".textproto"));
    ASSERT_TRUE(loaded.ok()) << site;
    for (const auto& l : loaded.scenario.lanes()) {
      const auto it = std::find_if(lanes.lanes().begin(), lanes.lanes().end(),
                                   [&](const scenario::Lane& p) { return p.name() == l.name(); });
      ASSERT_NE(it, lanes.lanes().end()) << site << ": lane " << l.name();
      EXPECT_EQ(it->transit_time().SerializeAsString(), l.transit_time().SerializeAsString())
          << site << ": " << l.name();
      EXPECT_EQ(it->exposure_mean_c(), l.exposure_mean_c()) << site << ": " << l.name();
      EXPECT_EQ(it->exposure_sigma_c(), l.exposure_sigma_c()) << site << ": " << l.name();
    }
  }
}

// The closed form of data/climate/generate.py, hour h of 2026 (UTC).
double climate_c(double mean, double seasonal, double peak_day, double daily_winter,
                 double daily_summer, double w1, double w2, int h) {
  constexpr double pi = std::numbers::pi;
  const double t_h = h + 0.5, doy = 1 + t_h / 24;
  const double season = std::cos(2 * pi * (doy - peak_day) / 365.25);
  const double daily = daily_winter + (daily_summer - daily_winter) * (season + 1) / 2;
  const double t_d = t_h / 24;
  return mean + seasonal * season + daily * std::cos(2 * pi * (std::fmod(t_h, 24.0) - 15) / 24) +
         w1 * std::sin(2 * pi * t_d / 4.7) + w2 * std::sin(2 * pi * t_d / 11.3 + 1.3);
}

void check_climate(const std::string& file, double mean, double seasonal, double peak_day,
                   double dw, double ds, double w1, double w2) {
  std::ifstream in(kSource / "data/climate" / file);
  ASSERT_TRUE(in) << file;
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "timestamp,temperature_c");
  const auto origin = parse_utc_s("2026-01-01T00:00:00Z");
  int h = 0;
  double sum = 0;
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    ASSERT_NE(comma, std::string::npos) << file << ":" << h + 2;
    const auto t = parse_utc_s(line.substr(0, comma));
    ASSERT_TRUE(t) << file << ":" << h + 2;
    EXPECT_EQ(*t, *origin + 3600LL * h) << file << ":" << h + 2 << ": hours follow each other";
    const double c = std::stod(line.substr(comma + 1));
    EXPECT_NEAR(c, climate_c(mean, seasonal, peak_day, dw, ds, w1, w2, h), 0.05 + 1e-9)
        << file << ":" << h + 2;
    sum += c;
    ++h;
  }
  EXPECT_EQ(h, 8760) << file;
  EXPECT_NEAR(sum / h, mean, 0.2) << file << ": the annual mean";
}

TEST(ReferenceData, HourlyClimateProfilesAreTheStatedFormula) {
  check_climate("warm-hourly.csv", 18.0, 8.5, 205, 3.5, 6.0, 1.8, 1.2);
  check_climate("cold-hourly.csv", 5.0, 12.0, 200, 3.0, 5.0, 2.5, 1.8);
}

std::vector<std::string> problems_of(const std::string& expectations) {
  const fs::path file =
      fs::temp_directory_path() / ("expectations-" + std::to_string(::getpid()) + ".textproto");
  std::ofstream(file) << "imports: \""
                      << (kSource / "scenarios/sites/small-site.textproto").string() << "\"\n"
                      << "name: \"x\"\nexpectations { " << expectations << " }\n";
  const auto loaded = load_scenario(file);
  fs::remove(file);
  std::vector<std::string> out;
  for (const auto& d : loaded.diagnostics) out.push_back(d.to_string());
  return out;
}

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

TEST(Expectations, QuarantineAndFillRateLossAreValidated) {
  EXPECT_TRUE(problems_of("max_units_quarantined: 0 min_fill_rate_loss_points: 5").empty());
  EXPECT_TRUE(problems_of("max_units_quarantined: 0 pass_rates { expectation: "
                          "\"max_units_quarantined\" min_pass_rate: 0.9 }")
                  .empty());
  EXPECT_TRUE(mentions(problems_of("min_fill_rate_loss_points: 0"),
                       "expectations.min_fill_rate_loss_points: must be within (0, 100]"));
  EXPECT_TRUE(mentions(problems_of("min_fill_rate_loss_points: 101"), "must be within (0, 100]"));
  EXPECT_TRUE(mentions(problems_of("min_fill_rate_percent: 90 pass_rates { expectation: "
                                   "\"min_fill_rate_loss_points\" min_pass_rate: 0.5 }"),
                       "the scenario does not expect min_fill_rate_loss_points"));
}

}  // namespace
}  // namespace pharmatwin::scenarios
