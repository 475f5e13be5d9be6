// Ground truth for the reports: MKT against USP's closed form, zone peaks and time out of range
// from hand-made logs (truth samples, and the RunEnd record's exact figures), sensor MKT over every
// reading, lots' consumed stability budget.
#include "pharmatwin/experiments/ground_truth.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "log_builder.hpp"
#include "pharmatwin/experiments/mkt.hpp"
#include "pharmatwin/experiments/run_score.hpp"

namespace pharmatwin::experiments {
namespace {

using testing::LogBuilder;

// USP <1079.2>: MKT = (ΔH/R) / -ln(Σ n_i e^(-ΔH/(R T_i)) / Σ n_i), ΔH/R = 10,000 K.
double closed_form_mkt(const std::vector<std::pair<double, double>>& count_at_c) {
  double sum = 0, n = 0;
  for (const auto& [count, c] : count_at_c) {
    sum += count * std::exp(-10000.0 / (c + 273.15));
    n += count;
  }
  return 10000.0 / -std::log(sum / n) - 273.15;
}

TEST(Mkt, TwentyHoursAtFiveAndFourAtFifteenSampledEveryFiveMinutes) {
  MktAccumulator m;
  for (int i = 0; i < 240; ++i) m.add(5.0);
  for (int i = 0; i < 48; ++i) m.add(15.0);
  const double expected = closed_form_mkt({{240, 5.0}, {48, 15.0}});
  EXPECT_NEAR(*m.value_c(), expected, 1e-9);
  EXPECT_NEAR(*m.value_c(), 7.705, 0.001);  // the worked figure
  EXPECT_EQ(m.count(), 288u);
}

TEST(Mkt, WeightsAreDurations) {
  MktAccumulator by_time, by_count;
  by_time.add(5.0, 20 * 3600);
  by_time.add(15.0, 4 * 3600);
  for (int i = 0; i < 20; ++i) by_count.add(5.0);
  for (int i = 0; i < 4; ++i) by_count.add(15.0);
  EXPECT_NEAR(*by_time.value_c(), *by_count.value_c(), 1e-12);
}

TEST(Mkt, ConstantSeriesIsItsTemperatureAndColdSeriesDoNotUnderflow) {
  MktAccumulator warm, frozen;
  for (int i = 0; i < 1000; ++i) warm.add(25.0);
  for (int i = 0; i < 1000; ++i) frozen.add(i % 2 ? -80.0 : -70.0);
  EXPECT_NEAR(*warm.value_c(), 25.0, 1e-9);
  EXPECT_NEAR(*frozen.value_c(), closed_form_mkt({{500, -80.0}, {500, -70.0}}), 1e-9);
  MktAccumulator none;
  none.add(std::nan(""));
  none.add(20.0, 0.0);
  EXPECT_FALSE(none.value_c().has_value());
  EXPECT_EQ(none.count(), 0u);
}

// Cold room (2..8 °C) product at 5 °C for 20 h, then 15 °C for 4 h; hall air at 20 °C.
LogBuilder twenty_four_hours(double interval_s) {
  LogBuilder b(86400);
  for (double t = 0; t < 86400; t += interval_s) {
    const double product = t < 20 * 3600 ? 5.0 : 15.0;
    b.truth(t, {product + 1.0, 20.0}, {product, 20.0});
  }
  return b;
}

TEST(GroundTruth, ZoneMktOverEquallySpacedTruthSamples) {
  const auto t = summarize_ground_truth(twenty_four_hours(900).build());
  ASSERT_EQ(t.zones.size(), 2u);
  const auto& cold = t.zones[0];
  EXPECT_EQ(cold.zone, "cold-room");
  EXPECT_EQ(cold.truth_samples, 96u);
  EXPECT_DOUBLE_EQ(cold.truth_interval_s, 900.0);
  // 80 samples at 5 °C, 16 at 15 °C.
  EXPECT_NEAR(*cold.mkt_product_c, closed_form_mkt({{80, 5.0}, {16, 15.0}}), 1e-9);
  EXPECT_NEAR(*cold.mkt_air_c, closed_form_mkt({{80, 6.0}, {16, 16.0}}), 1e-9);
  EXPECT_NEAR(*t.zones[1].mkt_product_c, 20.0, 1e-9);
  // The same day sampled every 5 minutes gives the same MKT: it is a property of the day.
  const auto fine = summarize_ground_truth(twenty_four_hours(300).build());
  EXPECT_NEAR(*fine.zones[0].mkt_product_c, *cold.mkt_product_c, 1e-9);
}

TEST(GroundTruth, IrregularSamplesAreWeightedByTheirInterval) {
  // 5 °C at 0 s standing for 20 h, 15 °C at 20 h and 22 h standing for 2 h each (the last one
  // for the interval before it).
  LogBuilder b(86400);
  b.truth(0, {5, 20}, {5, 20});
  b.truth(20 * 3600, {15, 20}, {15, 20});
  b.truth(22 * 3600, {15, 20}, {15, 20});
  const auto t = summarize_ground_truth(b.build());
  EXPECT_NEAR(*t.zones[0].mkt_product_c, closed_form_mkt({{20, 5.0}, {4, 15.0}}), 1e-9);
}

TEST(GroundTruth, PeaksAndTimeOutOfRangeFromTruthSamplesWithoutRunEnd) {
  LogBuilder b(7200);
  // Product leaves 2..8 °C at 1800 s, is back at 3600 s and falls below 2 °C at 6300 s; air
  // peaks at 14 °C.
  const double air[] = {5, 9, 14, 12, 6, 5, 5, 5};
  const double product[] = {5, 7, 8.5, 9.2, 7.5, 6, 5, 1.5};
  for (int i = 0; i < 8; ++i) b.truth(900.0 * i, {air[i], 20}, {product[i], 20});
  const auto z = summarize_ground_truth(b.build_without_end()).zones[0];
  EXPECT_EQ(z.basis, "truth_samples");
  EXPECT_DOUBLE_EQ(*z.peak_air_c, 14.0);
  EXPECT_DOUBLE_EQ(*z.peak_product_c, 9.2);
  EXPECT_DOUBLE_EQ(*z.lowest_product_c, 1.5);
  // Samples at 1800 and 2700 s are out (900 s each); the last one at 6300 s is out too, but a
  // log without a RunEnd covers only up to its last record (the horizon was never reached).
  EXPECT_DOUBLE_EQ(z.out_of_range_s, 2 * 900.0);
  // With the run's end at the horizon, the last sample counts up to it.
  EXPECT_DOUBLE_EQ(summarize_ground_truth(b.build()).zones[0].out_of_range_s, 3 * 900.0);
  ASSERT_TRUE(z.first_out_of_range_s.has_value());
  EXPECT_DOUBLE_EQ(*z.first_out_of_range_s, 1800.0);
  EXPECT_DOUBLE_EQ(z.min_c, 2.0);
  EXPECT_DOUBLE_EQ(z.max_c, 8.0);
  const auto hall = summarize_ground_truth(b.build_without_end()).zones[1];
  EXPECT_FALSE(hall.first_out_of_range_s.has_value());
  EXPECT_DOUBLE_EQ(hall.out_of_range_s, 0.0);
}

TEST(GroundTruth, RunEndFiguresAreTheWorldsExactOnes) {
  LogBuilder b(7200);
  for (int i = 0; i < 8; ++i) b.truth(900.0 * i, {5, 20}, {i == 3 ? 9.0 : 5.0, 20});
  sim::LogRecord end;
  end.set_t_s(7200);
  auto* z = end.mutable_run_end()->add_zones();
  z->set_name("cold-room");
  z->set_peak_air_c(15.25);
  z->set_peak_product_c(9.75);
  z->set_lowest_product_c(4.5);
  z->set_left_range(true);
  z->set_first_out_of_range_s(2512.5);
  z->set_out_of_range_s(1234.5);
  // The hall is named but was never accounted: its starting extremes stay infinite.
  auto* h = end.mutable_run_end()->add_zones();
  h->set_name("hall");
  h->set_peak_air_c(-INFINITY);
  h->set_peak_product_c(-INFINITY);
  h->set_lowest_product_c(INFINITY);
  b.records.push_back(end);
  const auto t = summarize_ground_truth(b.build());
  const auto& c = t.zones[0];
  EXPECT_EQ(c.basis, "run_end");
  EXPECT_DOUBLE_EQ(*c.peak_air_c, 15.25);
  EXPECT_DOUBLE_EQ(*c.peak_product_c, 9.75);
  EXPECT_DOUBLE_EQ(*c.lowest_product_c, 4.5);
  EXPECT_DOUBLE_EQ(c.out_of_range_s, 1234.5);
  EXPECT_DOUBLE_EQ(*c.first_out_of_range_s, 2512.5);
  // MKT still comes from the samples.
  EXPECT_NEAR(*c.mkt_product_c, closed_form_mkt({{7, 5.0}, {1, 9.0}}), 1e-9);
  EXPECT_FALSE(t.zones[1].peak_air_c.has_value());
  EXPECT_FALSE(t.zones[1].lowest_product_c.has_value());
  EXPECT_FALSE(t.zones[1].first_out_of_range_s.has_value());
}

TEST(GroundTruth, SensorMktOverEveryReading) {
  LogBuilder b(86400);
  // cr-air-1 (sensor 0): 240 readings at 5 °C and 48 at 15 °C; hall-air-1 (2) at 20 °C; cr-air-2
  // logs nothing. A missing reading (NaN) is left out.
  sim::LogRecord r;
  r.set_t_s(86400);
  auto* batch = r.mutable_readings();
  for (int i = 0; i < 288; ++i) {
    batch->add_time_s(300.0 * i);
    batch->add_sensor(0);
    batch->add_value_c(i < 240 ? 5.0 : 15.0);
    batch->add_time_s(300.0 * i);
    batch->add_sensor(2);
    batch->add_value_c(i == 7 ? std::nan("") : 20.0);
  }
  b.records.push_back(r);
  const auto t = summarize_ground_truth(b.build());
  ASSERT_EQ(t.sensors.size(), 2u);
  EXPECT_EQ(t.sensors[0].sensor, "cr-air-1");
  EXPECT_EQ(t.sensors[0].zone, "cold-room");
  EXPECT_EQ(t.sensors[0].kind, "air");
  EXPECT_EQ(t.sensors[0].readings, 288u);
  EXPECT_NEAR(t.sensors[0].mkt_c, closed_form_mkt({{240, 5.0}, {48, 15.0}}), 1e-9);
  EXPECT_EQ(t.sensors[1].sensor, "hall-air-1");
  EXPECT_EQ(t.sensors[1].readings, 287u);
  EXPECT_NEAR(t.sensors[1].mkt_c, 20.0, 1e-9);
}

TEST(GroundTruth, LotBudgetIsTheMostAnyRecordStates) {
  const std::string lot = "00614141000012/L1";
  LogBuilder b(86400);
  auto* q = b.ops(1000).mutable_qa_review_queued();
  q->set_review_id(5);
  q->set_lot(lot);
  q->set_zone("cold-room");
  auto* d = b.ops(2000).mutable_qa_review_done();
  d->set_review_id(5);
  d->set_consumed_budget_s(3600);
  d->set_budget_s(14400);
  auto* x = b.ops(5000).mutable_stability_budget_exhausted();
  x->set_lot(lot);
  x->set_zone("cold-room");
  x->set_budget_s(14400);
  x->set_consumed_s(14400);
  // A later shipment from a less exposed group of the same lot does not lower it.
  auto* s = b.ops(6000).mutable_compromised_unit_shipped();
  s->set_gtin("00614141000012");
  s->set_lot("L1");
  s->set_reason("budget_exhausted");
  s->set_consumed_budget_s(14000);
  // A counterfeit shipment says nothing of budgets.
  auto* c = b.ops(7000).mutable_compromised_unit_shipped();
  c->set_gtin("00614141000012");
  c->set_lot("L2");
  c->set_reason("counterfeit");
  const auto t = summarize_ground_truth(b.build());
  ASSERT_EQ(t.lots.size(), 1u);
  const auto& l = t.lots[0];
  EXPECT_EQ(l.lot, lot);
  EXPECT_EQ(l.zone, "cold-room");
  EXPECT_DOUBLE_EQ(*l.budget_s, 14400.0);
  EXPECT_DOUBLE_EQ(l.consumed_s, 14400.0);
  EXPECT_DOUBLE_EQ(*l.consumed_percent(), 100.0);
  EXPECT_EQ(l.basis, "budget_exhausted");
  EXPECT_DOUBLE_EQ(l.as_of_s, 5000.0);
  EXPECT_DOUBLE_EQ(*l.exhausted_s, 5000.0);
}

TEST(GroundTruth, ScoreRunCarriesIt) {
  const auto log = twenty_four_hours(900).build();
  ScoreInputs in;
  in.run = &log;
  const auto s = score_run(in);
  ASSERT_EQ(s.truth.zones.size(), 2u);
  EXPECT_NEAR(*s.truth.zones[0].mkt_product_c, closed_form_mkt({{80, 5.0}, {16, 15.0}}), 1e-9);
}

}  // namespace
}  // namespace pharmatwin::experiments
