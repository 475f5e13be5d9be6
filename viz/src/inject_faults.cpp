// The inject panel's fault kinds and the scenario text of a fault to inject.
#include <cstdio>

#include "pharmatwin/viz/dashboard.hpp"

namespace pharmatwin::viz {
namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

const std::vector<const char*>& inject_kinds() {
  static const std::vector<const char*> kinds = {"hvac_failure",
                                                 "hvac_degraded",
                                                 "door_left_open",
                                                 "power_outage",
                                                 "sensor_drift",
                                                 "sensor_bias_step",
                                                 "sensor_stuck",
                                                 "sensor_dropout",
                                                 "counterfeit UNKNOWN_SERIAL",
                                                 "counterfeit CLONED_SERIAL",
                                                 "counterfeit DECOMMISSIONED_REINTRODUCED",
                                                 "counterfeit LOT_MISMATCH",
                                                 "counterfeit EXPIRY_MISMATCH",
                                                 "counterfeit AGGREGATION_MISMATCH",
                                                 "counterfeit DIVERTED",
                                                 "serialization PACK_MISSING_FROM_CASE",
                                                 "serialization UNREADABLE_CODE",
                                                 "serialization DUPLICATE_COMMISSIONING",
                                                 "serialization VERIFICATION_UNAVAILABLE",
                                                 "channel READINGS",
                                                 "channel SERIALIZATION",
                                                 "channel DECISIONS"};
  return kinds;
}

std::string inject_fault_text(int kind, const sim::LiveSite& site, int zone, int sensor,
                              int shipment, double magnitude, const std::string& duration,
                              const std::string& start, const std::string& name) {
  const std::string z =
      zone >= 0 && zone < static_cast<int>(site.zones.size()) ? site.zones[zone].name : "";
  const std::string s = sensor >= 0 && sensor < static_cast<int>(site.sensors.size())
                            ? site.sensors[sensor].name
                            : "";
  const std::string sh = shipment >= 0 && shipment < static_cast<int>(site.shipments.size())
                             ? site.shipments[shipment]
                             : "";
  std::string text = "name: " + quoted(name);
  if (!start.empty()) text += " start: " + quoted(start);
  if (!duration.empty()) text += " duration: " + quoted(duration);
  const std::string k =
      kind >= 0 && kind < static_cast<int>(inject_kinds().size()) ? inject_kinds()[kind] : "";
  const auto suffix = k.substr(k.find(' ') + 1);
  std::string door;
  if (zone >= 0 && zone < static_cast<int>(site.zones.size()) && !site.zones[zone].doors.empty())
    door = site.zones[zone].doors[0];
  if (k == "hvac_failure")
    text += " hvac_failure { zone: " + quoted(z) + " }";
  else if (k == "hvac_degraded")
    text +=
        " hvac_degraded { zone: " + quoted(z) + " capacity_fraction: " + number(magnitude) + " }";
  else if (k == "door_left_open")
    text += " door_left_open { zone: " + quoted(z) + " door: " + quoted(door) + " }";
  else if (k == "power_outage")
    text += " power_outage { zones: " + quoted(z) + " }";
  else if (k == "sensor_drift")
    text += " sensor_drift { sensor: " + quoted(s) + " rate_c_per_day: " + number(magnitude) + " }";
  else if (k == "sensor_bias_step")
    text += " sensor_bias_step { sensor: " + quoted(s) + " bias_c: " + number(magnitude) + " }";
  else if (k == "sensor_stuck")
    text += " sensor_stuck { sensor: " + quoted(s) + " }";
  else if (k == "sensor_dropout")
    text += " sensor_dropout { sensor: " + quoted(s) + " }";
  else if (k.rfind("counterfeit ", 0) == 0)
    text += " counterfeit { kind: " + suffix + " shipment: " + quoted(sh) +
            " packs: " + number(magnitude < 1 ? 1 : static_cast<int>(magnitude)) + " }";
  else if (k.rfind("serialization ", 0) == 0)
    text += " serialization_exception { kind: " + suffix + " shipment: " + quoted(sh) +
            " packs: " + number(magnitude < 1 ? 1 : static_cast<int>(magnitude)) + " }";
  else if (k.rfind("channel ", 0) == 0)
    text += " channel_fault { channel: " + suffix + " delay: \"" + number(magnitude * 60) + "s\" }";
  return text;
}

}  // namespace pharmatwin::viz
