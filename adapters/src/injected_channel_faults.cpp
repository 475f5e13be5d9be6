#include "pharmatwin/adapters/injected_channel_faults.hpp"

#include "pharmatwin/adapters/channel_faults.hpp"

namespace pharmatwin::adapters {

void follow_injected_channel_faults(Observers& observers, DetectionPort* detection,
                                    SerializationPort* serialization) {
  auto* faulty_detection = dynamic_cast<FaultyDetectionPort*>(detection);
  auto* faulty_serialization = dynamic_cast<FaultySerializationPort*>(serialization);
  if (!faulty_detection && !faulty_serialization) return;
  observers.on_fault_start.connect([faulty_detection, faulty_serialization](const FaultEvent& f) {
    const auto* fault = static_cast<const scenario::Fault*>(f.scenario_fault);
    if (!f.injected || !fault || !fault->has_channel_fault()) return;
    ChannelFaultWindow window;
    // The world resolved the fault before it started it, so it reads.
    if (!channel_fault_window(*fault, f.start_s, window, nullptr)) return;
    if (faulty_detection) faulty_detection->add_window(window);
    if (faulty_serialization) faulty_serialization->add_window(window);
  });
}

}  // namespace pharmatwin::adapters
