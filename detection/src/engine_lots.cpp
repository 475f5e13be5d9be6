// What the zones hold: the lot table behind the stability budgets. A budget belongs to a lot,
// so the table is keyed by lot id and outlives zone membership; lots that left every zone are
// remembered for a bounded time and number.
#include <algorithm>

#include "engine_impl.hpp"

namespace pharmatwin::detection {

void Engine::Impl::set_lots_in_zone(ZoneId zone_id, std::span<const Lot> list) {
  if (zone_id >= zones.size()) return;
  ZoneState& zone = zones[zone_id];
  const std::uint64_t pass = ++lot_pass;
  for (const ZoneLot& member : zone.lots) {
    lots[member.lot].member_pass = pass;
    lots[member.lot].member_since_ms = member.since_ms;
  }
  std::vector<ZoneLot> next;
  next.reserve(list.size());
  for (const Lot& lot : list) {
    const std::uint32_t index = lot_for(lot);
    LotRecord& record = lots[index];
    if (record.listed_pass == pass) continue;  // named twice
    record.listed_pass = pass;
    if (record.member_pass == pass) {  // stays: keeps its arrival time
      next.push_back({index, record.member_since_ms});
      continue;
    }
    if (record.zones++ == 0 && record.left_ms != kNoTime) {  // back from the absent lots
      record.left_ms = kNoTime;
      --absent_lots;
    }
    next.push_back({index, now});
  }
  for (const ZoneLot& member : zone.lots) {
    if (lots[member.lot].listed_pass != pass) leave_zone(member.lot);
  }
  zone.lots = std::move(next);
  const Policy& policy = policy_of_zone(zone_id);
  zone.lots_max_c = std::numeric_limits<double>::infinity();
  zone.lots_min_c = -std::numeric_limits<double>::infinity();
  for (const ZoneLot& member : zone.lots) {
    const Lot& lot = lots[member.lot].lot;
    zone.lots_max_c = std::min(zone.lots_max_c, lot.max_c.value_or(policy.range_max_c));
    zone.lots_min_c = std::max(zone.lots_min_c, lot.min_c.value_or(policy.range_min_c));
  }
  // Stock lists sent without time passing: keep the table bounded all the same.
  if (absent_lots > 2 * max_absent_lots + 64) scan_lots();
}

// The record of a lot by id, created unused; its budget and range follow the latest list.
std::uint32_t Engine::Impl::lot_for(const Lot& lot) {
  if (const auto it = lot_index.find(lot.id); it != lot_index.end()) {
    Lot& known = lots[it->second].lot;
    known.budget_ms = lot.budget_ms;
    known.min_c = lot.min_c;
    known.max_c = lot.max_c;
    return it->second;
  }
  std::uint32_t index = 0;
  if (!free_lots.empty()) {
    index = free_lots.back();
    free_lots.pop_back();
  } else {
    index = static_cast<std::uint32_t>(lots.size());
    lots.emplace_back();
  }
  LotRecord& record = lots[index];
  record = LotRecord{};
  record.lot = lot;
  record.used = true;
  lot_index.emplace(lot.id, index);
  return index;
}

// A lot leaving its last zone stops being charged. Its open alert is cleared at the next scan
// if it is still nowhere then, so that a move listed as "out of one zone, into another" keeps it.
void Engine::Impl::leave_zone(std::uint32_t index) {
  LotRecord& record = lots[index];
  if (--record.zones > 0) return;
  record.left_ms = now == kNoTime ? 0 : now;
  ++absent_lots;
  departed_lots.push_back(index);
  next_scan_ms = kNoTime;
}

void Engine::Impl::scan_lots() {
  for (const std::uint32_t index : departed_lots) {
    LotRecord& record = lots[index];
    if (!record.used || record.zones > 0 || record.alert == 0) continue;
    const double share = record.lot.budget_ms > 0
                             ? static_cast<double>(record.consumed_ms) / record.lot.budget_ms
                             : 1.0;
    clear(record.alert, record.left_ms, share, "lot left the monitored zones");
  }
  departed_lots.clear();
  if (absent_lots == 0) {
    next_lot_prune_ms = kNoTime;
    return;
  }
  if (absent_lots <= max_absent_lots && next_lot_prune_ms != kNoTime && now < next_lot_prune_ms)
    return;
  // Forget the lots gone longer than the retention, then the oldest departures over the cap.
  std::vector<std::pair<TimeMs, std::uint32_t>> absent;
  absent.reserve(absent_lots);
  for (std::uint32_t i = 0; i < lots.size(); ++i) {
    const LotRecord& record = lots[i];
    if (!record.used || record.zones > 0 || record.left_ms == kNoTime) continue;
    if (now != kNoTime && now - record.left_ms > lot_retention_ms) {
      drop_lot(i);
    } else {
      absent.emplace_back(record.left_ms, i);
    }
  }
  if (absent.size() > max_absent_lots) {
    const auto over = static_cast<std::ptrdiff_t>(absent.size() - max_absent_lots);
    std::nth_element(absent.begin(), absent.begin() + over, absent.end());
    for (auto it = absent.begin(); it != absent.begin() + over; ++it) drop_lot(it->second);
    absent.erase(absent.begin(), absent.begin() + over);
  }
  next_lot_prune_ms = kNoTime;
  for (const auto& [left_ms, index] : absent) {
    const TimeMs due = left_ms + lot_retention_ms + 1;
    if (next_lot_prune_ms == kNoTime || due < next_lot_prune_ms) next_lot_prune_ms = due;
  }
}

void Engine::Impl::drop_lot(std::uint32_t index) {
  LotRecord& record = lots[index];
  if (record.alert != 0) clear(record.alert, now, 0.0, "lot no longer tracked");
  lot_index.erase(record.lot.id);
  record = LotRecord{};
  free_lots.push_back(index);
  --absent_lots;
}

}  // namespace pharmatwin::detection
