// QA reviews of quarantined stock: reject, release, or hold while the stock's zone is disturbed.
#include <simgrid/s4u/Engine.hpp>

#include "operations/operations_impl.hpp"

namespace pharmatwin::sim {

// One review per group at a time. The reviewer knows the truth (lab and documents): rejects when
// the stability budget is used up, the lot expired, or packs are counterfeit; releases the rest
// unless its zone is still disturbed, in which case the stock stays quarantined and is reviewed
// again once the zone has settled (recheck_held).
void OperationsImpl::queue_review(std::uint32_t g, const std::string& cause) {
  if (!groups_under_review_.insert(g).second) return;
  const std::uint64_t id = next_review_id_++;
  ++stats_.qa_reviews_queued;
  {
    OperationsRecord r;
    r.set_t_s(now());
    auto* q = r.mutable_qa_review_queued();
    q->set_review_id(id);
    q->set_lot(stock_.lot_key(stock_.group(g).lot));
    q->set_zone(stock_.zone_name(stock_.group(g).zone));
    q->set_units(stock_.group(g).packs.size());
    q->set_cause(cause);
    q->set_queue_length(std::uint32_t(qa_ ? qa_->queue_length() + 1 : 0));
    emit(std::move(r));
  }
  StaffTask task;
  task.on_start = [this, g, id](const std::string& member, double waited) {
    if (stock_.group(g).packs.empty()) {
      groups_under_review_.erase(g);
      return false;
    }
    OperationsRecord r;
    r.set_t_s(now());
    auto* s = r.mutable_qa_review_started();
    s->set_review_id(id);
    s->set_reviewer(member);
    s->set_waited_s(waited);
    emit(std::move(r));
    return true;
  };
  task.on_done = [this, g, id](const std::string& member) { finish_review(g, id, member); };
  qa_->submit(std::move(task));
}

void OperationsImpl::finish_review(std::uint32_t g, std::uint64_t id, const std::string& member) {
  groups_under_review_.erase(g);
  ++stats_.qa_reviews_done;
  const double t = now();
  const StockGroup& group = stock_.group(g);
  const StockLot& lot = stock_.lot(group.lot);
  const double consumed = stock_.consumed_budget_s(g, t);
  const double budget = stock_.product(lot.product).budget_s;
  const std::uint64_t units = group.packs.size();
  std::string reason = "ok";
  bool released = false, held = false;
  if (units == 0) {
    reason = "empty";
  } else if (stock_.budget_exhausted(g, t)) {
    reason = "budget_exhausted";
    reject_and_destroy(g, reason, "");
  } else if (lot.expiry_s <= t) {
    reason = "expired";
    reject_and_destroy(g, reason, "");
  } else {
    std::vector<std::uint32_t> fakes;
    for (std::uint32_t p : group.packs)
      if (stock_.pack_mark(p) != CounterfeitMark::kGenuine) fakes.push_back(p);
    if (!fakes.empty()) {
      reason = "counterfeit";
      std::uint32_t bad = fakes.size() == units ? g : stock_.split(g, fakes, t);
      reject_and_destroy(bad, reason, "");
    }
    // What is left is genuine and within its budget; released only from a settled zone.
    if (!stock_.group(g).packs.empty() && stock_.group(g).status == GroupStatus::kQuarantined) {
      if (group_recalled(g)) {
        // The reviewer has the recall notice: the lot waits for the manufacturer, on hold.
        reason = "recalled";
        change_status(g, GroupStatus::kOnHold, "recalled: not released by QA", "");
      } else if (const char* why = zone_hold_reason(g, t)) {
        reason = why;
        held = true;
        ++stats_.qa_reviews_held;
        held_groups_.insert(g);
      } else {
        change_status(g, GroupStatus::kAvailable, "qa_release", "");
        released = true;
        wake_backorders(lot.product);
      }
    }
  }
  OperationsRecord r;
  r.set_t_s(t);
  auto* d = r.mutable_qa_review_done();
  d->set_review_id(id);
  d->set_reviewer(member);
  d->set_released(released);
  d->set_units(units);
  d->set_reason(reason);
  d->set_consumed_budget_s(consumed);
  d->set_budget_s(budget);
  d->set_held(held);
  emit(std::move(r));
}

// Ground truth of the group's zone at t: a climate fault of the zone still active, its air
// outside the zone's range, or its product temperature outside the product's range.
const char* OperationsImpl::zone_hold_reason(std::uint32_t g, double t) const {
  const StockGroup& group = stock_.group(g);
  const std::uint32_t zone = group.zone;
  if (zone < zone_faults_active_.size() && zone_faults_active_[zone] > 0)
    return "zone_fault_active";
  if (!services_.climate || zone >= climate_zone_.size() || climate_zone_[zone] == kNone)
    return nullptr;
  const std::uint32_t climate_zone = climate_zone_[zone];
  const double air_c = services_.climate->air_temperature_c(climate_zone, t);
  if (air_c < zone_range_[zone].first || air_c > zone_range_[zone].second)
    return "zone_out_of_range";
  const StockProduct& product = stock_.product(stock_.lot(group.lot).product);
  const double product_c = services_.climate->product_temperature_c(climate_zone, t);
  if (product_c < product.min_c || product_c > product.max_c) return "product_out_of_range";
  return nullptr;
}

// Held stock is reviewed again as soon as its zone has settled, or at once when its budget ran
// out (the reviewer rejects it then, whatever the zone does).
void OperationsImpl::recheck_held(double now_s) {
  std::erase_if(held_groups_, [&](std::uint32_t g) {
    const StockGroup& group = stock_.group(g);
    if (group.packs.empty() || group.status != GroupStatus::kQuarantined) return true;
    if (!stock_.budget_exhausted(g, now_s) && zone_hold_reason(g, now_s)) return false;
    queue_review(g, "recheck");
    return true;
  });
}

// The stock zones a climate fault disturbs (none for sensor, stock and channel faults).
std::vector<std::uint32_t> OperationsImpl::fault_zones(const scenario::Fault& fault) const {
  std::vector<std::uint32_t> zones;
  auto add = [&](const std::string& name) {
    const std::uint32_t z = stock_.zone_index(name);
    if (z != kNone) zones.push_back(z);
  };
  switch (fault.kind_case()) {
    case scenario::Fault::kHvacFailure:
      add(fault.hvac_failure().zone());
      break;
    case scenario::Fault::kHvacDegraded:
      add(fault.hvac_degraded().zone());
      break;
    case scenario::Fault::kDoorLeftOpen:
      add(fault.door_left_open().zone());
      break;
    case scenario::Fault::kPowerOutage:
      for (const auto& name : fault.power_outage().zones()) add(name);
      if (fault.power_outage().zones().empty())  // the whole site
        for (std::uint32_t z = 0; z < stock_.zone_count(); ++z) zones.push_back(z);
      break;
    default:
      break;
  }
  return zones;
}

void OperationsImpl::track_zone_fault(const scenario::Fault& fault, int delta) {
  zone_faults_active_.resize(stock_.zone_count(), 0);
  for (std::uint32_t z : fault_zones(fault)) {
    if (delta < 0 && zone_faults_active_[z] == 0) continue;
    zone_faults_active_[z] += delta;
  }
}

}  // namespace pharmatwin::sim
