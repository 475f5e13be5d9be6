// Ground-truth records the world writes for scoring: the moment a lot's stability budget runs
// out in its zone (StabilityBudgetExhausted) and where a counterfeit pack was stopped
// (CounterfeitIntercepted: storage after a quarantine, dispensing after a pharmacy's check).
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <set>
#include <simgrid/s4u/Actor.hpp>
#include <string>
#include <vector>

#include "operations_child.hpp"
#include "pharmatwin/sim/operations.hpp"
#include "pharmatwin/sim/world.hpp"
#include "sim_child.hpp"

namespace pharmatwin::sim {
namespace {

// One cold room whose cooling fails for good at 6 h; 100 packs of a product with a 2 h budget.
constexpr const char* kWarmingRoom = R"pb(
  name: "budget"
  run { start: "2026-01-05T00:00:00Z" horizon: "1d" seed: 3 }
  site {
    name: "s"
    gln: "0614141000005"
    company_prefix: "0614141"
    ambient { mean_c: 30 }
  }
  zones {
    name: "cold"
    storage_class: REFRIGERATED
    thermal {
      air_heat_capacity_kj_per_k: 500
      product_heat_capacity_kj_per_k: 1000
      ua_ambient_kw_per_k: 0.5
      ua_product_kw_per_k: 1
      internal_load_kw: 1
    }
    hvac { capacity_kw: 20 setpoint_c: 5 hysteresis_c: 2 }
    sensors { name: "air" kind: AIR sample_interval: "5m" noise_sigma_c: 0.1 }
  }
  products {
    name: "vaccine"
    gtin: "09506000134352"
    storage_class: REFRIGERATED
    stability_budget: "2h"
    units_per_case: 10
    cases_per_pallet: 4
  }
  stock { product: "vaccine" lot: "B1" expiry: "2028-01-31" zone: "cold" quantity: 100 }
  faults {
    name: "hvac-down"
    start: "6h"
    hvac_failure { zone: "cold" }
  }
)pb";

TEST(GroundTruthRecords, TheBudgetRunsOutTheBudgetAfterTheProductLeftItsRange) {
  std::vector<double> got;
  ASSERT_TRUE(testing::in_child(
      [] {
        scenario::Scenario sc;
        if (!google::protobuf::TextFormat::ParseFromString(kWarmingRoom, &sc))
          return std::vector<double>{};
        std::string error;
        auto world = World::create(sc, {}, &error);
        if (!world || !world->operations()) return std::vector<double>{};
        std::vector<double> out = {0, 0, 0, 0, 0};  // records, t, units, budget, consumed
        world->operations()->set_record_listener([&](const OperationsRecord& r) {
          if (!r.has_stability_budget_exhausted()) return;
          const auto& x = r.stability_budget_exhausted();
          out = {out[0] + 1, r.t_s(), double(x.units()), x.budget_s(), x.consumed_s()};
          if (x.lot() != "09506000134352/B1" || x.zone() != "cold") out[0] += 100;
        });
        world->run();
        const auto& zone = world->truth().zones[0];
        out.push_back(zone.first_out_of_range_s.value_or(-1));
        out.push_back(zone.out_of_range_s);
        return out;
      },
      got));
  ASSERT_EQ(got.size(), 7u);
  EXPECT_EQ(got[0], 1);  // once, for the lot and zone
  // The product leaves 2..8 °C once and never comes back (34 °C without cooling), so its 2 h
  // budget is used up exactly 2 h after it left.
  ASSERT_GT(got[5], 6 * 3600.0);
  EXPECT_GT(got[6], 7200);
  EXPECT_NEAR(got[1], got[5] + 7200, 1.0);
  EXPECT_EQ(got[2], 100);
  EXPECT_EQ(got[3], 7200);
  EXPECT_NEAR(got[4], 7200, 1.0);
}

// A shipment carrying 3 packs with serials never commissioned.
const std::string kCounterfeitDelivery =
    std::string(R"pb(run { start: "2026-01-05T00:00:00Z" seed: 11 horizon: "5d" })pb") +
    testing::kHubColdRoomVaccine + R"pb(
  lanes {
    name: "road"
    supplier: "maker"
    transit_time { shape: FIXED mean: "1d" }
    exposure_mean_c: 5
    exposure_sigma_c: 0.1
  }
  staff {
    receivers {
      count: 1
      task_time { shape: FIXED mean: "10m" }
    }
    pickers {
      count: 2
      task_time { shape: FIXED mean: "1m" }
    }
  }
  inbound {
    name: "s1"
    lane: "road"
    departs: "1d"
    lines { product: "vaccine" lot: "U1" expiry: "2029-01-31" pallets: 1 }
  }
  faults {
    name: "fake"
    start: "0s"
    counterfeit { kind: UNKNOWN_SERIAL shipment: "s1" packs: 3 }
  }
)pb";

// Answers every verification request with "unknown serial" for every pack.
class DoubtingPort final : public adapters::SerializationPort {
 public:
  void on_commissioning(const adapters::CommissioningObservation&) override {}
  void on_shipping(const adapters::ShippingObservation&) override {}
  void on_receiving_scan(const adapters::ReceivingScan&) override {}
  void on_storage(const adapters::StorageObservation&) override {}
  void on_outbound(const adapters::OutboundObservation&) override {}
  void on_decommission(const adapters::DecommissionObservation&) override {}
  void on_verification_request(const adapters::VerificationRequest& r) override {
    answers_.push_back({r.request_id, r.time_s,
                        std::vector<adapters::VerificationStatus>(
                            r.packs.size(), adapters::VerificationStatus::kUnknownSerial)});
  }
  void advance_to(double, adapters::SerializationOutput& out) override {
    for (auto& a : answers_) out.answers.push_back(std::move(a));
    answers_.clear();
  }

 private:
  std::vector<adapters::VerificationAnswer> answers_;
};

struct Interceptions {
  std::set<std::string> injected, caught;
  std::vector<std::string> stages, keys, faults;
  double shipped = 0;
};

// `pharmacy`: add a pharmacy ordering the whole stock; `quarantine_at_s` > 0: a quarantine
// decision on lot U1 at that time.
std::vector<double> run_counterfeits(bool pharmacy, double quarantine_at_s) {
  testing::OneHostEngine sim;
  std::string text = kCounterfeitDelivery;
  if (pharmacy) {
    text += R"pb(pharmacies {
                   name: "corner"
                   gln: "0614141000012"
                   due_within: "1d"
                   demand {
                     product: "vaccine"
                     orders_per_day: 200
                     order_units { shape: FIXED mean: 5 }
                   }
                 })pb";
  }
  scenario::Scenario s;
  if (!google::protobuf::TextFormat::ParseFromString(text, &s)) return {};
  RandomStreams streams(s.run().seed());
  WorldServices services;
  services.random = &streams;
  services.host = sim.host;
  Operations ops(s, services);
  DoubtingPort port;
  ops.set_serialization_port(&port);
  Interceptions seen;
  ops.set_record_listener([&](const OperationsRecord& r) {
    if (r.has_counterfeit_injected())
      for (const auto& serial : r.counterfeit_injected().serials())
        seen.injected.insert(r.counterfeit_injected().gtin() + "/" + serial);
    if (!r.has_counterfeit_intercepted()) return;
    const auto& ci = r.counterfeit_intercepted();
    seen.caught.insert(ci.pack());
    seen.stages.push_back(ci.stage());
    seen.keys.push_back(ci.decision_key());
    seen.faults.push_back(ci.fault());
  });
  ops.start();
  if (quarantine_at_s > 0) {
    simgrid::s4u::Actor::create("decider", sim.host, [&] {
      simgrid::s4u::this_actor::sleep_until(quarantine_at_s);
      adapters::Decision d;
      d.idempotency_key = "q-U1";
      d.lots = {"09506000134352/U1"};
      d.alert_id = "a-7";
      ops.apply(d);
    });
  }
  sim.engine->run();
  const OperationsStats st = ops.stats();
  double stage_ok = 1, key_ok = 1, fault_ok = 1;
  const std::string want_stage = pharmacy ? "dispensing" : "storage";
  for (std::size_t i = 0; i < seen.stages.size(); ++i) {
    stage_ok *= seen.stages[i] == want_stage;
    key_ok *= seen.keys[i] == (pharmacy ? "" : "q-U1");
    fault_ok *= seen.faults[i] == "fake";
  }
  return {double(seen.injected.size()),
          double(seen.caught.size()),
          double(seen.stages.size()),
          double(seen.caught == seen.injected),
          stage_ok,
          key_ok,
          fault_ok,
          double(st.counterfeit_units_shipped)};
}

TEST(GroundTruthRecords, AQuarantineInStorageInterceptsTheCounterfeitPacksOnce) {
  std::vector<double> r;
  // Departs at 1 d, travels 1 d, received within the hour: quarantined at 3 d in storage.
  ASSERT_TRUE(testing::run_in_child([] { return run_counterfeits(false, 3 * 86400.0); }, r));
  ASSERT_EQ(r.size(), 8u);
  EXPECT_EQ(r[0], 3);
  EXPECT_EQ(r[2], 3);  // one record per pack
  EXPECT_EQ(r[3], 1);  // exactly the injected packs
  EXPECT_EQ(r[4], 1);  // stage "storage"
  EXPECT_EQ(r[5], 1);  // named decision
  EXPECT_EQ(r[6], 1);  // and fault
}

TEST(GroundTruthRecords, APharmacysCheckStopsShippedCounterfeitsAtDispensing) {
  std::vector<double> r;
  ASSERT_TRUE(testing::run_in_child([] { return run_counterfeits(true, 0); }, r));
  ASSERT_EQ(r.size(), 8u);
  EXPECT_EQ(r[0], 3);
  ASSERT_GT(r[7], 0);     // some counterfeits were shipped (nothing stopped them on site)
  EXPECT_EQ(r[2], r[7]);  // each of them was caught by the pharmacy's check
  EXPECT_EQ(r[4], 1);     // stage "dispensing"
  EXPECT_EQ(r[6], 1);
}

}  // namespace
}  // namespace pharmatwin::sim
