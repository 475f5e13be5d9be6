#include <algorithm>

#include "pharmatwin/adapters/external_ports.hpp"
#include "pharmatwin/adapters/sut_convert.hpp"
#include "pharmatwin/adapters/sut_error.hpp"

namespace pharmatwin::adapters {

ExternalSerializationPort::ExternalSerializationPort(std::unique_ptr<SutSession> session,
                                                     std::string run_id)
    : session_(std::move(session)), run_id_(std::move(run_id)) {}

ExternalSerializationPort::~ExternalSerializationPort() = default;

void ExternalSerializationPort::bind(const SerializationSite& site) {
  sut::Hello hello;
  hello.set_protocol_version(kSutProtocolVersion);
  hello.add_capabilities("serialization");
  hello.add_capabilities("batch_status");
  hello.set_run_id(run_id_);
  to_wire(site, *hello.mutable_site());
  const auto& caps = session_->handshake(hello, {"serialization"}).capabilities();
  batch_status_ = std::find(caps.begin(), caps.end(), "batch_status") != caps.end();
  bound_ = true;
}

void ExternalSerializationPort::ensure_bound() {
  if (!bound_) bind(SerializationSite{});
  message_.Clear();
}

void ExternalSerializationPort::on_commissioning(const CommissioningObservation& o) {
  ensure_bound();
  to_wire(o, *message_.mutable_commissioning());
  session_->send(message_);
}
void ExternalSerializationPort::on_shipping(const ShippingObservation& o) {
  ensure_bound();
  to_wire(o, *message_.mutable_shipping());
  session_->send(message_);
}
void ExternalSerializationPort::on_receiving_scan(const ReceivingScan& o) {
  ensure_bound();
  to_wire(o, *message_.mutable_receiving_scan());
  session_->send(message_);
}
void ExternalSerializationPort::on_storage(const StorageObservation& o) {
  ensure_bound();
  to_wire(o, *message_.mutable_storage());
  session_->send(message_);
}
void ExternalSerializationPort::on_outbound(const OutboundObservation& o) {
  ensure_bound();
  to_wire(o, *message_.mutable_outbound());
  session_->send(message_);
}
void ExternalSerializationPort::on_decommission(const DecommissionObservation& o) {
  ensure_bound();
  to_wire(o, *message_.mutable_decommission());
  session_->send(message_);
}
void ExternalSerializationPort::on_verification_request(const VerificationRequest& o) {
  ensure_bound();
  to_wire(o, *message_.mutable_verification_request());
  session_->send(message_);
}

void ExternalSerializationPort::on_batch_status(const BatchStatusNotice& n) {
  ensure_bound();
  if (!batch_status_) return;
  to_wire(n, *message_.mutable_batch_status());
  session_->send(message_);
}

void ExternalSerializationPort::collect(const sut::FromSut& message, SerializationOutput& out) {
  switch (message.body_case()) {
    case sut::FromSut::kVerificationAnswer:
      out.answers.push_back(from_wire(message.verification_answer()));
      break;
    case sut::FromSut::kSuspectAlert:
      out.alerts.push_back(from_wire(message.suspect_alert()));
      break;
    case sut::FromSut::kDecision:
      out.decisions.push_back(from_wire(message.decision()));
      break;
    default:
      throw SutError(SutErrorKind::kProtocol,
                     "not an output of a track-and-trace system (expected VerificationAnswer, "
                     "SuspectAlert, Decision or Ack)");
  }
}

void ExternalSerializationPort::advance_to(double sim_time_s, SerializationOutput& out) {
  ensure_bound();
  session_->step(sim_time_s, false, [&](const sut::FromSut& m) { collect(m, out); });
}

void ExternalSerializationPort::finish(double sim_time_s, SerializationOutput& out) {
  if (finished_) return;
  ensure_bound();
  finished_ = true;
  session_->step(sim_time_s, true, [&](const sut::FromSut& m) { collect(m, out); });
  session_->close();
}

}  // namespace pharmatwin::adapters
