// Stock on hand at the start reaches the track-and-trace system with its custody: commissioned
// by the supplier, shipped to the site and received there before anything else happens.
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "operations_child.hpp"
#include "pharmatwin/sim/operations.hpp"

namespace pharmatwin::sim {
namespace {

const std::string kSite =
    std::string(R"pb(run { start: "2026-01-05T00:00:00Z" seed: 5 horizon: "1h" })pb") +
    testing::kHubColdRoomVaccine + R"pb(
  lanes {
    name: "road"
    supplier: "maker"
    transit_time { shape: FIXED mean: "1d" }
  }
  stock { product: "vaccine" lot: "A1" expiry: "2028-01-31" zone: "cold" quantity: 95 }
  # Makes "maker" the product's supplier; departs after the end of the run.
  inbound {
    name: "later"
    lane: "road"
    departs: "2h"
    lines { product: "vaccine" lot: "A2" expiry: "2028-02-28" cases: 1 }
  }
)pb";

TEST(OperationsInitialStock, IsShippedByItsSupplierAndReceivedAtTheSiteAtTheStart) {
  std::vector<double> r;
  ASSERT_TRUE(testing::run_in_child(
      [] {
        testing::OneHostEngine sim;
        scenario::Scenario s;
        if (!google::protobuf::TextFormat::ParseFromString(kSite, &s)) return std::vector<double>{};
        RandomStreams streams(s.run().seed());
        WorldServices services;
        services.random = &streams;
        services.host = sim.host;
        Operations ops(s, services);
        adapters::RecordingSerializationPort port;
        ops.set_serialization_port(&port);
        ops.start();
        sim.engine->run();
        std::set<std::string> commissioned, received;
        double late = 0, wrong_party = 0;
        for (const auto& c : port.commissioning) {
          for (const auto& serial : c.serials) commissioned.insert(serial);
          wrong_party += c.owner_gln != "4006381000009";
        }
        for (const auto& sh : port.shipping) {
          wrong_party += sh.from_gln != "4006381000009" || sh.to_gln != "0614141000005";
          late += sh.time_s != 0;
        }
        for (const auto& scan : port.receiving) {
          for (const auto& p : scan.packs_read) received.insert(p.serial);
          wrong_party += scan.site_gln != "0614141000005";
          late += scan.time_s != 0;
        }
        return std::vector<double>{double(commissioned.size()),
                                   double(received.size()),
                                   double(commissioned == received),
                                   double(port.shipping.size()),
                                   double(port.receiving.size()),
                                   late,
                                   wrong_party};
      },
      r));
  ASSERT_EQ(r.size(), 7u);
  EXPECT_EQ(r[0], 95);
  EXPECT_EQ(r[2], 1);   // every pack commissioned is read at the site
  EXPECT_EQ(r[3], 1);   // one shipment of the lot's pallets
  EXPECT_EQ(r[4], 10);  // 95 packs, 10 a case: 10 cases scanned
  EXPECT_EQ(r[5], 0);   // all at time 0
  EXPECT_EQ(r[6], 0);
}

}  // namespace
}  // namespace pharmatwin::sim
