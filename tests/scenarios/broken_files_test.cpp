// Each tests/scenarios/broken/X file must fail validation with exactly the diagnostics listed
// in X.expected (one per line: "file:line:col: path: message", file relative to the folder).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "pharmatwin/scenarios/loader.hpp"

namespace pharmatwin::scenarios {
namespace {

namespace fs = std::filesystem;

const fs::path kBroken = "tests/scenarios/broken";

std::vector<std::string> expected_lines(const fs::path& file) {
  std::ifstream in(fs::path(file).replace_extension(".expected"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class BrokenFile : public ::testing::TestWithParam<std::string> {};

TEST_P(BrokenFile, ListsEveryProblemWithItsLocation) {
  const fs::path file = kBroken / GetParam();
  const auto expected = expected_lines(file);
  ASSERT_FALSE(expected.empty()) << "missing " << file << ".expected";
  const auto result = load_scenario(file);
  ASSERT_FALSE(result.ok());
  std::vector<std::string> actual;
  for (auto d : result.diagnostics) {
    d.file = fs::path(d.file).filename().string();
    actual.push_back(d.to_string());
  }
  for (const auto& line : expected) {
    const bool found = std::any_of(actual.begin(), actual.end(),
                                   [&](const std::string& a) { return a.rfind(line, 0) == 0; });
    EXPECT_TRUE(found) << "expected a diagnostic starting with\n  " << line << "\ngot:\n  "
                       << ::testing::PrintToString(actual);
  }
}

std::vector<std::string> broken_files() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kBroken)) {
    if (entry.path().extension() != ".expected") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, BrokenFile, ::testing::ValuesIn(broken_files()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace_if(
                               name.begin(), name.end(), [](char c) { return !std::isalnum(c); },
                               '_');
                           return name;
                         });

}  // namespace
}  // namespace pharmatwin::scenarios
