#include "pharmatwin/serialization/repository.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pharmatwin::serialization {
namespace {

constexpr std::int64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;

// GS1 examples: company prefix 0614141 (TDS), GTIN 80614141123458.
constexpr const char* kGtin = "80614141123458";
constexpr const char* kMaker = "urn:epc:id:sgln:0614141.00001.0";
constexpr const char* kWholesaler = "urn:epc:id:sgln:0614141.00002.0";
constexpr const char* kPharmacy = "urn:epc:id:sgln:0614141.00003.0";
constexpr const char* kElsewhere = "urn:epc:id:sgln:0614141.00009.0";
constexpr const char* kCase = "urn:epc:id:sscc:0614141.1234567890";
constexpr const char* kPallet = "urn:epc:id:sscc:0614141.2000000001";

std::string sgtin(int serial) {
  return "urn:epc:id:sgtin:0614141.812345." + std::to_string(serial);
}

class RepositoryTest : public ::testing::Test {
 protected:
  RepositoryTest() : repo_(RepositoryOptions{0, 2026}) { repo_.set_alert_sink(&alerts_); }

  void commission(int first, int count) {
    Event e;
    e.type = EventType::kObject;
    e.action = Action::kAdd;
    e.biz_step = "commissioning";
    e.event_time_ms = kT0;
    e.biz_location = kMaker;
    e.ilmd_lot = "L1";
    e.ilmd_expiry = "2027-12-31";
    for (int i = first; i < first + count; ++i) e.epcs.push_back(sgtin(i));
    ASSERT_TRUE(repo_.ingest(e).ok());
  }

  Event object_event(std::string step, std::vector<std::string> epcs, const char* where,
                     std::int64_t time_ms) {
    Event e;
    e.type = EventType::kObject;
    e.action = Action::kObserve;
    e.biz_step = std::move(step);
    e.epcs = std::move(epcs);
    e.biz_location = where;
    e.event_time_ms = time_ms;
    return e;
  }

  ProductIdentifier id(const std::string& serial, const char* lot = "L1",
                       CivilDate expiry = {2027, 12, 31}) {
    serial_ = serial;
    return ProductIdentifier{kGtin, serial_, lot, expiry};
  }

  Repository repo_;
  CollectingAlertSink alerts_;
  std::string serial_;
};

TEST_F(RepositoryTest, CommissioningRecordsBatchAndCustody) {
  commission(1, 3);
  const auto pack = repo_.find_pack(kGtin, "2");
  ASSERT_TRUE(pack.has_value());
  EXPECT_EQ(pack->lot, "L1");
  EXPECT_EQ(pack->expiry, (CivilDate{2027, 12, 31}));
  EXPECT_EQ(pack->status, PackStatus::kActive);
  EXPECT_EQ(pack->custodian, "0614141000012");  // SGLN with extension 0 = the GLN
  ASSERT_EQ(pack->custody.size(), 1u);
  EXPECT_EQ(pack->custody[0].kind, CustodyKind::kCommissioned);
  EXPECT_TRUE(alerts_.alerts.empty());
  EXPECT_EQ(repo_.stats().packs, 3u);
}

TEST_F(RepositoryTest, DscsaVerificationResponses) {
  commission(1, 1);
  EXPECT_EQ(repo_.verify_dscsa(id("1"), kT0, kPharmacy).status, DscsaStatus::kVerified);
  EXPECT_EQ(repo_.verify_dscsa(id("1", "L2"), kT0, kPharmacy).status, DscsaStatus::kNoMatchLot);
  EXPECT_EQ(repo_.verify_dscsa(id("1", "L1", {2027, 11, 30}), kT0, kPharmacy).status,
            DscsaStatus::kNoMatchExpiry);
  EXPECT_EQ(repo_.verify_dscsa(id("1", "L2", {2027, 11, 30}), kT0, kPharmacy).status,
            DscsaStatus::kNoMatchLotExpiry);
  EXPECT_EQ(repo_.verify_dscsa(id("99"), kT0, kPharmacy).status, DscsaStatus::kNoMatchGtinSerial);
  EXPECT_EQ(to_string(DscsaStatus::kNoMatchGtinSerial), "No_match_GTIN_Serial");
  // Day 00 in AI (17) is the end of the month.
  EXPECT_EQ(repo_.verify_dscsa(id("1", "L1", {2027, 12, 0}), kT0, kPharmacy).status,
            DscsaStatus::kVerified);
  // Additional information: expired after 2027-12-31; recalled; suspect after the mismatches.
  const auto late = repo_.verify_dscsa(id("1"), kT0 + 800 * kDay, kPharmacy);
  EXPECT_TRUE(late.expired);
  EXPECT_TRUE(late.suspect);
  repo_.set_batch_status(kGtin, "L1", BatchStatus::kRecalled);
  EXPECT_TRUE(repo_.verify_dscsa(id("1"), kT0, kPharmacy).recalled);
  EXPECT_EQ(alerts_.count(SuspectRule::kLotMismatch), 2u);
  EXPECT_EQ(alerts_.count(SuspectRule::kExpiryMismatch), 2u);
  EXPECT_EQ(alerts_.count(SuspectRule::kUnknownSerial), 1u);
}

TEST_F(RepositoryTest, FmdVerifyDecommissionUndo) {
  commission(1, 2);
  EXPECT_EQ(repo_.verify_fmd(id("1"), kT0, kPharmacy).code, NmvsCode::kOk);
  EXPECT_EQ(repo_.verify_fmd(id("77"), kT0, kPharmacy).code, NmvsCode::kUnknownSerial);
  EXPECT_EQ(repo_.verify_fmd(id("77", "NOPE"), kT0, kPharmacy).code, NmvsCode::kUnknownBatch);
  EXPECT_EQ(repo_.verify_fmd(id("1", "L9"), kT0, kPharmacy).code, NmvsCode::kBatchMismatch);
  EXPECT_EQ(repo_.verify_fmd(id("1", "L1", {2028, 1, 31}), kT0, kPharmacy).code,
            NmvsCode::kExpiryMismatch);

  const auto dispensed = repo_.decommission(id("1"), PackStatus::kSupplied, kT0 + kDay, kPharmacy);
  EXPECT_EQ(dispensed.code, NmvsCode::kOk);
  EXPECT_EQ(dispensed.status, PackStatus::kSupplied);
  EXPECT_EQ(repo_.decommission(id("1"), PackStatus::kExported, kT0 + kDay, kPharmacy).code,
            NmvsCode::kAlreadyInactive);
  // Undo: other location refused; after 10 days refused; same place within 10 days works.
  EXPECT_EQ(repo_.undo(id("1"), PackStatus::kSupplied, kT0 + 2 * kDay, kWholesaler).code,
            NmvsCode::kUndoOtherLocation);
  EXPECT_EQ(repo_.undo(id("1"), PackStatus::kSupplied, kT0 + 12 * kDay, kPharmacy).code,
            NmvsCode::kUndoTimeExceeded);
  EXPECT_EQ(repo_.undo(id("1"), PackStatus::kExported, kT0 + 2 * kDay, kPharmacy).code,
            NmvsCode::kUndoStatusMismatch);
  const auto undone = repo_.undo(id("1"), PackStatus::kSupplied, kT0 + 2 * kDay, kPharmacy);
  EXPECT_EQ(undone.code, NmvsCode::kOk);
  EXPECT_EQ(undone.status, PackStatus::kActive);

  // Stolen can never be undone; nor anything once the batch is recalled.
  EXPECT_EQ(repo_.decommission(id("2"), PackStatus::kStolen, kT0 + kDay, kPharmacy).code,
            NmvsCode::kOk);
  EXPECT_EQ(repo_.undo(id("2"), PackStatus::kStolen, kT0 + kDay, kPharmacy).code,
            NmvsCode::kStatusChangeRefused);
  EXPECT_TRUE(repo_.verify_dscsa(id("2"), kT0, kPharmacy).illegitimate);
  repo_.decommission(id("1"), PackStatus::kSample, kT0 + 3 * kDay, kPharmacy);
  repo_.set_batch_status(kGtin, "L1", BatchStatus::kRecalled);
  EXPECT_EQ(repo_.undo(id("1"), PackStatus::kSample, kT0 + 4 * kDay, kPharmacy).code,
            NmvsCode::kStatusChangeRefused);
}

TEST_F(RepositoryTest, AggregationAndCaseScanImpliesContents) {
  commission(1, 4);
  ASSERT_TRUE(repo_.pack(kCase, {sgtin(1), sgtin(2), sgtin(3)}, kMaker, kT0 + kHour).ok());
  ASSERT_TRUE(repo_.pack(kPallet, {kCase}, kMaker, kT0 + kHour).ok());
  EXPECT_EQ(repo_.contents("106141412345678908").size(), 3u);
  EXPECT_EQ(repo_.find_pack(kGtin, "1")->parent_sscc, "106141412345678908");

  Event ship = object_event("shipping", {kPallet}, kMaker, kT0 + 2 * kHour);
  ship.destinations.push_back({"location", kWholesaler});
  ASSERT_TRUE(repo_.ingest(ship).ok());
  EXPECT_TRUE(repo_.find_pack(kGtin, "2")->in_transit);
  ASSERT_TRUE(
      repo_.ingest(object_event("receiving", {kPallet}, kWholesaler, kT0 + 20 * kHour)).ok());
  const auto pack = repo_.find_pack(kGtin, "2");
  EXPECT_EQ(pack->custodian, "0614141000029");
  EXPECT_FALSE(pack->in_transit);
  ASSERT_EQ(pack->custody.size(), 3u);  // commissioned, shipped, received
  EXPECT_EQ(pack->custody[1].kind, CustodyKind::kShipped);
  EXPECT_EQ(pack->custody[2].time_ms, kT0 + 20 * kHour);
  // Pack 4 was never packed: it stays at the maker.
  EXPECT_EQ(repo_.find_pack(kGtin, "4")->custodian, "0614141000012");
  EXPECT_TRUE(alerts_.alerts.empty()) << alerts_.alerts[0].evidence;

  // Unpack one pack, then the case no longer implies it.
  ASSERT_TRUE(repo_.unpack(kCase, {sgtin(3)}, kWholesaler, kT0 + 21 * kHour).ok());
  EXPECT_EQ(repo_.contents("106141412345678908").size(), 2u);
  EXPECT_TRUE(repo_.find_pack(kGtin, "3")->parent_sscc.empty());
  ASSERT_TRUE(repo_.unpack(kCase, {}, kWholesaler, kT0 + 22 * kHour).ok());
  EXPECT_TRUE(repo_.contents("106141412345678908").empty());
}

TEST_F(RepositoryTest, AggregationMismatchOnObservedCase) {
  commission(1, 4);
  repo_.pack(kCase, {sgtin(1), sgtin(2)}, kMaker, kT0);
  Event scan;
  scan.type = EventType::kAggregation;
  scan.action = Action::kObserve;
  scan.parent_id = kCase;
  scan.epcs = {sgtin(1), sgtin(4)};
  scan.biz_location = kMaker;
  scan.event_time_ms = kT0 + kHour;
  ASSERT_TRUE(repo_.ingest(scan).ok());
  ASSERT_EQ(alerts_.count(SuspectRule::kAggregationMismatch), 1u);
  EXPECT_NE(alerts_.alerts[0].evidence.find("1 missing, 1 not packed in it"), std::string::npos);
}

TEST_F(RepositoryTest, PackOutsideItsParent) {
  commission(1, 2);
  repo_.pack(kCase, {sgtin(1), sgtin(2)}, kMaker, kT0);
  repo_.ship(kCase, kMaker, kWholesaler, kT0 + kHour);
  ASSERT_TRUE(repo_.observe(sgtin(1), kElsewhere, kT0 + 2 * kHour).ok());
  ASSERT_EQ(alerts_.count(SuspectRule::kPackOutsideParent), 1u);
  const SuspectAlert& alert = alerts_.alerts[0];
  EXPECT_EQ(alert.subject, sgtin(1));
  EXPECT_EQ(alert.gtin, kGtin);
  EXPECT_EQ(alert.serial, "1");
  EXPECT_EQ(alert.sscc, "106141412345678908");
  EXPECT_EQ(alert.location, "0614141000098");
}

TEST_F(RepositoryTest, UnknownAndClonedSerials) {
  commission(1, 1);
  ASSERT_TRUE(repo_.observe(sgtin(555), kPharmacy, kT0).ok());
  EXPECT_EQ(alerts_.count(SuspectRule::kUnknownSerial), 1u);
  // Same pack active at the maker and seen at a pharmacy, without shipment.
  ASSERT_TRUE(repo_.observe(sgtin(1), kPharmacy, kT0 + kHour).ok());
  EXPECT_EQ(alerts_.count(SuspectRule::kClonedSerial), 1u);
  // Commissioned a second time with another lot.
  Event again;
  again.type = EventType::kObject;
  again.action = Action::kAdd;
  again.biz_step = "commissioning";
  again.epcs = {sgtin(1)};
  again.biz_location = kElsewhere;
  again.ilmd_lot = "FAKE";
  again.ilmd_expiry = "2028-01-31";
  ASSERT_TRUE(repo_.ingest(again).ok());
  EXPECT_EQ(alerts_.count(SuspectRule::kClonedSerial), 2u);
  EXPECT_EQ(repo_.find_pack(kGtin, "1")->lot, "L1");
  EXPECT_TRUE(repo_.find_pack(kGtin, "1")->suspect);
}

TEST_F(RepositoryTest, ImpossibleTravelEventOrderAndDiversion) {
  commission(1, 3);
  repo_.set_min_transit(kMaker, kWholesaler, 6 * kHour);
  repo_.ship(sgtin(1), kMaker, kWholesaler, kT0 + kHour);
  repo_.receive(sgtin(1), kWholesaler, kT0 + 2 * kHour);  // 1 h < 6 h
  EXPECT_EQ(alerts_.count(SuspectRule::kImpossibleTravel), 1u);

  repo_.ship(sgtin(2), kMaker, kWholesaler, kT0 + 10 * kHour);
  repo_.receive(sgtin(2), kWholesaler, kT0 + 9 * kHour);  // received before shipped
  EXPECT_EQ(alerts_.count(SuspectRule::kEventOrder), 1u);
  repo_.receive(sgtin(3), kPharmacy, kT0 + 9 * kHour);  // never shipped
  EXPECT_EQ(alerts_.count(SuspectRule::kEventOrder), 2u);

  repo_.add_expected_route(kWholesaler, kPharmacy);
  repo_.ship(sgtin(1), kWholesaler, kPharmacy, kT0 + 30 * kHour);
  repo_.receive(sgtin(1), kElsewhere, kT0 + 40 * kHour);  // shipped to pharmacy, arrived elsewhere
  EXPECT_EQ(alerts_.count(SuspectRule::kDiversion), 2u);  // wrong destination + off the chain
}

TEST_F(RepositoryTest, DecommissionedPackReappearing) {
  commission(1, 1);
  Event dispense = object_event("dispensing", {sgtin(1)}, kMaker, kT0 + kHour);
  ASSERT_TRUE(repo_.ingest(dispense).ok());
  EXPECT_EQ(repo_.find_pack(kGtin, "1")->status, PackStatus::kSupplied);
  repo_.ship(sgtin(1), kMaker, kWholesaler, kT0 + 2 * kHour);
  ASSERT_EQ(alerts_.count(SuspectRule::kDecommissionedReappearing), 1u);
  EXPECT_NE(alerts_.alerts[0].evidence.find("supplied"), std::string::npos);
  Event destroy = object_event("decommissioning", {sgtin(1)}, kMaker, kT0 + 3 * kHour);
  destroy.disposition = "destroyed";
  repo_.ingest(destroy);
  EXPECT_EQ(alerts_.count(SuspectRule::kDecommissionedReappearing), 2u);
}

TEST_F(RepositoryTest, BadIdentifiersAreErrorsNotCrashes) {
  EXPECT_FALSE(repo_.observe("urn:epc:id:sgtin:bad", kPharmacy, kT0).ok());
  EXPECT_FALSE(repo_.commission("123", "1", "L", {2027, 1, 1}, kMaker, kT0).ok());
  Event e = object_event("commissioning", {sgtin(1)}, kMaker, kT0);
  e.ilmd_expiry = "2027-02-30";
  EXPECT_FALSE(repo_.ingest(e).ok());
}

TEST_F(RepositoryTest, LongSerialsAreInterned) {
  const std::string serial = "ABCDEFGHIJKLMNOPQRST";  // 20 characters
  ASSERT_TRUE(repo_.commission(kGtin, serial, "L1", {2027, 12, 31}, kMaker, kT0).ok());
  EXPECT_EQ(repo_.find_pack(kGtin, serial)->serial, serial);
  EXPECT_EQ(repo_.verify_dscsa(id(serial), kT0, kPharmacy).status, DscsaStatus::kVerified);
}

TEST_F(RepositoryTest, BatchVerificationMatchesSingleRequests) {
  commission(1, 40);
  std::vector<std::string> serials;
  for (int i = 0; i < 50; ++i) serials.push_back(std::to_string(i));  // 0 and 41-49 unknown
  std::vector<ProductIdentifier> ids;
  for (int i = 0; i < 50; ++i) {
    ids.push_back({kGtin, serials[i], i % 7 == 3 ? "LX" : "L1", {2027, 12, 31}});
  }
  std::vector<DscsaAnswer> batch(ids.size());
  repo_.verify_dscsa_batch(ids, kT0, kPharmacy, batch);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto single = repo_.verify_dscsa(ids[i], kT0, kPharmacy);
    EXPECT_EQ(batch[i].status, single.status) << i;
  }
  EXPECT_EQ(batch[0].status, DscsaStatus::kNoMatchGtinSerial);
  EXPECT_EQ(batch[3].status, DscsaStatus::kNoMatchLot);
  EXPECT_EQ(batch[5].status, DscsaStatus::kVerified);
  EXPECT_EQ(batch[45].status, DscsaStatus::kNoMatchGtinSerial);
}

TEST_F(RepositoryTest, LotsAreComparedByTheirText) {
  commission(1, 2);
  ASSERT_TRUE(repo_.commission(kGtin, "50", "L2", {2027, 12, 31}, kMaker, kT0).ok());
  ASSERT_TRUE(repo_.commission(kGtin, "51", "", {2027, 12, 31}, kMaker, kT0).ok());
  // L2 is a known lot, but not this pack's.
  EXPECT_EQ(repo_.verify_dscsa(id("1", "L2"), kT0, kPharmacy).status, DscsaStatus::kNoMatchLot);
  EXPECT_EQ(repo_.verify_dscsa(id("50", "L2"), kT0, kPharmacy).status, DscsaStatus::kVerified);
  EXPECT_EQ(repo_.verify_dscsa(id("50", "L1"), kT0, kPharmacy).status, DscsaStatus::kNoMatchLot);
  EXPECT_EQ(repo_.verify_fmd(id("1", "L2"), kT0, kPharmacy).code, NmvsCode::kBatchMismatch);
  // A pack commissioned without a lot matches only an empty lot.
  EXPECT_EQ(repo_.verify_dscsa(id("51", ""), kT0, kPharmacy).status, DscsaStatus::kVerified);
  EXPECT_EQ(repo_.verify_dscsa(id("2", ""), kT0, kPharmacy).status, DscsaStatus::kNoMatchLot);
  EXPECT_EQ(repo_.verify_dscsa(id("51", "l1"), kT0, kPharmacy).status, DscsaStatus::kNoMatchLot);
  // Known lot, unknown serial: the batch is known (NMVS_NC_PC_02).
  EXPECT_EQ(repo_.verify_fmd(id("52", "L2"), kT0, kPharmacy).code, NmvsCode::kUnknownSerial);
}

// The repository starts with a 16-slot table here (no expected_packs): commissioning 5000
// more packs grows it ten times. What was set before must survive every move.
TEST_F(RepositoryTest, PackStateSurvivesTableGrowth) {
  commission(1, 5);
  ASSERT_TRUE(repo_.pack(kCase, {sgtin(1), sgtin(5)}, kMaker, kT0 + kHour).ok());
  ASSERT_EQ(repo_.decommission(id("2"), PackStatus::kDestroyed, kT0 + kDay, kPharmacy).code,
            NmvsCode::kOk);
  repo_.verify_dscsa(id("3", "L9"), kT0, kPharmacy);  // lot mismatch: pack 3 becomes suspect
  ASSERT_TRUE(repo_.mark_illegitimate(kGtin, "4"));
  ASSERT_EQ(repo_.decommission(id("5"), PackStatus::kSample, kT0 + kDay, kPharmacy).code,
            NmvsCode::kOk);
  alerts_.alerts.clear();

  commission(6, 5000);
  EXPECT_EQ(repo_.stats().packs, 5005u);
  EXPECT_EQ(repo_.find_pack(kGtin, "2")->status, PackStatus::kDestroyed);
  const auto suspect = repo_.verify_dscsa(id("3"), kT0, kPharmacy);
  EXPECT_EQ(suspect.status, DscsaStatus::kVerified);
  EXPECT_TRUE(suspect.suspect);
  EXPECT_FALSE(suspect.illegitimate);
  EXPECT_TRUE(repo_.verify_dscsa(id("4"), kT0, kPharmacy).illegitimate);
  EXPECT_FALSE(repo_.verify_dscsa(id("1"), kT0, kPharmacy).suspect);
  const auto contents = repo_.contents("106141412345678908");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(contents[0], "(01)80614141123458(21)1");
  EXPECT_EQ(contents[1], "(01)80614141123458(21)5");
  // Undo rules still see the status, its time and place: a sample undone within 10 days at
  // the place that set it; destroyed never.
  EXPECT_EQ(repo_.undo(id("5"), PackStatus::kSample, kT0 + 2 * kDay, kPharmacy).code,
            NmvsCode::kOk);
  EXPECT_EQ(repo_.undo(id("2"), PackStatus::kDestroyed, kT0 + 2 * kDay, kPharmacy).code,
            NmvsCode::kStatusChangeRefused);
  EXPECT_EQ(repo_.decommission(id("2"), PackStatus::kExported, kT0 + 2 * kDay, kPharmacy).code,
            NmvsCode::kAlreadyInactive);
  for (int i = 6; i < 5006; i += 499) {
    EXPECT_EQ(repo_.verify_fmd(id(std::to_string(i)), kT0, kPharmacy).code, NmvsCode::kOk) << i;
  }
  EXPECT_EQ(repo_.verify_fmd(id("5006"), kT0, kPharmacy).code, NmvsCode::kUnknownSerial);
  // Only the destroyed pack 2 raised something since the growth (decommission of an inactive
  // pack), plus the unknown serial.
  EXPECT_EQ(alerts_.count(SuspectRule::kDecommissionedReappearing), 1u);
  EXPECT_EQ(alerts_.count(SuspectRule::kUnknownSerial), 1u);
  EXPECT_EQ(alerts_.alerts.size(), 2u);
}

TEST_F(RepositoryTest, LearnedMovementsRankTheUnusualOne) {
  commission(1, 60);
  // Normal traffic: maker -> wholesaler after about a day at the maker.
  for (int i = 1; i <= 50; ++i) {
    repo_.ship(sgtin(i), kMaker, kWholesaler, kT0 + kDay + i * 60'000);
    repo_.receive(sgtin(i), kWholesaler, kT0 + kDay + 6 * kHour + i * 60'000);
  }
  EXPECT_EQ(repo_.anomaly_model().movements_learned(), 50u);
  repo_.set_learning(false);
  for (int i = 51; i <= 58; ++i) {
    repo_.ship(sgtin(i), kMaker, kWholesaler, kT0 + kDay + i * 60'000);
    repo_.receive(sgtin(i), kWholesaler, kT0 + kDay + 6 * kHour + i * 60'000);
  }
  // Pack 59 goes straight to a pharmacy, no rule forbids it (no expected routes set).
  repo_.ship(sgtin(59), kMaker, kPharmacy, kT0 + kDay);
  repo_.receive(sgtin(59), kPharmacy, kT0 + kDay + 6 * kHour);
  EXPECT_TRUE(alerts_.alerts.empty());
  const auto ranking = repo_.most_anomalous();
  ASSERT_EQ(ranking.size(), 9u);
  EXPECT_EQ(ranking.front().pack, "(01)80614141123458(21)59");
  EXPECT_EQ(ranking.front().to, "0614141000036");
  EXPECT_GT(ranking.front().score, ranking[1].score);
}

TEST_F(RepositoryTest, BatchIngestEqualsOneByOne) {
  commission(1, 30);
  Repository single(RepositoryOptions{0, 2026});
  CollectingAlertSink single_alerts;
  single.set_alert_sink(&single_alerts);
  {
    Event c;
    c.type = EventType::kObject;
    c.action = Action::kAdd;
    c.biz_step = "commissioning";
    c.event_time_ms = kT0;
    c.biz_location = kMaker;
    c.ilmd_lot = "L1";
    c.ilmd_expiry = "2027-12-31";
    for (int i = 1; i <= 30; ++i) c.epcs.push_back(sgtin(i));
    single.ingest(c);
  }
  std::vector<Event> events;
  for (int i = 1; i <= 30; ++i) {
    Event ship = object_event("shipping", {sgtin(i)}, kMaker, kT0 + i * kHour);
    ship.destinations.push_back({"location", kWholesaler});
    events.push_back(ship);
    // Every third pack turns up at the wrong place; pack 555 is unknown.
    events.push_back(object_event("receiving", {sgtin(i % 3 == 0 ? 555 : i)},
                                  i % 3 == 1 ? kElsewhere : kWholesaler, kT0 + i * kHour + 1000));
  }
  events.push_back(object_event("receiving", {"urn:epc:id:sgtin:bad"}, kWholesaler, kT0));
  std::vector<std::pair<std::size_t, Error>> errors;
  EXPECT_EQ(repo_.ingest_batch(events, &errors), events.size() - 1);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].first, events.size() - 1);
  for (const Event& e : events) single.ingest(e);
  ASSERT_EQ(alerts_.alerts.size(), single_alerts.alerts.size());
  for (std::size_t i = 0; i < alerts_.alerts.size(); ++i) {
    EXPECT_EQ(alerts_.alerts[i].rule, single_alerts.alerts[i].rule);
    EXPECT_EQ(alerts_.alerts[i].subject, single_alerts.alerts[i].subject);
  }
  EXPECT_EQ(alerts_.count(SuspectRule::kDiversion), 10u);
  EXPECT_EQ(alerts_.count(SuspectRule::kUnknownSerial), 10u);
  EXPECT_EQ(repo_.find_pack(kGtin, "2")->custodian, single.find_pack(kGtin, "2")->custodian);
}

TEST(AnomalyModel, RanksRareTransitionsAndDwells) {
  AnomalyModel model;
  for (int i = 0; i < 1000; ++i) model.learn(1, 2, 3'600'000 + (i % 10) * 60'000);
  for (int i = 0; i < 10; ++i) model.learn(1, 3, 3'600'000);
  const double usual = model.score(1, 2, 3'600'000);
  const double rare = model.score(1, 3, 3'600'000);
  const double unseen = model.score(1, 9, 3'600'000);
  const double odd_dwell = model.score(1, 2, 60'000);
  EXPECT_LT(usual, rare);
  EXPECT_LT(rare, unseen);
  EXPECT_LT(usual, odd_dwell);
  // -log((1000+1)/(1010+3)) for the common transition, dwell z near 0.
  EXPECT_NEAR(model.score(1, 2, 3'600'000 + 270'000), -std::log(1001.0 / 1013.0), 0.2);
}

}  // namespace
}  // namespace pharmatwin::serialization
