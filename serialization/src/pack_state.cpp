#include "pharmatwin/serialization/pack_state.hpp"

namespace pharmatwin::serialization {

std::string_view to_string(PackStatus status) {
  switch (status) {
    case PackStatus::kActive:
      return "active";
    case PackStatus::kSupplied:
      return "supplied";
    case PackStatus::kExported:
      return "exported";
    case PackStatus::kCheckedOut:
      return "checked-out";
    case PackStatus::kStolen:
      return "stolen";
    case PackStatus::kSample:
      return "sample";
    case PackStatus::kFreeSample:
      return "free sample";
    case PackStatus::kLocked:
      return "locked";
    case PackStatus::kDestroyed:
      return "destroyed";
  }
  return "?";
}

std::string_view to_string(BatchStatus status) {
  switch (status) {
    case BatchStatus::kActive:
      return "active";
    case BatchStatus::kRecalled:
      return "recalled";
    case BatchStatus::kWithdrawn:
      return "withdrawn";
  }
  return "?";
}

std::string_view nmvs_return_code(NmvsCode code) {
  switch (code) {
    case NmvsCode::kOk:
      return "OK";
    case NmvsCode::kUnknownProductCode:
      return "NMVS_NC_PC_01";
    case NmvsCode::kUnknownSerial:
      return "NMVS_NC_PC_02";
    case NmvsCode::kUnknownBatch:
      return "NMVS_FE_LOT_03";
    case NmvsCode::kExpiryMismatch:
      return "NMVS_FE_LOT_12";
    case NmvsCode::kBatchMismatch:
      return "NMVS_FE_LOT_13";
    case NmvsCode::kUndoStatusMismatch:
      return "NMVS_NC_PCK_06";
    case NmvsCode::kStatusAlreadySet:
      return "NMVS_NC_PCK_19";
    case NmvsCode::kUndoTimeExceeded:
      return "NMVS_NC_PCK_20";
    case NmvsCode::kUndoOtherLocation:
      return "NMVS_NC_PCK_21";
    case NmvsCode::kAlreadyInactive:
      return "NMVS_NC_PCK_22";
    case NmvsCode::kStatusChangeRefused:
      return "NMVS_NC_PCK_27";
  }
  return "?";
}

std::string_view nmvs_description(NmvsCode code) {
  switch (code) {
    case NmvsCode::kOk:
      return "operation successful";
    case NmvsCode::kUnknownProductCode:
      return "unknown product code";
    case NmvsCode::kUnknownSerial:
      return "unknown pack serial number";
    case NmvsCode::kUnknownBatch:
      return "unknown batch number";
    case NmvsCode::kExpiryMismatch:
      return "expiry date does not match the batch";
    case NmvsCode::kBatchMismatch:
      return "batch number does not match the pack serial number";
    case NmvsCode::kUndoStatusMismatch:
      return "undo does not match the pack status";
    case NmvsCode::kStatusAlreadySet:
      return "status is already set on the pack";
    case NmvsCode::kUndoTimeExceeded:
      return "undo time frame (10 days) exceeded";
    case NmvsCode::kUndoOtherLocation:
      return "undo attempted by a different location";
    case NmvsCode::kAlreadyInactive:
      return "pack is already inactive";
    case NmvsCode::kStatusChangeRefused:
      return "status change could not be performed";
  }
  return "?";
}

NmvsCode check_undo(const UndoContext& c) {
  if (c.current == PackStatus::kActive) return NmvsCode::kUndoStatusMismatch;
  if (c.current != c.undo_of) return NmvsCode::kUndoStatusMismatch;
  if (is_irreversible(c.current)) return NmvsCode::kStatusChangeRefused;
  if (c.batch != BatchStatus::kActive || c.expired) return NmvsCode::kStatusChangeRefused;
  if (c.now_ms - c.set_at_ms > kUndoWindowMs) return NmvsCode::kUndoTimeExceeded;
  if (c.location != c.set_at_location) return NmvsCode::kUndoOtherLocation;
  return NmvsCode::kOk;
}

NmvsCode check_decommission(PackStatus current, PackStatus target) {
  if (target == PackStatus::kActive) return NmvsCode::kStatusChangeRefused;
  if (current == target) return NmvsCode::kStatusAlreadySet;
  if (current != PackStatus::kActive) return NmvsCode::kAlreadyInactive;
  return NmvsCode::kOk;
}

}  // namespace pharmatwin::serialization
