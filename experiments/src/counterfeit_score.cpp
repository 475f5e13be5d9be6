#include "pharmatwin/experiments/counterfeit_score.hpp"

#include <algorithm>

#include "pharmatwin/experiments/kind_table.hpp"

namespace pharmatwin::experiments {

namespace {

bool holds_stock(sim::StockStatus to) {
  return to == sim::QUARANTINED || to == sim::ON_HOLD || to == sim::REJECTED ||
         to == sim::DESTROYED;
}

bool holds_kind(const std::string& decision_kind) {
  return decision_kind == "quarantine" || decision_kind == "hold" || decision_kind == "reject";
}

template <typename Range>
bool names(const Range& range, const std::string& value) {
  return std::find(range.begin(), range.end(), value) != range.end();
}

// Everything that can catch a pack, merged in time order.
struct Event {
  double t_s;
  int type;  // 0 stock change, 1 decision, 2 alert, 3 destroyed
  const void* record;
};

}  // namespace

CounterfeitScore score_counterfeits(const RunLog& log, const DetectionScore& detection) {
  CounterfeitScore s;
  std::map<std::string, double> received_at;  // shipment -> put away
  for (const auto& r : log.operations) {
    if (r.has_shipment_received() && !received_at.count(r.shipment_received().shipment()))
      received_at[r.shipment_received().shipment()] = r.t_s();
    if (!r.has_counterfeit_injected()) continue;
    const auto& c = r.counterfeit_injected();
    for (const auto& serial : c.serials()) {
      CounterfeitPack p;
      p.fault = c.fault();
      p.shipment = c.shipment();
      p.pack = c.gtin() + "/" + serial;
      p.lot = c.gtin() + "/" + c.lot();
      p.injected_s = r.t_s();
      s.packs.push_back(std::move(p));
    }
  }
  if (s.packs.empty()) return s;
  for (const auto& r : log.operations) {
    if (!r.has_compromised_unit_shipped() || r.compromised_unit_shipped().reason() != "counterfeit")
      continue;
    const auto& c = r.compromised_unit_shipped();
    const std::string pack = c.gtin() + "/" + c.serial();
    for (auto& p : s.packs)
      if (p.pack == pack && !p.shipped_s) p.shipped_s = r.t_s();
  }

  // The world's own record of an interception is exact; inference below fills the rest.
  for (const auto& r : log.operations) {
    if (!r.has_counterfeit_intercepted()) continue;
    const auto& ci = r.counterfeit_intercepted();
    for (auto& p : s.packs) {
      if (p.pack == ci.pack() && !p.caught_s) {
        p.caught_s = r.t_s();
        p.stage = ci.stage();
      }
    }
  }

  std::vector<Event> events;
  for (const auto& r : log.operations) {
    if (r.has_stock_status_changed() && holds_stock(r.stock_status_changed().to()))
      events.push_back({r.t_s(), 0, &r.stock_status_changed()});
    if (r.has_stock_destroyed() && r.stock_destroyed().counterfeit_units() > 0)
      events.push_back({r.t_s(), 3, &r.stock_destroyed()});
  }
  for (const auto& d : log.decisions)
    if (holds_kind(d.record.kind()) || d.record.kind() == "investigate")
      events.push_back({d.received_s, 1, &d.record});
  for (const auto& a : log.alerts)
    if (alert_can_detect(a.kind, "counterfeit")) events.push_back({a.received_s, 2, &a});
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.t_s < b.t_s; });

  auto on_site_stage = [&](const CounterfeitPack& p, double t) {
    auto it = received_at.find(p.shipment);
    return (it == received_at.end() || it->second > t) ? "receiving" : "storage";
  };
  for (const auto& e : events) {
    int destroyed_left =
        e.type == 3 ? static_cast<int>(
                          static_cast<const sim::StockDestroyed*>(e.record)->counterfeit_units())
                    : 0;
    for (auto& p : s.packs) {
      if (p.caught_s || e.t_s < p.injected_s) continue;
      const bool shipped = p.shipped_s && *p.shipped_s <= e.t_s;
      bool hit = false;
      std::string stage;
      switch (e.type) {
        case 0: {
          const auto& c = *static_cast<const sim::StockStatusChanged*>(e.record);
          hit = !shipped && (names(c.packs(), p.pack) || (c.packs().empty() && c.lot() == p.lot));
          stage = c.from() == sim::RECEIVING ? "receiving" : on_site_stage(p, e.t_s);
          break;
        }
        case 1: {
          const auto& d = *static_cast<const sim::DecisionRecord*>(e.record);
          hit = names(d.packs(), p.pack) || (d.packs().empty() && names(d.lots(), p.lot));
          hit = hit && (shipped || d.kind() != "investigate");
          stage = shipped ? "dispensing" : on_site_stage(p, e.t_s);
          break;
        }
        case 2: {
          const auto& a = *static_cast<const LoggedAlert*>(e.record);
          // An alert alone stops nothing on site; after shipping it is the dispensing check.
          hit = shipped && (names(a.packs, p.pack) || (a.packs.empty() && names(a.lots, p.lot)));
          stage = "dispensing";
          break;
        }
        case 3: {
          const auto& d = *static_cast<const sim::StockDestroyed*>(e.record);
          hit = !shipped && destroyed_left > 0 && d.lot() == p.lot;
          if (hit) --destroyed_left;
          stage = "storage";
          break;
        }
      }
      if (!hit) continue;
      p.caught_s = e.t_s;
      p.stage = stage;
    }
  }

  std::map<std::string, double> detected_at;
  for (const auto& f : detection.faults)
    if (f.detected) detected_at[f.name] = f.start_s + *f.latency_s;
  for (auto& p : s.packs) {
    ++s.injected;
    if (p.caught_s) {
      ++s.intercepted;
      ++s.by_stage[p.stage];
    }
    if (p.shipped_s) {
      ++s.shipped;
      auto it = detected_at.find(p.fault);
      p.shipped_before_detection = it == detected_at.end() || *p.shipped_s < it->second;
      if (p.shipped_before_detection) ++s.shipped_before_detection;
    }
  }
  s.interception_percent = 100.0 * s.intercepted / s.injected;
  return s;
}

}  // namespace pharmatwin::experiments
