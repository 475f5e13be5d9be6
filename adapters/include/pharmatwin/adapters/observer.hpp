// Followers of the world: recorders, the dashboard, the operations half.
//
// The world fires these callback lists as things happen; it does not know who listens. Callbacks
// run on the simulation thread, inside the simulated instant they report; they must not block.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "pharmatwin/adapters/decision.hpp"
#include "pharmatwin/adapters/detection_port.hpp"

namespace pharmatwin::adapters {

// A list of callbacks; connect() returns a handle for disconnect().
template <typename... Args>
class Signal {
 public:
  using Callback = std::function<void(Args...)>;
  std::size_t connect(Callback callback) {
    slots_.emplace_back(next_id_, std::move(callback));
    return next_id_++;
  }
  void disconnect(std::size_t id) {
    std::erase_if(slots_, [id](const auto& slot) { return slot.first == id; });
  }
  void operator()(Args... args) const {
    for (const auto& slot : slots_) slot.second(args...);
  }
  bool empty() const { return slots_.empty(); }

 private:
  std::vector<std::pair<std::size_t, Callback>> slots_;
  std::size_t next_id_ = 1;
};

// A fault starting or ending, as the ground truth knows it.
struct FaultEvent {
  std::string name;
  std::string kind;                 // scenario oneof field name: "hvac_failure", "counterfeit", ...
  std::uint32_t zone = kNoIndex;    // first zone concerned, if any
  std::uint32_t sensor = kNoIndex;  // sensor concerned, if any
  double start_s = 0;
  double end_s = -1;      // -1: until the end of the run (or not known yet)
  bool injected = false;  // injected at run time rather than scheduled by the scenario
  // The scenario fault itself (pharmatwin::scenario::Fault, valid during the callback), for
  // listeners that handle the kinds the world does not (counterfeits, serialization exceptions,
  // channel faults).
  const void* scenario_fault = nullptr;
};

struct Observers {
  Signal<std::span<const SensorReading>> on_readings;
  Signal<std::span<const ZoneTelemetry>> on_telemetry;
  // Stock of the zones whose content changed (as sent to the detection port).
  Signal<std::span<const ZoneStock>> on_zone_stock;
  Signal<const FaultEvent&> on_fault_start;
  Signal<const FaultEvent&> on_fault_end;
  Signal<const Alert&> on_alert;
  Signal<const Decision&> on_decision;
  // The world finished everything up to this simulated time.
  Signal<double> on_time_advance;
};

}  // namespace pharmatwin::adapters
