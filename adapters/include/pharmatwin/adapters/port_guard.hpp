// Guards around the ports so that a failing system under test never throws through the
// simulation: the first error a port raises is kept as a value (which system, when, what kind,
// the message) and the port goes quiet afterwards; the world sees the failure and stops.
//
//   PortFailure failure;
//   GuardedDetectionPort guarded(&external_port, failure, [&] { return engine_clock_s(); });
//   guarded.advance_to(t, out);           // never throws
//   if (failure.failed()) stop_at(failure.t_s);  // failure.message: "crashed: ..."
#pragma once

#include <exception>
#include <functional>
#include <string>

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/adapters/serialization_port.hpp"
#include "pharmatwin/adapters/sut_error.hpp"

namespace pharmatwin::adapters {

// The first failure of either system under test in a run.
struct PortFailure {
  std::string system;  // "detection" or "track-and-trace"
  std::string kind;    // to_string(SutErrorKind), "error" for any other exception
  std::string message;
  double t_s = 0;  // simulated time of the call that failed
  bool failed() const { return !kind.empty(); }
};

namespace detail {

// Runs `call`; on an exception records it in `failure` (first one wins) and returns false.
template <typename Call>
bool guarded_call(PortFailure& failure, const char* system, const std::function<double()>& now,
                  Call&& call) {
  if (failure.failed()) return false;
  try {
    call();
    return true;
  } catch (const SutError& e) {
    failure = {system, to_string(e.kind()), e.what(), now ? now() : 0.0};
  } catch (const std::exception& e) {
    failure = {system, "error", e.what(), now ? now() : 0.0};
  } catch (...) {
    failure = {system, "error", "unknown exception", now ? now() : 0.0};
  }
  return false;
}

}  // namespace detail

class GuardedDetectionPort final : public DetectionPort {
 public:
  GuardedDetectionPort(DetectionPort* target, PortFailure& failure, std::function<double()> now)
      : target_(target), failure_(failure), now_(std::move(now)) {}
  void bind(const SiteLayout& layout) override {
    call([&] { target_->bind(layout); });
  }
  void on_readings(std::span<const SensorReading> readings) override {
    call([&] { target_->on_readings(readings); });
  }
  void on_telemetry(std::span<const ZoneTelemetry> telemetry) override {
    call([&] { target_->on_telemetry(telemetry); });
  }
  void on_zone_stock(std::span<const ZoneStock> stock) override {
    call([&] { target_->on_zone_stock(stock); });
  }
  void advance_to(double t, PortOutput& out) override {
    call([&] { target_->advance_to(t, out); });
  }
  void finish(double t, PortOutput& out) override {
    call([&] { target_->finish(t, out); });
  }

 private:
  template <typename F>
  void call(F&& f) {
    detail::guarded_call(failure_, "detection", now_, std::forward<F>(f));
  }
  DetectionPort* target_;
  PortFailure& failure_;
  std::function<double()> now_;
};

class GuardedSerializationPort final : public SerializationPort {
 public:
  GuardedSerializationPort(SerializationPort* target, PortFailure& failure,
                           std::function<double()> now)
      : target_(target), failure_(failure), now_(std::move(now)) {}
  void bind(const SerializationSite& site) override {
    call([&] { target_->bind(site); });
  }
  void on_commissioning(const CommissioningObservation& o) override {
    call([&] { target_->on_commissioning(o); });
  }
  void on_shipping(const ShippingObservation& o) override {
    call([&] { target_->on_shipping(o); });
  }
  void on_receiving_scan(const ReceivingScan& scan) override {
    call([&] { target_->on_receiving_scan(scan); });
  }
  void on_storage(const StorageObservation& o) override {
    call([&] { target_->on_storage(o); });
  }
  void on_outbound(const OutboundObservation& o) override {
    call([&] { target_->on_outbound(o); });
  }
  void on_decommission(const DecommissionObservation& o) override {
    call([&] { target_->on_decommission(o); });
  }
  void on_verification_request(const VerificationRequest& r) override {
    call([&] { target_->on_verification_request(r); });
  }
  void on_batch_status(const BatchStatusNotice& n) override {
    call([&] { target_->on_batch_status(n); });
  }
  void advance_to(double t, SerializationOutput& out) override {
    call([&] { target_->advance_to(t, out); });
  }
  void finish(double t, SerializationOutput& out) override {
    call([&] { target_->finish(t, out); });
  }

 private:
  template <typename F>
  void call(F&& f) {
    detail::guarded_call(failure_, "track-and-trace", now_, std::forward<F>(f));
  }
  SerializationPort* target_;
  PortFailure& failure_;
  std::function<double()> now_;
};

}  // namespace pharmatwin::adapters
