// Batch recalls through the serialization bindings: the in-process system holds the lot and
// fails verifications of its packs, pharmatwin-sut (the external binding) does the same once
// it accepts capability "batch_status", the EPCIS file binding writes a holding/recalled event
// of the lot's class, and the channel-fault and guard wrappers pass the notice on.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "pharmatwin/adapters/channel_faults.hpp"
#include "pharmatwin/adapters/epcis_file_port.hpp"
#include "pharmatwin/adapters/external_ports.hpp"
#include "pharmatwin/adapters/inprocess_serialization_port.hpp"

namespace pharmatwin::adapters {
namespace {

constexpr const char* kGtin = "09506000134352";
constexpr const char* kCase = "106141412345678908";
constexpr const char* kSupplier = "0614141123452";
constexpr const char* kSite = "9506000000008";

// Three packs of LOT1 received at the site; LOT1 recalled at 100 000 s; S2 verified after it;
// at 100 300 s stock of the lot is put away again.
void recall_story(SerializationPort& port, SerializationOutput& out) {
  SerializationSite site;
  site.site_name = "dc1";
  site.site_gln = kSite;
  site.start_epoch_s = 1767225600;  // 2026-01-01T00:00:00Z
  port.bind(site);
  port.on_commissioning(
      {3600, kSupplier, kGtin, "LOT1", "2027-06-30", {"S1", "S2", "S3"}, kCase, ""});
  port.on_shipping({7200, "SH1", kSupplier, kSite, {kCase}});
  port.on_verification_request({"V0", 7300, kSite, {{kGtin, "S1", "LOT1", "2027-06-30"}}});
  port.advance_to(7300, out);
  port.on_batch_status({100000, kGtin, "LOT1", "recalled", "r1", "contamination"});
  port.on_verification_request({"V1", 100000, kSite, {{kGtin, "S2", "LOT1", "2027-06-30"}}});
  port.advance_to(100000, out);
  port.on_storage({100300, "cold", {kCase}, std::string(kGtin) + "/LOT1", 3});
  port.advance_to(100300, out);
  port.finish(100300, out);
}

TEST(InProcessRecall, HoldsTheLotAndFailsVerificationsOfItsPacks) {
  InProcessSerializationPort port;
  SerializationOutput out;
  recall_story(port, out);
  ASSERT_EQ(out.answers.size(), 2u);
  EXPECT_EQ(out.answers[0].statuses[0], VerificationStatus::kVerified);        // before
  EXPECT_EQ(out.answers[1].statuses[0], VerificationStatus::kDecommissioned);  // after
  ASSERT_EQ(out.decisions.size(), 2u);
  const std::string lot = std::string(kGtin) + "/LOT1";
  EXPECT_EQ(out.decisions[0].kind, DecisionKind::kHold);
  EXPECT_EQ(out.decisions[0].idempotency_key, "recall/" + lot);
  EXPECT_EQ(out.decisions[0].sim_time_s, 100000);
  EXPECT_EQ(out.decisions[0].lots, std::vector<std::string>{lot});
  EXPECT_NE(out.decisions[0].reason.find("recalled"), std::string::npos);
  // Stock of the lot put away after the notice is held under its own key.
  EXPECT_EQ(out.decisions[1].kind, DecisionKind::kHold);
  EXPECT_EQ(out.decisions[1].idempotency_key, "recall/" + lot + "/1");
  const auto view = port.repository().find_pack(kGtin, "S3");
  ASSERT_TRUE(view);
  EXPECT_EQ(view->batch, serialization::BatchStatus::kRecalled);
}

TEST(InProcessRecall, ASecondNoticeOfTheSameLotDecidesNothingNew) {
  InProcessSerializationPort port;
  SerializationOutput out;
  port.bind({});
  port.on_batch_status({10, kGtin, "LOT1", "recalled", "r1", ""});
  port.on_batch_status({20, kGtin, "LOT1", "withdrawn", "r2", ""});
  port.advance_to(20, out);
  EXPECT_EQ(out.decisions.size(), 1u);
}

TEST(ExternalRecall, PharmatwinSutAcceptsBatchStatusAndAnswersLikeTheInProcessBinding) {
  InProcessSerializationPort local;
  SerializationOutput expected;
  recall_story(local, expected);
  ExternalSerializationPort external(SutSession::spawn({PHARMATWIN_SUT}, {}, "pharmatwin-sut"));
  SerializationOutput actual;
  recall_story(external, actual);
  EXPECT_TRUE(external.accepts_batch_status());
  ASSERT_EQ(actual.answers.size(), expected.answers.size());
  for (std::size_t i = 0; i < actual.answers.size(); ++i)
    EXPECT_EQ(actual.answers[i].statuses, expected.answers[i].statuses);
  ASSERT_EQ(actual.decisions.size(), expected.decisions.size());
  for (std::size_t i = 0; i < actual.decisions.size(); ++i) {
    EXPECT_EQ(actual.decisions[i].idempotency_key, expected.decisions[i].idempotency_key);
    EXPECT_EQ(actual.decisions[i].kind, expected.decisions[i].kind);
    EXPECT_EQ(actual.decisions[i].lots, expected.decisions[i].lots);
  }
}

TEST(EpcisRecall, TheNoticeIsAHoldingEventOfTheLotsClass) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("pharmatwin-epcis-recall-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto inner = std::make_unique<RecordingSerializationPort>();
  auto* recorded = inner.get();
  EpcisFilePort port(dir, std::move(inner));
  SerializationOutput out;
  recall_story(port, out);
  ASSERT_EQ(recorded->batch_status.size(), 1u);  // forwarded
  EXPECT_EQ(recorded->batch_status[0].lot, "LOT1");
  ASSERT_EQ(port.files().size(), 2u);
  const auto day2 = nlohmann::json::parse(std::ifstream(port.files()[1]));
  const auto& events = day2["epcisBody"]["eventList"];
  ASSERT_GE(events.size(), 1u);
  const auto& e = events[0];
  EXPECT_EQ(e["type"], "ObjectEvent");
  EXPECT_EQ(e["action"], "OBSERVE");
  EXPECT_NE(e["bizStep"].get<std::string>().find("holding"), std::string::npos);
  EXPECT_NE(e["disposition"].get<std::string>().find("recalled"), std::string::npos);
  ASSERT_EQ(e["quantityList"].size(), 1u);
  EXPECT_EQ(e["quantityList"][0]["epcClass"], "urn:epc:class:lgtin:9506000.013435.LOT1");
  EXPECT_FALSE(e["quantityList"][0].contains("quantity"));  // the whole lot, no count
  std::filesystem::remove_all(dir);
}

TEST(FaultyRecall, ChannelFaultsDelayTheNoticeLikeAnyObservation) {
  auto inner = std::make_unique<RecordingSerializationPort>();
  auto* recorded = inner.get();
  ChannelFaultWindow w;
  w.channel = FaultChannel::kSerialization;
  w.start_s = 0;
  w.end_s = 1000;
  w.delay_s = 600;
  FaultySerializationPort port(std::move(inner), {w}, 1);
  SerializationOutput out;
  port.on_batch_status({100, kGtin, "LOT1", "recalled", "r1", ""});
  port.advance_to(300, out);
  EXPECT_TRUE(recorded->batch_status.empty());
  port.advance_to(700, out);
  EXPECT_EQ(recorded->batch_status.size(), 1u);
}

}  // namespace
}  // namespace pharmatwin::adapters
