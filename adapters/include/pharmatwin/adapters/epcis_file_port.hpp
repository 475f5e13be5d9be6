// A serialization-port binding that records what the world reports as EPCIS 2.0 JSON-LD
// documents (one per simulated UTC day, <dir>/<YYYY-MM-DD>.jsonld, written with the
// serialization library's EPCIS writer), and forwards everything to an inner binding (or to
// none). Only built with the serialization folder.
//
// Mapping: commissioning -> ObjectEvent ADD (commissioning, active, ILMD lot and expiry) plus
// AggregationEvents ADD (packing) of packs into the case and the case onto the pallet;
// shipping -> ObjectEvent OBSERVE (shipping, in_transit) with owning-party source/destination;
// receiving scans -> ObjectEvent OBSERVE (receiving, in_progress) of the case and the packs
// read; storage -> (storing, in_progress); outbound -> (shipping, in_transit) or, dispensed,
// (dispensing, dispensed); decommission -> ObjectEvent DELETE (destroying, destroyed /
// decommissioning, stolen|inactive); a batch status notice -> ObjectEvent OBSERVE (holding,
// recalled; non_sellable_other for a withdrawal; sellable_accessible when cleared) of the lot's
// class (quantityList, LGTIN) at the site. Events carry their CBV 2.0 hash ids.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pharmatwin/adapters/serialization_port.hpp"
#include "pharmatwin/serialization/event.hpp"

namespace pharmatwin::adapters {

class EpcisFilePort final : public SerializationPort {
 public:
  EpcisFilePort(std::filesystem::path dir, std::unique_ptr<SerializationPort> inner = nullptr);
  ~EpcisFilePort() override;

  void bind(const SerializationSite& site) override;
  void on_commissioning(const CommissioningObservation& o) override;
  void on_shipping(const ShippingObservation& o) override;
  void on_receiving_scan(const ReceivingScan& o) override;
  void on_storage(const StorageObservation& o) override;
  void on_outbound(const OutboundObservation& o) override;
  void on_decommission(const DecommissionObservation& o) override;
  void on_verification_request(const VerificationRequest& o) override;
  void on_batch_status(const BatchStatusNotice& n) override;
  void advance_to(double sim_time_s, SerializationOutput& out) override;
  void finish(double sim_time_s, SerializationOutput& out) override;

  // Files written so far.
  const std::vector<std::filesystem::path>& files() const { return files_; }

 private:
  void add(serialization::Event event);
  void write_day();
  serialization::Event object_event(double time_s, serialization::Action action,
                                    const char* biz_step, const char* disposition,
                                    const std::string& location_gln);
  std::string sgtin(const std::string& gtin, const std::string& serial) const;
  std::string sscc(const std::string& code) const;

  std::filesystem::path dir_;
  std::unique_ptr<SerializationPort> inner_;
  SerializationSite site_;
  std::int64_t start_ms_ = 0;
  std::int64_t day_ = -1;  // days since the epoch of the events held
  std::vector<serialization::Event> events_;
  std::vector<std::filesystem::path> files_;
};

}  // namespace pharmatwin::adapters
