// Batch recalls in the world (sim/src/operations/recall.cpp): at the recall's instant the world
// writes RecallIssued with the lot's stock, sends the notice through the serialization port and
// polls the port at once; RecallContainment says when all of the lot on hand was blocked (or, at
// the horizon, that it never was).
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "operations_child.hpp"
#include "pharmatwin/sim/operations.hpp"
#include "pharmatwin/sim/random.hpp"

namespace pharmatwin::sim {
namespace {

// 100 packs of lot R1 and 40 of R2 in the cold room, nobody ordering; R1 recalled at 6 h.
const std::string kRecallSite =
    std::string(R"pb(run { start: "2026-01-05T00:00:00Z" seed: 5 horizon: "1d" })pb") +
    testing::kHubColdRoomVaccine + R"pb(
  stock { product: "vaccine" lot: "R1" expiry: "2028-01-31" zone: "cold" quantity: 100 }
  stock { product: "vaccine" lot: "R2" expiry: "2028-03-31" zone: "cold" quantity: 40 }
  recalls { name: "r1" product: "vaccine" lot: "R1" at: "6h" }
)pb";

constexpr double kNotice = 6 * 3600.0;

// `hold_after_s` >= 0: the recording port answers with a hold of R1 issued that long after the
// notice. Returns: notices, notice time, gtin/lot/status right, polled at the notice, issued
// records, on hand, unblocked, containment records, containment time, all blocked, unblocked at
// containment, units held.
std::vector<double> run_recall(double hold_after_s) {
  testing::OneHostEngine sim;
  scenario::Scenario s;
  if (!google::protobuf::TextFormat::ParseFromString(kRecallSite, &s)) return {};
  RandomStreams streams(s.run().seed());
  WorldServices services;
  services.random = &streams;
  services.host = sim.host;
  Operations ops(s, services);
  if (!ops.error().empty()) return {};
  adapters::RecordingSerializationPort port;
  if (hold_after_s >= 0) {
    adapters::Decision d;
    d.idempotency_key = "recall/09506000134352/R1";
    d.kind = adapters::DecisionKind::kHold;
    d.sim_time_s = kNotice + hold_after_s;
    d.lots = {"09506000134352/R1"};
    port.queue_decision(d);
  }
  ops.set_serialization_port(&port);
  std::vector<double> issued = {0, 0, 0}, contained = {0, 0, 0, 0};
  ops.set_record_listener([&](const OperationsRecord& r) {
    if (r.has_recall_issued()) {
      const auto& i = r.recall_issued();
      const bool right = i.recall() == "r1" && i.kind() == "recall" && i.lot() == "R1" &&
                         i.gtin() == "09506000134352" && i.product() == "vaccine" &&
                         r.t_s() == kNotice;
      issued = {issued[0] + (right ? 1 : 100), double(i.units_on_hand()),
                double(i.units_unblocked())};
    }
    if (r.has_recall_containment()) {
      const auto& c = r.recall_containment();
      contained = {contained[0] + 1, r.t_s(), double(c.all_blocked()), double(c.units_unblocked())};
    }
  });
  ops.start();
  sim.engine->run();
  double notice_t = -1, notice_ok = 0, polled = 0;
  if (!port.batch_status.empty()) {
    const auto& n = port.batch_status.front();
    notice_t = n.time_s;
    notice_ok =
        n.gtin == "09506000134352" && n.lot == "R1" && n.status == "recalled" && n.recall == "r1";
  }
  for (double t : port.advances) polled += t == kNotice;
  std::vector<double> out = {double(port.batch_status.size()), notice_t, notice_ok, polled};
  out.insert(out.end(), issued.begin(), issued.end());
  out.insert(out.end(), contained.begin(), contained.end());
  out.push_back(double(ops.stats().units_held));
  return out;
}

TEST(Recall, TheNoticeGoesOutAtTheInstantAndAHoldContainsTheLot) {
  std::vector<double> r;
  ASSERT_TRUE(testing::run_in_child([] { return run_recall(600); }, r));
  ASSERT_EQ(r.size(), 12u);
  EXPECT_EQ(r[0], 1);              // one notice
  EXPECT_EQ(r[1], kNotice);        // at the recall's instant
  EXPECT_EQ(r[2], 1);              // of the right batch
  EXPECT_GE(r[3], 1);              // the port was asked at the notice itself
  EXPECT_EQ(r[4], 1);              // one RecallIssued record, right fields
  EXPECT_EQ(r[5], 100);            // R1 on hand (R2 not counted)
  EXPECT_EQ(r[6], 100);            // all of it pickable
  EXPECT_EQ(r[7], 1);              // one containment record
  EXPECT_EQ(r[8], kNotice + 600);  // when the hold was applied (the first tick at or after it)
  EXPECT_EQ(r[9], 1);
  EXPECT_EQ(r[10], 0);
  EXPECT_EQ(r[11], 100);  // R1 held, R2 untouched
}

TEST(Recall, ASystemThatIgnoresTheNoticeLeavesTheLotPickableToTheEnd) {
  std::vector<double> r;
  ASSERT_TRUE(testing::run_in_child([] { return run_recall(-1); }, r));
  ASSERT_EQ(r.size(), 12u);
  EXPECT_EQ(r[0], 1);
  EXPECT_EQ(r[7], 1);  // written at the horizon
  EXPECT_EQ(r[8], 86400.0);
  EXPECT_EQ(r[9], 0);  // never all blocked
  EXPECT_EQ(r[10], 100);
  EXPECT_EQ(r[11], 0);
}

}  // namespace
}  // namespace pharmatwin::sim
