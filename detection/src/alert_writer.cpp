#include "pharmatwin/detection/alert_writer.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace pharmatwin::detection {

namespace {

std::string number(double value) {
  if (!std::isfinite(value)) return "";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  return buffer;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

AlertWriter::AlertWriter(std::ostream& out, AlertFormat format, const Engine& engine)
    : out_(out), format_(format), engine_(engine) {}

void AlertWriter::header() {
  if (header_done_) return;
  header_done_ = true;
  if (format_ == AlertFormat::kCsv) {
    out_ << "event,alert_id,time,emitted,type,severity,site,zone,sensor,lots,value,late,team,"
            "priority,action,decision,policy_version,evidence,detail\n";
  }
}

void AlertWriter::write(const AlertEvent& e) {
  header();
  ++written_;
  const ZoneConfig& zone = engine_.zone(e.zone);
  const std::string sensor = e.sensor == kNoSensor ? "" : engine_.sensor(e.sensor).name;
  const std::string decision =
      e.lifecycle == Lifecycle::kAcknowledged ? std::string(to_string(e.decision)) : "";
  if (format_ == AlertFormat::kCsv) {
    std::string lots;
    for (std::size_t i = 0; i < e.lots.size(); ++i) lots += (i ? ";" : "") + e.lots[i];
    std::string evidence;
    for (std::size_t i = 0; i < e.evidence.size(); ++i) {
      const Evidence& ev = e.evidence[i];
      if (i) evidence += ';';
      evidence += (ev.sensor == kNoSensor ? std::string() : engine_.sensor(ev.sensor).name) + "@" +
                  format_iso8601(ev.time_ms) + "=" + number(ev.value);
    }
    out_ << to_string(e.lifecycle) << ',' << e.id << ',' << format_iso8601(e.time_ms) << ','
         << format_iso8601(e.emitted_ms) << ',' << to_string(e.type) << ',' << to_string(e.severity)
         << ',' << csv_field(zone.site) << ',' << csv_field(zone.name) << ',' << csv_field(sensor)
         << ',' << csv_field(lots) << ',' << number(e.value) << ',' << (e.late ? "true" : "false")
         << ',' << to_string(e.team) << ',' << e.priority << ',' << to_string(e.action) << ','
         << decision << ',' << csv_field(e.policy_version) << ',' << csv_field(evidence) << ','
         << csv_field(e.detail) << '\n';
    return;
  }
  nlohmann::ordered_json j;
  j["event"] = to_string(e.lifecycle);
  j["alert_id"] = e.id;
  j["time"] = format_iso8601(e.time_ms);
  j["emitted"] = format_iso8601(e.emitted_ms);
  j["type"] = to_string(e.type);
  j["severity"] = to_string(e.severity);
  j["site"] = zone.site;
  j["zone"] = zone.name;
  j["sensor"] = e.sensor == kNoSensor ? nlohmann::ordered_json() : nlohmann::ordered_json(sensor);
  j["lots"] = e.lots;
  j["value"] = std::isfinite(e.value) ? nlohmann::ordered_json(std::round(e.value * 1000) / 1000)
                                      : nlohmann::ordered_json();
  j["late"] = e.late;
  j["team"] = to_string(e.team);
  j["priority"] = e.priority;
  j["action"] = to_string(e.action);
  if (!decision.empty()) j["decision"] = decision;
  j["policy_version"] = e.policy_version;
  auto evidence = nlohmann::ordered_json::array();
  for (const Evidence& ev : e.evidence) {
    nlohmann::ordered_json item;
    item["sensor"] = ev.sensor == kNoSensor ? std::string() : engine_.sensor(ev.sensor).name;
    item["time"] = format_iso8601(ev.time_ms);
    item["value"] = std::isfinite(ev.value)
                        ? nlohmann::ordered_json(std::round(ev.value * 1000) / 1000)
                        : nlohmann::ordered_json();
    evidence.push_back(std::move(item));
  }
  j["evidence"] = std::move(evidence);
  j["detail"] = e.detail;
  // Invalid UTF-8 from input names is replaced rather than thrown on.
  out_ << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace pharmatwin::detection
