// Batch recalls in the in-process track-and-trace system: the batch status goes into the
// repository (verifications and decommissioning then answer for an inactive batch) and the
// site's stock of the lot is put on hold. A hold, not a quarantine: recalled stock is not for QA
// to release, it waits for the manufacturer's instructions (return or destruction).
#include "pharmatwin/adapters/inprocess_serialization_port.hpp"

namespace pharmatwin::adapters {

void InProcessSerializationPort::on_batch_status(const BatchStatusNotice& n) {
  using serialization::BatchStatus;
  const BatchStatus status = n.status == "recalled"    ? BatchStatus::kRecalled
                             : n.status == "withdrawn" ? BatchStatus::kWithdrawn
                                                       : BatchStatus::kActive;
  repository_.set_batch_status(n.gtin, n.lot, status);
  const std::string lot = n.gtin + "/" + n.lot;
  if (status == BatchStatus::kActive) {
    recalled_lots_.erase(lot);
    return;
  }
  const std::string key = "recall/" + lot;
  if (!recalled_lots_.emplace(lot, key).second) return;  // already held
  Decision d;
  d.idempotency_key = key;
  d.kind = DecisionKind::kHold;
  d.sim_time_s = n.time_s;
  d.lots.push_back(lot);
  d.reason = std::string("batch ") + n.status + (n.recall.empty() ? "" : " (" + n.recall + ")") +
             (n.reason.empty() ? "" : ": " + n.reason);
  recall_decisions_.push_back(std::move(d));
}

// Stock of a recalled lot put away after the notice (a delivery, a return) is held as well.
void InProcessSerializationPort::hold_recalled_storage(const StorageObservation& o) {
  const auto it = recalled_lots_.find(o.lot);
  if (it == recalled_lots_.end()) return;
  Decision d;
  d.idempotency_key = it->second + "/" + std::to_string(++recall_holds_);
  d.kind = DecisionKind::kHold;
  d.sim_time_s = o.time_s;
  d.lots.push_back(o.lot);
  d.reason = "batch recalled: stock put away after the notice";
  recall_decisions_.push_back(std::move(d));
}

}  // namespace pharmatwin::adapters
