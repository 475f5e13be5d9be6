// The port between the simulated world and a track-and-trace (serialization) system.
//
// The world reports what physically happens to serialized packs, the way a site's scanners and
// its suppliers' repositories would: commissioning and packing on the supplier side, shipping,
// scans at receiving (with what was actually read), putaway, picking, shipping to pharmacies,
// dispensing and destruction. It also asks the system to verify packs. The system answers with
// verification results, suspect alerts and decisions about stock. Times are simulated seconds
// since the run start; identifiers are GS1 strings (GTIN-14, serial, lot, SSCC-18, GLN-13).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pharmatwin/adapters/decision.hpp"

namespace pharmatwin::adapters {

// A serialized pack as printed on it (its data matrix).
struct PackLabel {
  std::string gtin;  // GTIN-14
  std::string serial;
  std::string lot;
  std::string expiry;  // "YYYY-MM-DD"
};

// Facts of the site, sent once before anything else.
struct SerializationSite {
  std::string site_name;
  std::string site_gln;
  double start_epoch_s = 0;
  struct Product {
    std::string name, gtin;
    std::vector<std::string> supplier_glns;  // custodians of the product's legitimate chain
  };
  std::vector<Product> products;
  struct Party {
    std::string name, gln;
    bool pharmacy = false;
  };
  std::vector<Party> parties;  // suppliers and pharmacies
};

// A supplier (or the site, for returns) commissioned serials and packed them into a case.
// Cases are grouped onto a pallet (pallet_sscc may be empty for loose cases).
struct CommissioningObservation {
  double time_s = 0;
  std::string owner_gln;  // who commissioned
  std::string gtin, lot, expiry;
  std::vector<std::string> serials;
  std::string case_sscc;
  std::string pallet_sscc;
};

// A dispatch from one custodian to another (supplier -> site, site -> pharmacy, returns).
struct ShippingObservation {
  double time_s = 0;
  std::string shipment;  // shipment occurrence or order id
  std::string from_gln, to_gln;
  std::vector<std::string> ssccs;  // top-level containers shipped
};

// One case scanned at receiving: its SSCC and the pack codes that could be read.
struct ReceivingScan {
  double time_s = 0;
  std::string shipment;
  std::string from_gln;  // custodian the goods came from (as on the delivery note)
  std::string site_gln;
  std::string case_sscc, pallet_sscc;
  std::vector<PackLabel> packs_read;
  std::uint32_t unreadable = 0;  // codes present but unreadable
};

// Stock placed into a storage zone (putaway) or moved between zones.
struct StorageObservation {
  double time_s = 0;
  std::string zone;
  std::vector<std::string> ssccs;  // cases stored
  std::string lot;                 // "<gtin14>/<lot>"
  std::uint32_t packs = 0;
};

// Packs picked for an order and shipped to a pharmacy, then dispensed there.
struct OutboundObservation {
  double time_s = 0;
  std::string order_id;
  std::string pharmacy_gln;
  std::vector<PackLabel> packs;
  bool dispensed = false;  // false: picked/shipped by the site; true: dispensed by the pharmacy
};

// Packs taken out of the supply chain for good.
struct DecommissionObservation {
  double time_s = 0;
  std::string reason;  // "destroyed", "dispensed", "stolen", "sample"
  std::vector<PackLabel> packs;
};

// The manufacturer (or the regulator) changed the status of a batch: a recall or a withdrawal
// (DSCSA / EU FMD batch status, CBV 2.0 disposition "recalled"). The world sends it at the
// instant of the recall; the system is expected to block the site's stock of the lot and fail
// verifications of its packs from then on.
struct BatchStatusNotice {
  double time_s = 0;
  std::string gtin;    // GTIN-14
  std::string lot;     // lot code
  std::string status;  // "recalled", "withdrawn" (or "active": the batch is cleared again)
  std::string recall;  // the recall's name (for keys and logs)
  std::string reason;  // free text from the notice
};

struct VerificationRequest {
  std::string request_id;
  double time_s = 0;
  std::string requester_gln;
  std::vector<PackLabel> packs;
};

enum class VerificationStatus : std::uint8_t {
  kVerified,
  kUnknownSerial,
  kDecommissioned,
  kLotMismatch,
  kExpiryMismatch,
  kDuplicate,    // seen in two places at once
  kSuspect,      // other reason to distrust (chain of custody, aggregation)
  kUnavailable,  // the responder could not answer
};

struct VerificationAnswer {
  std::string request_id;
  double time_s = 0;
  std::vector<VerificationStatus> statuses;  // one per requested pack, same order
};

struct SuspectAlert {
  std::string id;
  double raised_at_s = 0;
  std::string reason;              // "unknown_serial", "cloned_serial", "aggregation_mismatch", ...
  std::vector<std::string> packs;  // "<gtin14>/<serial>" or SSCCs
  std::vector<std::string> lots;   // "<gtin14>/<lot>"
};

// What the system produced since the previous advance_to().
struct SerializationOutput {
  std::vector<VerificationAnswer> answers;
  std::vector<SuspectAlert> alerts;
  std::vector<Decision> decisions;
  void clear() {
    answers.clear();
    alerts.clear();
    decisions.clear();
  }
};

class SerializationPort {
 public:
  virtual ~SerializationPort() = default;
  virtual void bind(const SerializationSite& site) {}
  virtual void on_commissioning(const CommissioningObservation& observation) = 0;
  virtual void on_shipping(const ShippingObservation& observation) = 0;
  virtual void on_receiving_scan(const ReceivingScan& scan) = 0;
  virtual void on_storage(const StorageObservation& observation) = 0;
  virtual void on_outbound(const OutboundObservation& observation) = 0;
  virtual void on_decommission(const DecommissionObservation& observation) = 0;
  virtual void on_verification_request(const VerificationRequest& request) = 0;
  // A batch recall or withdrawal. Every binding of the project implements it; the default
  // ignores it, for test doubles and systems that have no notion of batch status.
  virtual void on_batch_status(const BatchStatusNotice& notice) {}
  // The world reached `sim_time_s`; answers, alerts and decisions are appended to `out`.
  virtual void advance_to(double sim_time_s, SerializationOutput& out) = 0;
  virtual void finish(double sim_time_s, SerializationOutput& out) {}
};

// Discards everything (benchmarks, runs without a track-and-trace system).
class NullSerializationPort final : public SerializationPort {
 public:
  void on_commissioning(const CommissioningObservation&) override {}
  void on_shipping(const ShippingObservation&) override {}
  void on_receiving_scan(const ReceivingScan&) override {}
  void on_storage(const StorageObservation&) override {}
  void on_outbound(const OutboundObservation&) override {}
  void on_decommission(const DecommissionObservation&) override {}
  void on_verification_request(const VerificationRequest&) override {}
  void on_batch_status(const BatchStatusNotice&) override {}
  void advance_to(double, SerializationOutput&) override {}
};

// Keeps everything it receives; answers with what a test queued, released by the first
// advance_to() at or after its time.
class RecordingSerializationPort final : public SerializationPort {
 public:
  void bind(const SerializationSite& site) override { site_ = site; }
  void on_commissioning(const CommissioningObservation& o) override { commissioning.push_back(o); }
  void on_shipping(const ShippingObservation& o) override { shipping.push_back(o); }
  void on_receiving_scan(const ReceivingScan& o) override { receiving.push_back(o); }
  void on_storage(const StorageObservation& o) override { storage.push_back(o); }
  void on_outbound(const OutboundObservation& o) override { outbound.push_back(o); }
  void on_decommission(const DecommissionObservation& o) override { decommission.push_back(o); }
  void on_verification_request(const VerificationRequest& o) override {
    verification_requests.push_back(o);
  }
  void on_batch_status(const BatchStatusNotice& o) override { batch_status.push_back(o); }
  void advance_to(double sim_time_s, SerializationOutput& out) override {
    advances.push_back(sim_time_s);
    release(pending_answers_, out.answers, sim_time_s);
    release(pending_alerts_, out.alerts, sim_time_s);
    release(pending_decisions_, out.decisions, sim_time_s);
  }
  void queue_answer(VerificationAnswer a) { pending_answers_.push_back(std::move(a)); }
  void queue_alert(SuspectAlert a) { pending_alerts_.push_back(std::move(a)); }
  void queue_decision(Decision d) { pending_decisions_.push_back(std::move(d)); }
  const SerializationSite& site() const { return site_; }

  std::vector<CommissioningObservation> commissioning;
  std::vector<ShippingObservation> shipping;
  std::vector<ReceivingScan> receiving;
  std::vector<StorageObservation> storage;
  std::vector<OutboundObservation> outbound;
  std::vector<DecommissionObservation> decommission;
  std::vector<VerificationRequest> verification_requests;
  std::vector<BatchStatusNotice> batch_status;
  std::vector<double> advances;

 private:
  static double time_of(const VerificationAnswer& a) { return a.time_s; }
  static double time_of(const SuspectAlert& a) { return a.raised_at_s; }
  static double time_of(const Decision& d) { return d.sim_time_s; }
  template <typename T>
  static void release(std::vector<T>& pending, std::vector<T>& out, double now_s) {
    std::vector<T> later;
    for (T& item : pending) {
      if (time_of(item) <= now_s)
        out.push_back(std::move(item));
      else
        later.push_back(std::move(item));
    }
    pending = std::move(later);
  }

  SerializationSite site_;
  std::vector<VerificationAnswer> pending_answers_;
  std::vector<SuspectAlert> pending_alerts_;
  std::vector<Decision> pending_decisions_;
};

}  // namespace pharmatwin::adapters
