// Bindings of the ports to an external system under test that speaks the pharmatwin SUT
// protocol (docs/adapters.md) over its stdin/stdout or a TCP connection, in lock-step: every
// advance_to() blocks until the system acknowledged everything up to that time.
//
// Failures of the system (start, crash, timeout, malformed or out-of-place messages) throw
// SutError from the port call that met them.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/adapters/serialization_port.hpp"
#include "pharmatwin/adapters/sut_session.hpp"

namespace pharmatwin::adapters {

struct ExternalDetectionOptions {
  std::string run_id;
  // Storage class by zone name ("refrigerated", ...), sent in the layout when known.
  std::map<std::string, std::string> zone_storage_classes;
  // Readings per Readings frame.
  std::size_t readings_per_frame = 8192;
};

class ExternalDetectionPort final : public DetectionPort {
 public:
  ExternalDetectionPort(std::unique_ptr<SutSession> session, ExternalDetectionOptions options = {});
  ~ExternalDetectionPort() override;

  void bind(const SiteLayout& layout) override;
  void on_readings(std::span<const SensorReading> readings) override;
  void on_telemetry(std::span<const ZoneTelemetry> telemetry) override;
  void on_zone_stock(std::span<const ZoneStock> stock) override;
  void advance_to(double sim_time_s, PortOutput& out) override;
  void finish(double sim_time_s, PortOutput& out) override;

  const sut::Welcome& welcome() const { return welcome_; }
  SutSession& session() { return *session_; }

 private:
  void flush_readings();
  void collect(const sut::FromSut& message, PortOutput& out);

  std::unique_ptr<SutSession> session_;
  ExternalDetectionOptions options_;
  sut::Welcome welcome_;
  std::size_t zones_ = 0, sensors_ = 0;
  sut::ToSut pending_;  // readings not yet framed
  bool bound_ = false;
  bool finished_ = false;
};

class ExternalSerializationPort final : public SerializationPort {
 public:
  explicit ExternalSerializationPort(std::unique_ptr<SutSession> session, std::string run_id = {});
  ~ExternalSerializationPort() override;

  void bind(const SerializationSite& site) override;
  void on_commissioning(const CommissioningObservation& o) override;
  void on_shipping(const ShippingObservation& o) override;
  void on_receiving_scan(const ReceivingScan& o) override;
  void on_storage(const StorageObservation& o) override;
  void on_outbound(const OutboundObservation& o) override;
  void on_decommission(const DecommissionObservation& o) override;
  void on_verification_request(const VerificationRequest& o) override;
  // Sent as a BatchStatus message when the system accepted capability "batch_status" in its
  // Welcome; dropped otherwise (a system that predates it would not know the message).
  void on_batch_status(const BatchStatusNotice& n) override;
  void advance_to(double sim_time_s, SerializationOutput& out) override;
  void finish(double sim_time_s, SerializationOutput& out) override;
  // Whether the system accepted batch status notices.
  bool accepts_batch_status() const { return batch_status_; }

 private:
  void ensure_bound();
  void collect(const sut::FromSut& message, SerializationOutput& out);

  std::unique_ptr<SutSession> session_;
  std::string run_id_;
  sut::ToSut message_;
  bool bound_ = false;
  bool batch_status_ = false;
  bool finished_ = false;
};

}  // namespace pharmatwin::adapters
