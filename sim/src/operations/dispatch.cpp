// The dispatch check: a quarantine, hold or reject that names packs while they are being picked
// stops them at the dock. Without it a pick started a minute before a suspect alert ships the
// very packs the alert names, because the decision only sees stock on the shelves.
#include <algorithm>
#include <map>

#include "operations/operations_impl.hpp"
#include "pharmatwin/sim/operations_ids.hpp"

namespace pharmatwin::sim {

bool StopNotice::names(const std::string& pack_key, const std::string& lot_key,
                       std::uint32_t pack_zone, std::uint64_t case_sscc,
                       std::uint64_t pallet_sscc) const {
  if (zone != kNone && pack_zone != zone) return false;
  if (packs.empty() && ssccs.empty() && lots.empty()) return zone != kNone;  // the whole zone
  return packs.count(pack_key) || lots.count(lot_key) ||
         (case_sscc != 0 && ssccs.count(case_sscc)) ||
         (pallet_sscc != 0 && ssccs.count(pallet_sscc));
}

void OperationsImpl::note_stop(const adapters::Decision& decision, double t_s) {
  if (decision.kind != adapters::DecisionKind::kQuarantine &&
      decision.kind != adapters::DecisionKind::kHold &&
      decision.kind != adapters::DecisionKind::kReject)
    return;
  // Notices older than every pick under way can no longer matter.
  const double oldest_pick_s = picks_under_way_.empty() ? t_s : *picks_under_way_.begin();
  while (!stop_notices_.empty() && stop_notices_.front().t_s < oldest_pick_s)
    stop_notices_.pop_front();
  if (picks_under_way_.empty()) return;
  StopNotice notice;
  notice.t_s = t_s;
  notice.kind = decision.kind;
  if (!decision.zone.empty()) {
    notice.zone = stock_.zone_index(decision.zone);
    if (notice.zone == kNone) return;  // unknown zone: the decision touched nothing
  }
  for (const std::string& key : decision.packs) {
    if (key.find('/') == std::string::npos)
      notice.ssccs.insert(sscc_to_int(key));
    else
      notice.packs.insert(key);
  }
  notice.lots.insert(decision.lots.begin(), decision.lots.end());
  if (notice.zone == kNone && notice.packs.empty() && notice.ssccs.empty() && notice.lots.empty())
    return;
  notice.reason = decision.reason;
  notice.key = decision.idempotency_key;
  notice.alert_id = decision.alert_id;
  stop_notices_.push_back(std::move(notice));
}

void OperationsImpl::hold_back_at_dispatch(PickResult& pick, double pick_time_s) {
  if (stop_notices_.empty() || stop_notices_.back().t_s < pick_time_s) return;
  // The notice that stops each pack (the first one issued after the pick), by source group.
  std::map<std::pair<std::uint32_t, std::size_t>, std::vector<std::uint32_t>> held;
  std::vector<std::uint32_t> kept;
  kept.reserve(pick.packs.size());
  for (std::uint32_t p : pick.packs) {
    const std::uint32_t g = stock_.pack_group(p);
    const std::uint32_t c = stock_.pack_case(p);
    const std::uint64_t case_sscc = c == kNone ? 0 : stock_.case_sscc(c);
    const std::uint32_t pallet = c == kNone ? kNone : stock_.case_pallet(c);
    const std::uint64_t pallet_sscc = pallet == kNone ? 0 : stock_.pallet_sscc(pallet);
    const std::string pack_key = stock_.pack_key(p);
    const std::string lot_key = stock_.lot_key(stock_.pack_lot(p));
    std::size_t stopping = stop_notices_.size();
    for (std::size_t i = 0; i < stop_notices_.size(); ++i) {
      const StopNotice& n = stop_notices_[i];
      if (n.t_s < pick_time_s) continue;
      if (n.names(pack_key, lot_key, stock_.group(g).zone, case_sscc, pallet_sscc)) {
        stopping = i;
        break;
      }
    }
    if (stopping == stop_notices_.size())
      kept.push_back(p);
    else
      held[{g, stopping}].push_back(p);
  }
  if (held.empty()) return;
  pick.packs = std::move(kept);
  for (auto& [source, packs] : held) {
    const auto [g, notice_index] = source;
    const StopNotice& notice = stop_notices_[notice_index];
    for (PickedGroup& pg : pick.groups)
      if (pg.group == g) pg.units -= std::uint32_t(packs.size());
    // Back on the shelf of its zone, with the budget it had consumed when it was picked.
    const std::uint32_t back = stock_.return_picked(g, packs, pick_time_s, now());
    for (std::uint32_t p : packs) record_interception(p, "dispatch", notice.alert_id, notice.key);
    current_alert_id_ = notice.alert_id;
    const std::string reason = notice.reason + " (stopped at dispatch)";
    switch (notice.kind) {
      case adapters::DecisionKind::kHold:
        change_status(back, GroupStatus::kOnHold, reason, notice.key);
        break;
      case adapters::DecisionKind::kReject:
        reject_and_destroy(back, reason, notice.key);
        break;
      default:
        change_status(back, GroupStatus::kQuarantined, reason, notice.key);
        queue_review(back, "decision:" + notice.key);
        break;
    }
    current_alert_id_.clear();
  }
  std::erase_if(pick.groups, [](const PickedGroup& pg) { return pg.units == 0; });
}

}  // namespace pharmatwin::sim
