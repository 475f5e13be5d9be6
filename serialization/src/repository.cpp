// Repository storage: interning, keys, lookups, commissioning and inspection.
#include "pharmatwin/serialization/repository.hpp"

#include "pharmatwin/serialization/epc_uri.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"
#include "seconds.hpp"

namespace pharmatwin::serialization {

namespace {

std::optional<std::uint64_t> parse_gtin(std::string_view gtin) {
  if (gtin.size() == 14) return gtin_to_number(gtin);
  auto normalized = normalize_gtin(gtin);
  if (!normalized) return std::nullopt;
  return gtin_to_number(normalized.value());
}

std::optional<std::uint64_t> sscc_number(std::string_view sscc) {
  if (sscc.size() != 18) return std::nullopt;
  std::uint64_t v = 0;
  for (const char c : sscc) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

std::string sscc_text(std::uint64_t v) {
  std::string out(18, '0');
  for (std::size_t i = 18; i-- > 0;) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out;
}

}  // namespace

std::string_view to_string(CustodyKind kind) {
  switch (kind) {
    case CustodyKind::kCommissioned:
      return "commissioned";
    case CustodyKind::kShipped:
      return "shipped";
    case CustodyKind::kReceived:
      return "received";
    case CustodyKind::kDispensed:
      return "dispensed";
    case CustodyKind::kDecommissioned:
      return "decommissioned";
  }
  return "?";
}

Repository::Repository(RepositoryOptions options) : options_(options) {
  if (options_.reference_year == 0) options_.reference_year = current_utc_year();
  if (options_.expected_packs > 0) {
    packs_.reserve(options_.expected_packs);
    table_.reserve(options_.expected_packs,
                   [this](std::uint32_t p, std::uint32_t slot) { packs_[p].slot = slot; });
  }
  locations_.intern("");  // keeps canonical id 1+ for real places
}

std::uint32_t Repository::location_id(std::string_view location) {
  const std::uint32_t raw = raw_locations_.intern(location);
  if (raw < canonical_of_.size()) return canonical_of_[raw];
  canonical_of_.resize(raw + 1, 0);
  // SGLN URI with extension 0 and the bare GLN name the same place.
  std::string canonical(location);
  if (location.starts_with("urn:epc:id:sgln:")) {
    if (auto sgln = parse_epc_uri(location); sgln.ok()) {
      canonical = sgln->component == "0" ? sgln->key : sgln->key + "." + sgln->component;
    }
  }
  canonical_of_[raw] = locations_.intern(canonical);
  return canonical_of_[raw];
}

std::uint32_t Repository::gtin_index(std::uint64_t gtin_number) {
  const auto [it, inserted] =
      gtin_ids_.try_emplace(gtin_number, static_cast<std::uint32_t>(gtins_.size()));
  if (inserted) gtins_.push_back(gtin_number);
  return it->second;
}

std::uint32_t Repository::find_gtin_index(std::uint64_t gtin_number) const {
  const auto it = gtin_ids_.find(gtin_number);
  return it == gtin_ids_.end() ? kNone : it->second;
}

std::optional<PackKey> Repository::make_key(std::uint32_t gtin_idx, std::string_view serial) {
  if (auto key = pack_serial(gtin_idx, serial)) return key;
  if (serial.empty()) return std::nullopt;
  return make_interned_key(gtin_idx, long_serials_.intern(serial));
}

std::optional<PackKey> Repository::find_key(std::uint32_t gtin_idx, std::string_view serial) const {
  if (auto key = pack_serial(gtin_idx, serial)) return key;
  const std::uint32_t id = long_serials_.find(serial);
  if (id == 0) return std::nullopt;
  return make_interned_key(gtin_idx, id);
}

std::optional<PackKey> Repository::lookup_key(std::string_view gtin,
                                              std::string_view serial) const {
  const auto number = parse_gtin(gtin);
  if (!number) return std::nullopt;
  const std::uint32_t gi = find_gtin_index(*number);
  if (gi == kNone) return std::nullopt;
  return find_key(gi, serial);
}

std::uint32_t Repository::find_record(const PackKey& key) const {
  const std::uint32_t slot = table_.find(key);
  return slot == PackTable::kNotFound ? kNone : table_[slot].record();
}

std::uint32_t Repository::find_pack_index(std::string_view gtin, std::string_view serial) const {
  const auto key = lookup_key(gtin, serial);
  return key ? find_record(*key) : kNone;
}

std::uint32_t Repository::batch_of(std::uint32_t gtin_idx, std::string_view lot,
                                   std::int32_t expiry) {
  const std::uint32_t lot_id = lots_.intern(lot);
  const std::uint64_t key = (std::uint64_t{gtin_idx} << 32) | lot_id;
  const auto [it, inserted] =
      batch_ids_.try_emplace(key, static_cast<std::uint32_t>(batches_.size()));
  if (inserted) batches_.push_back(Batch{gtin_idx, lot_id, expiry, BatchStatus::kActive});
  return it->second;
}

std::uint32_t Repository::container_of(std::uint64_t sscc, bool create) {
  const auto it = container_ids_.find(sscc);
  if (it != container_ids_.end()) return it->second;
  if (!create) return kNone;
  const auto index = static_cast<std::uint32_t>(containers_.size());
  Container container;
  container.sscc = sscc;
  containers_.push_back(std::move(container));
  container_ids_.emplace(sscc, index);
  return index;
}

Result<Repository::Target> Repository::resolve(std::string_view epc_uri) {
  auto epc = parse_epc_uri(epc_uri);
  if (!epc) return epc.error();
  if (epc->scheme == EpcScheme::kSscc) {
    const std::uint32_t c = container_of(*sscc_number(epc->key), /*create=*/false);
    return Target{c == kNone ? Target::kUnknownContainer : Target::kContainer, c};
  }
  if (epc->scheme != EpcScheme::kSgtin) {
    return make_error("EPC URI", 0, "expected an SGTIN or SSCC URI");
  }
  const std::uint32_t gi = find_gtin_index(*gtin_to_number(epc->key));
  if (gi == kNone) return Target{Target::kUnknownPack, kNone};
  const auto key = find_key(gi, epc->component);
  if (!key) return Target{Target::kUnknownPack, kNone};
  const std::uint32_t p = find_record(*key);
  return Target{p == kNone ? Target::kUnknownPack : Target::kPack, p};
}

void Repository::add_custody(PackRecord& pack, CustodyKind kind, std::uint32_t location,
                             std::int64_t time_ms) {
  custody_.push_back(CustodyRecord{location, to_seconds(time_ms), pack.custody_head, kind});
  pack.custody_head = static_cast<std::uint32_t>(custody_.size() - 1);
}

std::string Repository::describe_pack(std::uint32_t p) const {
  const PackKey& key = hot(p).key;
  const std::uint32_t gi = gtin_index_of(key);
  const std::string serial =
      is_interned(key) ? long_serials_.text(interned_serial_id(key)) : unpack_serial(key);
  return "(01)" + gtin_from_number(gtins_[gi]) + "(21)" + serial;
}

std::string Repository::describe_container(const Container& c) const {
  return "(00)" + sscc_text(c.sscc);
}

Result<bool> Repository::commission_pack(std::uint64_t gtin_number, std::string_view serial,
                                         std::uint32_t batch, const Context& ctx) {
  const std::uint32_t gi = gtin_index(gtin_number);
  if (gi > kMaxGtinIndex) return make_error("GTIN", 0, "too many distinct GTINs");
  const auto key = make_key(gi, serial);
  if (!key) return make_error("serial", 0, "empty or non-ASCII serial");
  const std::uint32_t existing = find_record(*key);
  if (existing != kNone) {
    const PackRecord& old = packs_[existing];
    const std::uint32_t old_batch = hot(existing).batch;
    std::uint32_t first = old.custody_head;
    while (first != kNone && custody_[first].previous != kNone) first = custody_[first].previous;
    std::string evidence =
        "commissioned again at " + locations_.text(ctx.location) + "; first commissioned at " +
        (first == kNone ? std::string("?") : locations_.text(custody_[first].location));
    if (old_batch != batch) {
      evidence += ", with lot " + lots_.text(batches_[old_batch].lot) + " (now " +
                  lots_.text(batches_[batch].lot) + ")";
    }
    raise(SuspectRule::kClonedSerial, existing, ctx, std::move(evidence));
    return false;
  }
  const auto position = static_cast<std::uint32_t>(packs_.size());
  PackRecord record;
  record.custodian = ctx.location;
  record.last_move_s = to_seconds(ctx.time_ms);
  record.arrived_s = record.last_move_s;
  record.status_changed_s = record.last_move_s;
  packs_.push_back(record);
  HotPack pack;
  pack.key = *key;
  pack.record_plus_one = position + 1;
  pack.batch = batch;
  packs_.back().slot =
      table_.insert(pack, [this](std::uint32_t p, std::uint32_t slot) { packs_[p].slot = slot; });
  add_custody(packs_.back(), CustodyKind::kCommissioned, ctx.location, ctx.time_ms);
  return true;
}

Result<bool> Repository::commission(std::string_view gtin, std::string_view serial,
                                    std::string_view lot, CivilDate expiry,
                                    std::string_view location, std::int64_t time_ms) {
  const auto number = parse_gtin(gtin);
  if (!number) return make_error("GTIN", 0, "not a valid GTIN");
  const std::uint32_t gi = gtin_index(*number);
  const std::uint32_t batch = batch_of(gi, lot, to_yyyymmdd(resolve_day_zero(expiry)));
  const Context ctx{time_ms, location_id(location), 0, {}, {}, true};
  return commission_pack(*number, serial, batch, ctx);
}

Result<bool> Repository::commission_container(std::string_view sscc, std::string_view location,
                                              std::int64_t time_ms) {
  auto valid = validate_gs1_key(Gs1KeyKind::kSscc, sscc);
  if (!valid) return valid.error();
  Container& c = containers_[container_of(*sscc_number(sscc), /*create=*/true)];
  c.custodian = location_id(location);
  c.last_move_s = to_seconds(time_ms);
  return true;
}

void Repository::set_min_transit(std::string_view from, std::string_view to, std::int64_t min_ms) {
  const std::uint64_t key = (std::uint64_t{location_id(from)} << 32) | location_id(to);
  min_transit_ms_[key] = min_ms;
}

void Repository::add_expected_route(std::string_view from, std::string_view to) {
  expected_routes_[location_id(from)].insert(location_id(to));
}

void Repository::set_batch_status(std::string_view gtin, std::string_view lot, BatchStatus status) {
  const auto number = parse_gtin(gtin);
  if (!number) return;
  const std::uint32_t gi = find_gtin_index(*number);
  const std::uint32_t lot_id = lots_.find(lot);
  if (gi == kNone || lot_id == 0) return;
  const auto it = batch_ids_.find((std::uint64_t{gi} << 32) | lot_id);
  if (it != batch_ids_.end()) batches_[it->second].status = status;
}

bool Repository::mark_illegitimate(std::string_view gtin, std::string_view serial) {
  const std::uint32_t p = find_pack_index(gtin, serial);
  if (p == kNone) return false;
  hot(p).flags |= kIllegitimate;
  return true;
}

std::optional<PackView> Repository::find_pack(std::string_view gtin,
                                              std::string_view serial) const {
  const std::uint32_t p = find_pack_index(gtin, serial);
  if (p == kNone) return std::nullopt;
  const PackRecord& r = packs_[p];
  const HotPack& h = hot(p);
  const Batch& b = batches_[h.batch];
  PackView v;
  v.gtin = gtin_from_number(gtins_[b.gtin_index]);
  v.serial =
      is_interned(h.key) ? long_serials_.text(interned_serial_id(h.key)) : unpack_serial(h.key);
  v.lot = lots_.text(b.lot);
  v.expiry = from_yyyymmdd(b.expiry);
  v.status = h.status;
  v.batch = b.status;
  v.custodian = locations_.text(r.custodian);
  if (r.parent != kNone) v.parent_sscc = sscc_text(containers_[r.parent].sscc);
  v.in_transit = (h.flags & kInTransit) != 0;
  v.suspect = (h.flags & kSuspect) != 0;
  for (std::uint32_t i = r.custody_head; i != kNone; i = custody_[i].previous) {
    const CustodyRecord& c = custody_[i];
    v.custody.insert(v.custody.begin(), CustodyEntry{c.kind, locations_.text(c.location),
                                                     std::int64_t{c.time_s} * 1000});
  }
  return v;
}

std::optional<ContainerView> Repository::find_container(std::string_view sscc) const {
  const auto number = sscc_number(sscc);
  if (!number) return std::nullopt;
  const auto it = container_ids_.find(*number);
  if (it == container_ids_.end()) return std::nullopt;
  const Container& c = containers_[it->second];
  ContainerView v;
  v.sscc = sscc_text(c.sscc);
  if (c.parent != kNone) v.parent_sscc = sscc_text(containers_[c.parent].sscc);
  v.custodian = locations_.text(c.custodian);
  v.packs = c.packs.size();
  for (const std::uint32_t child : c.containers)
    v.containers.push_back(sscc_text(containers_[child].sscc));
  return v;
}

std::vector<std::string> Repository::contents(std::string_view sscc) const {
  std::vector<std::string> out;
  const auto number = sscc_number(sscc);
  if (!number) return out;
  const auto it = container_ids_.find(*number);
  if (it == container_ids_.end()) return out;
  std::vector<std::uint32_t> stack{it->second};
  while (!stack.empty()) {
    const Container& c = containers_[stack.back()];
    stack.pop_back();
    for (const std::uint32_t p : c.packs) out.push_back(describe_pack(p));
    for (const std::uint32_t child : c.containers) stack.push_back(child);
  }
  return out;
}

RepositoryStats Repository::stats() const {
  RepositoryStats s;
  s.packs = packs_.size();
  s.containers = containers_.size();
  s.batches = batches_.size();
  s.locations = locations_.size();
  s.custody_entries = custody_.size();
  s.memory_bytes = packs_.capacity() * sizeof(PackRecord) + table_.memory_bytes() +
                   custody_.memory_bytes() + containers_.capacity() * sizeof(Container);
  for (const Container& c : containers_) {
    s.memory_bytes += (c.packs.capacity() + c.containers.capacity()) * sizeof(std::uint32_t);
  }
  return s;
}

}  // namespace pharmatwin::serialization
