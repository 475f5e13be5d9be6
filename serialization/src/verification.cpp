// Verification as trading partners ask for it: DSCSA product-identifier verification and
// EU FMD verify / decommission / undo with NMVS return codes. Mismatches also raise alerts.
#include "pharmatwin/serialization/repository.hpp"
#include "seconds.hpp"

namespace pharmatwin::serialization {

std::string_view to_string(DscsaStatus status) {
  switch (status) {
    case DscsaStatus::kVerified:
      return "Verified";
    case DscsaStatus::kNoMatchGtinSerial:
      return "No_match_GTIN_Serial";
    case DscsaStatus::kNoMatchLot:
      return "No_match_Lot";
    case DscsaStatus::kNoMatchExpiry:
      return "No_match_Expiry";
    case DscsaStatus::kNoMatchLotExpiry:
      return "No_match_Lot_Expiry";
  }
  return "?";
}

namespace {

std::string identifier_text(const ProductIdentifier& id) {
  return "(01)" + std::string(id.gtin) + "(21)" + std::string(id.serial);
}

std::int32_t today_of(std::int64_t now_ms) { return to_yyyymmdd(date_of_ms(now_ms)); }

}  // namespace

Repository::Lookup Repository::prepare(const ProductIdentifier& id, std::int32_t today) const {
  Lookup lookup;
  if (const auto key = lookup_key(id.gtin, id.serial)) {
    lookup.known_form = true;
    lookup.key = *key;
    lookup.hash = PackTable::hash(*key);
    table_.prefetch(lookup.hash);
  }
  lookup.expiry = to_yyyymmdd(resolve_day_zero(id.expiry));
  lookup.today = today;
  return lookup;
}

std::uint32_t Repository::probe(const Lookup& lookup) const {
  return lookup.known_form ? table_.find(lookup.key, lookup.hash) : PackTable::kNotFound;
}

DscsaAnswer Repository::verify_dscsa(const ProductIdentifier& id, std::int64_t now_ms,
                                     std::string_view requester) {
  const Lookup lookup = prepare(id, today_of(now_ms));
  return answer_dscsa(probe(lookup), lookup, id, now_ms, requester);
}

void Repository::verify_dscsa_batch(std::span<const ProductIdentifier> ids, std::int64_t now_ms,
                                    std::string_view requester, std::span<DscsaAnswer> out) {
  // Requests are prepared (their slots prefetched) kAhead before they are answered, so
  // about kAhead requests' memory reads are in flight while the CPU answers (8 measured
  // faster than 12, 16 or 24: each request loads two lines).
  constexpr std::size_t kAhead = 8;
  const std::int32_t today = today_of(now_ms);
  Lookup ring[kAhead];
  const std::size_t n = ids.size();
  for (std::size_t i = 0; i < std::min(kAhead, n); ++i) ring[i] = prepare(ids[i], today);
  for (std::size_t i = 0; i < n; ++i) {
    const Lookup lookup = ring[i % kAhead];
    if (i + kAhead < n) ring[i % kAhead] = prepare(ids[i + kAhead], today);
    out[i] = answer_dscsa(probe(lookup), lookup, ids[i], now_ms, requester);
  }
}

DscsaAnswer Repository::answer_dscsa(std::uint32_t slot, const Lookup& lookup,
                                     const ProductIdentifier& id, std::int64_t now_ms,
                                     std::string_view requester) {
  DscsaAnswer answer;
  if (slot == PackTable::kNotFound) {
    answer.status = DscsaStatus::kNoMatchGtinSerial;
    const std::string subject = identifier_text(id);
    const Context ctx{now_ms, location_id(requester), 0, subject, {}, true};
    raise(SuspectRule::kUnknownSerial, kNone, ctx, "verification request for an unknown serial");
    return answer;
  }
  const HotPack& pack = table_[slot];
  const Batch& batch = batches_[pack.batch];
  const bool lot_ok = lots_.text(batch.lot) == id.lot;
  const bool expiry_ok = lookup.expiry == batch.expiry;
  answer.status = lot_ok && expiry_ok     ? DscsaStatus::kVerified
                  : !lot_ok && !expiry_ok ? DscsaStatus::kNoMatchLotExpiry
                  : !lot_ok               ? DscsaStatus::kNoMatchLot
                                          : DscsaStatus::kNoMatchExpiry;
  if (!lot_ok || !expiry_ok) {
    // Raised before the flags are read: a mismatch makes this very answer say suspect.
    const std::uint32_t p = pack.record();
    const std::string subject = identifier_text(id);
    const Context ctx{now_ms, location_id(requester), 0, subject, {}, true};
    if (!lot_ok) {
      raise(SuspectRule::kLotMismatch, p, ctx,
            "lot on the pack \"" + std::string(id.lot) + "\", commissioned lot \"" +
                lots_.text(batch.lot) + "\"");
    }
    if (!expiry_ok) {
      raise(SuspectRule::kExpiryMismatch, p, ctx,
            "expiry on the pack " + std::to_string(lookup.expiry) + ", batch expiry " +
                std::to_string(batch.expiry));
    }
  }
  answer.expired = lookup.today > batch.expiry;
  answer.recalled = batch.status != BatchStatus::kActive;
  answer.suspect = (pack.flags & kSuspect) != 0;
  answer.illegitimate = (pack.flags & kIllegitimate) != 0 || pack.status == PackStatus::kStolen;
  return answer;
}

FmdAnswer Repository::verify_fmd(const ProductIdentifier& id, std::int64_t now_ms,
                                 std::string_view location) {
  const Lookup lookup = prepare(id, today_of(now_ms));
  return answer_fmd(probe(lookup), lookup, id, now_ms, location);
}

FmdAnswer Repository::answer_fmd(std::uint32_t slot, const Lookup& lookup,
                                 const ProductIdentifier& id, std::int64_t now_ms,
                                 std::string_view location) {
  FmdAnswer answer;
  // Alert context only on the (rare) failure paths: keeps the common path allocation-free.
  std::string subject;
  const auto context = [&]() {
    subject = identifier_text(id);
    return Context{now_ms, location_id(location), 0, subject, {}, true};
  };
  if (slot == PackTable::kNotFound) {
    // Serial unknown: NMVS tells apart "batch unknown too" from "serial unknown".
    const auto gtin = id.gtin.size() == 14 ? gtin_to_number(id.gtin) : std::nullopt;
    const std::uint32_t gi = gtin ? find_gtin_index(*gtin) : kNone;
    if (gi == kNone) {
      answer.code = NmvsCode::kUnknownProductCode;
    } else {
      const std::uint32_t lot = lots_.find(id.lot);
      const bool batch_known = lot != 0 && batch_ids_.contains((std::uint64_t{gi} << 32) | lot);
      answer.code = batch_known ? NmvsCode::kUnknownSerial : NmvsCode::kUnknownBatch;
    }
    raise(SuspectRule::kUnknownSerial, kNone, context(),
          std::string("verification: ") + std::string(nmvs_return_code(answer.code)));
    return answer;
  }
  const HotPack& pack = table_[slot];
  const Batch& batch = batches_[pack.batch];
  answer.status = pack.status;
  answer.batch = batch.status;
  answer.expired = lookup.today > batch.expiry;
  if (lots_.text(batch.lot) != id.lot) {
    answer.code = NmvsCode::kBatchMismatch;
    raise(SuspectRule::kLotMismatch, pack.record(), context(),
          "NMVS_FE_LOT_13: lot \"" + std::string(id.lot) + "\", pack belongs to lot \"" +
              lots_.text(batch.lot) + "\"");
    return answer;
  }
  if (lookup.expiry != batch.expiry) {
    answer.code = NmvsCode::kExpiryMismatch;
    raise(SuspectRule::kExpiryMismatch, pack.record(), context(),
          "NMVS_FE_LOT_12: expiry " + std::to_string(lookup.expiry) + ", batch expiry " +
              std::to_string(batch.expiry));
    return answer;
  }
  answer.code = NmvsCode::kOk;
  return answer;
}

FmdAnswer Repository::decommission(const ProductIdentifier& id, PackStatus target,
                                   std::int64_t now_ms, std::string_view location) {
  const Lookup lookup = prepare(id, today_of(now_ms));
  const std::uint32_t slot = probe(lookup);
  FmdAnswer answer = answer_fmd(slot, lookup, id, now_ms, location);
  if (answer.code != NmvsCode::kOk) return answer;
  HotPack& pack = table_[slot];
  const std::uint32_t p = pack.record();
  // Recalled, withdrawn or expired packs are inactive at batch level: the answer says so
  // (NMVS_NC_PCK_22) without a pack-level change.
  if (answer.batch != BatchStatus::kActive || answer.expired) {
    answer.code = NmvsCode::kAlreadyInactive;
    return answer;
  }
  answer.code = check_decommission(pack.status, target);
  if (answer.code == NmvsCode::kAlreadyInactive) {
    const std::string subject = identifier_text(id);
    const Context ctx{now_ms, location_id(location), 0, subject, {}, true};
    check_reappearing(p, ctx, "decommission requested");
  }
  if (answer.code != NmvsCode::kOk) return answer;
  const std::string subject = identifier_text(id);
  const Context ctx{now_ms, location_id(location), 0, subject, {}, true};
  set_status(p, target, ctx);
  answer.status = table_[slot].status;
  return answer;
}

FmdAnswer Repository::undo(const ProductIdentifier& id, PackStatus undo_of, std::int64_t now_ms,
                           std::string_view location) {
  const Lookup lookup = prepare(id, today_of(now_ms));
  const std::uint32_t slot = probe(lookup);
  FmdAnswer answer = answer_fmd(slot, lookup, id, now_ms, location);
  if (answer.code != NmvsCode::kOk) return answer;
  HotPack& hot_pack = table_[slot];
  PackRecord& pack = packs_[hot_pack.record()];
  const UndoContext context{
      hot_pack.status,      undo_of,       std::int64_t{pack.status_changed_s} * 1000,
      pack.status_location, now_ms,        location_id(location),
      answer.batch,         answer.expired};
  answer.code = check_undo(context);
  if (answer.code != NmvsCode::kOk) return answer;
  hot_pack.status = PackStatus::kActive;
  pack.status_location = context.location;
  pack.status_changed_s = to_seconds(now_ms);
  answer.status = hot_pack.status;
  return answer;
}

}  // namespace pharmatwin::serialization
