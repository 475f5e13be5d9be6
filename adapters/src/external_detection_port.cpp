#include "pharmatwin/adapters/external_ports.hpp"
#include "pharmatwin/adapters/sut_convert.hpp"
#include "pharmatwin/adapters/sut_error.hpp"

namespace pharmatwin::adapters {

ExternalDetectionPort::ExternalDetectionPort(std::unique_ptr<SutSession> session,
                                             ExternalDetectionOptions options)
    : session_(std::move(session)), options_(std::move(options)) {}

ExternalDetectionPort::~ExternalDetectionPort() = default;

void ExternalDetectionPort::bind(const SiteLayout& layout) {
  sut::Hello hello;
  hello.set_protocol_version(kSutProtocolVersion);
  hello.add_capabilities("detection");
  hello.set_run_id(options_.run_id);
  to_wire(layout, options_.zone_storage_classes, *hello.mutable_layout());
  welcome_ = session_->handshake(hello, {"detection"});
  zones_ = layout.zones.size();
  sensors_ = layout.sensors.size();
  bound_ = true;
}

void ExternalDetectionPort::flush_readings() {
  if (pending_.readings().time_s_size() == 0) return;
  session_->send(pending_);
  pending_.mutable_readings()->Clear();
}

void ExternalDetectionPort::on_readings(std::span<const SensorReading> readings) {
  if (!bound_)
    throw SutError(SutErrorKind::kProtocol, session_->label() + ": readings before bind()");
  while (!readings.empty()) {
    const std::size_t room =
        options_.readings_per_frame - static_cast<std::size_t>(pending_.readings().time_s_size());
    const std::size_t take = std::min(room, readings.size());
    append_to_wire(readings.first(take), *pending_.mutable_readings());
    readings = readings.subspan(take);
    if (static_cast<std::size_t>(pending_.readings().time_s_size()) >=
        options_.readings_per_frame) {
      flush_readings();
    }
  }
}

void ExternalDetectionPort::on_telemetry(std::span<const ZoneTelemetry> telemetry) {
  if (telemetry.empty()) return;
  flush_readings();  // keeps the order in which the world delivered
  sut::ToSut message;
  to_wire(telemetry, *message.mutable_telemetry());
  session_->send(message);
}

void ExternalDetectionPort::on_zone_stock(std::span<const ZoneStock> stock) {
  if (stock.empty()) return;
  flush_readings();
  sut::ToSut message;
  to_wire(stock, *message.mutable_stock());
  session_->send(message);
}

void ExternalDetectionPort::collect(const sut::FromSut& message, PortOutput& out) {
  switch (message.body_case()) {
    case sut::FromSut::kAlert:
      out.alerts.push_back(from_wire(message.alert(), zones_, sensors_));
      break;
    case sut::FromSut::kDecision:
      out.decisions.push_back(from_wire(message.decision()));
      break;
    default:
      throw SutError(SutErrorKind::kProtocol,
                     "not an output of a detection system (expected Alert, Decision or Ack)");
  }
}

void ExternalDetectionPort::advance_to(double sim_time_s, PortOutput& out) {
  flush_readings();
  session_->step(sim_time_s, false, [&](const sut::FromSut& m) { collect(m, out); });
}

void ExternalDetectionPort::finish(double sim_time_s, PortOutput& out) {
  if (finished_) return;
  finished_ = true;
  flush_readings();
  session_->step(sim_time_s, true, [&](const sut::FromSut& m) { collect(m, out); });
  session_->close();
}

}  // namespace pharmatwin::adapters
