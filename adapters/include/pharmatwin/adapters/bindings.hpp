// Choosing a binding for each port from a scenario's `systems` (SystemsUnderTest/Binding) and
// the run command's flags. Bad configuration comes back as an error text, never an exception;
// systems that fail while running throw SutError (see sut_error.hpp).
//
// Binding kinds (docs/adapters.md):
//   detection:     "in-process" (default), "external" (endpoint: command line), "tcp"
//                  (endpoint: host:port), "mqtt" (endpoint: broker host:port), "none"
//   serialization: "in-process" (default), "external", "tcp", "epcis" (in-process engine plus
//                  EPCIS 2.0 JSON-LD files in <out_dir>/epcis/), "none"
// The scenario's channel faults wrap the binding (FaultyDetectionPort/FaultySerializationPort).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/adapters/serialization_port.hpp"
#include "pharmatwin/adapters/sut_session.hpp"
#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::adapters {

struct BindingContext {
  // The scenario (storage classes of zones, channel faults); may be null.
  const scenario::Scenario* scenario = nullptr;
  std::string run_id;
  std::uint64_t seed = 0;  // channel-fault randomness
  // Run folder (out/<run>); the EPCIS binding writes <out_dir>/epcis/.
  std::filesystem::path out_dir;
  // Detection policies folder; empty = default_policies_dir().
  std::filesystem::path policies_dir;
  // `--policy`: a policy file (relative to the working directory) that replaces the policy of
  // its storage class; takes precedence over the scenario's Binding.policy.
  std::filesystem::path policy_override;
  SutOptions sut;
  // MQTT: 0 = lock-step; otherwise simulated seconds per wall second (1, 60, ...).
  double mqtt_speed = 0;
  // MQTT: username/password (empty username: anonymous) and TLS files (CA non-empty: TLS on;
  // client certificate and key optional). See MqttOptions.
  std::string mqtt_username, mqtt_password;
  std::string mqtt_ca_file, mqtt_cert_file, mqtt_key_file;
  bool channel_faults = true;
  // Wrap the ports in the channel-fault wrappers even when the scenario has no channel fault, so
  // that channel faults injected at run time can be applied (follow_injected_channel_faults).
  bool injectable_channel_faults = false;
};

template <typename Port>
struct BindingResult {
  std::unique_ptr<Port> port;
  std::string description;  // e.g. "external 'python3 detector.py'"
  std::string error;        // non-empty: no port
  bool ok() const { return error.empty(); }
};

// Parses a `--detector`/`--tt-system` flag: "in-process", "none", "external:<command line>",
// "tcp:<host:port>", "mqtt:<host:port>", "epcis"; any other text is an external command line.
scenario::Binding parse_binding_flag(const std::string& flag);

BindingResult<DetectionPort> make_detection_port(const scenario::Binding& binding,
                                                 const std::filesystem::path& scenario_dir,
                                                 const BindingContext& context = {});
BindingResult<SerializationPort> make_serialization_port(const scenario::Binding& binding,
                                                         const std::filesystem::path& scenario_dir,
                                                         const BindingContext& context = {});

}  // namespace pharmatwin::adapters
