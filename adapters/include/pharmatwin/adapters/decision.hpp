// Decisions that come back from the systems under test to the world: what to do with stock.
//
// Every decision carries an idempotency key chosen by its sender; the world applies a key
// once, so a duplicated delivery (channel faults, retries) changes nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pharmatwin::adapters {

enum class DecisionKind {
  kQuarantine,   // move stock to quarantine pending QA review
  kHold,         // stop picking without moving (soft quarantine)
  kRelease,      // back to available
  kReject,       // condemned: to be destroyed
  kInvestigate,  // open a QA investigation, no stock effect by itself
};

struct Decision {
  std::string idempotency_key;
  DecisionKind kind = DecisionKind::kQuarantine;
  double sim_time_s = 0;          // when the system under test issued it
  std::string zone;               // all stock in the zone when lots and packs are empty
  std::vector<std::string> lots;  // "<gtin14>/<lot>"
  std::vector<std::string> packs; // "<gtin14>/<serial>" or SSCCs
  std::string alert_id;           // the alert that led to it, if any
  std::string reason;
};

}  // namespace pharmatwin::adapters
