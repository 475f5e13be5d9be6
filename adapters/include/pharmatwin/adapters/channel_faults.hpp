// Imperfect channels between the world and a system under test, as a scenario's ChannelFault
// describes them: messages delayed, duplicated, reordered within a window, or held back for
// the fault's duration (a gateway outage) and backfilled at its end.
//
// FaultyDetectionPort and FaultySerializationPort wrap any binding. Channel READINGS affects
// readings and telemetry going to a detection system, SERIALIZATION the observations and
// verification requests going to a track-and-trace system, DECISIONS the alerts, answers and
// decisions coming back. A message is affected when its time (reading time, observation time,
// or the advance at which the system produced it) falls in [start_s, end_s). Random choices
// come from a counter-based generator seeded by the run seed: the same run gives the same
// deliveries. Held messages are released at the first advance_to() at or after their delivery
// time, in delivery-time order (ties in arrival order); finish() releases everything.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <queue>
#include <string>
#include <variant>
#include <vector>

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/adapters/serialization_port.hpp"
#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::adapters {

enum class FaultChannel : std::uint8_t { kReadings, kSerialization, kDecisions };

struct ChannelFaultWindow {
  std::string name;
  FaultChannel channel = FaultChannel::kReadings;
  double start_s = 0;
  double end_s = std::numeric_limits<double>::infinity();
  double delay_s = 0;
  double duplicate_fraction = 0;  // 0..1
  double reorder_window_s = 0;
  bool hold_back = false;
};

struct ChannelFaultsResult {
  std::vector<ChannelFaultWindow> windows;
  std::vector<std::string> errors;  // "faults[name].channel_fault.delay: ..."
};

// The channel faults of a scenario (other fault kinds are skipped).
ChannelFaultsResult channel_faults_from_scenario(const scenario::Scenario& scenario);

// One channel fault as a window from `start_s` (its own start is ignored) for its duration;
// false with `error` ("faults[name].channel_fault...: ...") when it does not read.
bool channel_fault_window(const scenario::Fault& fault, double start_s, ChannelFaultWindow& window,
                          std::string* error);

// Where and when a message goes: its delivery time and whether a copy follows.
class ChannelFaultPlan {
 public:
  ChannelFaultPlan(std::vector<ChannelFaultWindow> windows, std::uint64_t seed);
  // A fault injected while the run goes on: messages produced from its start on are affected.
  void add(ChannelFaultWindow window) { windows_.push_back(std::move(window)); }
  bool affects(FaultChannel channel) const;
  // Delivery times of a message of `channel` produced at `time_s`: one, or two when duplicated.
  // Fills `times` (cleared first).
  void deliveries(FaultChannel channel, double time_s, std::vector<double>& times);

 private:
  double uniform();  // [0, 1)
  std::vector<ChannelFaultWindow> windows_;
  std::uint64_t seed_;
  std::uint64_t counter_ = 0;
};

// A queue of messages ordered by delivery time, then arrival.
template <typename T>
class DelayQueue {
 public:
  void push(double deliver_s, T item) { heap_.push({deliver_s, next_++, std::move(item)}); }
  // Pops every item due at `now_s` into `sink(T&&)`, in order.
  template <typename Sink>
  void release(double now_s, Sink&& sink) {
    while (!heap_.empty() && heap_.top().deliver_s <= now_s) {
      T item = std::move(const_cast<Entry&>(heap_.top()).item);
      heap_.pop();
      sink(std::move(item));
    }
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

 private:
  struct Entry {
    double deliver_s;
    std::uint64_t order;
    T item;
    bool operator>(const Entry& o) const {
      return deliver_s != o.deliver_s ? deliver_s > o.deliver_s : order > o.order;
    }
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap_;
  std::uint64_t next_ = 0;
};

class FaultyDetectionPort final : public DetectionPort {
 public:
  FaultyDetectionPort(std::unique_ptr<DetectionPort> inner, std::vector<ChannelFaultWindow> windows,
                      std::uint64_t seed);
  void bind(const SiteLayout& layout) override { inner_->bind(layout); }
  void on_readings(std::span<const SensorReading> readings) override;
  void on_telemetry(std::span<const ZoneTelemetry> telemetry) override;
  // Stock comes from the warehouse management system, not through the faulty gateway.
  void on_zone_stock(std::span<const ZoneStock> stock) override { inner_->on_zone_stock(stock); }
  void advance_to(double sim_time_s, PortOutput& out) override;
  void finish(double sim_time_s, PortOutput& out) override;
  DetectionPort& inner() { return *inner_; }
  // An injected channel fault (see ChannelFaultPlan::add).
  void add_window(ChannelFaultWindow window) { plan_.add(std::move(window)); }

 private:
  void release_inputs(double now_s);
  void route_outputs(double now_s, PortOutput& produced, PortOutput& out, bool everything);

  std::unique_ptr<DetectionPort> inner_;
  ChannelFaultPlan plan_;
  DelayQueue<SensorReading> readings_;
  DelayQueue<ZoneTelemetry> telemetry_;
  DelayQueue<Alert> alerts_;
  DelayQueue<Decision> decisions_;
  std::vector<double> times_;
  std::vector<SensorReading> batch_;
  std::vector<ZoneTelemetry> telemetry_batch_;
  PortOutput produced_;
};

class FaultySerializationPort final : public SerializationPort {
 public:
  FaultySerializationPort(std::unique_ptr<SerializationPort> inner,
                          std::vector<ChannelFaultWindow> windows, std::uint64_t seed);
  void bind(const SerializationSite& site) override { inner_->bind(site); }
  void on_commissioning(const CommissioningObservation& o) override { enqueue(o, o.time_s); }
  void on_shipping(const ShippingObservation& o) override { enqueue(o, o.time_s); }
  void on_receiving_scan(const ReceivingScan& o) override { enqueue(o, o.time_s); }
  void on_storage(const StorageObservation& o) override { enqueue(o, o.time_s); }
  void on_outbound(const OutboundObservation& o) override { enqueue(o, o.time_s); }
  void on_decommission(const DecommissionObservation& o) override { enqueue(o, o.time_s); }
  void on_verification_request(const VerificationRequest& o) override { enqueue(o, o.time_s); }
  void on_batch_status(const BatchStatusNotice& o) override { enqueue(o, o.time_s); }
  void advance_to(double sim_time_s, SerializationOutput& out) override;
  void finish(double sim_time_s, SerializationOutput& out) override;
  // An injected channel fault (see ChannelFaultPlan::add).
  void add_window(ChannelFaultWindow window) { plan_.add(std::move(window)); }

 private:
  using Observation = std::variant<CommissioningObservation, ShippingObservation, ReceivingScan,
                                   StorageObservation, OutboundObservation, DecommissionObservation,
                                   VerificationRequest, BatchStatusNotice>;
  void enqueue(Observation o, double time_s);
  void deliver(Observation&& o);
  void route_outputs(double now_s, SerializationOutput& produced, SerializationOutput& out,
                     bool everything);

  std::unique_ptr<SerializationPort> inner_;
  ChannelFaultPlan plan_;
  DelayQueue<Observation> inputs_;
  DelayQueue<VerificationAnswer> answers_;
  DelayQueue<SuspectAlert> alerts_;
  DelayQueue<Decision> decisions_;
  std::vector<double> times_;
  SerializationOutput produced_;
};

}  // namespace pharmatwin::adapters
