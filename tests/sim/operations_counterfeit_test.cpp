// Counterfeit and serialization faults: the injected packs carry identifiers with the property of
// their kind, judged only from what the serialization port saw (commissioning, scans,
// decommission).
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "operations_child.hpp"
#include "pharmatwin/sim/operations.hpp"

namespace pharmatwin::sim {
namespace {

using testing::OneHostEngine;
using testing::run_in_child;

const std::string kScenario =
    std::string(R"pb(run { start: "2026-01-05T00:00:00Z" seed: 11 horizon: "6d" })pb") +
    testing::kHubColdRoomVaccine + R"pb(
  lanes {
    name: "road"
    supplier: "maker"
    transit_time { shape: FIXED mean: "1d" }
    exposure_mean_c: 5
    exposure_sigma_c: 0.1
  }
  stock { product: "vaccine" lot: "A1" expiry: "2028-01-31" zone: "cold" quantity: 400 }
  pharmacies {
    name: "corner"
    gln: "0614141000012"
    due_within: "1d"
    demand {
      product: "vaccine"
      orders_per_day: 30
      order_units { shape: FIXED mean: 2 }
    }
  }
  staff {
    receivers {
      count: 2
      task_time { shape: FIXED mean: "10m" }
    }
  }
  inbound {
    name: "s_unknown"
    lane: "road"
    departs: "2d"
    lines { product: "vaccine" lot: "U1" expiry: "2029-01-31" pallets: 1 }
  }
  inbound {
    name: "s_clone"
    lane: "road"
    departs: "2d"
    lines { product: "vaccine" lot: "C1" expiry: "2029-01-31" pallets: 1 }
  }
  inbound {
    name: "s_decom"
    lane: "road"
    departs: "2d"
    lines { product: "vaccine" lot: "D1" expiry: "2029-01-31" pallets: 1 }
  }
  inbound {
    name: "s_lot"
    lane: "road"
    departs: "2d"
    lines { product: "vaccine" lot: "L1" expiry: "2029-01-31" pallets: 1 }
  }
  inbound {
    name: "s_exp"
    lane: "road"
    departs: "2d"
    lines { product: "vaccine" lot: "E1" expiry: "2029-01-31" pallets: 1 }
  }
  inbound {
    name: "s_agg"
    lane: "road"
    departs: "2d"
    lines { product: "vaccine" lot: "G1" expiry: "2029-01-31" pallets: 1 }
  }
  inbound {
    name: "s_div"
    lane: "road"
    departs: "2d"
    repeat_every: "1d"
    repeat_count: 2
    lines { product: "vaccine" lot: "V1" expiry: "2029-01-31" pallets: 1 }
  }
  inbound {
    name: "s_exc"
    lane: "road"
    departs: "2d"
    lines { product: "vaccine" lot: "X1" expiry: "2029-01-31" pallets: 1 }
  }
  faults {
    name: "f1"
    start: "0s"
    counterfeit { kind: UNKNOWN_SERIAL shipment: "s_unknown" packs: 3 }
  }
  faults {
    name: "f2"
    start: "0s"
    counterfeit { kind: CLONED_SERIAL shipment: "s_clone" packs: 3 }
  }
  faults {
    name: "f3"
    start: "0s"
    counterfeit { kind: DECOMMISSIONED_REINTRODUCED shipment: "s_decom" packs: 3 }
  }
  faults {
    name: "f4"
    start: "0s"
    counterfeit { kind: LOT_MISMATCH shipment: "s_lot" packs: 3 }
  }
  faults {
    name: "f5"
    start: "0s"
    counterfeit { kind: EXPIRY_MISMATCH shipment: "s_exp" packs: 3 }
  }
  faults {
    name: "f6"
    start: "0s"
    counterfeit { kind: AGGREGATION_MISMATCH shipment: "s_agg" packs: 3 }
  }
  faults {
    name: "f7"
    start: "0s"
    counterfeit { kind: DIVERTED shipment: "s_div#2" packs: 3 }
  }
  faults {
    name: "e1"
    start: "0s"
    serialization_exception { kind: PACK_MISSING_FROM_CASE shipment: "s_exc" packs: 2 }
  }
  faults {
    name: "e2"
    start: "0s"
    serialization_exception { kind: UNREADABLE_CODE shipment: "s_exc" packs: 3 }
  }
  faults {
    name: "e3"
    start: "0s"
    serialization_exception { kind: DUPLICATE_COMMISSIONING shipment: "s_exc" packs: 4 }
  }
  faults {
    name: "e4"
    start: "1d"
    duration: "12h"
    serialization_exception { kind: VERIFICATION_UNAVAILABLE }
  }
)pb";

struct Commissioned {
  std::string lot, expiry, case_sscc, owner;
  double time_s = 0;
};

// Indices of the result vector.
enum : int {
  kUnknown,
  kClone,
  kDecom,
  kLot,
  kExpiry,
  kAgg,
  kDiverted,
  kInjected,
  kInjectedStat,
  kMissing,
  kUnreadable,
  kDuplicate,
  kUnavailable,
  kExceptionCases,
  kRecordsSeen,
  kCount
};

std::vector<double> run_faults() {
  OneHostEngine sim;
  scenario::Scenario s;
  if (!google::protobuf::TextFormat::ParseFromString(kScenario, &s)) return {};
  RandomStreams streams(s.run().seed());
  WorldServices services;
  services.random = &streams;
  services.host = sim.host;
  Operations ops(s, services);
  adapters::RecordingSerializationPort port;
  ops.set_serialization_port(&port);
  std::vector<CounterfeitInjected> injected;
  ops.set_record_listener([&](const OperationsRecord& r) {
    if (r.has_counterfeit_injected()) injected.push_back(r.counterfeit_injected());
  });
  ops.start();
  sim.engine->run();

  std::multimap<std::string, Commissioned> commissioned;  // by serial
  for (const auto& c : port.commissioning)
    for (const auto& serial : c.serials)
      commissioned.emplace(serial,
                           Commissioned{c.lot, c.expiry, c.case_sscc, c.owner_gln, c.time_s});
  std::map<std::string, double> decommissioned;  // serial -> first time
  for (const auto& d : port.decommission)
    for (const auto& p : d.packs) decommissioned.emplace(p.serial, d.time_s);
  struct Scan {
    adapters::PackLabel label;
    std::string case_sscc, from_gln, shipment;
  };
  std::multimap<std::string, Scan> scans;  // by serial
  for (const auto& r : port.receiving)
    for (const auto& p : r.packs_read)
      scans.emplace(p.serial, Scan{p, r.case_sscc, r.from_gln, r.shipment});
  std::set<std::string> chain;
  for (const auto& p : port.site().products)
    chain.insert(p.supplier_glns.begin(), p.supplier_glns.end());

  std::vector<double> out(kCount, 0);
  auto scan_in = [&](const std::string& serial, const std::string& shipment) -> const Scan* {
    for (auto [it, end] = scans.equal_range(serial); it != end; ++it)
      if (it->second.shipment == shipment) return &it->second;
    return nullptr;
  };
  for (const auto& inj : injected) {
    bool all = inj.serials_size() == 3;
    for (const auto& serial : inj.serials()) {
      const Scan* scan = scan_in(serial, inj.shipment());
      if (!scan) {
        all = false;
        continue;
      }
      auto range = commissioned.equal_range(serial);
      bool known = range.first != range.second;
      const Commissioned* first = known ? &range.first->second : nullptr;
      if (inj.kind() == "UNKNOWN_SERIAL") {
        all = all && !known && serial.size() == 12;
      } else if (inj.kind() == "CLONED_SERIAL") {
        // The same serial was commissioned for a genuine pack in another case.
        all = all && known && first->case_sscc != scan->case_sscc && first->lot == scan->label.lot;
      } else if (inj.kind() == "DECOMMISSIONED_REINTRODUCED") {
        auto d = decommissioned.find(serial);
        all = all && known && d != decommissioned.end() && d->second < 2 * 86400.0 + 86400.0;
      } else if (inj.kind() == "LOT_MISMATCH") {
        all = all && known && first->lot != scan->label.lot && first->expiry == scan->label.expiry;
      } else if (inj.kind() == "EXPIRY_MISMATCH") {
        all = all && known && first->lot == scan->label.lot && first->expiry != scan->label.expiry;
      } else if (inj.kind() == "AGGREGATION_MISMATCH") {
        all = all && known && first->case_sscc != scan->case_sscc && first->lot == scan->label.lot;
      } else if (inj.kind() == "DIVERTED") {
        all = all && known && chain.count(first->owner) && !chain.count(scan->from_gln) &&
              inj.shipment() == "s_div#2";
      }
    }
    int index = inj.kind() == "UNKNOWN_SERIAL"                ? kUnknown
                : inj.kind() == "CLONED_SERIAL"               ? kClone
                : inj.kind() == "DECOMMISSIONED_REINTRODUCED" ? kDecom
                : inj.kind() == "LOT_MISMATCH"                ? kLot
                : inj.kind() == "EXPIRY_MISMATCH"             ? kExpiry
                : inj.kind() == "AGGREGATION_MISMATCH"        ? kAgg
                                                              : kDiverted;
    out[index] = all ? 1 : 0;
    out[kInjected] += inj.serials_size();
  }
  OperationsStats st = ops.stats();
  out[kInjectedStat] = double(st.counterfeit_units_injected);
  for (const auto& r : port.receiving) {
    if (r.shipment != "s_exc") continue;
    out[kUnreadable] += r.unreadable;
    out[kMissing] += 0;
  }
  // Missing packs: 40 packed per pallet, fewer present in the scans.
  std::uint32_t present = 0;
  for (const auto& r : port.receiving)
    if (r.shipment == "s_exc") present += std::uint32_t(r.packs_read.size()) + r.unreadable;
  out[kMissing] = 40.0 - present;
  std::map<std::string, int> times_commissioned;
  for (const auto& c : port.commissioning)
    if (c.lot == "X1")
      for (const auto& serial : c.serials) ++times_commissioned[serial];
  for (const auto& [serial, n] : times_commissioned) out[kDuplicate] += n > 1 ? 1 : 0;
  out[kUnavailable] = double(st.verifications_unavailable);
  out[kExceptionCases] = double(st.cases_with_exceptions);
  out[kRecordsSeen] = double(injected.size());
  return out;
}

TEST(OperationsCounterfeits, EveryKindCarriesTheIntendedIdentifiers) {
  std::vector<double> r;
  ASSERT_TRUE(run_in_child(run_faults, r));
  ASSERT_EQ(r.size(), std::size_t(kCount));
  EXPECT_EQ(r[kRecordsSeen], 7);
  EXPECT_EQ(r[kUnknown], 1) << "unknown serials must never have been commissioned";
  EXPECT_EQ(r[kClone], 1) << "clones copy a genuine pack commissioned in another case";
  EXPECT_EQ(r[kDecom], 1) << "reintroduced serials were dispensed or destroyed before";
  EXPECT_EQ(r[kLot], 1) << "lot mismatch: commissioned lot differs from the printed one";
  EXPECT_EQ(r[kExpiry], 1) << "expiry mismatch: same lot, other expiry";
  EXPECT_EQ(r[kAgg], 1) << "aggregation mismatch: pack scanned in a case it was not packed in";
  EXPECT_EQ(r[kDiverted], 1) << "diverted: genuine owner, custodian outside the chain";
  EXPECT_EQ(r[kInjected], 21);
  EXPECT_EQ(r[kInjectedStat], 21);
}

TEST(OperationsCounterfeits, SerializationExceptionsShowInScansAndCommissioning) {
  std::vector<double> r;
  ASSERT_TRUE(run_in_child(run_faults, r));
  ASSERT_EQ(r.size(), std::size_t(kCount));
  EXPECT_EQ(r[kMissing], 2);
  EXPECT_EQ(r[kUnreadable], 3);
  EXPECT_EQ(r[kDuplicate], 4);
  EXPECT_GE(r[kExceptionCases], 1);
  EXPECT_GT(r[kUnavailable], 0);  // pharmacies verify during the outage on day 2
}

}  // namespace
}  // namespace pharmatwin::sim
