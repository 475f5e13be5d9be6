// Verification as trading partners ask for it: DSCSA product-identifier verification and
// EU FMD verify / decommission / undo with NMVS return codes. Mismatches also raise alerts.
#include "pharmatwin/serialization/repository.hpp"

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

std::uint32_t to_seconds(std::int64_t time_ms) {
  return time_ms <= 0 ? 0 : static_cast<std::uint32_t>(time_ms / 1000);
}

std::string identifier_text(const ProductIdentifier& id) {
  return "(01)" + std::string(id.gtin) + "(21)" + std::string(id.serial);
}

}  // namespace

DscsaAnswer Repository::verify_dscsa(const ProductIdentifier& id, std::int64_t now_ms,
                                     std::string_view requester) {
  return answer_dscsa(find_pack_index(id.gtin, id.serial), id, now_ms, requester);
}

void Repository::verify_dscsa_batch(std::span<const ProductIdentifier> ids, std::int64_t now_ms,
                                    std::string_view requester, std::span<DscsaAnswer> out) {
  // Three passes over groups of requests: hash and prefetch the index slots, probe and
  // prefetch the pack records, then answer. Each pass finds its memory already on the way.
  constexpr std::size_t kGroup = 16;
  const auto key_of = [this](std::uint32_t i) -> const PackKey& { return packs_[i].key; };
  std::optional<PackKey> keys[kGroup];
  std::uint64_t hashes[kGroup];
  std::uint32_t found[kGroup];
  for (std::size_t base = 0; base < ids.size(); base += kGroup) {
    const std::size_t n = std::min(kGroup, ids.size() - base);
    for (std::size_t k = 0; k < n; ++k) {
      keys[k] = lookup_key(ids[base + k].gtin, ids[base + k].serial);
      if (keys[k]) {
        hashes[k] = hash_pack_key(*keys[k]);
        index_.prefetch(hashes[k]);
      }
    }
    for (std::size_t k = 0; k < n; ++k) {
      if (!keys[k]) continue;
      const std::uint32_t candidate = index_.candidate(hashes[k]);
      if (candidate != kNone) __builtin_prefetch(&packs_[candidate]);
    }
    for (std::size_t k = 0; k < n; ++k) {
      found[k] = keys[k] ? index_.find_hashed(*keys[k], hashes[k], key_of) : kNone;
      out[base + k] = answer_dscsa(found[k], ids[base + k], now_ms, requester);
    }
  }
}

DscsaAnswer Repository::answer_dscsa(std::uint32_t p, const ProductIdentifier& id,
                                     std::int64_t now_ms, std::string_view requester) {
  DscsaAnswer answer;
  if (p == kNone) {
    answer.status = DscsaStatus::kNoMatchGtinSerial;
    const std::string subject = identifier_text(id);
    const Context ctx{now_ms, location_id(requester), 0, subject, {}, true};
    raise(SuspectRule::kUnknownSerial, kNone, ctx, "verification request for an unknown serial");
    return answer;
  }
  PackRecord& pack = packs_[p];
  const Batch& batch = batches_[pack.batch];
  const bool lot_ok = lots_.text(batch.lot) == id.lot;
  const bool expiry_ok = to_yyyymmdd(resolve_day_zero(id.expiry)) == batch.expiry;
  answer.status = lot_ok && expiry_ok     ? DscsaStatus::kVerified
                  : !lot_ok && !expiry_ok ? DscsaStatus::kNoMatchLotExpiry
                  : !lot_ok               ? DscsaStatus::kNoMatchLot
                                          : DscsaStatus::kNoMatchExpiry;
  if (!lot_ok || !expiry_ok) {
    const std::string subject = identifier_text(id);
    const Context ctx{now_ms, location_id(requester), 0, subject, {}, true};
    if (!lot_ok) {
      raise(SuspectRule::kLotMismatch, p, ctx,
            "lot on the pack \"" + std::string(id.lot) + "\", commissioned lot \"" +
                lots_.text(batch.lot) + "\"");
    }
    if (!expiry_ok) {
      raise(SuspectRule::kExpiryMismatch, p, ctx,
            "expiry on the pack " + std::to_string(to_yyyymmdd(resolve_day_zero(id.expiry))) +
                ", batch expiry " + std::to_string(batch.expiry));
    }
  }
  answer.expired = expired(batch, now_ms);
  answer.recalled = batch.status != BatchStatus::kActive;
  answer.suspect = (pack.flags & kSuspect) != 0;
  answer.illegitimate = (pack.flags & kIllegitimate) != 0 || pack.status == PackStatus::kStolen;
  return answer;
}

FmdAnswer Repository::verify_fmd(const ProductIdentifier& id, std::int64_t now_ms,
                                 std::string_view location) {
  FmdAnswer answer;
  const std::uint32_t p = find_pack_index(id.gtin, id.serial);
  // Alert context only on the (rare) failure paths: keeps the common path allocation-free.
  std::string subject;
  const auto context = [&]() {
    subject = identifier_text(id);
    return Context{now_ms, location_id(location), 0, subject, {}, true};
  };
  if (p == kNone) {
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
  const PackRecord& pack = packs_[p];
  const Batch& batch = batches_[pack.batch];
  answer.status = pack.status;
  answer.batch = batch.status;
  answer.expired = expired(batch, now_ms);
  if (lots_.text(batch.lot) != id.lot) {
    answer.code = NmvsCode::kBatchMismatch;
    raise(SuspectRule::kLotMismatch, p, context(),
          "NMVS_FE_LOT_13: lot \"" + std::string(id.lot) + "\", pack belongs to lot \"" +
              lots_.text(batch.lot) + "\"");
    return answer;
  }
  if (to_yyyymmdd(resolve_day_zero(id.expiry)) != batch.expiry) {
    answer.code = NmvsCode::kExpiryMismatch;
    raise(SuspectRule::kExpiryMismatch, p, context(),
          "NMVS_FE_LOT_12: expiry " + std::to_string(to_yyyymmdd(resolve_day_zero(id.expiry))) +
              ", batch expiry " + std::to_string(batch.expiry));
    return answer;
  }
  answer.code = NmvsCode::kOk;
  return answer;
}

FmdAnswer Repository::decommission(const ProductIdentifier& id, PackStatus target,
                                   std::int64_t now_ms, std::string_view location) {
  FmdAnswer answer = verify_fmd(id, now_ms, location);
  if (answer.code != NmvsCode::kOk) return answer;
  const std::uint32_t p = find_pack_index(id.gtin, id.serial);
  PackRecord& pack = packs_[p];
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
  answer.status = pack.status;
  return answer;
}

FmdAnswer Repository::undo(const ProductIdentifier& id, PackStatus undo_of, std::int64_t now_ms,
                           std::string_view location) {
  FmdAnswer answer = verify_fmd(id, now_ms, location);
  if (answer.code != NmvsCode::kOk) return answer;
  const std::uint32_t p = find_pack_index(id.gtin, id.serial);
  PackRecord& pack = packs_[p];
  const UndoContext context{
      pack.status,          undo_of,       std::int64_t{pack.status_changed_s} * 1000,
      pack.status_location, now_ms,        location_id(location),
      answer.batch,         answer.expired};
  answer.code = check_undo(context);
  if (answer.code != NmvsCode::kOk) return answer;
  pack.status = PackStatus::kActive;
  pack.status_location = context.location;
  pack.status_changed_s = to_seconds(now_ms);
  answer.status = pack.status;
  return answer;
}

}  // namespace pharmatwin::serialization
