// Operations: construction from the scenario, actors, end of run, statistics.
#include "pharmatwin/sim/operations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "operations/operations_impl.hpp"
#include "pharmatwin/scenarios/units.hpp"
#include "pharmatwin/sim/event_log.hpp"

namespace pharmatwin::sim {

double OperationsStats::fill_rate() const {
  const std::uint64_t settled = units_ordered - units_open;
  return settled == 0 ? 1.0 : double(units_shipped_on_time) / double(settled);
}
double OperationsStats::line_fill_rate() const {
  const std::uint64_t settled = lines_ordered - lines_open;
  return settled == 0 ? 1.0 : double(lines_filled_on_time) / double(settled);
}

namespace {
double duration_or(const std::string& text, double fallback, std::string* error,
                   const std::string& where) {
  if (text.empty()) return fallback;
  std::string why;
  auto value = scenarios::parse_duration_s(text, &why);
  if (!value) {
    if (error->empty()) *error = where + ": " + why;
    return fallback;
  }
  return *value;
}
}  // namespace

OperationsImpl::OperationsImpl(const scenario::Scenario& scenario, const WorldServices& services)
    : scenario_(scenario), services_(services), fallback_random_(scenario.run().seed()) {
  if (services_.horizon_s <= 0)
    services_.horizon_s =
        duration_or(scenario.run().horizon(), 7 * 86400.0, &error_, "run.horizon");
  if (services_.start_epoch_s == 0 && !scenario.run().start().empty()) {
    if (auto epoch = scenarios::parse_utc_s(scenario.run().start()))
      services_.start_epoch_s = double(*epoch);
  }
  build_catalogue();
  build_initial_stock();
  build_faults();
  build_recalls();
  build_crews();
}

void OperationsImpl::build_crews() {
  auto crew_pool = [&](const char* name, const scenario::Crew& crew, double default_task_s) {
    std::string why;
    ShiftCalendar calendar = ShiftCalendar::of(crew, services_.start_epoch_s, &why);
    Sampler task =
        crew.has_task_time() ? Sampler::of(crew.task_time(), &why) : Sampler::fixed(default_task_s);
    if (!why.empty() && error_.empty()) error_ = std::string("staff.") + name + ": " + why;
    std::uint32_t count = crew.count() == 0 ? 1 : crew.count();
    return std::make_unique<StaffPool>(name, count, std::move(calendar), task,
                                       stream("crew", name));
  };
  receivers_ = crew_pool("receivers", scenario_.staff().receivers(), 900);
  pickers_ = crew_pool("pickers", scenario_.staff().pickers(), 120);
  qa_ = crew_pool("qa_reviewers", scenario_.staff().qa_reviewers(), 1800);
}

RandomStream OperationsImpl::stream(std::string_view kind, std::string_view name) const {
  return services_.random ? services_.random->stream(kind, name)
                          : fallback_random_.stream(kind, name);
}

double OperationsImpl::now() const {
  // Before SimGrid exists (building, reading stock in plain tests) the time is zero.
  return simgrid::s4u::Engine::is_initialized() ? simgrid::s4u::Engine::get_clock() : 0;
}

double OperationsImpl::cumulative_out_of_range_s(std::uint32_t zone, double min_c, double max_c,
                                                 double t_s) {
  if (!services_.climate || zone >= climate_zone_.size() || climate_zone_[zone] == kNone) return 0;
  return services_.climate->cumulative_out_of_range_s(climate_zone_[zone], min_c, max_c, t_s);
}

void OperationsImpl::emit(OperationsRecord record) {
  if (services_.log) services_.log->write_operations(record);
  if (listener_) listener_(record);
}

void OperationsImpl::log_alert(const adapters::SuspectAlert& alert, double received_s) {
  ++stats_.suspect_alerts;
  if (!services_.log) return;
  LogRecord rec;
  rec.set_t_s(received_s);
  auto* a = rec.mutable_alert();
  a->set_id(alert.id);
  a->set_kind("suspect:" + alert.reason);
  a->set_zone(-1);
  a->set_sensor(-1);
  a->set_raised_at_s(alert.raised_at_s);
  for (const auto& lot : alert.lots) a->add_lots(lot);
  for (const auto& pack : alert.packs) a->add_packs(pack);
  a->set_source("serialization");
  services_.log->write(rec);
}

std::uint64_t OperationsImpl::next_sscc(const std::string& company_prefix, unsigned extension) {
  std::uint64_t& counter = sscc_counters_[company_prefix];
  std::string sscc = make_sscc(extension, company_prefix, ++counter);
  if (sscc.empty()) sscc = make_sscc(extension, "0614141", ++counter);
  return sscc_to_int(sscc);
}

std::uint32_t OperationsImpl::zone_for(std::uint32_t product, std::uint32_t preferred) const {
  if (preferred != kNone) return preferred;
  for (std::uint32_t z = 0; z < zone_class_.size(); ++z)
    if (zone_class_[z] == product_class_[product]) return z;
  return 0;
}

void OperationsImpl::build_catalogue() {
  const auto& s = scenario_;
  site_gln_ = s.site().gln();
  site_prefix_ = s.site().company_prefix().empty() ? "0614141" : s.site().company_prefix();
  diverter_prefix_ = "0999999";  // a trader outside every product's legitimate chain
  diverter_gln_ = make_gln(diverter_prefix_, 4242);

  for (const auto& zone : s.zones()) {
    stock_.add_zone(zone.name());
    zone_class_.push_back(zone.storage_class());
    const auto range = scenarios::effective_range(zone.storage_class(), zone.custom_range());
    zone_range_.emplace_back(range.min_c(), range.max_c());
    std::uint32_t climate_index = kNone;
    if (services_.climate) {
      if (auto index = services_.climate->zone_index(zone.name())) climate_index = *index;
    }
    climate_zone_.push_back(climate_index);
  }
  if (stock_.zone_count() == 0) {
    stock_.add_zone("site");
    zone_class_.push_back(scenario::STORAGE_CLASS_UNSPECIFIED);
    zone_range_.emplace_back(-std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::infinity());
    climate_zone_.push_back(kNone);
  }
  for (const auto& p : s.products()) {
    StockProduct product;
    product.name = p.name();
    product.gtin = p.gtin();
    if (product.gtin.size() < 14) product.gtin.insert(0, 14 - product.gtin.size(), '0');
    auto range = scenarios::effective_range(p.storage_class(), p.custom_range());
    product.min_c = range.min_c();
    product.max_c = range.max_c();
    product.budget_s = duration_or(p.stability_budget(), 0, &error_,
                                   "products[" + p.name() + "].stability_budget");
    product.units_per_case = std::max<std::uint32_t>(1, p.units_per_case());
    product.cases_per_pallet = std::max<std::uint32_t>(1, p.cases_per_pallet());
    product.serials = SerialSpace(hash_name(product.gtin) ^ s.run().seed());
    stock_.add_product(std::move(product));
    product_class_.push_back(p.storage_class());
  }
  product_chain_.resize(stock_.product_count());
  open_lines_.resize(stock_.product_count());
  unknown_counter_.assign(stock_.product_count(), SerialSpace::kGenuineCounterLimit);

  for (const auto& sup : s.suppliers())
    suppliers_.push_back({sup.name(), sup.gln(),
                          sup.company_prefix().empty() ? site_prefix_ : sup.company_prefix()});
  auto supplier_index = [&](const std::string& name) {
    for (std::uint32_t i = 0; i < suppliers_.size(); ++i)
      if (suppliers_[i].name == name) return i;
    return kNone;
  };
  for (const auto& lane : s.lanes()) {
    LaneInfo info;
    info.name = lane.name();
    info.supplier = supplier_index(lane.supplier());
    std::string why;
    info.transit = Sampler::of(lane.transit_time(), &why);
    if (!why.empty() && error_.empty()) error_ = "lanes[" + lane.name() + "].transit_time." + why;
    info.mean_c = lane.exposure_mean_c();
    info.sigma_c = lane.exposure_sigma_c();
    lanes_.push_back(std::move(info));
  }
  for (const auto& ph : s.pharmacies())
    pharmacies_.push_back(
        {ph.name(), ph.gln(),
         duration_or(ph.due_within(), 86400, &error_, "pharmacies[" + ph.name() + "].due_within")});
  auto lane_index = [&](const std::string& name) {
    for (std::uint32_t i = 0; i < lanes_.size(); ++i)
      if (lanes_[i].name == name) return i;
    return kNone;
  };
  for (const auto& in : s.inbound()) {
    ShipmentPlan plan;
    plan.name = in.name();
    plan.lane = lane_index(in.lane());
    std::string where = "inbound[" + in.name() + "]";
    plan.departs_s = duration_or(in.departs(), 0, &error_, where + ".departs");
    plan.repeat_every_s = duration_or(in.repeat_every(), 0, &error_, where + ".repeat_every");
    plan.repeat_count = plan.repeat_every_s > 0 ? in.repeat_count() : 1;
    plan.zone = in.zone().empty() ? kNone : stock_.zone_index(in.zone());
    plan.is_return = in.is_return();
    for (std::uint32_t i = 0; i < pharmacies_.size(); ++i)
      if (pharmacies_[i].name == in.from_pharmacy()) plan.from_pharmacy = i;
    for (const auto& line : in.lines()) {
      LinePlan lp;
      lp.product = stock_.product_index(line.product());
      if (lp.product == kNone) continue;
      lp.lot = line.lot();
      lp.expiry = line.expiry();
      auto expiry = scenarios::parse_date_s(line.expiry());
      lp.expiry_s = expiry ? double(*expiry) + 86400 - services_.start_epoch_s : 1e18;
      lp.pallets = line.pallets();
      lp.cases = line.cases();
      if (!plan.is_return && plan.lane != kNone && lanes_[plan.lane].supplier != kNone) {
        auto& chain = product_chain_[lp.product];
        std::uint32_t sup = lanes_[plan.lane].supplier;
        if (std::find(chain.begin(), chain.end(), sup) == chain.end()) chain.push_back(sup);
      }
      plan.lines.push_back(std::move(lp));
    }
    plans_.push_back(std::move(plan));
  }
}

void OperationsImpl::build_initial_stock() {
  std::uint64_t total = 0;
  for (const auto& lot : scenario_.stock()) total += lot.quantity();
  stock_.reserve_packs(total);
  for (const auto& lot : scenario_.stock()) {
    std::uint32_t product = stock_.product_index(lot.product());
    if (product == kNone) continue;
    auto expiry = scenarios::parse_date_s(lot.expiry());
    double expiry_s = expiry ? double(*expiry) + 86400 - services_.start_epoch_s : 1e18;
    std::uint32_t lot_index = stock_.lot_index(product, lot.lot(), lot.expiry(), expiry_s);
    std::uint32_t zone = lot.zone().empty() ? kNone : stock_.zone_index(lot.zone());
    zone = zone_for(product, zone);
    const StockProduct& p = stock_.product(product);
    std::vector<std::uint32_t> packs;
    packs.reserve(lot.quantity());
    std::uint32_t case_index = kNone, pallet = kNone, in_case = 0, cases_on_pallet = 0;
    for (std::uint32_t i = 0; i < lot.quantity(); ++i) {
      if (case_index == kNone || in_case == p.units_per_case) {
        if (pallet == kNone || cases_on_pallet == p.cases_per_pallet) {
          pallet = stock_.add_pallet(next_sscc(site_prefix_, 1));
          cases_on_pallet = 0;
        }
        case_index = stock_.add_case(next_sscc(site_prefix_, 0), pallet);
        ++cases_on_pallet;
        in_case = 0;
      }
      packs.push_back(stock_.add_pack(lot_index, stock_.commission_serial(product), case_index,
                                      PackState::kInStock));
      ++in_case;
    }
    stock_.put_away(packs, zone, 0, 0, GroupStatus::kAvailable);
  }
}

void OperationsImpl::build_faults() {
  for (const auto& fault : scenario_.faults()) add_fault(fault);
}

void OperationsImpl::add_fault(const scenario::Fault& fault) {
  if (fault.has_counterfeit()) {
    occurrence_faults_.emplace(fault.counterfeit().shipment(), fault);
  } else if (fault.has_serialization_exception()) {
    const auto& ex = fault.serialization_exception();
    if (ex.kind() == scenario::VERIFICATION_UNAVAILABLE) {
      VerificationWindow w;
      w.fault = fault.name();
      w.start_s = duration_or(fault.start(), 0, &error_, "faults[" + fault.name() + "].start");
      w.end_s = fault.duration().empty()
                    ? 1e300
                    : w.start_s + duration_or(fault.duration(), 0, &error_,
                                              "faults[" + fault.name() + "].duration");
      verification_windows_.push_back(w);
    } else {
      occurrence_faults_.emplace(ex.shipment(), fault);
    }
  }
}

adapters::PackLabel OperationsImpl::label(std::uint32_t pack) const {
  const StockLot& lot = stock_.lot(stock_.pack_lot(pack));
  return {stock_.product(lot.product).gtin, SerialSpace::format(stock_.pack_serial(pack)), lot.lot,
          lot.expiry};
}

// Commissioning + packing events of the cases the packs are in, as their owner reports them.
void OperationsImpl::commission_cases(const std::vector<std::uint32_t>& packs,
                                      const std::string& owner_gln) {
  adapters::CommissioningObservation obs;
  std::uint32_t current = kNone;
  auto flush = [&] {
    if (current != kNone && !obs.serials.empty()) port_->on_commissioning(obs);
    obs.serials.clear();
  };
  for (std::uint32_t p : packs) {
    std::uint32_t c = stock_.pack_case(p);
    if (c != current) {
      flush();
      current = c;
      const StockLot& lot = stock_.lot(stock_.pack_lot(p));
      obs.time_s = now();
      obs.owner_gln = owner_gln;
      obs.gtin = stock_.product(lot.product).gtin;
      obs.lot = lot.lot;
      obs.expiry = lot.expiry;
      obs.case_sscc = c == kNone ? "" : sscc_from_int(stock_.case_sscc(c));
      std::uint32_t pallet = c == kNone ? kNone : stock_.case_pallet(c);
      obs.pallet_sscc = pallet == kNone ? "" : sscc_from_int(stock_.pallet_sscc(pallet));
    }
    obs.serials.push_back(SerialSpace::format(stock_.pack_serial(p)));
  }
  flush();
}

// Stock on hand at the start came from its supplier before the run: the track-and-trace system
// sees it shipped to the site and received there, so the site is its custodian.
void OperationsImpl::report_initial_receipt(const std::vector<std::uint32_t>& packs,
                                            const std::string& supplier_gln) {
  adapters::ShippingObservation ship;
  ship.time_s = now();
  ship.shipment = "initial-stock";
  ship.from_gln = supplier_gln;
  ship.to_gln = site_gln_;
  std::vector<std::uint32_t> cases;
  for (std::uint32_t p : packs) {
    const std::uint32_t c = stock_.pack_case(p);
    if (c != kNone && (cases.empty() || cases.back() != c)) cases.push_back(c);
  }
  std::vector<std::uint64_t> top;
  for (std::uint32_t c : cases) {
    const std::uint32_t pallet = stock_.case_pallet(c);
    top.push_back(pallet == kNone ? stock_.case_sscc(c) : stock_.pallet_sscc(pallet));
  }
  top.erase(std::unique(top.begin(), top.end()), top.end());
  for (std::uint64_t sscc : top) ship.ssccs.push_back(sscc_from_int(sscc));
  port_->on_shipping(ship);
  for (std::uint32_t c : cases) {
    adapters::ReceivingScan scan;
    scan.time_s = now();
    scan.shipment = ship.shipment;
    scan.from_gln = supplier_gln;
    scan.site_gln = site_gln_;
    scan.case_sscc = sscc_from_int(stock_.case_sscc(c));
    const std::uint32_t pallet = stock_.case_pallet(c);
    scan.pallet_sscc = pallet == kNone ? "" : sscc_from_int(stock_.pallet_sscc(pallet));
    for (std::uint32_t p : packs)
      if (stock_.pack_case(p) == c) scan.packs_read.push_back(label(p));
    port_->on_receiving_scan(scan);
  }
}

void OperationsImpl::start() {
  if (started_) return;
  started_ = true;
  simgrid::s4u::Host* host = services_.host;
  if (!host) host = simgrid::s4u::Engine::get_instance()->get_all_hosts().front();

  // The track-and-trace system learns the site, then the stock on hand.
  adapters::SerializationSite site;
  site.site_name = scenario_.site().name();
  site.site_gln = site_gln_;
  site.start_epoch_s = services_.start_epoch_s;
  for (std::uint32_t p = 0; p < stock_.product_count(); ++p) {
    adapters::SerializationSite::Product info{stock_.product(p).name, stock_.product(p).gtin, {}};
    for (std::uint32_t sup : product_chain_[p]) info.supplier_glns.push_back(suppliers_[sup].gln);
    site.products.push_back(std::move(info));
  }
  for (const auto& sup : suppliers_) site.parties.push_back({sup.name, sup.gln, false});
  for (const auto& ph : pharmacies_) site.parties.push_back({ph.name, ph.gln, true});
  port_->bind(site);
  for (std::uint32_t g = 0; g < stock_.group_count(); ++g) {
    const StockGroup& group = stock_.group(g);
    std::uint32_t product = stock_.lot(group.lot).product;
    std::string owner = product_chain_[product].empty()
                            ? site_gln_
                            : suppliers_[product_chain_[product].front()].gln;
    std::vector<std::uint32_t> packs(group.packs.rbegin(), group.packs.rend());
    commission_cases(packs, owner);
    if (owner != site_gln_) report_initial_receipt(packs, owner);
  }

  receivers_->start(host);
  pickers_->start(host);
  qa_->start(host);

  for (std::uint32_t ph = 0; ph < pharmacies_.size(); ++ph) {
    for (const auto& demand : scenario_.pharmacies(int(ph)).demand()) {
      std::uint32_t product = stock_.product_index(demand.product());
      if (product == kNone || demand.orders_per_day() <= 0) continue;
      Sampler units =
          demand.has_order_units() ? Sampler::of(demand.order_units()) : Sampler::fixed(1);
      RandomStream rng = stream("pharmacy", pharmacies_[ph].name + "/" + demand.product());
      double per_day = demand.orders_per_day();
      simgrid::s4u::Actor::create("orders-" + pharmacies_[ph].name + "-" + demand.product(), host,
                                  [this, ph, product, per_day, units, rng] {
                                    order_generator(ph, product, per_day, units, rng);
                                  })
          ->daemonize();
    }
  }
  for (std::uint32_t plan = 0; plan < plans_.size(); ++plan)
    simgrid::s4u::Actor::create("shipment-" + plans_[plan].name, host, [this, plan] {
      shipment_actor(plan);
    })->daemonize();
  start_recalls(host);
  simgrid::s4u::Actor::create("serialization-gateway", host, [this] {
    for (;;) {
      simgrid::s4u::this_actor::sleep_for(tick_s_);
      gateway_tick();
    }
  })->daemonize();
  // Not a daemon: keeps the simulation alive to the horizon and closes the books there.
  simgrid::s4u::Actor::create("operations-end", host, [this] {
    simgrid::s4u::this_actor::sleep_until(services_.horizon_s);
    finish(now());
  });
  if (services_.observers) {
    services_.observers->on_decision.connect([this](const adapters::Decision& d) { apply(d); });
    services_.observers->on_fault_start.connect([this](const adapters::FaultEvent& event) {
      if (!event.scenario_fault) return;
      const auto& fault = *static_cast<const scenario::Fault*>(event.scenario_fault);
      track_zone_fault(fault, +1);
      if (event.injected) add_fault(fault);
    });
    services_.observers->on_fault_end.connect([this](const adapters::FaultEvent& event) {
      if (event.scenario_fault)
        track_zone_fault(*static_cast<const scenario::Fault*>(event.scenario_fault), -1);
    });
  }
}

void OperationsImpl::finish(double now_s) {
  if (finished_) return;
  finished_ = true;
  gateway_tick();
  close_at_horizon(now_s);
  adapters::SerializationOutput out;
  port_->finish(now_s, out);
  // Too late to act on, but still what the system reported.
  for (const auto& alert : out.alerts) log_alert(alert, now_s);
  for (const auto& d : out.decisions) apply(d);
  if (!recalls_.empty()) check_recalls(true);
}

std::vector<adapters::ZoneStock> OperationsImpl::take_zone_stock_changes(double now_s) {
  std::vector<adapters::ZoneStock> out;
  for (std::uint32_t zone : stock_.take_changed_zones()) {
    if (zone >= climate_zone_.size() || climate_zone_[zone] == kNone) continue;
    adapters::ZoneStock z;
    z.time_s = now_s;
    z.zone = climate_zone_[zone];
    // By lot key: a label variant shares its key with the lot it imitates.
    std::map<std::string, adapters::LotInZone> by_key;
    for (const auto& [lot, units] : stock_.units_in_zone(zone)) {
      const StockProduct& product = stock_.product(stock_.lot(lot).product);
      auto& entry = by_key[stock_.lot_key(lot)];
      entry.units += units;
      entry.min_c = product.min_c;
      entry.max_c = product.max_c;
      entry.budget_s = product.budget_s;
    }
    for (auto& [key, entry] : by_key) {
      entry.lot = key;
      z.lots.push_back(std::move(entry));
    }
    out.push_back(std::move(z));
  }
  return out;
}

OperationsStats OperationsImpl::stats() const {
  OperationsStats s = stats_;
  double t = finished_ ? services_.horizon_s : std::max(1e-9, now());
  s.units_on_hand = stock_.units_on_hand();
  s.mean_units_on_hand = t > 0 ? stock_.on_hand_integral(t) / t : 0;
  s.inventory_turns = s.mean_units_on_hand > 0 ? double(s.units_shipped) / s.mean_units_on_hand : 0;
  s.inventory_turns_per_year = t > 0 ? s.inventory_turns * (365.0 * 86400 / t) : 0;
  s.mean_stock_sojourn_s =
      stock_.units_left() > 0 ? stock_.sojourn_sum_s() / double(stock_.units_left()) : 0;
  if (qa_) {
    const StaffStats& q = qa_->stats();
    s.qa_mean_wait_s = q.tasks_started ? q.wait_sum_s / double(q.tasks_started) : 0;
    s.qa_busy_s = q.busy_s;
    s.qa_max_queue = q.max_queue;
  }
  // Counterfeit packs that never left: destroyed, or blocked (not available) in stock.
  std::uint64_t intercepted = 0;
  for (std::uint32_t p = 0; p < stock_.pack_count(); ++p) {
    if (stock_.pack_mark(p) == CounterfeitMark::kGenuine) continue;
    PackState state = stock_.pack_state(p);
    if (state == PackState::kDestroyed)
      ++intercepted;
    else if (state == PackState::kInStock &&
             stock_.group(stock_.pack_group(p)).status != GroupStatus::kAvailable)
      ++intercepted;
  }
  s.counterfeit_units_intercepted = intercepted;
  return s;
}

// --- the public face ----------------------------------------------------------------------

Operations::Operations(const scenario::Scenario& scenario, const WorldServices& services)
    : impl_(std::make_unique<OperationsImpl>(scenario, services)) {}
Operations::~Operations() = default;
const std::string& Operations::error() const { return impl_->error_; }
void Operations::set_serialization_port(adapters::SerializationPort* port) {
  impl_->port_ = port ? port : &impl_->null_port_;
}
void Operations::set_record_listener(std::function<void(const OperationsRecord&)> listener) {
  impl_->listener_ = std::move(listener);
}
void Operations::start() { impl_->start(); }
void Operations::apply(const adapters::Decision& decision) { impl_->apply(decision); }
void Operations::inject(const scenario::Fault& fault) { impl_->add_fault(fault); }
void Operations::finish(double now_s) { impl_->finish(now_s); }
OperationsStats Operations::stats() const { return impl_->stats(); }
std::vector<adapters::ZoneStock> Operations::take_zone_stock_changes(double now_s) {
  return impl_->take_zone_stock_changes(now_s);
}
const Stock& Operations::stock() const { return impl_->stock_; }

}  // namespace pharmatwin::sim
