// Stock of the site: lots, serialized packs, cases and pallets, and where they are.
//
// Packs are stored as a struct of arrays (serial as an integer, lot, group, case, state, mark:
// 22 bytes a pack, plus 4 in their group's list) so a million packs take a few tens of MB.
// Packs in stock belong to a *group*: packs of one lot that entered one zone together and share
// a status. A group carries the stability budget its packs had already consumed before entering
// (transit, earlier stays), so the consumed budget is computed per group, not per pack:
//   consumed(t) = carried + out_of_range(zone, range, t) - out_of_range(zone, range, entered).
// No SimGrid here: the model is plain data, driven by the actors of operations.cpp.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pharmatwin/sim/operations_ids.hpp"

namespace pharmatwin::sim {

// True product-temperature exposure of a zone: seconds out of [min_c, max_c] from the run start
// to t_s (non-decreasing in t_s).
class ExposureSource {
 public:
  virtual ~ExposureSource() = default;
  virtual double cumulative_out_of_range_s(std::uint32_t zone, double min_c, double max_c,
                                           double t_s) = 0;
};

enum class PackState : std::uint8_t { kInTransit, kInStock, kShipped, kDestroyed, kMissing };
enum class GroupStatus : std::uint8_t { kAvailable, kQuarantined, kOnHold, kRejected, kEmpty };
const char* to_string(GroupStatus status);

// Ground truth of a pack's identity; kGenuine for real packs.
enum class CounterfeitMark : std::uint8_t {
  kGenuine = 0,
  kUnknownSerial,
  kClonedSerial,
  kDecommissionedReintroduced,
  kLotMismatch,
  kExpiryMismatch,
  kAggregationMismatch,
  kDiverted,
};

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

struct StockProduct {
  std::string name;
  std::string gtin;  // GTIN-14
  double min_c = 0;
  double max_c = 0;
  double budget_s = 0;  // allowed cumulative time out of range
  std::uint32_t units_per_case = 1;
  std::uint32_t cases_per_pallet = 1;
  SerialSpace serials;
  std::uint64_t next_counter = 0;  // next serial counter to commission
};

struct StockLot {
  std::uint32_t product = 0;
  std::string lot;
  std::string expiry;   // "YYYY-MM-DD"
  double expiry_s = 0;  // sim seconds at which the lot expires
};

struct StockGroup {
  std::uint32_t lot = 0;
  std::uint32_t zone = 0;
  GroupStatus status = GroupStatus::kAvailable;
  double entered_s = 0;              // entered this zone
  double stock_since_s = 0;          // entered the site's stock (for sojourn times)
  double carried_s = 0;              // budget consumed before entering the zone
  double zone_base_s = 0;            // zone's cumulative out-of-range time at entry
  bool budget_recorded = false;      // its exhaustion was recorded (or it arrived exhausted)
  std::vector<std::uint32_t> packs;  // packs in stock, picked from the back
};

struct PickedGroup {
  std::uint32_t group = 0;
  std::uint32_t units = 0;
};

struct PickResult {
  std::vector<std::uint32_t> packs;  // picked pack indices
  std::vector<PickedGroup> groups;   // where they came from, FEFO order
};

class Stock {
 public:
  explicit Stock(ExposureSource* climate = nullptr) : climate_(climate) {}

  // --- catalogue -----------------------------------------------------------------------
  std::uint32_t add_zone(std::string name);
  std::uint32_t zone_index(std::string_view name) const;  // kNone when unknown
  const std::string& zone_name(std::uint32_t zone) const { return zones_[zone]; }
  std::size_t zone_count() const { return zones_.size(); }

  std::uint32_t add_product(StockProduct product);
  std::uint32_t product_index(std::string_view name) const;  // kNone when unknown
  std::uint32_t product_by_gtin(std::string_view gtin) const;
  const StockProduct& product(std::uint32_t index) const { return products_[index]; }
  std::size_t product_count() const { return products_.size(); }

  // Finds the lot of a product or creates it.
  std::uint32_t lot_index(std::uint32_t product, std::string_view lot, std::string_view expiry,
                          double expiry_s);
  // Always a new lot record (a label variant may share its code with another lot).
  std::uint32_t add_lot(std::uint32_t product, std::string_view lot, std::string_view expiry,
                        double expiry_s);
  std::uint32_t find_lot(std::uint32_t product, std::string_view lot) const;
  const StockLot& lot(std::uint32_t index) const { return lots_[index]; }
  std::size_t lot_count() const { return lots_.size(); }
  std::string lot_key(std::uint32_t lot) const;  // "<gtin14>/<lot>"

  // --- packs, cases, pallets -------------------------------------------------------------
  // Next never-used genuine serial of a product.
  std::uint64_t commission_serial(std::uint32_t product);
  std::uint32_t add_pallet(std::uint64_t sscc);
  std::uint32_t add_case(std::uint64_t sscc, std::uint32_t pallet);
  std::uint32_t add_pack(std::uint32_t lot, std::uint64_t serial, std::uint32_t case_index,
                         PackState state, CounterfeitMark mark = CounterfeitMark::kGenuine);
  void reserve_packs(std::size_t count);

  std::size_t pack_count() const { return pack_serial_.size(); }
  std::uint64_t pack_serial(std::uint32_t pack) const { return pack_serial_[pack]; }
  std::uint32_t pack_lot(std::uint32_t pack) const { return pack_lot_[pack]; }
  std::uint32_t pack_group(std::uint32_t pack) const { return pack_group_[pack]; }
  std::uint32_t pack_case(std::uint32_t pack) const { return pack_case_[pack]; }
  PackState pack_state(std::uint32_t pack) const { return pack_state_[pack]; }
  CounterfeitMark pack_mark(std::uint32_t pack) const { return pack_mark_[pack]; }
  void set_pack_state(std::uint32_t pack, PackState state) { pack_state_[pack] = state; }
  void set_pack_serial(std::uint32_t pack, std::uint64_t serial) { pack_serial_[pack] = serial; }
  void set_pack_lot(std::uint32_t pack, std::uint32_t lot) { pack_lot_[pack] = lot; }
  void set_pack_case(std::uint32_t pack, std::uint32_t c) { pack_case_[pack] = c; }
  void set_pack_mark(std::uint32_t pack, CounterfeitMark mark) { pack_mark_[pack] = mark; }
  std::string pack_key(std::uint32_t pack) const;  // "<gtin14>/<serial>"

  std::size_t case_count() const { return case_sscc_.size(); }
  std::uint64_t case_sscc(std::uint32_t c) const { return case_sscc_[c]; }
  std::uint32_t case_pallet(std::uint32_t c) const { return case_pallet_[c]; }
  std::size_t pallet_count() const { return pallet_sscc_.size(); }
  std::uint64_t pallet_sscc(std::uint32_t p) const { return pallet_sscc_[p]; }

  // Packs matching "<gtin14>/<serial>" keys or SSCCs (of a case or pallet), in stock only.
  std::vector<std::uint32_t> find_packs_in_stock(const std::vector<std::string>& keys) const;

  // --- groups ---------------------------------------------------------------------------
  // Puts packs of one lot into stock in `zone` as a new group. `carried_s` is the budget they
  // consumed before (transit); `stock_since_s` < 0 means now.
  std::uint32_t put_away(const std::vector<std::uint32_t>& packs, std::uint32_t zone,
                         double carried_s, double now_s, GroupStatus status,
                         double stock_since_s = -1);
  // Puts packs picked from group g at `pick_time_s` back into stock (they did not leave after
  // all): a new available group in g's zone with g's history; the departure is not counted.
  std::uint32_t return_picked(std::uint32_t g, const std::vector<std::uint32_t>& packs,
                              double pick_time_s, double now_s);
  const StockGroup& group(std::uint32_t g) const { return groups_[g]; }
  std::size_t group_count() const { return groups_.size(); }
  double consumed_budget_s(std::uint32_t g, double now_s) const;
  bool budget_exhausted(std::uint32_t g, double now_s) const;

  // Sets a group's status (not its packs' states); returns the previous one.
  GroupStatus set_status(std::uint32_t g, GroupStatus status);
  void set_budget_recorded(std::uint32_t g) { groups_[g].budget_recorded = true; }
  // Moves `packs` (all in stock, of group g) into a new group with the same history.
  std::uint32_t split(std::uint32_t g, const std::vector<std::uint32_t>& packs, double now_s);
  // Removes every pack of the group from stock as destroyed; returns the count.
  std::uint32_t destroy(std::uint32_t g, double now_s);

  // Groups with stock matching a zone (kNone: any) and/or lot (kNone: any).
  std::vector<std::uint32_t> groups_with_stock(std::uint32_t zone, std::uint32_t lot) const;

  // Available, unexpired units of a product.
  std::uint64_t available_units(std::uint32_t product, double now_s) const;
  // First-expiry-first-out: takes up to `units` from available, unexpired groups of the product,
  // earliest expiry first (then earliest entry), and marks them shipped. Partial when short.
  PickResult pick_fefo(std::uint32_t product, std::uint32_t units, double now_s);

  // Units in stock per lot in a zone (any status), kept as stock moves.
  const std::map<std::uint32_t, std::uint64_t>& units_in_zone(std::uint32_t zone) const {
    return zone_lot_units_[zone];
  }
  // Zones whose content changed since the previous call, in zone order.
  std::vector<std::uint32_t> take_changed_zones();

  // --- accounting ----------------------------------------------------------------------
  std::uint64_t units_on_hand() const { return on_hand_; }
  std::uint64_t units_entered() const { return entered_; }
  std::uint64_t units_left() const { return left_; }
  double sojourn_sum_s() const { return sojourn_sum_s_; }  // of units that left
  // Integral of units on hand over time, up to now_s.
  double on_hand_integral(double now_s) const {
    return on_hand_integral_ + double(on_hand_) * (now_s - integral_time_s_);
  }
  std::size_t memory_bytes() const;

 private:
  void advance(double now_s);
  void leave(std::uint32_t g, std::uint32_t units, double now_s);
  void count_in_zone(const StockGroup& group, std::int64_t units);

  ExposureSource* climate_;  // not owned; may be null (no exposure)
  std::vector<std::string> zones_;
  std::vector<std::map<std::uint32_t, std::uint64_t>> zone_lot_units_;  // per zone: lot -> units
  std::vector<std::uint8_t> zone_changed_;
  std::vector<StockProduct> products_;
  std::vector<StockLot> lots_;
  std::vector<StockGroup> groups_;
  std::vector<std::vector<std::uint32_t>> product_groups_;  // groups ever created, per product

  std::vector<std::uint64_t> pack_serial_;
  std::vector<std::uint32_t> pack_lot_;
  std::vector<std::uint32_t> pack_group_;
  std::vector<std::uint32_t> pack_case_;
  std::vector<PackState> pack_state_;
  std::vector<CounterfeitMark> pack_mark_;

  std::vector<std::uint64_t> case_sscc_;
  std::vector<std::uint32_t> case_pallet_;
  std::vector<std::uint64_t> pallet_sscc_;

  std::uint64_t on_hand_ = 0, entered_ = 0, left_ = 0;
  double sojourn_sum_s_ = 0, on_hand_integral_ = 0, integral_time_s_ = 0;
};

}  // namespace pharmatwin::sim
