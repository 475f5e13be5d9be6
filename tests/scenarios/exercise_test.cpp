// Training exercise files: the shipped ones load with their scenarios; bad ones give every
// problem located by file, line, column and field path.
#include "pharmatwin/scenarios/exercise.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace pharmatwin::scenarios {
namespace {

namespace fs = std::filesystem;

std::string all(const LoadedExercise& e) {
  std::string out;
  for (const auto& d : e.diagnostics) out += d.to_string() + "\n";
  return out;
}

TEST(Exercise, EveryShippedExerciseLoads) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator("scenarios/exercises")) {
    if (entry.path().extension() != ".txtpb") continue;
    const auto e = load_exercise(entry.path());
    EXPECT_TRUE(e.ok()) << entry.path() << "\n" << all(e);
    EXPECT_FALSE(e.exercise.questions().empty()) << entry.path();
    EXPECT_FALSE(e.exercise.hidden_faults().empty()) << entry.path();
    ++count;
  }
  EXPECT_EQ(count, 3);
}

TEST(Exercise, PaceAndHorizonAreRead) {
  const auto e = load_exercise("scenarios/exercises/cloned-serial.exercise.txtpb");
  ASSERT_TRUE(e.ok()) << all(e);
  EXPECT_EQ(e.speed, 3600);
  EXPECT_EQ(*e.horizon_s, 5 * 86400.0);
  EXPECT_EQ(e.scenario.name(), "counterfeit-clone");
  EXPECT_EQ(e.exercise.name(), "cloned-serial");
  EXPECT_EQ(*parse_pace("realtime"), 1);
  EXPECT_EQ(*parse_pace("60x"), 60);
  EXPECT_EQ(*parse_pace("max"), 0);
  EXPECT_FALSE(parse_pace("fast"));
  EXPECT_FALSE(parse_pace("-3x"));
}

TEST(Exercise, ProblemsAreLocatedByLineAndField) {
  const std::string text =
      "scenario: \"../library/night-hvac-one-qa.textproto\"\n"               // 1
      "pace: \"fast\"\n"                                                     // 2
      "hidden_faults: \"no-such-fault\"\n"                                   // 3
      "response {\n"                                                         // 4
      "  acknowledge_within: \"soon\"\n"                                     // 5
      "  expect { kinds: \"bin\" zone: \"walk-in-cold\" within: \"2h\" }\n"  // 6
      "  forbid { kinds: \"release\" zone: \"garage\" within: \"1h\" }\n"    // 7
      "}\n";
  const auto e = load_exercise_text(text, "bad.exercise.txtpb", "scenarios/exercises");
  const std::string d = all(e);
  EXPECT_EQ(e.diagnostics.size(), 6u) << d;
  EXPECT_NE(d.find("bad.exercise.txtpb:2:1: pace: pace 'fast'"), std::string::npos) << d;
  EXPECT_NE(
      d.find("bad.exercise.txtpb:3:1: hidden_faults[0]: no fault 'no-such-fault' in the scenario "
             "(its faults: walk-in-cold-failure)"),
      std::string::npos)
      << d;
  EXPECT_NE(d.find("bad.exercise.txtpb:5:3: response.acknowledge_within: 'soon'"),
            std::string::npos)
      << d;
  EXPECT_NE(
      d.find("bad.exercise.txtpb:6:12: response.expect[0].kinds[0]: unknown decision kind 'bin'"),
      std::string::npos)
      << d;
  EXPECT_NE(
      d.find("response.forbid[0].zone: no zone 'garage' in the scenario (its zones: walk-in-cold,"),
      std::string::npos)
      << d;
  EXPECT_NE(d.find("response.forbid[0].within: only for expect"), std::string::npos) << d;
}

TEST(Exercise, SyntaxErrorsAndMissingScenariosAreLocated) {
  auto e = load_exercise_text("name: \"x\"\nscenario: \"nowhere.textproto\"\n", "a.txtpb",
                              "scenarios/exercises");
  ASSERT_EQ(e.diagnostics.size(), 1u);
  EXPECT_EQ(e.diagnostics[0].line, 2);
  EXPECT_EQ(e.diagnostics[0].path, "scenario");
  EXPECT_NE(e.diagnostics[0].message.find("no such file"), std::string::npos);
  e = load_exercise_text("name: \"x\"\nquestoins: \"why\"\n", "b.txtpb", ".");
  ASSERT_EQ(e.diagnostics.size(), 1u);
  EXPECT_EQ(e.diagnostics[0].line, 2);
  EXPECT_NE(e.diagnostics[0].message.find("questoins"), std::string::npos);
  e = load_exercise("scenarios/exercises/missing.exercise.txtpb");
  ASSERT_EQ(e.diagnostics.size(), 1u);
  EXPECT_NE(e.diagnostics[0].to_string().find("missing.exercise.txtpb: cannot read"),
            std::string::npos);
}

}  // namespace
}  // namespace pharmatwin::scenarios
