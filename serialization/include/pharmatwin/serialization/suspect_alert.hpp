// Suspect-product alerts: what a counterfeit/diversion rule found, with the evidence a QA
// investigation starts from. The repository pushes them into an AlertSink.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::serialization {

enum class SuspectRule : std::uint8_t {
  kUnknownSerial,              // a pack nobody commissioned
  kClonedSerial,               // same pack at two custodians / commissioned twice
  kImpossibleTravel,           // moved faster than the shortest known transit
  kDecommissionedReappearing,  // an inactive (dispensed, destroyed, ...) pack seen in trade
  kLotMismatch,                // lot on the pack differs from the commissioned lot
  kExpiryMismatch,             // expiry differs from the batch's expiry
  kAggregationMismatch,        // case contents differ from its packing event
  kPackOutsideParent,          // a packed pack seen away from its case/pallet
  kEventOrder,                 // e.g. received before it was shipped
  kDiversion,                  // custody outside the expected chain
  kAnomaly,                    // unusual movement by the learned model
};

std::string_view to_string(SuspectRule rule);

struct SuspectAlert {
  SuspectRule rule = SuspectRule::kUnknownSerial;
  std::string subject;  // EPC URI as the event named it, else "(01)...(21)..." / "(00)..."
  // The pack concerned (empty when unknown to the repository) and its case/pallet, if any.
  std::string gtin;  // 14 digits
  std::string serial;
  std::string sscc;          // 18 digits
  std::int64_t time_ms = 0;  // time of the event or request that raised it
  std::string location;      // where it was seen (SGLN/GLN as given)
  std::string event_id;      // triggering event, when there is one
  std::string evidence;      // human-readable facts: what was expected, what was seen
  double score = 0;          // anomaly score (kAnomaly), else 0
};

class AlertSink {
 public:
  virtual ~AlertSink() = default;
  virtual void on_alert(const SuspectAlert& alert) = 0;
};

// Keeps every alert, for tests and reports.
class CollectingAlertSink : public AlertSink {
 public:
  void on_alert(const SuspectAlert& alert) override { alerts.push_back(alert); }
  std::size_t count(SuspectRule rule) const {
    std::size_t n = 0;
    for (const auto& a : alerts) n += a.rule == rule ? 1 : 0;
    return n;
  }
  std::vector<SuspectAlert> alerts;
};

}  // namespace pharmatwin::serialization
