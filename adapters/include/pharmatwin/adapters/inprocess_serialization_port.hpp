// The in-process binding of the serialization port: the project's own serialized-pack
// repository (pharmatwin::serialization::Repository) called directly.
//
// Observations become the repository's typed calls (commission, pack, ship, receive, observe,
// decommission); verification requests are answered with EU FMD verifications at the next
// advance_to(). Each suspect-product alert comes back as a SuspectAlert ("ser-<n>", reason =
// the rule's name) and a kQuarantine Decision of the pack or case concerned, key
// "quarantine/<gtin>/<serial>" (or "quarantine/<sscc>"), so the same subject is quarantined once.
// A batch status notice (recall, withdrawal) sets the batch's status in the repository and
// comes back at the next advance_to() as a kHold Decision of the lot, key "recall/<gtin>/<lot>";
// stock of the lot put away later is held too ("recall/<gtin>/<lot>/<n>"), and verifications
// of its packs answer kDecommissioned (inactive at batch level, NMVS_NC_PCK_22).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "pharmatwin/adapters/serialization_port.hpp"
#include "pharmatwin/serialization/repository.hpp"

namespace pharmatwin::adapters {

class InProcessSerializationPort final : public SerializationPort {
 public:
  InProcessSerializationPort();

  void bind(const SerializationSite& site) override;
  void on_commissioning(const CommissioningObservation& o) override;
  void on_shipping(const ShippingObservation& o) override;
  void on_receiving_scan(const ReceivingScan& o) override;
  void on_storage(const StorageObservation& o) override;
  void on_outbound(const OutboundObservation& o) override;
  void on_decommission(const DecommissionObservation& o) override;
  void on_verification_request(const VerificationRequest& o) override;
  void on_batch_status(const BatchStatusNotice& n) override;  // inprocess_recall.cpp
  void advance_to(double sim_time_s, SerializationOutput& out) override;
  void finish(double sim_time_s, SerializationOutput& out) override { advance_to(sim_time_s, out); }

  const serialization::Repository& repository() const { return repository_; }
  // Identifier errors met so far (malformed GTINs, SSCCs), for the run's report.
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::int64_t to_ms(double sim_time_s) const;
  double to_sim_s(std::int64_t time_ms) const;
  std::string sgtin(const std::string& gtin, const std::string& serial);
  std::string sscc(const std::string& code);
  void note(const serialization::Result<bool>& r, const char* what);
  void decommission(const std::vector<PackLabel>& packs, serialization::PackStatus status,
                    const std::string& location, double time_s);
  void check_read_in_case(const PackLabel& pack, const std::string& uri,
                          const std::string& case_sscc, const std::string& at, std::int64_t ms);

  serialization::Repository repository_;
  serialization::CollectingAlertSink sink_;
  SerializationSite site_;
  std::int64_t start_ms_ = 0;
  std::vector<VerificationAnswer> answers_;
  std::vector<std::string> errors_;
  std::size_t alerts_seen_ = 0;
  std::set<std::string> quarantined_;
  // Recalls (inprocess_recall.cpp): lots "<gtin14>/<lot>" whose batch is not active, with the
  // key of their hold; decisions waiting for the next advance_to().
  void hold_recalled_storage(const StorageObservation& o);
  std::map<std::string, std::string> recalled_lots_;
  std::vector<Decision> recall_decisions_;
  std::uint64_t recall_holds_ = 0;
};

}  // namespace pharmatwin::adapters
