// Channel faults injected while a run goes on (World::inject, the dashboard's inject panel):
// the world only logs and announces them; the bindings' channel-fault wrappers play them.
//
// Build the ports with BindingContext::injectable_channel_faults so they are wrapped, then
//   follow_injected_channel_faults(world->observers(), detection.port.get(), tt.port.get());
// Each injected channel fault adds a window, from its actual start for its duration, to every
// wrapper given (a wrapper ignores the windows of channels it does not carry).
#pragma once

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/adapters/observer.hpp"
#include "pharmatwin/adapters/serialization_port.hpp"

namespace pharmatwin::adapters {

// Ports that are not channel-fault wrappers (or null) are left alone.
void follow_injected_channel_faults(Observers& observers, DetectionPort* detection,
                                    SerializationPort* serialization);

}  // namespace pharmatwin::adapters
