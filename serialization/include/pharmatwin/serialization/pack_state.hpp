// EU FMD pack states and the rules for moving between them (Delegated Regulation (EU)
// 2016/161, Articles 11-13 and 40, and the EMVS status model), with the NMVS return codes
// a verification or status change answers.
#pragma once

#include <cstdint>
#include <string_view>

namespace pharmatwin::serialization {

// Pack-level status. Everything but kActive is "inactive".
enum class PackStatus : std::uint8_t {
  kActive,
  kSupplied,    // dispensed to the public
  kExported,    // left the EU
  kCheckedOut,  // checked out of the system (e.g. hospital supply outside the EMVS)
  kStolen,
  kSample,  // taken as a sample by an authority
  kFreeSample,
  kLocked,
  kDestroyed,
};

// Batch-level status set by the manufacturer; "expired" follows from the expiry date.
enum class BatchStatus : std::uint8_t { kActive, kRecalled, kWithdrawn };

// NMVS return codes of the EMVS (as listed by the national organisations, e.g. SecurMed).
enum class NmvsCode : std::uint8_t {
  kOk,
  kUnknownProductCode,   // NMVS_NC_PC_01
  kUnknownSerial,        // NMVS_NC_PC_02
  kUnknownBatch,         // NMVS_FE_LOT_03
  kExpiryMismatch,       // NMVS_FE_LOT_12
  kBatchMismatch,        // NMVS_FE_LOT_13
  kUndoStatusMismatch,   // NMVS_NC_PCK_06: undo does not match the pack's status
  kStatusAlreadySet,     // NMVS_NC_PCK_19
  kUndoTimeExceeded,     // NMVS_NC_PCK_20: more than 10 days
  kUndoOtherLocation,    // NMVS_NC_PCK_21: not the location that set the status
  kAlreadyInactive,      // NMVS_NC_PCK_22
  kStatusChangeRefused,  // NMVS_NC_PCK_27: e.g. undo of stolen/destroyed, batch recalled/expired
};

std::string_view to_string(PackStatus status);
std::string_view to_string(BatchStatus status);
// "NMVS_NC_PC_02", or "OK".
std::string_view nmvs_return_code(NmvsCode code);
std::string_view nmvs_description(NmvsCode code);

inline bool is_inactive(PackStatus status) { return status != PackStatus::kActive; }

// A status that can never be undone (Art. 13(2): stolen, destroyed).
inline bool is_irreversible(PackStatus status) {
  return status == PackStatus::kStolen || status == PackStatus::kDestroyed;
}

inline constexpr std::int64_t kUndoWindowMs = 10LL * 24 * 3600 * 1000;

// What an undo (reverting an inactive status to active) needs to know.
struct UndoContext {
  PackStatus current;      // the pack's status now
  PackStatus undo_of;      // the status the caller wants to revert
  std::int64_t set_at_ms;  // when the current status was set
  std::uint32_t set_at_location;
  std::int64_t now_ms;
  std::uint32_t location;  // who asks
  BatchStatus batch;
  bool expired;
};

// Decides an undo by the FMD rules: same status, within 10 days, same location, batch not
// recalled/withdrawn, product not expired, never stolen or destroyed.
NmvsCode check_undo(const UndoContext& context);

// Decides setting `target` (inactive) on a pack that is `current`.
NmvsCode check_decommission(PackStatus current, PackStatus target);

}  // namespace pharmatwin::serialization
