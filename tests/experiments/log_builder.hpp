// Hand-made event logs for the scoring tests: a small site (two zones, three sensors) and
// helpers that append ground truth, alerts and operations records.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "pharmatwin/event_log.pb.h"
#include "pharmatwin/experiments/run_log.hpp"

namespace pharmatwin::experiments::testing {

class LogBuilder {
 public:
  explicit LogBuilder(double horizon_s = 86400.0) {
    sim::LogRecord r;
    auto* h = r.mutable_header();
    h->set_format("pharmatwin-events/2");
    h->set_version("test");
    h->set_scenario_name("hand-made");
    h->set_scenario_hash("00");
    h->set_seed(7);
    h->set_horizon_s(horizon_s);
    h->set_block_s(300);
    add_zone(*h, "cold-room", 2, 8, 5);
    add_zone(*h, "hall", 15, 25, 20);
    add_sensor(*h, "cr-air-1", 0);
    add_sensor(*h, "cr-air-2", 0);
    add_sensor(*h, "hall-air-1", 1);
    records.push_back(r);
  }

  void fault(std::uint32_t id, const std::string& name, const std::string& kind, double start_s,
             double end_s, const std::string& zone = "", const std::string& sensor = "") {
    sim::LogRecord r;
    r.set_t_s(start_s);
    auto* f = r.mutable_fault_started();
    f->set_fault_id(id);
    f->set_name(name);
    f->set_kind(kind);
    f->set_zone(zone);
    f->set_sensor(sensor);
    records.push_back(r);
    if (end_s >= 0) {
      sim::LogRecord e;
      e.set_t_s(end_s);
      e.mutable_fault_ended()->set_fault_id(id);
      e.mutable_fault_ended()->set_name(name);
      records.push_back(e);
    }
  }

  void alert(const std::string& id, const std::string& kind, double t_s, int zone = -1,
             int sensor = -1, std::vector<std::string> lots = {}) {
    sim::LogRecord r;
    r.set_t_s(t_s);
    auto* a = r.mutable_alert();
    a->set_id(id);
    a->set_kind(kind);
    a->set_zone(zone);
    a->set_sensor(sensor);
    a->set_raised_at_s(t_s);
    a->set_severity(1);
    for (auto& l : lots) a->add_lots(l);
    records.push_back(r);
  }

  // A track-and-trace suspect alert as the world logs it: kind "suspect:<reason>", no zone.
  void suspect(const std::string& id, const std::string& reason, double t_s,
               std::vector<std::string> packs, std::vector<std::string> lots = {}) {
    sim::LogRecord r;
    r.set_t_s(t_s);
    auto* a = r.mutable_alert();
    a->set_id(id);
    a->set_kind("suspect:" + reason);
    a->set_zone(-1);
    a->set_sensor(-1);
    a->set_raised_at_s(t_s);
    a->set_source("serialization");
    for (auto& p : packs) a->add_packs(p);
    for (auto& l : lots) a->add_lots(l);
    records.push_back(r);
  }

  void left_range(double t_s, std::uint32_t zone) {
    sim::LogRecord r;
    r.set_t_s(t_s);
    r.mutable_product_left_range()->set_zone(zone);
    records.push_back(r);
  }

  void decision(const std::string& key, const std::string& kind, double t_s,
                std::vector<std::string> lots, std::vector<std::string> packs = {},
                const std::string& alert_id = "") {
    sim::LogRecord r;
    r.set_t_s(t_s);
    auto* d = r.mutable_decision();
    d->set_idempotency_key(key);
    d->set_kind(kind);
    d->set_issued_s(t_s);
    for (auto& l : lots) d->add_lots(l);
    for (auto& p : packs) d->add_packs(p);
    d->set_alert_id(alert_id);
    records.push_back(r);
  }

  sim::OperationsRecord& ops(double t_s) {
    sim::LogRecord r;
    r.set_t_s(t_s);
    r.mutable_operations()->set_t_s(t_s);
    records.push_back(r);
    return *records.back().mutable_operations();
  }

  void truth(double t_s, std::vector<double> air, std::vector<double> product) {
    sim::LogRecord r;
    r.set_t_s(t_s);
    for (double v : air) r.mutable_zone_truth()->add_air_c(v);
    for (double v : product) r.mutable_zone_truth()->add_product_c(v);
    records.push_back(r);
  }

  // The log of a complete run: a RunEnd at the horizon is added when the records have none.
  RunLog build() const {
    auto all = records;
    const bool ended = std::any_of(all.begin(), all.end(),
                                   [](const sim::LogRecord& r) { return r.has_run_end(); });
    if (!ended) {
      sim::LogRecord end;
      end.set_t_s(all.front().header().horizon_s());
      end.mutable_run_end();
      all.push_back(end);
    }
    return read(all);
  }
  // The log of a run that was killed: exactly the records given.
  RunLog build_without_end() const { return read(records); }

  static RunLog read(std::vector<sim::LogRecord> records) {
    // Records are written in time order by the world; keep the header first.
    auto sorted = std::move(records);
    std::stable_sort(
        sorted.begin() + 1, sorted.end(),
        [](const sim::LogRecord& a, const sim::LogRecord& b) { return a.t_s() < b.t_s(); });
    return run_log_from_records(sorted).log;
  }

  std::vector<sim::LogRecord> records;

 private:
  static void add_zone(sim::LogHeader& h, const char* name, double lo, double hi, double sp) {
    auto* z = h.add_zones();
    z->set_name(name);
    z->set_min_c(lo);
    z->set_max_c(hi);
    z->set_setpoint_c(sp);
  }
  static void add_sensor(sim::LogHeader& h, const char* name, std::uint32_t zone) {
    auto* s = h.add_sensors();
    s->set_name(name);
    s->set_zone(zone);
    s->set_kind("air");
    s->set_sample_interval_s(60);
  }
};

}  // namespace pharmatwin::experiments::testing
