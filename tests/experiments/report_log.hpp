// A hand-made run for the report tests: two days, one HVAC failure in the cold room detected in
// its window, one alert after the window (late), one while the zone recovers, two false alarms
// (one each day), an order cohort with every outcome, and a fault-free baseline.
#pragma once

#include "log_builder.hpp"

namespace pharmatwin::experiments::testing {

inline constexpr double kReportHorizonS = 2 * 86400.0;

// Cold room at 5 °C except 10 h..14 h: air 12 °C, product 9 °C (out of 2..8 °C) from 11 h. The
// failure lasts 10 h..12 h; the product leaves its range at 11 h (harm: the window ends there).
inline LogBuilder report_run_log() {
  LogBuilder b(kReportHorizonS);
  for (double t = 0; t < kReportHorizonS; t += 900) {
    const bool hot = t >= 36000 && t < 50400;
    const bool product_out = t >= 39600 && t < 50400;
    b.truth(t, {hot ? 12.0 : 5.0, 20.0}, {product_out ? 9.0 : 5.0, 20.0});
  }
  b.fault(0, "cold-room-hvac", "hvac_failure", 36000, 43200, "cold-room");
  b.left_range(39600, 0);
  b.alert("det", "hvac_failure", 37000, 0);
  b.alert("late", "excursion_high", 42000, 0);  // after the window, before the end + 30 min
  b.alert("rec", "excursion_high", 48000, 0);   // after the end + 30 min, zone not yet back
  b.alert("fa1", "door_open", 3600, 1);
  auto* a = b.records.back().mutable_alert();
  a->set_message("door <hall> open for 12 min & more");
  a->set_severity(2);
  b.alert("fa2", "sensor_drift", 100000, -1, 2);
  b.records.back().mutable_alert()->set_message("drift of hall-air-1");
  b.records.back().mutable_alert()->set_source("detection-x");

  auto order = [&](std::uint64_t id, std::uint32_t units, double due) {
    auto* o = b.ops(100).mutable_order_placed();
    o->set_order_id(id);
    o->set_units(units);
    o->set_due_s(due);
  };
  auto ship = [&](std::uint64_t id, std::uint32_t units, bool on_time, double t) {
    auto* s = b.ops(t).mutable_order_shipped();
    s->set_order_id(id);
    s->set_units_shipped(units);
    s->set_on_time(on_time);
  };
  auto lost = [&](std::uint64_t id, std::uint32_t units, std::uint32_t shipped, double t) {
    auto* l = b.ops(t).mutable_order_lost();
    l->set_order_id(id);
    l->set_units_ordered(units);
    l->set_units_lost(units - shipped);
    l->set_units_shipped(shipped);
  };
  order(1, 10, 40000);
  order(2, 10, 40000);
  order(3, 5, 40000);
  order(4, 100, 200000);
  ship(1, 10, true, 1000);
  ship(2, 6, true, 2000);
  lost(3, 5, 0, 40000);
  ship(2, 4, false, 50000);
  lost(2, 10, 10, 50000);
  auto* open = b.ops(kReportHorizonS).mutable_order_open();
  open->set_order_id(4);
  open->set_units_ordered(100);
  open->set_units_open(100);
  auto* q = b.ops(41000).mutable_stock_status_changed();
  q->set_lot("00614141000012/L1");
  q->set_zone("cold-room");
  q->set_units(30);
  q->set_units_first_quarantined(30);
  q->set_to(sim::QUARANTINED);
  return b;
}

// The same orders without the fault: everything shipped on time, nothing quarantined.
inline LogBuilder report_baseline_log() {
  LogBuilder b(kReportHorizonS);
  for (std::uint64_t id : {1, 2, 3}) {
    auto* o = b.ops(100).mutable_order_placed();
    o->set_order_id(id);
    o->set_units(id == 3 ? 5 : 10);
    o->set_due_s(40000);
    auto* s = b.ops(1000).mutable_order_shipped();
    s->set_order_id(id);
    s->set_units_shipped(id == 3 ? 5 : 10);
    s->set_on_time(true);
  }
  return b;
}

}  // namespace pharmatwin::experiments::testing
