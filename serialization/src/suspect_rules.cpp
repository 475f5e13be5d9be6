// Raising suspect-product alerts: fill in the evidence, flag the pack, hand it to the sink.
#include "pharmatwin/serialization/repository.hpp"
#include "pharmatwin/serialization/suspect_alert.hpp"

namespace pharmatwin::serialization {

std::string_view to_string(SuspectRule rule) {
  switch (rule) {
    case SuspectRule::kUnknownSerial:
      return "unknown_serial";
    case SuspectRule::kClonedSerial:
      return "cloned_serial";
    case SuspectRule::kImpossibleTravel:
      return "impossible_travel";
    case SuspectRule::kDecommissionedReappearing:
      return "decommissioned_reappearing";
    case SuspectRule::kLotMismatch:
      return "lot_mismatch";
    case SuspectRule::kExpiryMismatch:
      return "expiry_mismatch";
    case SuspectRule::kAggregationMismatch:
      return "aggregation_mismatch";
    case SuspectRule::kPackOutsideParent:
      return "pack_outside_parent";
    case SuspectRule::kEventOrder:
      return "event_order";
    case SuspectRule::kDiversion:
      return "diversion";
    case SuspectRule::kAnomaly:
      return "anomaly";
  }
  return "?";
}

void Repository::raise(SuspectRule rule, std::uint32_t pack, const Context& ctx,
                       std::string evidence, double score, std::uint32_t container) {
  if (pack != kNone) hot(pack).flags |= kSuspect;
  if (sink_ == nullptr) return;
  SuspectAlert alert;
  alert.rule = rule;
  alert.subject = !ctx.subject.empty() ? std::string(ctx.subject)
                  : pack != kNone      ? describe_pack(pack)
                                       : std::string();
  if (pack != kNone) {
    const PackRecord& record = packs_[pack];
    const PackKey& key = hot(pack).key;
    alert.gtin = gtin_from_number(gtins_[gtin_index_of(key)]);
    alert.serial =
        is_interned(key) ? long_serials_.text(interned_serial_id(key)) : unpack_serial(key);
    if (record.parent != kNone && container == kNone) container = record.parent;
  }
  if (container != kNone) alert.sscc = describe_container(containers_[container]).substr(4);
  alert.time_ms = ctx.time_ms;
  alert.location = locations_.text(ctx.location);
  alert.event_id = std::string(ctx.event_id);
  alert.evidence = std::move(evidence);
  alert.score = score;
  sink_->on_alert(alert);
}

}  // namespace pharmatwin::serialization
