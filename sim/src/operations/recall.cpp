// Batch recalls (scenario `recalls`): at the recall's instant the world writes the ground truth
// (RecallIssued: the lot's stock at the site), tells the track-and-trace system the batch's new
// status and polls it at once, so a system that blocks the lot straight away stops every pick
// under way at the dock. RecallContainment records when the stock on hand was all blocked.
#include <simgrid/s4u/Actor.hpp>

#include "operations/operations_impl.hpp"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::sim {

void OperationsImpl::build_recalls() {
  for (const auto& r : scenario_.recalls()) {
    RecallPlan plan;
    plan.name = r.name();
    plan.kind = r.kind() == scenario::WITHDRAWAL ? "withdrawal" : "recall";
    plan.lot = r.lot();
    plan.product = stock_.product_index(r.product());
    std::string why;
    const auto at = scenarios::parse_duration_s(r.at(), &why);
    if (!at) {
      if (error_.empty()) error_ = "recalls[" + r.name() + "].at: " + why;
      continue;
    }
    plan.at_s = *at;
    if (plan.product != kNone) recalls_.push_back(std::move(plan));
  }
}

void OperationsImpl::start_recalls(simgrid::s4u::Host* host) {
  for (std::uint32_t i = 0; i < recalls_.size(); ++i) {
    if (recalls_[i].at_s >= services_.horizon_s) continue;
    simgrid::s4u::Actor::create("recall-" + recalls_[i].name, host, [this, i] {
      simgrid::s4u::this_actor::sleep_until(recalls_[i].at_s);
      issue_recall(i);
    })->daemonize();
  }
}

std::pair<std::uint64_t, std::uint64_t> OperationsImpl::recall_stock(
    const RecallPlan& recall) const {
  std::uint64_t on_hand = 0, unblocked = 0;
  for (std::uint32_t lot = 0; lot < stock_.lot_count(); ++lot) {
    if (stock_.lot(lot).product != recall.product || stock_.lot(lot).lot != recall.lot) continue;
    for (std::uint32_t g : stock_.groups_with_stock(kNone, lot)) {
      const StockGroup& group = stock_.group(g);
      on_hand += group.packs.size();
      if (group.status == GroupStatus::kAvailable) unblocked += group.packs.size();
    }
  }
  return {on_hand, unblocked};
}

bool OperationsImpl::group_recalled(std::uint32_t g) const {
  if (recalls_.empty()) return false;
  const StockLot& lot = stock_.lot(stock_.group(g).lot);
  for (const RecallPlan& r : recalls_)
    if (r.issued && r.product == lot.product && r.lot == lot.lot) return true;
  return false;
}

void OperationsImpl::issue_recall(std::uint32_t i) {
  RecallPlan& recall = recalls_[i];
  recall.issued = true;
  const double t = now();
  const StockProduct& product = stock_.product(recall.product);
  const auto [on_hand, unblocked] = recall_stock(recall);
  OperationsRecord r;
  r.set_t_s(t);
  auto* issued = r.mutable_recall_issued();
  issued->set_recall(recall.name);
  issued->set_kind(recall.kind);
  issued->set_product(product.name);
  issued->set_gtin(product.gtin);
  issued->set_lot(recall.lot);
  issued->set_units_on_hand(on_hand);
  issued->set_units_unblocked(unblocked);
  emit(std::move(r));
  adapters::BatchStatusNotice notice;
  notice.time_s = t;
  notice.gtin = product.gtin;
  notice.lot = recall.lot;
  notice.status = recall.kind == "withdrawal" ? "withdrawn" : "recalled";
  notice.recall = recall.name;
  notice.reason = "batch " + notice.status + " by the manufacturer";
  port_->on_batch_status(notice);
  // The gateway asks the system at once rather than at its next tick: a recall is urgent.
  gateway_tick();
  check_recalls();
}

void OperationsImpl::check_recalls(bool at_horizon) {
  for (RecallPlan& recall : recalls_) {
    if (!recall.issued || recall.contained) continue;
    const auto [on_hand, unblocked] = recall_stock(recall);
    if (unblocked > 0 && !at_horizon) continue;
    recall.contained = true;
    OperationsRecord r;
    r.set_t_s(now());
    auto* c = r.mutable_recall_containment();
    c->set_recall(recall.name);
    c->set_all_blocked(unblocked == 0);
    c->set_units_on_hand(on_hand);
    c->set_units_unblocked(unblocked);
    emit(std::move(r));
  }
}

}  // namespace pharmatwin::sim
