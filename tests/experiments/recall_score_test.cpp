// Recall scoring on a hand-made log: a lot of 120 units recalled at 10 000 s, every unit on hand
// blocked 600 s later; 30 units shipped before the notice to two pharmacies, 5 after it.
#include "pharmatwin/experiments/recall_score.hpp"

#include <gtest/gtest.h>

#include "log_builder.hpp"
#include "pharmatwin/experiments/expectations.hpp"
#include "pharmatwin/experiments/report.hpp"
#include "pharmatwin/experiments/run_score.hpp"

namespace pharmatwin::experiments {
namespace {

using testing::LogBuilder;

void shipped(LogBuilder& b, double t_s, const std::string& pharmacy, const std::string& product,
             std::vector<std::pair<std::string, std::uint32_t>> picks) {
  auto* s = b.ops(t_s).mutable_order_shipped();
  s->set_pharmacy(pharmacy);
  s->set_product(product);
  std::uint32_t units = 0;
  for (const auto& [lot, n] : picks) {
    auto* p = s->add_picks();
    p->set_lot(lot);
    p->set_units(n);
    units += n;
  }
  s->set_units_shipped(units);
  s->set_units_ordered(units);
}

LogBuilder recall_log(bool contained) {
  LogBuilder b;
  shipped(b, 1000, "city", "insulin", {{"R1", 10}});
  shipped(b, 2000, "hospital", "insulin", {{"R1", 15}, {"R2", 5}});
  shipped(b, 3000, "city", "insulin", {{"R1", 5}});
  shipped(b, 3500, "city", "amoxicillin", {{"R1", 50}});  // another product's lot R1
  auto* i = b.ops(10000).mutable_recall_issued();
  i->set_recall("r1");
  i->set_kind("recall");
  i->set_product("insulin");
  i->set_gtin("00614141000012");
  i->set_lot("R1");
  i->set_units_on_hand(120);
  i->set_units_unblocked(120);
  shipped(b, 10000, "village", "insulin", {{"R2", 4}});  // another lot at the notice
  shipped(b, 10300, "village", "insulin", {{"R1", 5}});  // leaked: after the notice
  if (contained) {
    auto* c = b.ops(10600).mutable_recall_containment();
    c->set_recall("r1");
    c->set_all_blocked(true);
    c->set_units_on_hand(115);
  } else {
    auto* c = b.ops(86400).mutable_recall_containment();
    c->set_recall("r1");
    c->set_all_blocked(false);
    c->set_units_on_hand(115);
    c->set_units_unblocked(40);
  }
  return b;
}

TEST(RecallScore, CountsBeforeAndAfterTheNoticeAndTheTimeToBlock) {
  const auto recalls = score_recalls(recall_log(true).build());
  ASSERT_EQ(recalls.size(), 1u);
  const RecallScore& r = recalls[0];
  EXPECT_EQ(r.name, "r1");
  EXPECT_EQ(r.lot, "R1");
  EXPECT_EQ(r.notice_s, 10000);
  EXPECT_EQ(r.units_on_hand_at_notice, 120u);
  ASSERT_TRUE(r.time_to_block_s);
  EXPECT_EQ(*r.time_to_block_s, 600);
  EXPECT_EQ(r.units_shipped_before, 30u);  // 10 + 15 + 5 of insulin R1
  EXPECT_EQ(r.shipped_before.size(), 2u);
  EXPECT_EQ(r.shipped_before.at("city"), 15u);
  EXPECT_EQ(r.shipped_before.at("hospital"), 15u);
  EXPECT_EQ(r.units_shipped_after, 5u);
  EXPECT_EQ(r.shipped_after.at("village"), 5u);
}

TEST(RecallScore, NeverAllBlockedKeepsTheUnitsStillPickable) {
  const auto recalls = score_recalls(recall_log(false).build());
  ASSERT_EQ(recalls.size(), 1u);
  EXPECT_FALSE(recalls[0].time_to_block_s);
  EXPECT_EQ(recalls[0].units_unblocked_at_end, 40u);
}

TEST(RecallScore, NoRecallNoScore) {
  LogBuilder b;
  shipped(b, 1000, "city", "insulin", {{"R1", 10}});
  EXPECT_TRUE(score_recalls(b.build()).empty());
}

TEST(RecallScore, MetricsReportAndExpectations) {
  const RunLog log = recall_log(true).build();
  ScoreInputs in;
  in.run = &log;
  const RunScore s = score_run(in);
  ASSERT_EQ(s.recalls.size(), 1u);
  ASSERT_TRUE(find_metric(s, "recall.r1.time_to_block_s"));
  EXPECT_EQ(find_metric(s, "recall.r1.time_to_block_s")->value, 600);
  EXPECT_EQ(find_metric(s, "recall.r1.units_shipped_after_notice")->value, 5);
  EXPECT_EQ(find_metric(s, "recall.r1.pharmacies_to_trace")->value, 2);

  scenario::Expectations e;
  e.set_max_recall_time_to_block("15m");
  e.set_max_recalled_units_shipped(0);
  auto results = check_expectations(e, s);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].passed);
  EXPECT_EQ(results[0].measured, "10m (600 s) after the notice");
  EXPECT_FALSE(results[1].passed);
  EXPECT_EQ(results[1].measured, "5 units");
  e.set_max_recall_time_to_block("5m");
  e.set_max_recalled_units_shipped(5);
  results = check_expectations(e, s);
  EXPECT_FALSE(results[0].passed);
  EXPECT_TRUE(results[1].passed);

  const auto json = report_json(s, results);
  ASSERT_EQ(json["recalls"].size(), 1u);
  EXPECT_EQ(json["recalls"][0]["time_to_block_s"], 600.0);
  EXPECT_EQ(json["recalls"][0]["units_shipped_after_notice"], 5);
  EXPECT_EQ(json["recalls"][0]["shipped_before_notice"]["hospital"], 15);
}

TEST(RecallScore, ExpectationsFailWithoutARecallOrWhenNeverBlocked) {
  RunScore none;
  scenario::Expectations e;
  e.set_max_recall_time_to_block("15m");
  e.set_max_recalled_units_shipped(0);
  auto results = check_expectations(e, none);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].passed);
  EXPECT_FALSE(results[1].passed);
  EXPECT_EQ(results[1].measured, "no recall was issued in the run");

  const RunLog log = recall_log(false).build();
  ScoreInputs in;
  in.run = &log;
  results = check_expectations(e, score_run(in));
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].measured, "not all blocked (40 units still pickable at the end)");
}

}  // namespace
}  // namespace pharmatwin::experiments
