// The serialized-pack repository: every pack's EU FMD status, batch, custodian, custody chain
// and place in the aggregation hierarchy (pallet SSCC > case SSCC > packs), fed by EPCIS
// events or typed calls, answering DSCSA and EU FMD verifications and raising suspect-product
// alerts. Built for ten million packs in well under 2 GiB: each pack is a 32-byte hash slot
// with what a verification reads (key, batch, status, flags) plus a 36-byte record with the
// rest; GTINs, lots and locations are interned to small ints.
//
// Times are epoch milliseconds UTC; stored internally at one-second resolution.
// Locations are GLNs ("0614141123452") or SGLN URIs; an SGLN with extension 0 is the GLN.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pharmatwin/serialization/anomaly.hpp"
#include "pharmatwin/serialization/chunked_log.hpp"
#include "pharmatwin/serialization/event.hpp"
#include "pharmatwin/serialization/gs1_date.hpp"
#include "pharmatwin/serialization/huge_page_allocator.hpp"
#include "pharmatwin/serialization/interner.hpp"
#include "pharmatwin/serialization/pack_key.hpp"
#include "pharmatwin/serialization/pack_state.hpp"
#include "pharmatwin/serialization/pack_table.hpp"
#include "pharmatwin/serialization/result.hpp"
#include "pharmatwin/serialization/suspect_alert.hpp"

namespace pharmatwin::serialization {

// What is printed on the pack (the DSCSA "product identifier", the FMD "unique identifier").
struct ProductIdentifier {
  std::string_view gtin;  // 14 digits (shorter GTINs are padded)
  std::string_view serial;
  std::string_view lot;
  CivilDate expiry;  // day 0 = end of month, as in AI (17)
};

// DSCSA verification response (PI verification, VRS).
enum class DscsaStatus : std::uint8_t {
  kVerified,
  kNoMatchGtinSerial,
  kNoMatchLot,
  kNoMatchExpiry,
  kNoMatchLotExpiry,
};
std::string_view to_string(DscsaStatus status);  // "Verified", "No_match_GTIN_Serial", ...

struct DscsaAnswer {
  DscsaStatus status = DscsaStatus::kNoMatchGtinSerial;
  // Additional information of the response.
  bool expired = false;
  bool recalled = false;      // batch recalled or withdrawn
  bool suspect = false;       // a suspect-product rule has fired on this pack
  bool illegitimate = false;  // stolen, or declared illegitimate after investigation
};

struct FmdAnswer {
  NmvsCode code = NmvsCode::kUnknownSerial;
  PackStatus status = PackStatus::kActive;  // pack status after the request (if known)
  BatchStatus batch = BatchStatus::kActive;
  bool expired = false;
};

enum class CustodyKind : std::uint8_t {
  kCommissioned,
  kShipped,
  kReceived,
  kDispensed,
  kDecommissioned
};
std::string_view to_string(CustodyKind kind);

struct CustodyEntry {
  CustodyKind kind;
  std::string location;
  std::int64_t time_ms;
};

// Everything known about one pack, for inspection and QA (slow path, allocates).
struct PackView {
  std::string gtin;
  std::string serial;
  std::string lot;
  CivilDate expiry;
  PackStatus status = PackStatus::kActive;
  BatchStatus batch = BatchStatus::kActive;
  std::string custodian;
  std::string parent_sscc;  // empty when not packed
  bool in_transit = false;
  bool suspect = false;
  std::vector<CustodyEntry> custody;  // oldest first
};

struct ContainerView {
  std::string sscc;
  std::string parent_sscc;
  std::string custodian;
  std::size_t packs = 0;                // direct children that are packs
  std::vector<std::string> containers;  // direct children that are containers (SSCCs)
};

// A scored custody change, for ranking what the rules let through.
struct RankedMovement {
  double score = 0;
  std::string pack;  // "(01)...(21)..."
  std::string from;
  std::string to;
  std::int64_t time_ms = 0;
};

struct RepositoryOptions {
  std::size_t expected_packs = 0;  // reserve up front (avoids regrowth of the big arrays)
  int reference_year = 0;          // YY window for expiry dates; 0 = current year
  bool learn_movements = true;     // feed custody changes into the anomaly model
  // Raise a kAnomaly alert for a movement scoring above this (infinity = never).
  double anomaly_alert_threshold = std::numeric_limits<double>::infinity();
  std::size_t anomaly_ranking_size = 100;  // how many top-scored movements to keep
};

struct RepositoryStats {
  std::size_t packs = 0;
  std::size_t containers = 0;
  std::size_t batches = 0;
  std::size_t locations = 0;
  std::size_t custody_entries = 0;
  std::size_t memory_bytes = 0;  // the big arrays (records, index, custody log)
};

class Repository {
 public:
  explicit Repository(RepositoryOptions options = {});

  void set_alert_sink(AlertSink* sink) { sink_ = sink; }
  AnomalyModel& anomaly_model() { return anomaly_; }
  // Scores movements with the model instead of learning from them (after a training run).
  void set_learning(bool learn) { options_.learn_movements = learn; }

  // --- Reference data for the rules ---
  // Shortest possible transit between two locations; faster moves raise kImpossibleTravel.
  void set_min_transit(std::string_view from, std::string_view to, std::int64_t min_ms);
  // Expected chain: once a location has expected next custodians, custody passing anywhere
  // else raises kDiversion.
  void add_expected_route(std::string_view from, std::string_view to);
  void set_batch_status(std::string_view gtin, std::string_view lot, BatchStatus status);
  // Conclusion of an investigation (DSCSA "illegitimate product").
  bool mark_illegitimate(std::string_view gtin, std::string_view serial);

  // --- Events ---
  // Applies one EPCIS event. Errors only for malformed identifiers; trade anomalies become
  // alerts. ErrorDeclaration-marked events are ignored.
  Result<bool> ingest(const Event& event);
  // Applies events in order, like ingest() one by one, but starts loading the packs of the
  // next events while applying the current one. Returns how many applied without error;
  // errors (if wanted) are listed with the event's position.
  std::size_t ingest_batch(std::span<const Event> events,
                           std::vector<std::pair<std::size_t, Error>>* errors = nullptr);

  // --- Typed calls (same effects as the matching events) ---
  Result<bool> commission(std::string_view gtin, std::string_view serial, std::string_view lot,
                          CivilDate expiry, std::string_view location, std::int64_t time_ms);
  Result<bool> commission_container(std::string_view sscc, std::string_view location,
                                    std::int64_t time_ms);
  // `parent_sscc` and children are EPC URIs (SSCC parent; SGTIN or SSCC children).
  Result<bool> pack(std::string_view parent_uri, const std::vector<std::string>& child_uris,
                    std::string_view location, std::int64_t time_ms);
  // Empty `child_uris` unpacks everything.
  Result<bool> unpack(std::string_view parent_uri, const std::vector<std::string>& child_uris,
                      std::string_view location, std::int64_t time_ms);
  Result<bool> ship(std::string_view epc_uri, std::string_view from, std::string_view to,
                    std::int64_t time_ms);
  Result<bool> receive(std::string_view epc_uri, std::string_view at, std::int64_t time_ms);
  Result<bool> observe(std::string_view epc_uri, std::string_view at, std::int64_t time_ms);

  // --- Verification ---
  DscsaAnswer verify_dscsa(const ProductIdentifier& id, std::int64_t now_ms,
                           std::string_view requester);
  FmdAnswer verify_fmd(const ProductIdentifier& id, std::int64_t now_ms, std::string_view location);
  // Many DSCSA verifications at once (a VRS batch): same answers as verify_dscsa one by one,
  // with the memory lookups of neighbouring requests overlapped. `out.size() >= ids.size()`.
  void verify_dscsa_batch(std::span<const ProductIdentifier> ids, std::int64_t now_ms,
                          std::string_view requester, std::span<DscsaAnswer> out);
  // Sets an inactive status (supplied, exported, ...). NMVS_NC_PCK_22 when already inactive.
  FmdAnswer decommission(const ProductIdentifier& id, PackStatus target, std::int64_t now_ms,
                         std::string_view location);
  // Reverts `undo_of` to active under the FMD undo rules.
  FmdAnswer undo(const ProductIdentifier& id, PackStatus undo_of, std::int64_t now_ms,
                 std::string_view location);

  // --- Inspection ---
  std::optional<PackView> find_pack(std::string_view gtin, std::string_view serial) const;
  std::optional<ContainerView> find_container(std::string_view sscc) const;
  // SGTINs as "(01)...(21)..." of every pack under a container, recursively.
  std::vector<std::string> contents(std::string_view sscc) const;
  RepositoryStats stats() const;
  // The highest-scoring movements seen while not learning, highest first.
  std::vector<RankedMovement> most_anomalous() const;

 private:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  // Bits of HotPack::flags.
  static constexpr std::uint8_t kInTransit = 1, kSuspect = 2, kIllegitimate = 4;

  // The cold part of a pack (its hot part is the HotPack in table_[slot]).
  struct PackRecord {
    std::uint32_t slot = 0;         // where its HotPack is (moves when the table grows)
    std::uint32_t parent = kNone;   // container index
    std::uint32_t custodian = 0;    // location id (0 = none)
    std::uint32_t destination = 0;  // where it was shipped to (0 = unknown)
    std::uint32_t custody_head = kNone;
    std::uint32_t status_location = 0;  // who set the current inactive status
    std::uint32_t last_move_s = 0;      // last ship/receive/commission time
    std::uint32_t arrived_s = 0;        // arrival at the current custodian (for dwell times)
    std::uint32_t status_changed_s = 0;
  };
  // A verification request made ready before its table probe: key, hash (slot prefetched)
  // and the request's dates as the batch stores them.
  struct Lookup {
    bool known_form = false;  // the GTIN and serial could name a pack at all
    PackKey key;
    std::uint64_t hash = 0;
    std::int32_t expiry = 0;  // yyyymmdd asked for, day 0 resolved
    std::int32_t today = 0;   // yyyymmdd of the request time
  };
  struct Batch {
    std::uint32_t gtin_index;
    std::uint32_t lot;    // interned lot id
    std::int32_t expiry;  // yyyymmdd, day 0 resolved to month end
    BatchStatus status;
  };
  struct CustodyRecord {
    std::uint32_t location;
    std::uint32_t time_s;
    std::uint32_t previous;
    CustodyKind kind;
  };
  struct Container {
    std::uint64_t sscc;
    std::uint32_t parent = kNone;
    std::uint32_t custodian = 0;
    std::uint32_t destination = 0;
    std::uint32_t last_move_s = 0;
    bool in_transit = false;
    std::vector<std::uint32_t> packs;
    std::vector<std::uint32_t> containers;
  };
  // A resolved EPC: a pack, a container, or an unknown one.
  struct Target {
    enum Kind { kPack, kContainer, kUnknownPack, kUnknownContainer } kind;
    std::uint32_t index;
  };
  // What a step is applied with.
  struct Context {
    std::int64_t time_ms;
    std::uint32_t location;
    std::uint32_t destination;
    std::string_view subject;  // EPC as given (for alerts)
    std::string_view event_id;
    bool direct;  // the pack was named itself (not reached through a case)
  };

  // repository.cpp
  std::uint32_t location_id(std::string_view location);
  std::uint32_t gtin_index(std::uint64_t gtin_number);
  std::uint32_t find_gtin_index(std::uint64_t gtin_number) const;
  std::optional<PackKey> make_key(std::uint32_t gtin_index, std::string_view serial);
  std::optional<PackKey> find_key(std::uint32_t gtin_index, std::string_view serial) const;
  std::uint32_t find_pack_index(std::string_view gtin, std::string_view serial) const;
  HotPack& hot(std::uint32_t p) { return table_[packs_[p].slot]; }
  const HotPack& hot(std::uint32_t p) const { return table_[packs_[p].slot]; }
  // Record position of the pack with `key`, or kNone.
  std::uint32_t find_record(const PackKey& key) const;
  // Key of a pack from its printed GTIN and serial; nullopt when no such GTIN/serial is known.
  std::optional<PackKey> lookup_key(std::string_view gtin, std::string_view serial) const;
  std::uint32_t batch_of(std::uint32_t gtin_index, std::string_view lot, std::int32_t expiry);
  Result<Target> resolve(std::string_view epc_uri);
  std::uint32_t container_of(std::uint64_t sscc, bool create);
  void add_custody(PackRecord& pack, CustodyKind kind, std::uint32_t location,
                   std::int64_t time_ms);
  std::string describe_pack(std::uint32_t p) const;
  std::string describe_container(const Container& c) const;
  Result<bool> commission_pack(std::uint64_t gtin_number, std::string_view serial,
                               std::uint32_t batch, const Context& ctx);

  // verification.cpp
  Lookup prepare(const ProductIdentifier& id, std::int32_t today) const;
  std::uint32_t probe(const Lookup& lookup) const;  // slot or PackTable::kNotFound
  DscsaAnswer answer_dscsa(std::uint32_t slot, const Lookup& lookup, const ProductIdentifier& id,
                           std::int64_t now_ms, std::string_view requester);
  FmdAnswer answer_fmd(std::uint32_t slot, const Lookup& lookup, const ProductIdentifier& id,
                       std::int64_t now_ms, std::string_view location);

  // movement.cpp
  void ship_pack(std::uint32_t p, const Context& ctx);
  void receive_pack(std::uint32_t p, const Context& ctx);
  void observe_pack(std::uint32_t p, const Context& ctx);
  void set_status(std::uint32_t p, PackStatus status, const Context& ctx);
  void check_reappearing(std::uint32_t p, const Context& ctx, std::string_view what);
  void check_outside_parent(std::uint32_t p, const Context& ctx);
  struct Scored;
  void rank_movement(const Scored& scored);
  void note_movement(std::uint32_t from, std::uint32_t to, std::int64_t dwell_ms,
                     const Context& ctx);
  enum class Step { kShip, kReceive, kObserve, kDispense, kDecommission, kDestroy };
  void apply(const Target& target, Step step, PackStatus status, const Context& ctx);
  void apply_container(std::uint32_t c, Step step, PackStatus status, const Context& ctx);

  // aggregation.cpp
  Result<bool> aggregate(const Event& event, std::uint32_t location);
  void attach(std::uint32_t container, const Target& child, const Context& ctx);
  void detach(std::uint32_t container, const Target& child);
  void compare_contents(std::uint32_t container, const std::vector<Target>& seen,
                        const Context& ctx);

  // suspect_rules.cpp
  void raise(SuspectRule rule, std::uint32_t pack, const Context& ctx, std::string evidence,
             double score = 0, std::uint32_t container = kNone);

  RepositoryOptions options_;
  AlertSink* sink_ = nullptr;
  AnomalyModel anomaly_;

  std::vector<PackRecord, HugePageAllocator<PackRecord>> packs_;
  PackTable table_;
  std::vector<std::uint64_t> gtins_;  // gtin index -> GTIN number
  std::unordered_map<std::uint64_t, std::uint32_t> gtin_ids_;
  Interner long_serials_;
  Interner lots_;
  std::vector<Batch> batches_;
  std::unordered_map<std::uint64_t, std::uint32_t> batch_ids_;  // gtin index << 32 | lot id
  Interner raw_locations_;                                      // locations as given
  std::vector<std::uint32_t> canonical_of_;                     // raw id -> canonical location id
  Interner locations_;  // canonical (GLN or SGLN with extension)
  ChunkedLog<CustodyRecord> custody_;
  std::vector<Container> containers_;
  std::unordered_map<std::uint64_t, std::uint32_t> container_ids_;
  std::unordered_map<std::uint64_t, std::int64_t> min_transit_ms_;  // from << 32 | to
  std::unordered_map<std::uint32_t, std::unordered_set<std::uint32_t>> expected_routes_;
  struct Scored {
    double score;
    std::uint32_t pack, from, to;
    std::int64_t time_ms;
    bool operator>(const Scored& other) const { return score > other.score; }
  };
  std::vector<Scored> ranking_;  // min-heap on score, at most anomaly_ranking_size
};

}  // namespace pharmatwin::serialization
