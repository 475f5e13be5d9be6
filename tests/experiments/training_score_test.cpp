// Trainee scoring on hand-made session logs: a cold-room HVAC failure at 10 h, its detection
// alert at 10 h 20 m, and the trainee's acknowledgements and decisions worked out by hand.
#include "pharmatwin/experiments/training_score.hpp"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include "log_builder.hpp"

namespace pharmatwin::experiments {
namespace {

using testing::LogBuilder;

constexpr double kH = 3600;

exercise::Exercise exercise_text(const std::string& text) {
  exercise::Exercise e;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &e));
  return e;
}

const char* kExercise = R"(
  name: "cold-room"
  hidden_faults: "hvac"
  questions: "What does the product probe show?"
  response {
    acknowledge_within: "30m"
    expect { kinds: "quarantine" kinds: "hold" zone: "cold-room" within: "2h" }
    forbid { kinds: "quarantine" zone: "hall" why: "the hall is fine" }
  })";

// The session: fault at 10 h for 3 h, alerts in the cold room (d1, the fault's) and the hall
// (d2, a false alarm), the system under test's own quarantine.
LogBuilder session() {
  LogBuilder b(86400);
  b.fault(1, "hvac", "hvac_failure", 10 * kH, 13 * kH, "cold-room");
  b.alert("d1", "excursion_high", 10 * kH + 1200, 0, 0);
  b.alert("d2", "excursion_high", 5 * kH, 1, 2);
  b.decision("sut-1", "quarantine", 10 * kH + 1300, {"lot-a"});
  return b;
}

void command(LogBuilder& b, double t, const std::string& line) {
  sim::LogRecord r;
  r.set_t_s(t);
  r.mutable_live_command()->set_line(line);
  b.records.push_back(r);
}

void dashboard_decision(LogBuilder& b, int n, const std::string& kind, const std::string& zone,
                        double t) {
  b.decision("dashboard-" + std::to_string(n), kind, t, {});
  b.records.back().mutable_decision()->set_zone(zone);
}

TraineeScore score(const LogBuilder& b, const std::string& exercise = kExercise) {
  const RunLog log = b.build();
  ScoreInputs in;
  in.run = &log;
  const RunScore s = score_run(in);
  return score_trainee(log, exercise_text(exercise), s);
}

TEST(TraineeScore, AGoodAnswerAcknowledgesInTimeAndQuarantinesTheRightZone) {
  auto b = session();
  command(b, 10 * kH + 1500, "10h25m ack d1 cold room warming");
  dashboard_decision(b, 1, "quarantine", "cold-room", 10 * kH + 1800);
  const auto t = score(b);
  ASSERT_EQ(t.faults.size(), 1u);
  EXPECT_EQ(t.faults[0].fault, "hvac");
  EXPECT_TRUE(t.faults[0].hidden);
  EXPECT_DOUBLE_EQ(*t.faults[0].first_alert_s, 10 * kH + 1200);
  EXPECT_DOUBLE_EQ(*t.faults[0].ack_after_s, 1500);  // 25 min after onset
  EXPECT_EQ(t.faults[0].alert_id, "d1");
  EXPECT_TRUE(t.faults[0].in_time);
  ASSERT_EQ(t.decisions.size(), 1u);  // the system under test's decision is not the trainee's
  EXPECT_EQ(t.decisions[0].verdict, Verdict::kCorrect);
  EXPECT_EQ(t.correct, 1);
  EXPECT_EQ(t.wrong, 0);
  EXPECT_TRUE(t.missed.empty());
  EXPECT_TRUE(t.passed);
  const auto j = trainee_json(t);
  EXPECT_EQ(j["faults"][0]["time_to_acknowledge_s"], 1500.0);
  EXPECT_EQ(j["decisions"][0]["verdict"], "correct");
  EXPECT_EQ(j["questions"][0], "What does the product probe show?");
  EXPECT_NE(trainee_html(t).find("PASS"), std::string::npos);
}

TEST(TraineeScore, ABadAnswerIsLateQuarantinesTheWrongZoneAndMissesTheRightOne) {
  auto b = session();
  command(b, 5 * kH + 60, "5h1m ack d2 hall");  // the false alarm: not the fault's alert
  command(b, 14 * kH, "14h ack d1 late");
  dashboard_decision(b, 1, "quarantine", "hall", 11 * kH);
  const auto t = score(b);
  EXPECT_DOUBLE_EQ(*t.faults[0].ack_after_s, 4 * kH);
  EXPECT_FALSE(t.faults[0].in_time);
  EXPECT_EQ(t.acknowledged_in_time, 0);
  ASSERT_EQ(t.decisions.size(), 1u);
  EXPECT_EQ(t.decisions[0].verdict, Verdict::kWrong);
  EXPECT_NE(t.decisions[0].why.find("the hall is fine"), std::string::npos);
  ASSERT_EQ(t.missed.size(), 1u);
  EXPECT_EQ(t.missed[0].zone, "cold-room");
  EXPECT_DOUBLE_EQ(*t.missed[0].deadline_s, 12 * kH);
  EXPECT_FALSE(t.passed);
}

TEST(TraineeScore, AcknowledgingEverythingCountsAlertsReceivedByThen) {
  auto b = session();
  command(b, 10 * kH + 600, "10h10m ack * before the fault's alert");  // d1 not yet received
  command(b, 11 * kH, "11h ack * now");
  const auto t = score(b);
  EXPECT_DOUBLE_EQ(*t.faults[0].ack_after_s, kH);
  EXPECT_FALSE(t.faults[0].in_time);  // 1 h > 30 min
}

TEST(TraineeScore, ALateDecisionAndAReleaseOfASpentLotAreMarked) {
  auto b = session();
  auto* x = b.ops(12 * kH).mutable_stability_budget_exhausted();
  x->set_lot("00614141000012/L1");
  x->set_zone("cold-room");
  x->set_budget_s(72 * kH);
  x->set_consumed_s(72 * kH);
  dashboard_decision(b, 1, "hold", "cold-room", 13 * kH);     // 3 h after onset: late
  dashboard_decision(b, 2, "release", "cold-room", 11 * kH);  // before the budget ran out
  dashboard_decision(b, 3, "release", "cold-room", 20 * kH);  // after
  const auto t = score(b);
  ASSERT_EQ(t.decisions.size(), 3u);
  EXPECT_EQ(t.decisions[0].verdict, Verdict::kNeutral);  // log order: 11 h release first
  EXPECT_EQ(t.decisions[1].verdict, Verdict::kLate);
  EXPECT_EQ(t.decisions[2].verdict, Verdict::kWrong);
  EXPECT_NE(t.decisions[2].why.find("00614141000012/L1"), std::string::npos);
  EXPECT_EQ(t.late, 1);
  EXPECT_EQ(t.wrong, 1);
  EXPECT_TRUE(t.missed.empty());
}

TEST(TraineeScore, PerFaultDeadlinesAndTheBaselineUnitsLost) {
  auto b = session();
  command(b, 11 * kH, "11h ack d1");
  const RunLog log = b.build();
  ScoreInputs in;
  in.run = &log;
  RunScore s = score_run(in);
  s.operations.units_lost = 40;
  s.baseline = OperationsMetrics{};
  s.baseline->units_lost = 15;
  const auto t = score_trainee(
      log,
      exercise_text(
          R"(response { acknowledge_within: "30m" faults { fault: "hvac" acknowledge_within: "2h" } })"),
      s);
  EXPECT_DOUBLE_EQ(*t.faults[0].deadline_s, 2 * kH);
  EXPECT_TRUE(t.faults[0].in_time);
  EXPECT_EQ(*t.units_lost_delta, 25);
  EXPECT_TRUE(t.passed);
}

}  // namespace
}  // namespace pharmatwin::experiments
