// Decisions that come back from the systems under test to the world: what to do with stock.
//
// Every decision carries an idempotency key chosen by its sender; the world applies a key
// once, so a duplicated delivery (channel faults, retries) changes nothing.
//
//   Decision d{.idempotency_key = "qa-17", .kind = DecisionKind::kHold, .zone = "cold-room"};
//   to_string(d.kind);                           // "hold", as logged and sent over MQTT
//   parse_decision_kind("reject");               // DecisionKind::kReject; nullopt for "recall"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::adapters {

enum class DecisionKind {
  kQuarantine,   // move stock to quarantine pending QA review
  kHold,         // stop picking without moving (soft quarantine)
  kRelease,      // back to available
  kReject,       // condemned: to be destroyed
  kInvestigate,  // open a QA investigation, no stock effect by itself
};

// The word for a kind in event logs, MQTT messages, the dashboard and reports.
constexpr const char* to_string(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kQuarantine:
      return "quarantine";
    case DecisionKind::kHold:
      return "hold";
    case DecisionKind::kRelease:
      return "release";
    case DecisionKind::kReject:
      return "reject";
    case DecisionKind::kInvestigate:
      return "investigate";
  }
  return "?";  // not a DecisionKind: a value cast from outside the enum
}

// The kind a word names (the words of to_string); nullopt for any other word.
constexpr std::optional<DecisionKind> parse_decision_kind(std::string_view word) {
  for (DecisionKind kind : {DecisionKind::kQuarantine, DecisionKind::kHold, DecisionKind::kRelease,
                            DecisionKind::kReject, DecisionKind::kInvestigate}) {
    if (word == to_string(kind)) return kind;
  }
  return std::nullopt;
}

struct Decision {
  std::string idempotency_key;
  DecisionKind kind = DecisionKind::kQuarantine;
  double sim_time_s = 0;           // when the system under test issued it
  std::string zone;                // all stock in the zone when lots and packs are empty
  std::vector<std::string> lots;   // "<gtin14>/<lot>"
  std::vector<std::string> packs;  // "<gtin14>/<serial>" or SSCCs
  std::string alert_id;            // the alert that led to it, if any
  std::string reason;
};

}  // namespace pharmatwin::adapters
