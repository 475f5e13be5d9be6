// Operations end to end on SimGrid (each run in its own child process): fill rate, Little's law,
// idempotent decisions, QA against the stability budget.
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <simgrid/s4u/Actor.hpp>

#include "operations_child.hpp"
#include "pharmatwin/sim/operations.hpp"

namespace pharmatwin::sim {
namespace {

using testing::OneHostEngine;
using testing::run_in_child;

scenario::Scenario parse(const std::string& text) {
  scenario::Scenario s;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &s));
  return s;
}

const char* kSite = R"pb(
  site { name: "hub" gln: "0614141000005" company_prefix: "0614141" }
  zones { name: "cold" storage_class: REFRIGERATED }
  zones { name: "ambient" storage_class: CRT_15_25 }
  products {
    name: "vaccine"
    gtin: "09506000134352"
    storage_class: REFRIGERATED
    stability_budget: "4h"
    units_per_case: 10
    cases_per_pallet: 10
  }
  suppliers { name: "maker" gln: "4006381000009" company_prefix: "4006381" }
)pb";

// Runs the scenario to its horizon in a child; `during` runs as an actor, `after` reads results.
std::vector<double> run(const std::string& text, std::function<void(Operations&)> during,
                        std::function<std::vector<double>(Operations&)> after,
                        adapters::SerializationPort* port = nullptr) {
  std::vector<double> out;
  bool ok = run_in_child(
      [&] {
        OneHostEngine sim;
        scenario::Scenario s = parse(std::string(kSite) + text);
        s.mutable_run()->set_start("2026-01-05T00:00:00Z");
        s.mutable_run()->set_seed(7);
        RandomStreams streams(s.run().seed());
        WorldServices services;
        services.random = &streams;
        services.host = sim.host;
        Operations ops(s, services);
        if (!ops.error().empty()) return std::vector<double>{-1};
        ops.set_serialization_port(port);
        ops.start();
        if (during)
          simgrid::s4u::Actor::create("test-driver", sim.host, [&] { during(ops); })->daemonize();
        sim.engine->run();
        return after(ops);
      },
      out);
  EXPECT_TRUE(ok);
  return out;
}

TEST(OperationsFlow, FillRateIsExactlyOneWithAmpleStockAndStaff) {
  auto r = run(
      R"pb(
        run { horizon: "60d" }
        stock { product: "vaccine" lot: "A1" expiry: "2028-01-31" zone: "cold" quantity: 100000 }
        pharmacies {
          name: "corner"
          gln: "0614141000012"
          due_within: "1d"
          demand {
            product: "vaccine"
            orders_per_day: 40
            order_units { shape: GEOMETRIC mean: 6 }
          }
        }
        staff {
          pickers {
            count: 4
            task_time { shape: EXPONENTIAL mean: "3m" }
          }
          receivers { count: 1 }
          qa_reviewers { count: 1 }
        }
      )pb",
      nullptr, [](Operations& ops) {
        OperationsStats s = ops.stats();
        return std::vector<double>{double(s.lines_ordered), double(s.units_ordered),
                                   s.fill_rate(),           s.line_fill_rate(),
                                   double(s.units_lost),    double(s.units_shipped)};
      });
  ASSERT_EQ(r.size(), 6u);
  EXPECT_GT(r[0], 2000);  // ~ 40/day over 60 days
  EXPECT_EQ(r[2], 1.0);
  EXPECT_EQ(r[3], 1.0);
  EXPECT_EQ(r[4], 0.0);
  EXPECT_EQ(r[5], r[1]);
}

TEST(OperationsFlow, LittlesLawHoldsForStockInTheWarehouse) {
  // 200 units a day arrive (20 loose cases of 10), ~208 a day are ordered; orders wait at most
  // 2 h, so the stock runs down between deliveries instead of feeding a backlog.
  auto r =
      run(R"pb(
            run { horizon: "400d" }
            lanes {
              name: "road"
              supplier: "maker"
              transit_time { shape: UNIFORM min: "12h" max: "36h" }
              exposure_mean_c: 5
              exposure_sigma_c: 0.5
            }
            inbound {
              name: "weekly"
              lane: "road"
              departs: "0s"
              repeat_every: "1d"
              lines { product: "vaccine" lot: "B1" expiry: "2030-01-31" cases: 20 }
            }
            pharmacies {
              name: "corner"
              gln: "0614141000012"
              due_within: "2h"
              demand {
                product: "vaccine"
                orders_per_day: 26
                order_units { shape: GEOMETRIC mean: 8 }
              }
            }
            staff {
              pickers {
                count: 3
                task_time { shape: EXPONENTIAL mean: "5m" }
              }
              receivers {
                count: 2
                task_time { shape: EXPONENTIAL mean: "20m" }
              }
              qa_reviewers { count: 1 }
            }
          )pb",
          nullptr, [](Operations& ops) {
            OperationsStats s = ops.stats();
            const double horizon = 400 * 86400.0;
            return std::vector<double>{s.mean_units_on_hand, double(s.units_received) / horizon,
                                       s.mean_stock_sojourn_s, double(s.units_on_hand)};
          });
  ASSERT_EQ(r.size(), 4u);
  const double L = r[0], lambda = r[1], W = r[2];
  EXPECT_GT(L, 10);
  EXPECT_NEAR(L, lambda * W, 0.03 * L) << "L=" << L << " lambda=" << lambda << " W=" << W;
}

TEST(OperationsFlow, DecisionsApplyOncePerIdempotencyKey) {
  auto r =
      run(R"pb(
            run { horizon: "2d" }
            stock { product: "vaccine" lot: "A1" expiry: "2028-01-31" zone: "cold" quantity: 500 }
            stock { product: "vaccine" lot: "A2" expiry: "2028-03-31" zone: "cold" quantity: 300 }
            staff {
              qa_reviewers {
                count: 1
                shifts { start: "08:00" end: "16:00" }
              }
            }
          )pb",
          [](Operations& ops) {
            auto decision = [](std::string key, adapters::DecisionKind kind,
                               std::vector<std::string> lots) {
              adapters::Decision d;
              d.idempotency_key = std::move(key);
              d.kind = kind;
              d.lots = std::move(lots);
              return d;
            };
            simgrid::s4u::this_actor::sleep_until(3600);  // 01:00, QA off shift
            auto q = decision("k1", adapters::DecisionKind::kQuarantine, {"09506000134352/A1"});
            ops.apply(q);
            ops.apply(q);  // duplicate delivery
            ops.apply(q);
            auto hold = decision("k2", adapters::DecisionKind::kHold, {"09506000134352/A2"});
            ops.apply(hold);
            ops.apply(hold);
            auto release = decision("k3", adapters::DecisionKind::kRelease, {"09506000134352/A2"});
            ops.apply(release);
            ops.apply(hold);  // the old hold, delivered late again: no effect
          },
          [](Operations& ops) {
            OperationsStats s = ops.stats();
            return std::vector<double>{
                double(s.decisions_applied), double(s.decisions_duplicate),
                double(s.units_quarantined), double(s.units_held),
                double(s.units_released),    double(s.qa_reviews_queued),
                double(s.qa_reviews_done),   double(ops.stock().available_units(0, 0))};
          });
  ASSERT_EQ(r.size(), 8u);
  EXPECT_EQ(r[0], 3);    // k1, k2, k3
  EXPECT_EQ(r[1], 4);    // two k1 repeats, one k2 repeat, the late k2
  EXPECT_EQ(r[2], 500);  // quarantined once
  EXPECT_EQ(r[3], 300);  // held once
  // Released: A2 by k3, then A1 by the QA review at 08:00 (genuine, within budget).
  EXPECT_EQ(r[4], 800);
  EXPECT_EQ(r[5], 1);
  EXPECT_EQ(r[6], 1);
  EXPECT_EQ(r[7], 800);
}

TEST(OperationsFlow, QaRejectsStockWhoseBudgetTransitUsedUp) {
  // Two lanes: a hot one (the whole transit out of 2..8 °C) and a cold one. Transit 6 h against
  // a 4 h budget: the hot lane's load arrives with its budget used up.
  auto r = run(R"pb(
                 run { horizon: "3d" }
                 suppliers { name: "maker2" gln: "4006381000016" company_prefix: "4006382" }
                 lanes {
                   name: "hot"
                   supplier: "maker"
                   transit_time { shape: FIXED mean: "6h" }
                   exposure_mean_c: 30
                   exposure_sigma_c: 1
                 }
                 lanes {
                   name: "cool"
                   supplier: "maker2"
                   transit_time { shape: FIXED mean: "6h" }
                   exposure_mean_c: 5
                   exposure_sigma_c: 0.1
                 }
                 inbound {
                   name: "h"
                   lane: "hot"
                   departs: "0s"
                   lines { product: "vaccine" lot: "H1" expiry: "2030-01-31" pallets: 1 }
                 }
                 inbound {
                   name: "c"
                   lane: "cool"
                   departs: "0s"
                   lines { product: "vaccine" lot: "C1" expiry: "2030-01-31" pallets: 1 }
                 }
                 staff {
                   qa_reviewers {
                     count: 2
                     task_time { shape: FIXED mean: "30m" }
                   }
                 }
               )pb",
               [](Operations& ops) {
                 simgrid::s4u::this_actor::sleep_until(86400);
                 adapters::Decision d;
                 d.idempotency_key = "q-all";
                 d.kind = adapters::DecisionKind::kQuarantine;
                 d.zone = "cold";
                 ops.apply(d);
               },
               [](Operations& ops) {
                 OperationsStats s = ops.stats();
                 return std::vector<double>{double(s.units_received), double(s.units_quarantined),
                                            double(s.units_destroyed), double(s.units_released),
                                            double(s.qa_reviews_done)};
               });
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0], 200);
  EXPECT_EQ(r[1], 200);
  EXPECT_EQ(r[2], 100);  // the hot lot
  EXPECT_EQ(r[3], 100);  // the cool lot
  EXPECT_EQ(r[4], 2);
}

TEST(OperationsFlow, ShippingExhaustedStockCountsAsCompromised) {
  auto r =
      run(R"pb(
            run { horizon: "5d" }
            lanes {
              name: "hot"
              supplier: "maker"
              transit_time { shape: FIXED mean: "6h" }
              exposure_mean_c: 30
              exposure_sigma_c: 1
            }
            inbound {
              name: "h"
              lane: "hot"
              departs: "0s"
              lines { product: "vaccine" lot: "H1" expiry: "2030-01-31" cases: 5 }
            }
            pharmacies {
              name: "corner"
              gln: "0614141000012"
              due_within: "2d"
              demand {
                product: "vaccine"
                orders_per_day: 10
                order_units { shape: FIXED mean: 1 }
              }
            }
          )pb",
          nullptr, [](Operations& ops) {
            OperationsStats s = ops.stats();
            return std::vector<double>{double(s.units_shipped), double(s.compromised_units_shipped),
                                       double(s.budget_exhausted_units_shipped)};
          });
  ASSERT_EQ(r.size(), 3u);
  EXPECT_GT(r[0], 10);
  EXPECT_EQ(r[1], r[0]);
  EXPECT_EQ(r[2], r[0]);
}

}  // namespace
}  // namespace pharmatwin::sim
