#include <algorithm>
#include <unordered_set>

#include "pharmatwin/sim/operations_stock.hpp"

namespace pharmatwin::sim {

const char* to_string(GroupStatus status) {
  switch (status) {
    case GroupStatus::kAvailable:
      return "available";
    case GroupStatus::kQuarantined:
      return "quarantined";
    case GroupStatus::kOnHold:
      return "on_hold";
    case GroupStatus::kRejected:
      return "rejected";
    case GroupStatus::kEmpty:
      return "empty";
  }
  return "?";
}

std::uint32_t Stock::add_zone(std::string name) {
  zones_.push_back(std::move(name));
  zone_lot_units_.emplace_back();
  zone_changed_.push_back(0);
  return std::uint32_t(zones_.size() - 1);
}

std::uint32_t Stock::zone_index(std::string_view name) const {
  for (std::size_t i = 0; i < zones_.size(); ++i)
    if (zones_[i] == name) return std::uint32_t(i);
  return kNone;
}

std::uint32_t Stock::add_product(StockProduct product) {
  products_.push_back(std::move(product));
  product_groups_.emplace_back();
  return std::uint32_t(products_.size() - 1);
}

std::uint32_t Stock::product_index(std::string_view name) const {
  for (std::size_t i = 0; i < products_.size(); ++i)
    if (products_[i].name == name) return std::uint32_t(i);
  return kNone;
}

std::uint32_t Stock::product_by_gtin(std::string_view gtin) const {
  for (std::size_t i = 0; i < products_.size(); ++i)
    if (products_[i].gtin == gtin) return std::uint32_t(i);
  return kNone;
}

std::uint32_t Stock::lot_index(std::uint32_t product, std::string_view lot, std::string_view expiry,
                               double expiry_s) {
  std::uint32_t found = find_lot(product, lot);
  return found != kNone ? found : add_lot(product, lot, expiry, expiry_s);
}

std::uint32_t Stock::add_lot(std::uint32_t product, std::string_view lot, std::string_view expiry,
                             double expiry_s) {
  lots_.push_back(StockLot{product, std::string(lot), std::string(expiry), expiry_s});
  return std::uint32_t(lots_.size() - 1);
}

std::uint32_t Stock::find_lot(std::uint32_t product, std::string_view lot) const {
  for (std::size_t i = 0; i < lots_.size(); ++i)
    if (lots_[i].product == product && lots_[i].lot == lot) return std::uint32_t(i);
  return kNone;
}

std::string Stock::lot_key(std::uint32_t lot) const {
  return products_[lots_[lot].product].gtin + "/" + lots_[lot].lot;
}

std::uint64_t Stock::commission_serial(std::uint32_t product) {
  StockProduct& p = products_[product];
  return p.serials.serial(p.next_counter++);
}

std::uint32_t Stock::add_pallet(std::uint64_t sscc) {
  pallet_sscc_.push_back(sscc);
  return std::uint32_t(pallet_sscc_.size() - 1);
}

std::uint32_t Stock::add_case(std::uint64_t sscc, std::uint32_t pallet) {
  case_sscc_.push_back(sscc);
  case_pallet_.push_back(pallet);
  return std::uint32_t(case_sscc_.size() - 1);
}

std::uint32_t Stock::add_pack(std::uint32_t lot, std::uint64_t serial, std::uint32_t case_index,
                              PackState state, CounterfeitMark mark) {
  pack_serial_.push_back(serial);
  pack_lot_.push_back(lot);
  pack_group_.push_back(kNone);
  pack_case_.push_back(case_index);
  pack_state_.push_back(state);
  pack_mark_.push_back(mark);
  return std::uint32_t(pack_serial_.size() - 1);
}

void Stock::reserve_packs(std::size_t count) {
  pack_serial_.reserve(count);
  pack_lot_.reserve(count);
  pack_group_.reserve(count);
  pack_case_.reserve(count);
  pack_state_.reserve(count);
  pack_mark_.reserve(count);
}

std::string Stock::pack_key(std::uint32_t pack) const {
  return sim::pack_key(products_[lots_[pack_lot_[pack]].product].gtin, pack_serial_[pack]);
}

std::vector<std::uint32_t> Stock::find_packs_in_stock(const std::vector<std::string>& keys) const {
  // Wanted (product, serial) pairs and SSCCs; one pass over the packs answers all of them.
  std::unordered_set<std::uint64_t> wanted_cases, wanted_pallets;
  std::vector<std::unordered_set<std::uint64_t>> wanted_serials(products_.size());
  for (const std::string& key : keys) {
    auto slash = key.find('/');
    if (slash == std::string::npos) {
      std::uint64_t sscc = sscc_to_int(key);
      for (std::size_t c = 0; c < case_sscc_.size(); ++c)
        if (case_sscc_[c] == sscc) wanted_cases.insert(c);
      for (std::size_t p = 0; p < pallet_sscc_.size(); ++p)
        if (pallet_sscc_[p] == sscc) wanted_pallets.insert(p);
      continue;
    }
    std::uint32_t product = product_by_gtin(std::string_view(key).substr(0, slash));
    if (product == kNone) continue;
    std::uint64_t serial = 0;
    bool digits = slash + 1 < key.size();
    for (std::size_t i = slash + 1; i < key.size(); ++i) {
      if (key[i] < '0' || key[i] > '9')
        digits = false;
      else
        serial = serial * 10 + std::uint64_t(key[i] - '0');
    }
    if (digits) wanted_serials[product].insert(serial);
  }
  std::vector<std::uint32_t> found;
  for (std::uint32_t i = 0; i < pack_serial_.size(); ++i) {
    if (pack_state_[i] != PackState::kInStock) continue;
    std::uint32_t c = pack_case_[i];
    bool hit = c != kNone && (wanted_cases.count(c) ||
                              (case_pallet_[c] != kNone && wanted_pallets.count(case_pallet_[c])));
    if (!hit) {
      const auto& serials = wanted_serials[lots_[pack_lot_[i]].product];
      hit = !serials.empty() && serials.count(pack_serial_[i]);
    }
    if (hit) found.push_back(i);
  }
  return found;
}

void Stock::count_in_zone(const StockGroup& group, std::int64_t units) {
  if (units == 0 || group.zone >= zone_lot_units_.size()) return;
  auto& lots = zone_lot_units_[group.zone];
  const std::uint64_t now = lots[group.lot] + static_cast<std::uint64_t>(units);
  if (now == 0)
    lots.erase(group.lot);
  else
    lots[group.lot] = now;
  zone_changed_[group.zone] = 1;
}

std::vector<std::uint32_t> Stock::take_changed_zones() {
  std::vector<std::uint32_t> out;
  for (std::uint32_t z = 0; z < zone_changed_.size(); ++z) {
    if (zone_changed_[z]) out.push_back(z);
    zone_changed_[z] = 0;
  }
  return out;
}

void Stock::advance(double now_s) {
  if (now_s > integral_time_s_) {
    on_hand_integral_ += double(on_hand_) * (now_s - integral_time_s_);
    integral_time_s_ = now_s;
  }
}

std::uint32_t Stock::put_away(const std::vector<std::uint32_t>& packs, std::uint32_t zone,
                              double carried_s, double now_s, GroupStatus status,
                              double stock_since_s) {
  advance(now_s);
  StockGroup group;
  group.lot = packs.empty() ? 0 : pack_lot_[packs.front()];
  group.zone = zone;
  group.status = status;
  group.entered_s = now_s;
  group.stock_since_s = stock_since_s < 0 ? now_s : stock_since_s;
  group.carried_s = carried_s;
  const StockProduct& product = products_[lots_[group.lot].product];
  group.zone_base_s =
      climate_ ? climate_->cumulative_out_of_range_s(zone, product.min_c, product.max_c, now_s) : 0;
  group.packs = packs;
  auto id = std::uint32_t(groups_.size());
  for (std::uint32_t p : packs) {
    pack_group_[p] = id;
    pack_state_[p] = PackState::kInStock;
  }
  on_hand_ += packs.size();
  if (stock_since_s < 0) entered_ += packs.size();
  count_in_zone(group, static_cast<std::int64_t>(packs.size()));
  product_groups_[lots_[group.lot].product].push_back(id);
  groups_.push_back(std::move(group));
  return id;
}

double Stock::consumed_budget_s(std::uint32_t g, double now_s) const {
  const StockGroup& group = groups_[g];
  if (!climate_) return group.carried_s;
  const StockProduct& product = products_[lots_[group.lot].product];
  return group.carried_s +
         climate_->cumulative_out_of_range_s(group.zone, product.min_c, product.max_c, now_s) -
         group.zone_base_s;
}

bool Stock::budget_exhausted(std::uint32_t g, double now_s) const {
  const StockProduct& product = products_[lots_[groups_[g].lot].product];
  return product.budget_s > 0 && consumed_budget_s(g, now_s) >= product.budget_s;
}

GroupStatus Stock::set_status(std::uint32_t g, GroupStatus status) {
  GroupStatus before = groups_[g].status;
  groups_[g].status = status;
  return before;
}

std::uint32_t Stock::split(std::uint32_t g, const std::vector<std::uint32_t>& packs, double now_s) {
  std::unordered_set<std::uint32_t> moving(packs.begin(), packs.end());
  StockGroup part;
  {
    StockGroup& source = groups_[g];
    part.lot = source.lot;
    part.zone = source.zone;
    part.status = source.status;
    part.entered_s = source.entered_s;
    part.stock_since_s = source.stock_since_s;
    part.carried_s = source.carried_s;
    part.zone_base_s = source.zone_base_s;
    part.budget_recorded = source.budget_recorded;
    auto keep = std::stable_partition(source.packs.begin(), source.packs.end(),
                                      [&](std::uint32_t p) { return !moving.count(p); });
    part.packs.assign(keep, source.packs.end());
    source.packs.erase(keep, source.packs.end());
  }
  auto id = std::uint32_t(groups_.size());
  for (std::uint32_t p : part.packs) pack_group_[p] = id;
  product_groups_[lots_[part.lot].product].push_back(id);
  groups_.push_back(std::move(part));
  return id;
}

std::uint32_t Stock::return_picked(std::uint32_t g, const std::vector<std::uint32_t>& packs,
                                   double pick_time_s, double now_s) {
  const StockGroup source = groups_[g];
  const auto units = double(packs.size());
  left_ -= packs.size();
  sojourn_sum_s_ -= units * (pick_time_s - source.stock_since_s);
  // Available, as when they were picked; the caller changes their status.
  return put_away(packs, source.zone, consumed_budget_s(g, pick_time_s), now_s,
                  GroupStatus::kAvailable, source.stock_since_s);
}

void Stock::leave(std::uint32_t g, std::uint32_t units, double now_s) {
  advance(now_s);
  count_in_zone(groups_[g], -static_cast<std::int64_t>(units));
  on_hand_ -= units;
  left_ += units;
  sojourn_sum_s_ += double(units) * (now_s - groups_[g].stock_since_s);
}

std::uint32_t Stock::destroy(std::uint32_t g, double now_s) {
  StockGroup& group = groups_[g];
  auto units = std::uint32_t(group.packs.size());
  for (std::uint32_t p : group.packs) pack_state_[p] = PackState::kDestroyed;
  leave(g, units, now_s);
  group.packs.clear();
  group.packs.shrink_to_fit();
  return units;
}

std::vector<std::uint32_t> Stock::groups_with_stock(std::uint32_t zone, std::uint32_t lot) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t g = 0; g < groups_.size(); ++g) {
    const StockGroup& group = groups_[g];
    if (group.packs.empty()) continue;
    if (zone != kNone && group.zone != zone) continue;
    if (lot != kNone && group.lot != lot) continue;
    out.push_back(g);
  }
  return out;
}

std::uint64_t Stock::available_units(std::uint32_t product, double now_s) const {
  std::uint64_t units = 0;
  for (std::uint32_t g : product_groups_[product]) {
    const StockGroup& group = groups_[g];
    if (group.status == GroupStatus::kAvailable && lots_[group.lot].expiry_s > now_s)
      units += group.packs.size();
  }
  return units;
}

PickResult Stock::pick_fefo(std::uint32_t product, std::uint32_t units, double now_s) {
  std::vector<std::uint32_t>& list = product_groups_[product];
  // Forget groups that ran empty, then order the pickable ones by expiry, entry, id.
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](std::uint32_t g) { return groups_[g].packs.empty(); }),
             list.end());
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t g : list) {
    const StockGroup& group = groups_[g];
    if (group.status == GroupStatus::kAvailable && lots_[group.lot].expiry_s > now_s)
      candidates.push_back(g);
  }
  std::sort(candidates.begin(), candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
    const StockGroup& ga = groups_[a];
    const StockGroup& gb = groups_[b];
    double ea = lots_[ga.lot].expiry_s, eb = lots_[gb.lot].expiry_s;
    if (ea != eb) return ea < eb;
    if (ga.entered_s != gb.entered_s) return ga.entered_s < gb.entered_s;
    return a < b;
  });
  PickResult result;
  for (std::uint32_t g : candidates) {
    if (units == 0) break;
    StockGroup& group = groups_[g];
    auto take = std::uint32_t(std::min<std::size_t>(units, group.packs.size()));
    for (std::uint32_t i = 0; i < take; ++i) {
      std::uint32_t p = group.packs.back();
      group.packs.pop_back();
      pack_state_[p] = PackState::kShipped;
      result.packs.push_back(p);
    }
    leave(g, take, now_s);
    result.groups.push_back({g, take});
    units -= take;
  }
  return result;
}

std::size_t Stock::memory_bytes() const {
  std::size_t bytes = pack_serial_.capacity() * sizeof(std::uint64_t) +
                      (pack_lot_.capacity() + pack_group_.capacity() + pack_case_.capacity()) *
                          sizeof(std::uint32_t) +
                      pack_state_.capacity() + pack_mark_.capacity() + case_sscc_.capacity() * 8 +
                      case_pallet_.capacity() * 4 + pallet_sscc_.capacity() * 8;
  for (const StockGroup& g : groups_) bytes += sizeof(StockGroup) + g.packs.capacity() * 4;
  for (const StockLot& l : lots_) bytes += sizeof(StockLot) + l.lot.capacity();
  return bytes;
}

}  // namespace pharmatwin::sim
