#include "pharmatwin/adapters/bindings.hpp"

#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>

#include "pharmatwin/adapters/channel_faults.hpp"
#include "pharmatwin/adapters/epcis_file_port.hpp"
#include "pharmatwin/adapters/external_ports.hpp"
#include "pharmatwin/adapters/inprocess_detection_port.hpp"
#include "pharmatwin/adapters/inprocess_serialization_port.hpp"
#include "pharmatwin/adapters/sut_error.hpp"
#include "pharmatwin/scenarios/units.hpp"
#if defined(PHARMATWIN_ADAPTERS_HAS_MQTT)
#include "pharmatwin/adapters/mqtt_detection_port.hpp"
#endif

namespace pharmatwin::adapters {
namespace {

std::string storage_class_name(scenario::StorageClass c) {
  switch (c) {
    case scenario::FROZEN:
      return "frozen";
    case scenario::REFRIGERATED:
      return "refrigerated";
    case scenario::COOL:
      return "cool";
    case scenario::CRT_15_25:
    case scenario::CRT_20_25:
      return "crt";
    default:
      return "";  // CUSTOM: from the range
  }
}

std::map<std::string, std::string> zone_classes(const BindingContext& context) {
  std::map<std::string, std::string> out;
  if (!context.scenario) return out;
  for (const auto& zone : context.scenario->zones()) {
    const std::string cls = storage_class_name(zone.storage_class());
    if (!cls.empty()) out[zone.name()] = cls;
  }
  return out;
}

std::string kind_of(const scenario::Binding& binding) {
  return binding.kind().empty() ? "in-process" : binding.kind();
}

// Starts (external) or reaches (tcp) the program of a binding.
std::unique_ptr<SutSession> open_session(const scenario::Binding& binding,
                                         const std::filesystem::path& scenario_dir,
                                         const BindingContext& context, std::string& description,
                                         std::string& error) {
  try {
    if (binding.kind() == "tcp") {
      description = "tcp " + binding.endpoint();
      return SutSession::connect(binding.endpoint(), context.sut, description);
    }
    std::string split_error;
    auto argv = split_command_line(binding.endpoint(), &split_error);
    if (!split_error.empty() || argv.empty()) {
      error = "systems: external endpoint '" + binding.endpoint() + "' is not a command line" +
              (split_error.empty() ? "" : ": " + split_error);
      return nullptr;
    }
    // A relative program path is relative to the scenario file.
    if (argv[0].find('/') != std::string::npos && std::filesystem::path(argv[0]).is_relative()) {
      const auto beside = scenario_dir / argv[0];
      std::error_code ec;
      if (std::filesystem::exists(beside, ec)) argv[0] = beside.string();
    }
    description = "external '" + binding.endpoint() + "'";
    return SutSession::spawn(argv, context.sut, description);
  } catch (const SutError& e) {
    error = e.what();
    return nullptr;
  }
}

template <typename Faulty, typename Port>
void wrap_faults(BindingResult<Port>& result, const BindingContext& context) {
  if (!result.port || !context.channel_faults || !context.scenario) return;
  auto faults = channel_faults_from_scenario(*context.scenario);
  if (!faults.errors.empty()) {
    result.error = faults.errors.front();
    result.port.reset();
    return;
  }
  if (faults.windows.empty() && !context.injectable_channel_faults) return;
  result.port =
      std::make_unique<Faulty>(std::move(result.port), std::move(faults.windows), context.seed);
  result.description += " with channel faults";
}

}  // namespace

scenario::Binding parse_binding_flag(const std::string& flag) {
  scenario::Binding b;
  auto take = [&](const std::string& prefix, const std::string& kind) {
    if (flag.rfind(prefix, 0) != 0) return false;
    b.set_kind(kind);
    b.set_endpoint(flag.substr(prefix.size()));
    return true;
  };
  if (flag == "in-process" || flag == "none" || flag == "epcis") {
    b.set_kind(flag);
  } else if (!take("external:", "external") && !take("tcp:", "tcp") && !take("mqtt:", "mqtt")) {
    b.set_kind("external");
    b.set_endpoint(flag);
  }
  return b;
}

BindingResult<DetectionPort> make_detection_port(const scenario::Binding& binding,
                                                 const std::filesystem::path& scenario_dir,
                                                 const BindingContext& context) {
  BindingResult<DetectionPort> result;
  const std::string kind = kind_of(binding);
  if (kind == "none") {
    result.port = std::make_unique<NullDetectionPort>();
    result.description = "none";
  } else if (kind == "in-process") {
    std::vector<std::filesystem::path> overrides;
    if (!context.policy_override.empty())
      overrides.push_back(context.policy_override);
    else if (!binding.policy().empty())
      overrides.push_back(scenario_dir / binding.policy());
    const auto dir = context.policies_dir.empty() ? default_policies_dir() : context.policies_dir;
    auto policies = load_policy_set(dir, overrides);
    if (!policies.errors.empty()) {
      result.error = "detection policy: " + policies.errors.front();
      return result;
    }
    result.port = std::make_unique<InProcessDetectionPort>(std::move(policies.policies),
                                                           zone_classes(context));
    result.description = "in-process detection engine";
  } else if (kind == "external" || kind == "tcp") {
    auto session = open_session(binding, scenario_dir, context, result.description, result.error);
    if (!session) return result;
    ExternalDetectionOptions options;
    options.run_id = context.run_id;
    options.zone_storage_classes = zone_classes(context);
    result.port = std::make_unique<ExternalDetectionPort>(std::move(session), options);
  } else if (kind == "mqtt") {
#if defined(PHARMATWIN_ADAPTERS_HAS_MQTT)
    MqttOptions options;
    options.broker = binding.endpoint().empty() ? "127.0.0.1:1883" : binding.endpoint();
    options.speed = context.mqtt_speed;
    options.ack_timeout = context.sut.step_timeout;
    // Unique per run: two runs of one scenario on one broker must not knock each other off.
    {
      std::random_device random;
      char suffix[40];
      std::snprintf(suffix, sizeof suffix, "-%ld-%08x", static_cast<long>(::getpid()), random());
      options.client_id =
          "pharmatwin-" + (context.run_id.empty() ? std::string("run") : context.run_id) + suffix;
    }
    options.username = context.mqtt_username;
    options.password = context.mqtt_password;
    options.tls_ca_file = context.mqtt_ca_file;
    options.tls_cert_file = context.mqtt_cert_file;
    options.tls_key_file = context.mqtt_key_file;
    result.port = std::make_unique<MqttDetectionPort>(options);
    result.description = "mqtt " + options.broker + (options.tls_ca_file.empty() ? "" : " (TLS)");
#else
    result.error = "systems.detection: MQTT support is not built in (libmosquitto missing)";
    return result;
#endif
  } else {
    result.error = "systems.detection.kind: unknown binding '" + kind +
                   "' (in-process, external, tcp, mqtt, none)";
    return result;
  }
  wrap_faults<FaultyDetectionPort>(result, context);
  return result;
}

BindingResult<SerializationPort> make_serialization_port(const scenario::Binding& binding,
                                                         const std::filesystem::path& scenario_dir,
                                                         const BindingContext& context) {
  BindingResult<SerializationPort> result;
  const std::string kind = kind_of(binding);
  if (kind == "none") {
    result.port = std::make_unique<NullSerializationPort>();
    result.description = "none";
  } else if (kind == "in-process" || kind == "epcis") {
    result.port = std::make_unique<InProcessSerializationPort>();
    result.description = "in-process serialization engine";
    if (kind == "epcis") {
      if (context.out_dir.empty()) {
        result.error = "systems.serialization: the epcis binding needs a run folder";
        result.port.reset();
        return result;
      }
      result.port =
          std::make_unique<EpcisFilePort>(context.out_dir / "epcis", std::move(result.port));
      result.description += ", EPCIS files in " + (context.out_dir / "epcis").string();
    }
  } else if (kind == "external" || kind == "tcp") {
    auto session = open_session(binding, scenario_dir, context, result.description, result.error);
    if (!session) return result;
    result.port = std::make_unique<ExternalSerializationPort>(std::move(session), context.run_id);
  } else {
    result.error = "systems.serialization.kind: unknown binding '" + kind +
                   "' (in-process, external, tcp, epcis, none)";
    return result;
  }
  wrap_faults<FaultySerializationPort>(result, context);
  return result;
}

}  // namespace pharmatwin::adapters
