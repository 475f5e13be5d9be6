// Pharmacy orders: Poisson arrivals, FEFO picking by the pickers, shipping, lost fill.
#include <algorithm>
#include <cmath>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "operations/operations_impl.hpp"

namespace pharmatwin::sim {

void OperationsImpl::order_generator(std::uint32_t pharmacy, std::uint32_t product, double per_day,
                                     Sampler units, RandomStream rng) {
  const double mean_gap_s = 86400.0 / per_day;
  double t = now();
  for (;;) {
    t += rng.exponential(mean_gap_s);
    if (t >= services_.horizon_s) return;
    simgrid::s4u::this_actor::sleep_until(t);
    double drawn = std::round(units.draw(rng));
    place_order(pharmacy, product, drawn < 1 ? 1u : std::uint32_t(std::min(drawn, 1e9)));
  }
}

void OperationsImpl::place_order(std::uint32_t pharmacy, std::uint32_t product,
                                 std::uint32_t units) {
  OrderLine line;
  line.id = next_order_id_++;
  line.pharmacy = pharmacy;
  line.product = product;
  line.units = units;
  line.placed_s = now();
  line.due_s = line.placed_s + pharmacies_[pharmacy].due_within_s;
  ++stats_.lines_ordered;
  stats_.units_ordered += units;
  OperationsRecord r;
  r.set_t_s(line.placed_s);
  auto* placed = r.mutable_order_placed();
  placed->set_order_id(line.id);
  placed->set_pharmacy(pharmacies_[pharmacy].name);
  placed->set_product(stock_.product(product).name);
  placed->set_units(units);
  placed->set_due_s(line.due_s);
  emit(std::move(r));
  std::uint64_t id = line.id;
  lines_.emplace(id, line);
  open_lines_[product].push_back(id);
  submit_pick(id);
}

namespace {
void lost_record(OperationsRecord& r, const OrderLine& line, const std::string& pharmacy,
                 const std::string& product, const char* reason) {
  auto* lost = r.mutable_order_lost();
  lost->set_order_id(line.id);
  lost->set_pharmacy(pharmacy);
  lost->set_product(product);
  lost->set_units_ordered(line.units);
  lost->set_units_lost(line.units - line.shipped);
  lost->set_reason(reason);
  lost->set_units_shipped(line.shipped);
}
}  // namespace

// Queues a picking task for the line; the pick itself happens when a picker takes it, so stock
// is never reserved by a waiting order.
void OperationsImpl::submit_pick(std::uint64_t line_id) {
  OrderLine& line = lines_.at(line_id);
  if (!line.open || line.queued) return;
  line.queued = true;
  auto pick = std::make_shared<PickResult>();
  auto pick_time = std::make_shared<double>(0);
  StaffTask task;
  task.on_start = [this, line_id, pick, pick_time](const std::string&, double) {
    OrderLine& l = lines_.at(line_id);
    l.queued = false;
    if (!l.open) return false;
    double t = now();
    if (t > l.due_s) {
      close_overdue(t);
      return false;
    }
    *pick = stock_.pick_fefo(l.product, l.units - l.shipped, t);
    *pick_time = t;
    if (pick->packs.empty()) return false;  // stays open as a backorder
    l.queued = true;                        // being picked
    picks_under_way_.insert(t);
    return true;
  };
  task.on_done = [this, line_id, pick, pick_time](const std::string&) {
    OrderLine& l = lines_.at(line_id);
    l.queued = false;
    picks_under_way_.erase(picks_under_way_.find(*pick_time));
    hold_back_at_dispatch(*pick, *pick_time);
    if (!pick->packs.empty()) ship(l, *pick, *pick_time);
    if (l.open && stock_.available_units(l.product, now()) > 0) submit_pick(line_id);
  };
  pickers_->submit(std::move(task));
}

void OperationsImpl::ship(OrderLine& line, const PickResult& pick, double pick_time_s) {
  const double t = now();
  const auto units = std::uint32_t(pick.packs.size());
  const bool on_time = t <= line.due_s;
  line.shipped += units;
  stats_.units_shipped += units;
  if (on_time) {
    line.shipped_on_time += units;
    stats_.units_shipped_on_time += units;
  } else {
    stats_.units_shipped_late += units;
  }
  const std::string& pharmacy = pharmacies_[line.pharmacy].name;
  const std::string& product = stock_.product(line.product).name;
  OperationsRecord r;
  r.set_t_s(t);
  auto* shipped = r.mutable_order_shipped();
  shipped->set_order_id(line.id);
  shipped->set_pharmacy(pharmacy);
  shipped->set_product(product);
  shipped->set_units_ordered(line.units);
  shipped->set_units_shipped(units);
  shipped->set_on_time(on_time);
  shipped->set_lead_time_s(t - line.placed_s);
  for (const PickedGroup& pg : pick.groups) {
    const StockGroup& g = stock_.group(pg.group);
    auto* picked = shipped->add_picks();
    picked->set_lot(stock_.lot(g.lot).lot);
    picked->set_zone(stock_.zone_name(g.zone));
    picked->set_units(pg.units);
    picked->set_expiry(stock_.lot(g.lot).expiry);
  }
  emit(std::move(r));

  // Ground truth: what should not have left. The budget is judged at picking time.
  for (const PickedGroup& pg : pick.groups) {
    if (!stock_.budget_exhausted(pg.group, pick_time_s)) continue;
    stats_.budget_exhausted_units_shipped += pg.units;
    stats_.compromised_units_shipped += pg.units;
    OperationsRecord c;
    c.set_t_s(t);
    auto* comp = c.mutable_compromised_unit_shipped();
    comp->set_order_id(line.id);
    comp->set_pharmacy(pharmacy);
    comp->set_gtin(stock_.product(line.product).gtin);
    comp->set_lot(stock_.lot(stock_.group(pg.group).lot).lot);
    comp->set_reason("budget_exhausted");
    comp->set_consumed_budget_s(stock_.consumed_budget_s(pg.group, pick_time_s));
    comp->set_units(pg.units);
    emit(std::move(c));
  }
  std::vector<adapters::PackLabel> labels;
  labels.reserve(pick.packs.size());
  for (std::uint32_t p : pick.packs) {
    labels.push_back(label(p));
    if (stock_.pack_mark(p) == CounterfeitMark::kGenuine) continue;
    ++stats_.counterfeit_units_shipped;
    // A counterfeit in an exhausted group was counted above already (its record adds 0 units).
    const bool counted = stock_.budget_exhausted(stock_.pack_group(p), pick_time_s);
    if (!counted) ++stats_.compromised_units_shipped;
    OperationsRecord c;
    c.set_t_s(t);
    auto* comp = c.mutable_compromised_unit_shipped();
    comp->set_order_id(line.id);
    comp->set_pharmacy(pharmacy);
    comp->set_gtin(labels.back().gtin);
    comp->set_serial(labels.back().serial);
    comp->set_lot(labels.back().lot);
    comp->set_reason("counterfeit");
    comp->set_units(counted ? 0 : 1);
    emit(std::move(c));
  }

  // The site ships; the pharmacy verifies and dispenses on receipt.
  adapters::OutboundObservation out;
  out.time_s = t;
  out.order_id = std::to_string(line.id);
  out.pharmacy_gln = pharmacies_[line.pharmacy].gln;
  out.packs = labels;
  port_->on_outbound(out);
  verify(out.pharmacy_gln, labels, pick.packs);
  out.dispensed = true;
  port_->on_outbound(out);
  adapters::DecommissionObservation dec;
  dec.time_s = t;
  dec.reason = "dispensed";
  dec.packs = std::move(labels);
  port_->on_decommission(dec);

  if (line.shipped >= line.units || !on_time) {
    line.open = false;
    if (line.shipped_on_time >= line.units) {
      ++stats_.lines_filled_on_time;
    } else {
      ++stats_.lines_lost;
      stats_.units_lost += line.units - line.shipped;
      OperationsRecord lost;
      lost.set_t_s(t);
      lost_record(lost, line, pharmacy, product, "late");
      emit(std::move(lost));
    }
  }
}

void OperationsImpl::wake_backorders(std::uint32_t product) {
  auto& open = open_lines_[product];
  std::erase_if(open, [&](std::uint64_t id) { return !lines_.at(id).open; });
  if (open.empty() || stock_.available_units(product, now()) == 0) return;
  for (std::uint64_t id : open) submit_pick(id);
}

// Lines whose due time passed without being filled are lost (what was shipped in time counts).
void OperationsImpl::close_overdue(double now_s) {
  for (auto& open : open_lines_) {
    std::erase_if(open, [&](std::uint64_t id) {
      OrderLine& line = lines_.at(id);
      if (!line.open) return true;
      if (line.due_s >= now_s || line.queued) return false;
      close_lost(line, now_s);
      return true;
    });
  }
}

void OperationsImpl::close_lost(OrderLine& line, double now_s) {
  line.open = false;
  ++stats_.lines_lost;
  stats_.units_lost += line.units - line.shipped;
  OperationsRecord r;
  r.set_t_s(now_s);
  lost_record(r, line, pharmacies_[line.pharmacy].name, stock_.product(line.product).name,
              line.shipped > 0 ? "partial" : "no_stock");
  emit(std::move(r));
}

// At the horizon every line is settled or open: due by now and not filled means lost (a pick
// under way is never finished); due later means open, its outcome unknown (OrderOpen record).
void OperationsImpl::close_at_horizon(double now_s) {
  std::vector<std::uint64_t> ids;
  for (const auto& [id, line] : lines_)
    if (line.open) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (std::uint64_t id : ids) {
    OrderLine& line = lines_.at(id);
    if (line.due_s <= now_s) {
      close_lost(line, now_s);
      continue;
    }
    line.open = false;
    ++stats_.lines_open;
    stats_.units_open += line.units - line.shipped;
    OperationsRecord r;
    r.set_t_s(now_s);
    auto* open = r.mutable_order_open();
    open->set_order_id(line.id);
    open->set_pharmacy(pharmacies_[line.pharmacy].name);
    open->set_product(stock_.product(line.product).name);
    open->set_units_ordered(line.units);
    open->set_units_shipped(line.shipped);
    open->set_units_open(line.units - line.shipped);
    open->set_due_s(line.due_s);
    emit(std::move(r));
  }
}

}  // namespace pharmatwin::sim
