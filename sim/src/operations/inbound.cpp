// Inbound: shipments depart, travel their lane, get counterfeits and exceptions injected by
// faults, are received (case scans to the serialization port) and put away.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "operations/operations_impl.hpp"

namespace pharmatwin::sim {

void OperationsImpl::shipment_actor(std::uint32_t plan_index) {
  const ShipmentPlan& plan = plans_[plan_index];
  RandomStream rng = stream("shipment", plan.name);
  for (std::uint32_t n = 1;; ++n) {
    if (plan.repeat_count > 0 && n > plan.repeat_count) return;
    double departs = plan.departs_s + double(n - 1) * plan.repeat_every_s;
    if (departs >= services_.horizon_s) return;
    if (n > 1 && plan.repeat_every_s <= 0) return;
    simgrid::s4u::this_actor::sleep_until(departs);
    depart(plan_index, n, rng);
  }
}

void OperationsImpl::depart(std::uint32_t plan_index, std::uint32_t number, RandomStream& rng) {
  const ShipmentPlan& plan = plans_[plan_index];
  auto occ = std::make_shared<Occurrence>();
  occ->plan = plan_index;
  occ->name = plan.repeat_every_s > 0 ? plan.name + "#" + std::to_string(number) : plan.name;
  occ->departed_s = now();
  const LaneInfo* lane = plan.lane != kNone ? &lanes_[plan.lane] : nullptr;
  std::string company_prefix = site_prefix_;
  std::string from_name;
  if (plan.is_return) {
    occ->from_gln = plan.from_pharmacy != kNone ? pharmacies_[plan.from_pharmacy].gln : "";
    from_name = plan.from_pharmacy != kNone ? pharmacies_[plan.from_pharmacy].name : "";
  } else if (lane && lane->supplier != kNone) {
    const SupplierInfo& sup = suppliers_[lane->supplier];
    occ->from_gln = sup.gln;
    from_name = sup.name;
    company_prefix = sup.company_prefix;
  }
  // Cases, pallets and packs. Returns bring back packs shipped earlier when there are any.
  std::vector<std::uint64_t> top_ssccs;
  for (const LinePlan& line : plan.lines) {
    const StockProduct& p = stock_.product(line.product);
    std::uint32_t lot = stock_.lot_index(line.product, line.lot, line.expiry, line.expiry_s);
    std::uint32_t total_cases = line.pallets * p.cases_per_pallet + line.cases;
    std::vector<std::uint32_t> returned;
    if (plan.is_return) {
      std::uint64_t wanted = std::uint64_t(total_cases) * p.units_per_case;
      for (std::uint32_t i = 0; i < stock_.pack_count() && returned.size() < wanted; ++i)
        if (stock_.pack_lot(i) == lot && stock_.pack_state(i) == PackState::kShipped &&
            stock_.pack_mark(i) == CounterfeitMark::kGenuine)
          returned.push_back(i);
    }
    std::size_t next_returned = 0;
    for (std::uint32_t c = 0; c < total_cases; ++c) {
      std::uint32_t pallet = kNone;
      if (c < line.pallets * p.cases_per_pallet) {
        if (c % p.cases_per_pallet == 0) {
          stock_.add_pallet(next_sscc(company_prefix, plan.is_return ? 9 : 1));
          top_ssccs.push_back(stock_.pallet_sscc(std::uint32_t(stock_.pallet_count() - 1)));
          ++occ->pallets;
        }
        pallet = std::uint32_t(stock_.pallet_count() - 1);
      }
      std::uint32_t case_index =
          stock_.add_case(next_sscc(company_prefix, plan.is_return ? 9 : 0), pallet);
      if (pallet == kNone) top_ssccs.push_back(stock_.case_sscc(case_index));
      ++occ->cases;
      for (std::uint32_t u = 0; u < p.units_per_case; ++u) {
        std::uint32_t pack;
        if (next_returned < returned.size()) {
          pack = returned[next_returned++];
          stock_.set_pack_case(pack, case_index);
          stock_.set_pack_state(pack, PackState::kInTransit);
        } else {
          pack = stock_.add_pack(lot, stock_.commission_serial(line.product), case_index,
                                 PackState::kInTransit);
        }
        occ->packs.push_back(pack);
      }
    }
  }
  // The supplier (or the pharmacy, for a return) reports packing and shipping.
  if (!plan.is_return) commission_cases(occ->packs, occ->from_gln);
  adapters::ShippingObservation ship;
  ship.time_s = now();
  ship.shipment = occ->name;
  ship.from_gln = occ->from_gln;
  ship.to_gln = site_gln_;
  for (std::uint64_t sscc : top_ssccs) ship.ssccs.push_back(sscc_from_int(sscc));
  port_->on_shipping(ship);

  ++stats_.shipments_departed;
  OperationsRecord r;
  r.set_t_s(now());
  auto* d = r.mutable_shipment_departed();
  d->set_shipment(occ->name);
  d->set_lane(lane ? lane->name : "");
  d->set_supplier(from_name);
  d->set_supplier_gln(occ->from_gln);
  d->set_pallets(occ->pallets);
  d->set_cases(occ->cases);
  d->set_packs(occ->packs.size());
  d->set_is_return(plan.is_return);
  emit(std::move(r));

  // Transit: time from the lane's distribution; the load's temperature is N(mean, sigma), so the
  // expected share of the transit spent out of a product's range is P(T outside the range).
  occ->transit_s = lane ? std::max(0.0, lane->transit.draw(rng)) : 0;
  occ->carried_s.assign(stock_.product_count(), 0);
  for (const LinePlan& line : plan.lines) {
    const StockProduct& p = stock_.product(line.product);
    double share =
        lane ? normal_outside_probability(lane->mean_c, lane->sigma_c, p.min_c, p.max_c) : 0;
    occ->carried_s[line.product] = share * occ->transit_s;
    occ->worst_exposure_s = std::max(occ->worst_exposure_s, occ->carried_s[line.product]);
  }
  in_transit_[occ->name] = occ;
  simgrid::s4u::Actor::create("transit-" + occ->name, simgrid::s4u::Actor::self()->get_host(),
                              [this, occ, seed = rng.next_u64()] {
                                simgrid::s4u::this_actor::sleep_for(occ->transit_s);
                                RandomStream arrival_rng(seed);
                                arrive(occ, arrival_rng);
                              })
      ->daemonize();
}

void OperationsImpl::arrive(std::shared_ptr<Occurrence> occ_ptr, RandomStream& rng) {
  Occurrence& occ = *occ_ptr;
  in_transit_.erase(occ.name);
  // Faults aimed at this occurrence (or at the plan's name for its first occurrence).
  const ShipmentPlan& plan = plans_[occ.plan];
  std::vector<const scenario::Fault*> faults;
  for (auto [it, end] = occurrence_faults_.equal_range(occ.name); it != end; ++it)
    faults.push_back(&it->second);
  if (occ.name == plan.name + "#1")
    for (auto [it, end] = occurrence_faults_.equal_range(plan.name); it != end; ++it)
      faults.push_back(&it->second);
  for (const scenario::Fault* fault : faults) {
    if (fault->has_counterfeit())
      inject_counterfeit(occ, *fault, rng);
    else
      inject_exception(occ, *fault, rng);
  }

  OperationsRecord r;
  r.set_t_s(now());
  auto* a = r.mutable_shipment_arrived();
  a->set_shipment(occ.name);
  a->set_transit_s(occ.transit_s);
  a->set_exposure_mean_c(plan.lane != kNone ? lanes_[plan.lane].mean_c : 0);
  a->set_exposure_out_of_range_s(occ.worst_exposure_s);
  emit(std::move(r));

  // One receiving task per pallet, one for the loose cases.
  std::map<std::uint32_t, std::vector<std::uint32_t>> by_pallet;  // pallet -> cases
  auto case_packs =
      std::make_shared<std::unordered_map<std::uint32_t, std::vector<std::uint32_t>>>();
  std::vector<std::uint32_t> case_order;
  for (std::uint32_t p : occ.packs) {
    std::uint32_t c = stock_.pack_case(p);
    auto [it, fresh] = case_packs->try_emplace(c);
    if (fresh) case_order.push_back(c);
    it->second.push_back(p);
  }
  std::vector<std::vector<std::uint32_t>> tasks;
  std::vector<std::uint32_t> loose;
  for (std::uint32_t c : case_order) {
    std::uint32_t pallet = c == kNone ? kNone : stock_.case_pallet(c);
    if (pallet == kNone)
      loose.push_back(c);
    else
      by_pallet[pallet].push_back(c);
  }
  for (auto& [pallet, cases] : by_pallet) tasks.push_back(std::move(cases));
  if (!loose.empty()) tasks.push_back(std::move(loose));
  occ_ptr->tasks_left = std::uint32_t(tasks.size());
  if (tasks.empty()) return;
  for (auto& cases : tasks) {
    StaffTask task;
    task.on_done = [this, occ_ptr, cases = std::move(cases), case_packs](const std::string&) {
      receive(occ_ptr, cases, *case_packs);
    };
    receivers_->submit(std::move(task));
  }
}

void OperationsImpl::receive(
    std::shared_ptr<Occurrence> occ, std::vector<std::uint32_t> cases,
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>>& case_packs) {
  const ShipmentPlan& plan = plans_[occ->plan];
  const double t = now();
  std::vector<std::uint32_t> touched_products;
  std::map<std::uint32_t, std::vector<std::uint32_t>> by_lot, set_aside;
  std::vector<std::string> ssccs, set_aside_ssccs;
  auto put_away = [&](std::map<std::uint32_t, std::vector<std::uint32_t>>& lots,
                      const std::vector<std::string>& case_ssccs, bool quarantine) {
    for (auto& [lot, lot_packs] : lots) {
      std::uint32_t prod = stock_.lot(lot).product;
      std::uint32_t zone = zone_for(prod, plan.zone);
      std::uint32_t g =
          stock_.put_away(lot_packs, zone, occ->carried_s[prod], t, GroupStatus::kAvailable);
      stats_.units_received += lot_packs.size();
      occ->units_put_away += lot_packs.size();
      adapters::StorageObservation store;
      store.time_s = t;
      store.zone = stock_.zone_name(zone);
      store.ssccs = case_ssccs;
      store.lot = stock_.lot_key(lot);
      store.packs = std::uint32_t(lot_packs.size());
      port_->on_storage(store);
      if (quarantine) {
        change_status(g, GroupStatus::kQuarantined, "receiving_exception", "");
        queue_review(g, "receiving_exception");
      }
      touched_products.push_back(prod);
    }
  };
  for (std::uint32_t c : cases) {
    std::vector<std::uint32_t>& packs = case_packs[c];
    if (packs.empty()) continue;
    adapters::ReceivingScan scan;
    scan.time_s = t;
    scan.shipment = occ->name;
    auto diverted = occ->case_from_gln.find(c);
    scan.from_gln = diverted != occ->case_from_gln.end() ? diverted->second : occ->from_gln;
    scan.site_gln = site_gln_;
    scan.case_sscc = c == kNone ? "" : sscc_from_int(stock_.case_sscc(c));
    std::uint32_t pallet = c == kNone ? kNone : stock_.case_pallet(c);
    scan.pallet_sscc = pallet == kNone ? "" : sscc_from_int(stock_.pallet_sscc(pallet));
    std::uint32_t missing = 0;
    std::vector<std::uint32_t> present;
    for (std::uint32_t p : packs) {
      if (occ->missing.count(p)) {
        ++missing;
        continue;
      }
      present.push_back(p);
      if (occ->unreadable.count(p))
        ++scan.unreadable;
      else
        scan.packs_read.push_back(label(present.back()));
    }
    port_->on_receiving_scan(scan);
    if (plan.is_return && !scan.packs_read.empty()) verify(site_gln_, scan.packs_read);

    const StockLot& first_lot = stock_.lot(stock_.pack_lot(packs.front()));
    const StockProduct& product = stock_.product(first_lot.product);
    bool exception = missing > 0 || scan.unreadable > 0;
    ++stats_.cases_scanned;
    if (exception) {
      ++stats_.cases_with_exceptions;
      ++occ->exceptions;
    }
    OperationsRecord r;
    r.set_t_s(t);
    auto* cs = r.mutable_case_scanned();
    cs->set_shipment(occ->name);
    cs->set_sscc(scan.case_sscc);
    cs->set_pallet_sscc(scan.pallet_sscc);
    cs->set_gtin(product.gtin);
    cs->set_lot(first_lot.lot);
    cs->set_expiry(first_lot.expiry);
    cs->set_packs_expected(std::uint32_t(packs.size()));
    cs->set_packs_read(std::uint32_t(scan.packs_read.size()));
    cs->set_packs_unreadable(scan.unreadable);
    cs->set_packs_missing(missing);
    emit(std::move(r));

    // A case with missing or unreadable packs is set aside in quarantine for QA; the others are
    // put away together, one group per lot (a case may hold packs labelled with another lot).
    for (std::uint32_t p : packs)
      if (occ->missing.count(p)) stock_.set_pack_state(p, PackState::kMissing);
    auto& bucket = exception ? set_aside : by_lot;
    for (std::uint32_t p : present) bucket[stock_.pack_lot(p)].push_back(p);
    if (!scan.case_sscc.empty()) (exception ? set_aside_ssccs : ssccs).push_back(scan.case_sscc);
  }
  put_away(by_lot, ssccs, false);
  put_away(set_aside, set_aside_ssccs, true);
  if (--occ->tasks_left == 0) {
    ++stats_.shipments_received;
    shipments_received_.insert(occ->name);
    OperationsRecord r;
    r.set_t_s(t);
    auto* rec = r.mutable_shipment_received();
    rec->set_shipment(occ->name);
    rec->set_zone(plan.zone != kNone ? stock_.zone_name(plan.zone) : "");
    rec->set_pallets(occ->pallets);
    rec->set_cases(occ->cases);
    rec->set_packs(occ->units_put_away);
    rec->set_scan_exceptions(occ->exceptions);
    emit(std::move(r));
  }
  std::sort(touched_products.begin(), touched_products.end());
  touched_products.erase(std::unique(touched_products.begin(), touched_products.end()),
                         touched_products.end());
  for (std::uint32_t prod : touched_products) wake_backorders(prod);
}

// Replaces or adds packs of the occurrence so they carry the identifiers of the fault's kind.
void OperationsImpl::inject_counterfeit(Occurrence& occ, const scenario::Fault& fault,
                                        RandomStream& rng) {
  const auto& spec = fault.counterfeit();
  if (occ.packs.empty() || spec.packs() == 0) return;
  const std::uint32_t first = occ.packs.front();
  const std::uint32_t product = stock_.lot(stock_.pack_lot(first)).product;
  const StockProduct& prod = stock_.product(product);
  // Victims: the first packs of the shipment's first product (one case's worth and on).
  std::vector<std::uint32_t> victims;
  for (std::uint32_t p : occ.packs)
    if (victims.size() < spec.packs() && stock_.lot(stock_.pack_lot(p)).product == product &&
        stock_.pack_mark(p) == CounterfeitMark::kGenuine)
      victims.push_back(p);

  // A genuine pack of the product in the wanted states, other than the shipment's own.
  std::unordered_set<std::uint32_t> own(occ.packs.begin(), occ.packs.end());
  auto find_genuine = [&](std::initializer_list<PackState> states) -> std::uint32_t {
    const std::size_t n = stock_.pack_count();
    std::size_t start = n ? std::size_t(rng.below(n)) : 0;
    for (std::size_t k = 0; k < n; ++k) {
      auto i = std::uint32_t((start + k) % n);
      if (own.count(i) || stock_.pack_mark(i) != CounterfeitMark::kGenuine) continue;
      if (stock_.lot(stock_.pack_lot(i)).product != product) continue;
      for (PackState s : states)
        if (stock_.pack_state(i) == s) return i;
    }
    return kNone;
  };

  OperationsRecord r;
  r.set_t_s(now());
  auto* inj = r.mutable_counterfeit_injected();
  inj->set_fault(fault.name());
  inj->set_shipment(occ.name);
  inj->set_kind(scenario::CounterfeitKind_Name(spec.kind()));
  inj->set_gtin(prod.gtin);
  inj->set_source_gln(occ.from_gln);

  CounterfeitMark mark = CounterfeitMark(std::uint8_t(spec.kind()));
  switch (spec.kind()) {
    case scenario::UNKNOWN_SERIAL:
      for (std::uint32_t p : victims)
        stock_.set_pack_serial(p, prod.serials.serial(unknown_counter_[product]++));
      break;
    case scenario::CLONED_SERIAL:
    case scenario::DECOMMISSIONED_REINTRODUCED: {
      bool clone = spec.kind() == scenario::CLONED_SERIAL;
      for (std::uint32_t p : victims) {
        std::uint32_t source = clone ? find_genuine({PackState::kInStock, PackState::kShipped})
                                     : find_genuine({PackState::kShipped, PackState::kDestroyed});
        if (source == kNone) source = find_genuine({PackState::kInStock, PackState::kShipped});
        if (source == kNone) source = find_genuine({PackState::kInTransit});
        if (source == kNone) {  // nothing to copy: falls back to an unknown serial
          stock_.set_pack_serial(p, prod.serials.serial(unknown_counter_[product]++));
          continue;
        }
        stock_.set_pack_serial(p, stock_.pack_serial(source));
        stock_.set_pack_lot(p, stock_.pack_lot(source));
      }
      break;
    }
    case scenario::LOT_MISMATCH:
    case scenario::EXPIRY_MISMATCH: {
      std::uint32_t lot_variant = kNone, expiry_variant = kNone;
      // Genuine serials, commissioned with the shipment's lot, printed with another lot or
      // another expiry date.
      for (std::uint32_t p : victims) {
        const StockLot lot = stock_.lot(stock_.pack_lot(p));
        std::uint32_t& variant =
            spec.kind() == scenario::LOT_MISMATCH ? lot_variant : expiry_variant;
        if (variant == kNone) {
          if (spec.kind() == scenario::LOT_MISMATCH) {
            // A plausible neighbouring lot code: the last character changed.
            std::string code = lot.lot.empty() ? "L" : lot.lot;
            char& last = code.back();
            last = (last >= '0' && last <= '9') ? char('0' + (last - '0' + 1) % 10)
                                                : (last == 'X' ? 'Y' : 'X');
            variant = stock_.add_lot(product, code, lot.expiry, lot.expiry_s);
          } else {
            // Same lot code, expiry a year later than the one commissioned.
            std::string later = lot.expiry;
            if (later.size() >= 4 && std::isdigit(static_cast<unsigned char>(later[0])))
              later = std::to_string(std::stoi(later.substr(0, 4)) + 1) + later.substr(4);
            variant = stock_.add_lot(product, lot.lot, later, lot.expiry_s + 365 * 86400.0);
          }
        }
        stock_.set_pack_lot(p, variant);
      }
      break;
    }
    case scenario::AGGREGATION_MISMATCH: {
      // Packs moved into a case whose packing event does not list them.
      std::uint32_t own_case = stock_.pack_case(victims.front());
      std::uint32_t other = kNone;
      for (std::uint32_t p : occ.packs)
        if (stock_.pack_case(p) != own_case) {
          other = stock_.pack_case(p);
          break;
        }
      if (other == kNone) other = stock_.add_case(next_sscc(site_prefix_, 8), kNone);
      for (std::uint32_t p : victims) stock_.set_pack_case(p, other);
      inj->set_case_sscc(sscc_from_int(stock_.case_sscc(other)));
      break;
    }
    case scenario::DIVERTED: {
      // Extra genuine packs, commissioned by the product's own supplier, that reach the site in
      // their own case through a trader outside the product's chain.
      std::uint32_t lot = stock_.pack_lot(first);
      std::string owner = product_chain_[product].empty()
                              ? occ.from_gln
                              : suppliers_[product_chain_[product].front()].gln;
      std::uint32_t c = stock_.add_case(next_sscc(diverter_prefix_, 0), kNone);
      victims.clear();
      for (std::uint32_t i = 0; i < spec.packs(); ++i) {
        std::uint32_t p =
            stock_.add_pack(lot, stock_.commission_serial(product), c, PackState::kInTransit);
        victims.push_back(p);
        occ.packs.push_back(p);
      }
      commission_cases(victims, owner);
      occ.case_from_gln[c] = diverter_gln_;
      inj->set_case_sscc(sscc_from_int(stock_.case_sscc(c)));
      inj->set_source_gln(diverter_gln_);
      break;
    }
    default:
      return;
  }
  for (std::uint32_t p : victims) {
    stock_.set_pack_mark(p, mark);
    counterfeit_origin_[p] = {fault.name(), occ.name};
    inj->add_serials(SerialSpace::format(stock_.pack_serial(p)));
  }
  if (!victims.empty()) inj->set_lot(stock_.lot(stock_.pack_lot(victims.front())).lot);
  stats_.counterfeit_units_injected += victims.size();
  emit(std::move(r));
}

void OperationsImpl::inject_exception(Occurrence& occ, const scenario::Fault& fault,
                                      RandomStream& rng) {
  const auto& spec = fault.serialization_exception();
  std::vector<std::uint32_t> victims;
  // Spread over the shipment from a random start, skipping packs another exception already hit.
  std::size_t n = std::min<std::size_t>(spec.packs(), occ.packs.size());
  if (n == 0) return;
  const std::size_t size = occ.packs.size(), stride = std::max<std::size_t>(1, size / n);
  std::size_t at = std::size_t(rng.below(size));
  for (std::size_t tries = 0; victims.size() < n && tries < 2 * size;
       ++tries, at = (at + stride) % size) {
    std::uint32_t p = occ.packs[at];
    if (occ.missing.count(p) || occ.unreadable.count(p) ||
        std::find(victims.begin(), victims.end(), p) != victims.end()) {
      at = (at + 1) % size;  // step off a taken pack
      continue;
    }
    victims.push_back(p);
  }
  if (victims.empty()) return;
  switch (spec.kind()) {
    case scenario::PACK_MISSING_FROM_CASE:
      occ.missing.insert(victims.begin(), victims.end());
      break;
    case scenario::UNREADABLE_CODE:
      occ.unreadable.insert(victims.begin(), victims.end());
      break;
    case scenario::DUPLICATE_COMMISSIONING:
      commission_cases(victims, occ.from_gln);
      break;
    default:
      return;
  }
  OperationsRecord r;
  r.set_t_s(now());
  auto* inj = r.mutable_serialization_exception_injected();
  inj->set_fault(fault.name());
  inj->set_shipment(occ.name);
  inj->set_kind(scenario::SerializationExceptionKind_Name(spec.kind()));
  inj->set_packs(std::uint32_t(victims.size()));
  std::uint32_t c = stock_.pack_case(victims.front());
  if (c != kNone) inj->set_case_sscc(sscc_from_int(stock_.case_sscc(c)));
  emit(std::move(r));
}

}  // namespace pharmatwin::sim
