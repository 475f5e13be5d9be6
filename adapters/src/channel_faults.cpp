#include "pharmatwin/adapters/channel_faults.hpp"

#include <algorithm>
#include <cmath>

#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::adapters {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

bool channel_fault_window(const scenario::Fault& fault, double start_s, ChannelFaultWindow& w,
                          std::string* error) {
  const auto& cf = fault.channel_fault();
  const std::string where = "faults[" + fault.name() + "]";
  std::string first_error;
  auto duration = [&](const std::string& text, const std::string& field, double& out) {
    if (text.empty()) return;
    std::string why;
    const auto parsed = scenarios::parse_duration_s(text, &why);
    if (!parsed) {
      if (first_error.empty()) first_error = where + "." + field + ": " + why;
    } else {
      out = *parsed;
    }
  };
  w = ChannelFaultWindow{};
  w.name = fault.name();
  switch (cf.channel()) {
    case scenario::READINGS:
      w.channel = FaultChannel::kReadings;
      break;
    case scenario::SERIALIZATION:
      w.channel = FaultChannel::kSerialization;
      break;
    case scenario::DECISIONS:
      w.channel = FaultChannel::kDecisions;
      break;
    default:
      if (error)
        *error = where + ".channel_fault.channel: must be READINGS, SERIALIZATION or DECISIONS";
      return false;
  }
  w.start_s = start_s;
  double length_s = -1;
  duration(fault.duration(), "duration", length_s);
  if (length_s >= 0) w.end_s = w.start_s + length_s;
  duration(cf.delay(), "channel_fault.delay", w.delay_s);
  duration(cf.reorder_window(), "channel_fault.reorder_window", w.reorder_window_s);
  w.duplicate_fraction = cf.duplicate_fraction();
  if (!(w.duplicate_fraction >= 0 && w.duplicate_fraction <= 1) && first_error.empty())
    first_error = where + ".channel_fault.duplicate_fraction: must be within 0..1";
  w.hold_back = cf.hold_back();
  if (!first_error.empty()) {
    if (error) *error = first_error;
    return false;
  }
  return true;
}

ChannelFaultsResult channel_faults_from_scenario(const scenario::Scenario& scenario) {
  ChannelFaultsResult result;
  for (const auto& fault : scenario.faults()) {
    if (fault.kind_case() != scenario::Fault::kChannelFault) continue;
    double start_s = 0;
    if (!fault.start().empty()) {
      std::string why;
      const auto parsed = scenarios::parse_duration_s(fault.start(), &why);
      if (!parsed) {
        result.errors.push_back("faults[" + fault.name() + "].start: " + why);
        continue;
      }
      start_s = *parsed;
    }
    ChannelFaultWindow w;
    std::string error;
    if (!channel_fault_window(fault, start_s, w, &error)) {
      result.errors.push_back(error);
      if (error.find(".channel:") != std::string::npos) continue;
    }
    result.windows.push_back(w);
  }
  return result;
}

ChannelFaultPlan::ChannelFaultPlan(std::vector<ChannelFaultWindow> windows, std::uint64_t seed)
    : windows_(std::move(windows)), seed_(splitmix64(seed ^ 0x6368616E6E656Cull)) {}

bool ChannelFaultPlan::affects(FaultChannel channel) const {
  return std::any_of(windows_.begin(), windows_.end(),
                     [channel](const auto& w) { return w.channel == channel; });
}

double ChannelFaultPlan::uniform() {
  return static_cast<double>(splitmix64(seed_ + counter_++) >> 11) * 0x1.0p-53;
}

void ChannelFaultPlan::deliveries(FaultChannel channel, double time_s, std::vector<double>& times) {
  times.clear();
  double deliver = time_s;
  double duplicate_fraction = 0;
  double reorder_s = 0;
  for (const auto& w : windows_) {
    if (w.channel != channel || time_s < w.start_s || time_s >= w.end_s) continue;
    deliver += w.delay_s;
    // An outage without end holds everything until finish() (deliver = infinity).
    if (w.hold_back) deliver = std::max(deliver, w.end_s);
    duplicate_fraction = std::max(duplicate_fraction, w.duplicate_fraction);
    reorder_s = std::max(reorder_s, w.reorder_window_s);
  }
  times.push_back(reorder_s > 0 ? deliver + uniform() * reorder_s : deliver);
  if (duplicate_fraction > 0 && uniform() < duplicate_fraction) {
    times.push_back(reorder_s > 0 ? deliver + uniform() * reorder_s : deliver);
  }
}

// ------------------------------------------------------------------------------ detection

FaultyDetectionPort::FaultyDetectionPort(std::unique_ptr<DetectionPort> inner,
                                         std::vector<ChannelFaultWindow> windows,
                                         std::uint64_t seed)
    : inner_(std::move(inner)), plan_(std::move(windows), seed) {}

void FaultyDetectionPort::on_readings(std::span<const SensorReading> readings) {
  if (!plan_.affects(FaultChannel::kReadings)) {
    inner_->on_readings(readings);
    return;
  }
  for (const auto& r : readings) {
    plan_.deliveries(FaultChannel::kReadings, r.time_s, times_);
    for (double t : times_) readings_.push(t, r);
  }
}

void FaultyDetectionPort::on_telemetry(std::span<const ZoneTelemetry> telemetry) {
  if (!plan_.affects(FaultChannel::kReadings)) {
    inner_->on_telemetry(telemetry);
    return;
  }
  for (const auto& z : telemetry) {
    plan_.deliveries(FaultChannel::kReadings, z.time_s, times_);
    for (double t : times_) telemetry_.push(t, z);
  }
}

void FaultyDetectionPort::release_inputs(double now_s) {
  batch_.clear();
  readings_.release(now_s, [&](SensorReading&& r) { batch_.push_back(r); });
  if (!batch_.empty()) inner_->on_readings(batch_);
  telemetry_batch_.clear();
  telemetry_.release(now_s, [&](ZoneTelemetry&& z) { telemetry_batch_.push_back(z); });
  if (!telemetry_batch_.empty()) inner_->on_telemetry(telemetry_batch_);
}

void FaultyDetectionPort::route_outputs(double now_s, PortOutput& produced, PortOutput& out,
                                        bool everything) {
  if (!plan_.affects(FaultChannel::kDecisions)) {
    for (auto& a : produced.alerts) out.alerts.push_back(std::move(a));
    for (auto& d : produced.decisions) out.decisions.push_back(std::move(d));
    produced.clear();
    return;
  }
  for (auto& a : produced.alerts) {
    plan_.deliveries(FaultChannel::kDecisions, now_s, times_);
    for (double t : times_) alerts_.push(t, a);
  }
  for (auto& d : produced.decisions) {
    plan_.deliveries(FaultChannel::kDecisions, now_s, times_);
    for (double t : times_) decisions_.push(t, d);
  }
  produced.clear();
  const double until = everything ? std::numeric_limits<double>::infinity() : now_s;
  alerts_.release(until, [&](Alert&& a) { out.alerts.push_back(std::move(a)); });
  decisions_.release(until, [&](Decision&& d) { out.decisions.push_back(std::move(d)); });
}

void FaultyDetectionPort::advance_to(double sim_time_s, PortOutput& out) {
  release_inputs(sim_time_s);
  inner_->advance_to(sim_time_s, produced_);
  route_outputs(sim_time_s, produced_, out, false);
}

void FaultyDetectionPort::finish(double sim_time_s, PortOutput& out) {
  // Backfill of everything still held back, then the end of the run.
  release_inputs(std::numeric_limits<double>::infinity());
  inner_->finish(sim_time_s, produced_);
  route_outputs(sim_time_s, produced_, out, true);
}

// -------------------------------------------------------------------------- serialization

FaultySerializationPort::FaultySerializationPort(std::unique_ptr<SerializationPort> inner,
                                                 std::vector<ChannelFaultWindow> windows,
                                                 std::uint64_t seed)
    : inner_(std::move(inner)), plan_(std::move(windows), seed) {}

void FaultySerializationPort::deliver(Observation&& o) {
  std::visit(
      [this](auto&& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, CommissioningObservation>)
          inner_->on_commissioning(v);
        else if constexpr (std::is_same_v<T, ShippingObservation>)
          inner_->on_shipping(v);
        else if constexpr (std::is_same_v<T, ReceivingScan>)
          inner_->on_receiving_scan(v);
        else if constexpr (std::is_same_v<T, StorageObservation>)
          inner_->on_storage(v);
        else if constexpr (std::is_same_v<T, OutboundObservation>)
          inner_->on_outbound(v);
        else if constexpr (std::is_same_v<T, DecommissionObservation>)
          inner_->on_decommission(v);
        else if constexpr (std::is_same_v<T, BatchStatusNotice>)
          inner_->on_batch_status(v);
        else
          inner_->on_verification_request(v);
      },
      o);
}

void FaultySerializationPort::enqueue(Observation o, double time_s) {
  if (!plan_.affects(FaultChannel::kSerialization)) {
    deliver(std::move(o));
    return;
  }
  plan_.deliveries(FaultChannel::kSerialization, time_s, times_);
  for (std::size_t i = 0; i < times_.size(); ++i) {
    inputs_.push(times_[i], i + 1 < times_.size() ? o : std::move(o));
  }
}

void FaultySerializationPort::route_outputs(double now_s, SerializationOutput& produced,
                                            SerializationOutput& out, bool everything) {
  const bool faulty = plan_.affects(FaultChannel::kDecisions);
  auto route = [&](auto& items, auto& queue, auto& sink) {
    for (auto& item : items) {
      if (!faulty) {
        sink.push_back(std::move(item));
        continue;
      }
      plan_.deliveries(FaultChannel::kDecisions, now_s, times_);
      for (double t : times_) queue.push(t, item);
    }
    const double until = everything ? std::numeric_limits<double>::infinity() : now_s;
    queue.release(until, [&](auto&& item) { sink.push_back(std::move(item)); });
  };
  route(produced.answers, answers_, out.answers);
  route(produced.alerts, alerts_, out.alerts);
  route(produced.decisions, decisions_, out.decisions);
  produced.clear();
}

void FaultySerializationPort::advance_to(double sim_time_s, SerializationOutput& out) {
  inputs_.release(sim_time_s, [this](Observation&& o) { deliver(std::move(o)); });
  inner_->advance_to(sim_time_s, produced_);
  route_outputs(sim_time_s, produced_, out, false);
}

void FaultySerializationPort::finish(double sim_time_s, SerializationOutput& out) {
  inputs_.release(std::numeric_limits<double>::infinity(),
                  [this](Observation&& o) { deliver(std::move(o)); });
  inner_->finish(sim_time_s, produced_);
  route_outputs(sim_time_s, produced_, out, true);
}

}  // namespace pharmatwin::adapters
