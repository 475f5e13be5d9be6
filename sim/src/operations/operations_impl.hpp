// Internals of Operations, shared by the source files of src/operations/.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pharmatwin/sim/operations.hpp"
#include "pharmatwin/sim/operations_random.hpp"
#include "pharmatwin/sim/operations_staff.hpp"

namespace pharmatwin::sim {

struct PharmacyInfo {
  std::string name, gln;
  double due_within_s = 0;
};

struct SupplierInfo {
  std::string name, gln, company_prefix;
};

struct LaneInfo {
  std::string name;
  std::uint32_t supplier = kNone;
  Sampler transit;
  double mean_c = 0, sigma_c = 0;
};

struct LinePlan {
  std::uint32_t product = 0;
  std::string lot, expiry;
  double expiry_s = 0;
  std::uint32_t pallets = 0, cases = 0;
};

struct ShipmentPlan {
  std::string name;
  std::uint32_t lane = kNone;
  double departs_s = 0, repeat_every_s = 0;
  std::uint32_t repeat_count = 1;
  std::vector<LinePlan> lines;
  std::uint32_t zone = kNone;  // kNone: by storage class
  bool is_return = false;
  std::uint32_t from_pharmacy = kNone;
};

// One occurrence of a shipment, from departure until everything is put away.
struct Occurrence {
  std::string name;
  std::uint32_t plan = 0;
  std::string from_gln;
  std::vector<std::uint32_t> packs;  // every pack that travels (replacements included)
  std::unordered_map<std::uint32_t, std::string> case_from_gln;  // diverted cases
  std::unordered_set<std::uint32_t> unreadable, missing;
  std::vector<double> carried_s;  // per product index: budget consumed in transit
  double departed_s = 0, transit_s = 0, worst_exposure_s = 0;
  std::uint32_t tasks_left = 0;
  std::uint32_t pallets = 0, cases = 0, exceptions = 0;
  std::uint64_t units_put_away = 0;
};

struct OrderLine {
  std::uint64_t id = 0;
  std::uint32_t pharmacy = 0, product = 0;
  std::uint32_t units = 0, shipped = 0, shipped_on_time = 0;
  double placed_s = 0, due_s = 0;
  bool open = true, queued = false;
};

// A quarantine, hold or reject applied while picks were under way: the packs it names (by
// "<gtin14>/<serial>" or the SSCC of their case or pallet), the lots ("<gtin14>/<lot>"), all in
// `zone` when set (the whole zone when nothing else is named). A pack picked before
// the decision and dispatched after it is held back at dispatch (QA's stop reaches the dock).
struct StopNotice {
  double t_s = 0;
  adapters::DecisionKind kind = adapters::DecisionKind::kQuarantine;
  std::unordered_set<std::string> packs, lots;
  std::unordered_set<std::uint64_t> ssccs;
  std::uint32_t zone = kNone;
  std::string reason, key, alert_id;

  // Whether the notice stops a pack (SSCCs of 0: none).
  bool names(const std::string& pack_key, const std::string& lot_key, std::uint32_t pack_zone,
             std::uint64_t case_sscc, std::uint64_t pallet_sscc) const;
};

// A scenario recall (recall.cpp): the lot, when it is issued, and how far it got.
struct RecallPlan {
  std::string name, kind, lot;  // kind "recall" / "withdrawal"; lot code
  std::uint32_t product = kNone;
  double at_s = 0;
  bool issued = false, contained = false;
};

struct VerificationWindow {
  std::string fault;
  double start_s = 0, end_s = 0;
};

class OperationsImpl : public ExposureSource {
 public:
  OperationsImpl(const scenario::Scenario& scenario, const WorldServices& services);

  // ExposureSource: the climate's product-temperature exposure, zone indices mapped.
  double cumulative_out_of_range_s(std::uint32_t zone, double min_c, double max_c,
                                   double t_s) override;

  // --- construction (operations.cpp) ---
  void build_catalogue();
  void build_initial_stock();
  void build_faults();
  void build_crews();
  void add_fault(const scenario::Fault& fault);
  RandomStream stream(std::string_view kind, std::string_view name) const;
  std::uint64_t next_sscc(const std::string& company_prefix, unsigned extension);
  std::uint32_t zone_for(std::uint32_t product, std::uint32_t preferred) const;
  double now() const;
  void emit(OperationsRecord record);
  adapters::PackLabel label(std::uint32_t pack) const;
  void commission_cases(const std::vector<std::uint32_t>& packs, const std::string& owner_gln);
  void report_initial_receipt(const std::vector<std::uint32_t>& packs,
                              const std::string& supplier_gln);
  void start();
  void finish(double now_s);
  OperationsStats stats() const;
  std::vector<adapters::ZoneStock> take_zone_stock_changes(double now_s);

  // --- orders (orders.cpp) ---
  void order_generator(std::uint32_t pharmacy, std::uint32_t product, double per_day, Sampler units,
                       RandomStream rng);
  void place_order(std::uint32_t pharmacy, std::uint32_t product, std::uint32_t units);
  void submit_pick(std::uint64_t line_id);
  void wake_backorders(std::uint32_t product);
  void close_overdue(double now_s);
  void close_lost(OrderLine& line, double now_s);  // OrderLost; counts the units never shipped
  void close_at_horizon(double now_s);
  void ship(OrderLine& line, const PickResult& pick, double pick_time_s);
  // Takes out of `pick` the packs a stop notice issued since `pick_time_s` names and returns
  // them to stock with the decided status (the dispatch check).
  void hold_back_at_dispatch(PickResult& pick, double pick_time_s);
  void note_stop(const adapters::Decision& decision, double t_s);

  // --- inbound (inbound.cpp) ---
  void shipment_actor(std::uint32_t plan);
  void depart(std::uint32_t plan, std::uint32_t number, RandomStream& rng);
  void arrive(std::shared_ptr<Occurrence> occ, RandomStream& rng);
  void inject_counterfeit(Occurrence& occ, const scenario::Fault& fault, RandomStream& rng);
  void inject_exception(Occurrence& occ, const scenario::Fault& fault, RandomStream& rng);
  void receive(std::shared_ptr<Occurrence> occ, std::vector<std::uint32_t> cases,
               std::unordered_map<std::uint32_t, std::vector<std::uint32_t>>& case_packs);

  // --- QA reviews (qa.cpp) ---
  void queue_review(std::uint32_t group, const std::string& cause);
  void finish_review(std::uint32_t group, std::uint64_t review_id, const std::string& reviewer);
  // Why QA must not release the group's stock at t (null when it may): its zone's ground truth.
  const char* zone_hold_reason(std::uint32_t group, double t) const;
  void recheck_held(double now_s);
  std::vector<std::uint32_t> fault_zones(const scenario::Fault& fault) const;
  void track_zone_fault(const scenario::Fault& fault, int delta);  // +1 at onset, -1 at end

  // --- recalls (recall.cpp) ---
  void build_recalls();
  void start_recalls(simgrid::s4u::Host* host);
  void issue_recall(std::uint32_t recall);
  // Writes RecallContainment for issued recalls whose on-hand stock became all blocked (at the
  // horizon: for every one still not contained).
  void check_recalls(bool at_horizon = false);
  // Units of the recall's lot in stock, and of those the ones available for picking.
  std::pair<std::uint64_t, std::uint64_t> recall_stock(const RecallPlan& recall) const;
  // Whether the lot of group g has been recalled (QA does not release it).
  bool group_recalled(std::uint32_t group) const;

  // --- decisions (decisions.cpp) ---
  void apply(const adapters::Decision& decision);
  std::vector<std::uint32_t> resolve(const adapters::Decision& decision, double now_s);
  void change_status(std::uint32_t group, GroupStatus to, const std::string& reason,
                     const std::string& key);
  // Counts packs quarantined for the first time (distinct-unit counts).
  std::uint64_t mark_quarantined(const std::vector<std::uint32_t>& packs);
  void reject_and_destroy(std::uint32_t group, const std::string& reason, const std::string& key);
  void gateway_tick();
  // Ground truth records: a group's stability budget running out in its zone, a counterfeit
  // pack stopped (receiving, storage, dispensing).
  void check_budgets(double now_s);
  void record_interceptions(std::uint32_t group, const std::string& decision_key);
  // Once per counterfeit pack; genuine packs are ignored.
  void record_interception(std::uint32_t pack, const char* stage, const std::string& alert_id,
                           const std::string& decision_key);
  void check_answers(const std::vector<adapters::VerificationAnswer>& answers);
  void handle_alert(const adapters::SuspectAlert& alert);
  // Writes a suspect alert to the event log as an alert record (scoring matches it to faults).
  void log_alert(const adapters::SuspectAlert& alert, double received_s);
  // `pack_ids`: the packs verified, when known (pharmacy checks), in label order.
  void verify(const std::string& requester_gln, std::vector<adapters::PackLabel> packs,
              std::vector<std::uint32_t> pack_ids = {});

  const scenario::Scenario& scenario_;
  WorldServices services_;
  RandomStreams fallback_random_;
  std::string error_;
  adapters::NullSerializationPort null_port_;
  adapters::SerializationPort* port_ = &null_port_;
  std::function<void(const OperationsRecord&)> listener_;

  Stock stock_{this};
  std::vector<std::uint32_t> climate_zone_;  // stock zone -> climate zone (kNone: unknown)
  std::vector<scenario::StorageClass> zone_class_;
  std::vector<scenario::StorageClass> product_class_;
  std::vector<std::vector<std::uint32_t>> product_chain_;  // suppliers per product
  std::vector<PharmacyInfo> pharmacies_;
  std::vector<SupplierInfo> suppliers_;
  std::vector<LaneInfo> lanes_;
  std::vector<ShipmentPlan> plans_;
  std::string site_gln_, site_prefix_, diverter_gln_, diverter_prefix_;
  std::map<std::string, std::uint64_t> sscc_counters_;

  std::multimap<std::string, scenario::Fault> occurrence_faults_;  // by occurrence name
  std::vector<VerificationWindow> verification_windows_;
  std::vector<RecallPlan> recalls_;
  std::unordered_map<std::string, std::shared_ptr<Occurrence>> in_transit_;

  std::unique_ptr<StaffPool> receivers_, pickers_, qa_;
  std::unordered_map<std::uint64_t, OrderLine> lines_;
  std::vector<std::vector<std::uint64_t>> open_lines_;  // per product
  std::uint64_t next_order_id_ = 1, next_review_id_ = 1, next_request_id_ = 1;
  std::unordered_set<std::string> applied_keys_;
  std::deque<StopNotice> stop_notices_;    // oldest first; kept while a pick may predate them
  std::multiset<double> picks_under_way_;  // pick times of picks not yet dispatched
  std::unordered_set<std::uint32_t> groups_under_review_;
  std::set<std::uint32_t> held_groups_;  // quarantined, review held until their zone settles
  std::vector<int> zone_faults_active_;  // per stock zone: climate faults under way
  std::vector<std::pair<double, double>> zone_range_;  // per stock zone: storage range, °C
  std::vector<bool> ever_quarantined_;                 // per pack
  // Counterfeit packs: fault and shipment that brought them; the ones already stopped.
  std::unordered_map<std::uint32_t, std::pair<std::string, std::string>> counterfeit_origin_;
  std::unordered_set<std::uint32_t> intercepted_;
  std::unordered_set<std::string> shipments_received_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> pharmacy_requests_;  // id -> packs
  std::string current_alert_id_;  // of the decision being applied
  double budgets_checked_s_ = 0;
  std::vector<std::uint32_t> budget_watch_;  // groups whose budget may still run out
  std::vector<double> budget_exposure_;      // check_budgets' per (zone, product) scratch
  std::uint32_t budget_next_group_ = 0;      // first group not yet watched
  std::uint64_t clone_cursor_ = 0;
  std::vector<std::uint64_t> unknown_counter_;  // per product, beyond the genuine range

  OperationsStats stats_;
  double tick_s_ = 300;
  bool started_ = false, finished_ = false;
};

}  // namespace pharmatwin::sim
