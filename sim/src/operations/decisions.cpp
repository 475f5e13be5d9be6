// Decisions (idempotent by key), status changes, destruction, the serialization gateway.
#include <algorithm>
#include <cmath>
#include <simgrid/s4u/Engine.hpp>

#include "operations/operations_impl.hpp"

namespace pharmatwin::sim {
namespace {

StockStatus record_status(GroupStatus status) {
  switch (status) {
    case GroupStatus::kAvailable:
      return AVAILABLE;
    case GroupStatus::kQuarantined:
      return QUARANTINED;
    case GroupStatus::kOnHold:
      return ON_HOLD;
    case GroupStatus::kRejected:
      return REJECTED;
    default:
      return STOCK_STATUS_UNSPECIFIED;
  }
}

}  // namespace

std::vector<std::uint32_t> OperationsImpl::resolve(const adapters::Decision& decision,
                                                   double now_s) {
  std::vector<std::uint32_t> groups;
  std::uint32_t zone = decision.zone.empty() ? kNone : stock_.zone_index(decision.zone);
  if (!decision.zone.empty() && zone == kNone) return groups;  // unknown zone: nothing
  if (!decision.packs.empty()) {
    // Pack-level: each group touched is split so only the named packs change.
    std::map<std::uint32_t, std::vector<std::uint32_t>> by_group;
    for (std::uint32_t p : stock_.find_packs_in_stock(decision.packs))
      by_group[stock_.pack_group(p)].push_back(p);
    for (auto& [g, packs] : by_group) {
      if (zone != kNone && stock_.group(g).zone != zone) continue;
      groups.push_back(
          packs.size() == stock_.group(g).packs.size() ? g : stock_.split(g, packs, now_s));
    }
  }
  for (const std::string& key : decision.lots)
    for (std::uint32_t lot = 0; lot < stock_.lot_count(); ++lot)
      if (stock_.lot_key(lot) == key)
        for (std::uint32_t g : stock_.groups_with_stock(zone, lot)) groups.push_back(g);
  if (decision.packs.empty() && decision.lots.empty() && zone != kNone)
    groups = stock_.groups_with_stock(zone, kNone);
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  return groups;
}

void OperationsImpl::apply(const adapters::Decision& decision) {
  const double t = now();
  OperationsRecord r;
  r.set_t_s(t);
  auto* applied = r.mutable_decision_applied();
  applied->set_idempotency_key(decision.idempotency_key);
  applied->set_kind(adapters::to_string(decision.kind));
  applied->set_alert_id(decision.alert_id);
  applied->set_issued_s(decision.sim_time_s);
  if (!decision.idempotency_key.empty() && !applied_keys_.insert(decision.idempotency_key).second) {
    ++stats_.decisions_duplicate;
    applied->set_duplicate(true);
    emit(std::move(r));
    return;
  }
  ++stats_.decisions_applied;
  current_alert_id_ = decision.alert_id;
  const std::string& key = decision.idempotency_key;
  std::string reason =
      decision.reason.empty() ? adapters::to_string(decision.kind) : decision.reason;
  std::uint64_t units = 0;
  std::vector<std::uint32_t> released_products;
  for (std::uint32_t g : resolve(decision, t)) {
    const StockGroup& group = stock_.group(g);
    if (group.packs.empty()) continue;
    const std::uint64_t n = group.packs.size();
    switch (decision.kind) {
      case adapters::DecisionKind::kQuarantine:
        if (group.status == GroupStatus::kAvailable || group.status == GroupStatus::kOnHold) {
          change_status(g, GroupStatus::kQuarantined, reason, key);
          units += n;
        }
        if (stock_.group(g).status == GroupStatus::kQuarantined) queue_review(g, "decision:" + key);
        break;
      case adapters::DecisionKind::kHold:
        if (group.status == GroupStatus::kAvailable) {
          change_status(g, GroupStatus::kOnHold, reason, key);
          units += n;
        }
        break;
      case adapters::DecisionKind::kRelease:
        if (group.status == GroupStatus::kQuarantined || group.status == GroupStatus::kOnHold) {
          change_status(g, GroupStatus::kAvailable, reason, key);
          released_products.push_back(stock_.lot(group.lot).product);
          units += n;
        }
        break;
      case adapters::DecisionKind::kReject:
        reject_and_destroy(g, reason, key);
        units += n;
        break;
      case adapters::DecisionKind::kInvestigate:
        queue_review(g, "investigate:" + key);
        units += n;
        break;
    }
  }
  applied->set_units_affected(units);
  current_alert_id_.clear();
  emit(std::move(r));
  note_stop(decision, t);
  for (std::uint32_t product : released_products) wake_backorders(product);
  if (!recalls_.empty()) check_recalls();
}

void OperationsImpl::change_status(std::uint32_t g, GroupStatus to, const std::string& reason,
                                   const std::string& key) {
  GroupStatus from = stock_.set_status(g, to);
  if (from == to) return;
  const StockGroup& group = stock_.group(g);
  const std::uint64_t n = group.packs.size();
  std::uint64_t first_time = 0;
  switch (to) {
    case GroupStatus::kQuarantined:
      first_time = mark_quarantined(group.packs);
      ++stats_.quarantine_actions;
      stats_.units_quarantined += first_time;
      stats_.units_requarantined += n - first_time;
      break;
    case GroupStatus::kOnHold:
      stats_.units_held += n;
      break;
    case GroupStatus::kAvailable:
      stats_.units_released += n;
      break;
    case GroupStatus::kRejected:
      stats_.units_rejected += n;
      break;
    default:
      break;
  }
  OperationsRecord r;
  r.set_t_s(now());
  auto* c = r.mutable_stock_status_changed();
  c->set_lot(stock_.lot_key(group.lot));
  c->set_zone(stock_.zone_name(group.zone));
  c->set_units(n);
  c->set_from(record_status(from));
  c->set_to(record_status(to));
  c->set_reason(reason);
  c->set_idempotency_key(key);
  if (to == GroupStatus::kQuarantined) c->set_units_first_quarantined(first_time);
  if (n <= 8)
    for (std::uint32_t p : group.packs) c->add_packs(stock_.pack_key(p));
  emit(std::move(r));
  if (to != GroupStatus::kAvailable) record_interceptions(g, key);
}

// Marks the packs as quarantined at least once; returns how many were not marked before.
std::uint64_t OperationsImpl::mark_quarantined(const std::vector<std::uint32_t>& packs) {
  if (ever_quarantined_.size() < stock_.pack_count()) ever_quarantined_.resize(stock_.pack_count());
  std::uint64_t first_time = 0;
  for (std::uint32_t p : packs) {
    if (ever_quarantined_[p]) continue;
    ever_quarantined_[p] = true;
    ++first_time;
  }
  return first_time;
}

// Counterfeit packs of a group that just stopped being pickable are intercepted: at receiving
// while their shipment is still being received, in storage after that.
void OperationsImpl::record_interceptions(std::uint32_t g, const std::string& decision_key) {
  if (counterfeit_origin_.empty()) return;
  for (std::uint32_t p : stock_.group(g).packs) {
    if (stock_.pack_mark(p) == CounterfeitMark::kGenuine) continue;
    const auto origin = counterfeit_origin_.find(p);
    const bool received =
        origin != counterfeit_origin_.end() && shipments_received_.count(origin->second.second);
    record_interception(p, received ? "storage" : "receiving", current_alert_id_, decision_key);
  }
}

void OperationsImpl::record_interception(std::uint32_t p, const char* stage,
                                         const std::string& alert_id,
                                         const std::string& decision_key) {
  if (stock_.pack_mark(p) == CounterfeitMark::kGenuine || !intercepted_.insert(p).second) return;
  const auto origin = counterfeit_origin_.find(p);
  OperationsRecord r;
  r.set_t_s(now());
  auto* ci = r.mutable_counterfeit_intercepted();
  if (origin != counterfeit_origin_.end()) ci->set_fault(origin->second.first);
  ci->set_pack(stock_.pack_key(p));
  ci->set_stage(stage);
  ci->set_alert_id(alert_id);
  ci->set_decision_key(decision_key);
  emit(std::move(r));
}

// A pharmacy's verification that does not confirm a counterfeit pack stops it at dispensing.
void OperationsImpl::check_answers(const std::vector<adapters::VerificationAnswer>& answers) {
  for (const auto& answer : answers) {
    const auto request = pharmacy_requests_.find(answer.request_id);
    if (request == pharmacy_requests_.end()) continue;
    const auto& packs = request->second;
    for (std::size_t i = 0; i < packs.size() && i < answer.statuses.size(); ++i) {
      const auto status = answer.statuses[i];
      if (status == adapters::VerificationStatus::kVerified ||
          status == adapters::VerificationStatus::kUnavailable)
        continue;
      record_interception(packs[i], "dispensing", "", "");
    }
    pharmacy_requests_.erase(request);
  }
}

// Ground truth: the moment a group's consumed budget (transit plus its zone's product
// temperature outside the product's range) reaches the product's stability budget. Groups that
// arrived with it used up in transit are not recorded here (ShipmentArrived has the exposure).
void OperationsImpl::check_budgets(double now_s) {
  const double from_s = budgets_checked_s_;
  budgets_checked_s_ = now_s;
  for (; budget_next_group_ < stock_.group_count(); ++budget_next_group_) {
    const StockProduct& product =
        stock_.product(stock_.lot(stock_.group(budget_next_group_).lot).product);
    if (product.budget_s > 0) budget_watch_.push_back(budget_next_group_);
  }
  // Exposure of each (zone, product) up to now, computed once per check: NaN until asked.
  const std::size_t products = stock_.product_count();
  budget_exposure_.assign(stock_.zone_count() * products, NAN);
  std::erase_if(budget_watch_, [&](std::uint32_t g) {
    const StockGroup& group = stock_.group(g);
    if (group.packs.empty() || group.budget_recorded) return true;
    const std::uint32_t product_index = stock_.lot(group.lot).product;
    const StockProduct& product = stock_.product(product_index);
    if (group.carried_s >= product.budget_s) {
      stock_.set_budget_recorded(g);
      return true;
    }
    double& exposure_now = budget_exposure_[group.zone * products + product_index];
    if (std::isnan(exposure_now))
      exposure_now = cumulative_out_of_range_s(group.zone, product.min_c, product.max_c, now_s);
    auto consumed_at = [&](double t) {
      const double cum =
          t >= now_s ? exposure_now
                     : cumulative_out_of_range_s(group.zone, product.min_c, product.max_c, t);
      return group.carried_s + cum - group.zone_base_s;
    };
    if (consumed_at(now_s) < product.budget_s) return false;
    // Bisection on the non-decreasing exposure for the moment it reached the budget.
    double lo = std::max(from_s, group.entered_s), hi = now_s;
    for (int i = 0; i < 50 && hi - lo > 1e-3; ++i) {
      const double mid = 0.5 * (lo + hi);
      (consumed_at(mid) >= product.budget_s ? hi : lo) = mid;
    }
    stock_.set_budget_recorded(g);
    OperationsRecord r;
    r.set_t_s(hi);
    auto* x = r.mutable_stability_budget_exhausted();
    x->set_lot(stock_.lot_key(group.lot));
    x->set_zone(stock_.zone_name(group.zone));
    x->set_units(group.packs.size());
    x->set_budget_s(product.budget_s);
    x->set_consumed_s(consumed_at(hi));
    emit(std::move(r));
    return true;
  });
}

void OperationsImpl::reject_and_destroy(std::uint32_t g, const std::string& reason,
                                        const std::string& key) {
  const StockGroup& group = stock_.group(g);
  if (group.packs.empty()) return;
  change_status(g, GroupStatus::kRejected, reason, key);
  adapters::DecommissionObservation dec;
  dec.time_s = now();
  dec.reason = "destroyed";
  std::uint32_t counterfeit = 0;
  for (std::uint32_t p : group.packs) {
    dec.packs.push_back(label(p));
    if (stock_.pack_mark(p) != CounterfeitMark::kGenuine) ++counterfeit;
  }
  port_->on_decommission(dec);
  OperationsRecord r;
  r.set_t_s(now());
  auto* d = r.mutable_stock_destroyed();
  d->set_lot(stock_.lot_key(group.lot));
  d->set_zone(stock_.zone_name(group.zone));
  d->set_reason(reason);
  d->set_counterfeit_units(counterfeit);
  std::uint32_t n = stock_.destroy(g, now());
  d->set_units(n);
  stats_.units_destroyed += n;
  emit(std::move(r));
}

void OperationsImpl::handle_alert(const adapters::SuspectAlert& alert) {
  log_alert(alert, now());
  adapters::Decision d;
  d.idempotency_key = "alert:" + alert.id;
  d.kind = adapters::DecisionKind::kQuarantine;
  d.sim_time_s = alert.raised_at_s;
  d.packs = alert.packs;
  d.lots = alert.lots;
  d.alert_id = alert.id;
  d.reason = "suspect:" + alert.reason;
  apply(d);
}

void OperationsImpl::gateway_tick() {
  const double t = now();
  adapters::SerializationOutput out;
  port_->advance_to(t, out);
  check_answers(out.answers);
  check_budgets(t);
  for (const auto& alert : out.alerts) handle_alert(alert);
  for (const auto& decision : out.decisions) apply(decision);
  recheck_held(t);
  close_overdue(t);
}

void OperationsImpl::verify(const std::string& requester_gln,
                            std::vector<adapters::PackLabel> packs,
                            std::vector<std::uint32_t> pack_ids) {
  const double t = now();
  for (const VerificationWindow& w : verification_windows_) {
    if (t < w.start_s || t >= w.end_s) continue;
    ++stats_.verifications_unavailable;
    OperationsRecord r;
    r.set_t_s(t);
    auto* u = r.mutable_verification_unavailable();
    u->set_request_id("v" + std::to_string(next_request_id_++));
    u->set_packs(std::uint32_t(packs.size()));
    u->set_fault(w.fault);
    emit(std::move(r));
    return;
  }
  adapters::VerificationRequest request;
  request.request_id = "v" + std::to_string(next_request_id_++);
  request.time_s = t;
  request.requester_gln = requester_gln;
  request.packs = std::move(packs);
  ++stats_.verifications_requested;
  // Answers about counterfeit packs are followed up (interception at dispensing).
  if (std::any_of(pack_ids.begin(), pack_ids.end(), [&](std::uint32_t p) {
        return stock_.pack_mark(p) != CounterfeitMark::kGenuine;
      }))
    pharmacy_requests_[request.request_id] = std::move(pack_ids);
  port_->on_verification_request(request);
}

}  // namespace pharmatwin::sim
