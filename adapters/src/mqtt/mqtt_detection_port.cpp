#include "pharmatwin/adapters/mqtt_detection_port.hpp"

#include <mosquitto.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "pharmatwin/adapters/sut_error.hpp"

namespace pharmatwin::adapters {
namespace {

void init_library() {
  static const bool done = [] {
    mosquitto_lib_init();
    return true;
  }();
  (void)done;
}

// "2026-01-05T10:00:00Z", with ".250" when the time has milliseconds.
std::string format_iso(double epoch_s) {
  const auto ms_total = static_cast<long long>(std::llround(epoch_s * 1000.0));
  const std::time_t secs = static_cast<std::time_t>(std::floor(ms_total / 1000.0));
  const long long ms = ms_total - static_cast<long long>(secs) * 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (ms != 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03lld", ms);
    out += frac;
  }
  return out + "Z";
}

// Seconds since the epoch of "YYYY-MM-DDTHH:MM:SS[.fff]Z"; NaN when malformed.
double parse_iso(const std::string& text) {
  int y, mo, d, h, mi;
  double s;
  char z = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%lf%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 ||
      z != 'Z') {
    return NAN;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  return static_cast<double>(timegm(&tm)) + s;
}

}  // namespace

MqttDetectionPort::MqttDetectionPort(MqttOptions options) : options_(std::move(options)) {
  init_library();
}

MqttDetectionPort::~MqttDetectionPort() {
  if (client_) {
    mosquitto_disconnect(client_);
    mosquitto_loop_stop(client_, true);
    mosquitto_destroy(client_);
  }
}

std::string MqttDetectionPort::iso(double sim_time_s) const {
  return format_iso(layout_.start_epoch_s + sim_time_s);
}
double MqttDetectionPort::sim_s(const std::string& iso_time) const {
  return parse_iso(iso_time) - layout_.start_epoch_s;
}

std::string MqttDetectionPort::reading_topic(std::uint32_t sensor) const {
  return sensor < reading_topics_.size() ? reading_topics_[sensor] : std::string();
}

void MqttDetectionPort::on_connect_cb(mosquitto* client, void* self, int rc) {
  auto* port = static_cast<MqttDetectionPort*>(self);
  // Subscribed on every connection: a reconnect with a clean session starts without any.
  if (rc == 0) {
    for (const char* t : {"/ack", "/alerts", "/decisions"})
      mosquitto_subscribe(client, nullptr, (port->base_ + t).c_str(), 1);
  }
  std::lock_guard lock(port->mutex_);
  port->connect_rc_ = rc;
  port->connected_ = rc == 0;
  port->changed_.notify_all();
}

void MqttDetectionPort::on_disconnect_cb(mosquitto*, void* self, int rc) {
  auto* port = static_cast<MqttDetectionPort*>(self);
  std::lock_guard lock(port->mutex_);
  port->connected_ = false;
  port->disconnect_rc_ = rc;
  port->changed_.notify_all();
}

void MqttDetectionPort::check_connection(std::unique_lock<std::mutex>& lock,
                                         const std::string& doing) {
  if (connected_) return;
  const std::string why = disconnect_rc_ != 0 ? mosquitto_strerror(disconnect_rc_) : "disconnected";
  if (options_.speed <= 0) {
    throw SutError(SutErrorKind::kCrashed,
                   "mqtt: lost the connection to broker " + options_.broker + " (" + why +
                       ") while " + doing +
                       "; a lock-step run does not reconnect (what was published meanwhile "
                       "would be lost)");
  }
  if (!changed_.wait_for(lock, options_.connect_timeout, [&] { return connected_; })) {
    throw SutError(SutErrorKind::kCrashed,
                   "mqtt: lost the connection to broker " + options_.broker + " (" + why +
                       ") while " + doing + " and it did not come back within " +
                       std::to_string(options_.connect_timeout.count()) + " ms");
  }
}

void MqttDetectionPort::on_message_cb(mosquitto*, void* self, const mosquitto_message* m) {
  auto* port = static_cast<MqttDetectionPort*>(self);
  port->on_message(m->topic, std::string(static_cast<const char*>(m->payload), m->payloadlen));
}

void MqttDetectionPort::on_message(const std::string& topic, const std::string& payload) {
  std::lock_guard lock(mutex_);
  ++received_;
  const std::string where = "message #" + std::to_string(received_) + " on " + topic;
  auto fail = [&](const std::string& what) {
    if (error_.empty()) error_ = where + ": " + what;
    changed_.notify_all();
  };
  const auto json = nlohmann::json::parse(payload, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return fail("payload is not a JSON object");
  try {
    if (topic == base_ + "/ack") {
      acked_ = std::max<std::uint64_t>(acked_, json.at("seq").get<std::uint64_t>());
    } else if (topic == base_ + "/alerts") {
      Alert a;
      a.id = json.at("id").get<std::string>();
      a.kind = json.at("kind").get<std::string>();
      const auto zone = zone_index_.find(json.value("zone", ""));
      a.zone = zone != zone_index_.end() ? zone->second : kNoIndex;
      const auto sensor = sensor_index_.find(json.value("sensor", ""));
      a.sensor = sensor != sensor_index_.end() ? sensor->second : kNoIndex;
      a.raised_at_s = sim_s(json.at("raised_at").get<std::string>());
      if (std::isnan(a.raised_at_s)) return fail("field raised_at is not an ISO-8601 UTC time");
      a.cleared = json.value("cleared", false);
      if (a.cleared) a.cleared_at_s = sim_s(json.at("cleared_at").get<std::string>());
      a.severity = json.value("severity", 1);
      a.lots = json.value("lots", std::vector<std::string>{});
      a.message = json.value("message", "");
      pending_.alerts.push_back(std::move(a));
    } else if (topic == base_ + "/decisions") {
      Decision d;
      d.idempotency_key = json.at("idempotency_key").get<std::string>();
      if (d.idempotency_key.empty()) return fail("field idempotency_key is empty");
      const auto kind = parse_decision_kind(json.at("kind").get<std::string>());
      if (!kind) return fail("field kind is not quarantine/hold/release/reject/investigate");
      d.kind = *kind;
      d.sim_time_s = sim_s(json.at("time").get<std::string>());
      d.zone = json.value("zone", "");
      d.lots = json.value("lots", std::vector<std::string>{});
      d.packs = json.value("packs", std::vector<std::string>{});
      d.alert_id = json.value("alert_id", "");
      d.reason = json.value("reason", "");
      pending_.decisions.push_back(std::move(d));
    }
  } catch (const nlohmann::json::exception& e) {
    return fail(std::string("bad field: ") + e.what());
  }
  changed_.notify_all();
}

void MqttDetectionPort::bind(const SiteLayout& layout) {
  layout_ = layout;
  base_ = options_.topic_root + "/" + layout.site_name;
  for (std::uint32_t z = 0; z < layout.zones.size(); ++z) zone_index_[layout.zones[z].name] = z;
  for (std::uint32_t s = 0; s < layout.sensors.size(); ++s) {
    const auto& sensor = layout.sensors[s];
    sensor_index_[sensor.name] = s;
    const std::string zone =
        sensor.zone < layout.zones.size() ? layout.zones[sensor.zone].name : "-";
    reading_topics_.push_back(base_ + "/" + zone + "/" + sensor.name);
  }
  const auto colon = options_.broker.rfind(':');
  const std::string host =
      colon == std::string::npos ? options_.broker : options_.broker.substr(0, colon);
  const int port =
      colon == std::string::npos ? 1883 : std::atoi(options_.broker.c_str() + colon + 1);
  if (port <= 0 || port > 65535) {
    throw SutError(SutErrorKind::kStartFailed,
                   "mqtt: broker " + options_.broker + ": the port is not a number 1..65535");
  }
  if (options_.client_id.empty()) {
    std::random_device random;
    char id[64];
    std::snprintf(id, sizeof id, "pharmatwin-%ld-%08x", static_cast<long>(::getpid()), random());
    options_.client_id = id;
  }
  client_ = mosquitto_new(options_.client_id.c_str(), true, this);
  if (!client_) throw SutError(SutErrorKind::kStartFailed, "mqtt: cannot create a client");
  mosquitto_connect_callback_set(client_, &MqttDetectionPort::on_connect_cb);
  mosquitto_disconnect_callback_set(client_, &MqttDetectionPort::on_disconnect_cb);
  mosquitto_message_callback_set(client_, &MqttDetectionPort::on_message_cb);
  // Reconnects (paced mode) are tried every second, never more slowly than every 2 s.
  mosquitto_reconnect_delay_set(client_, 1, 2, false);
  auto refuse = [&](const std::string& what, int rc) {
    throw SutError(SutErrorKind::kStartFailed,
                   "mqtt: broker " + options_.broker + ": " + what + ": " + mosquitto_strerror(rc));
  };
  int rc = MOSQ_ERR_SUCCESS;
  if (!options_.username.empty()) {
    rc = mosquitto_username_pw_set(client_, options_.username.c_str(),
                                   options_.password.empty() ? nullptr : options_.password.c_str());
    if (rc != MOSQ_ERR_SUCCESS) refuse("username/password", rc);
  }
  if (!options_.tls_ca_file.empty()) {
    rc = mosquitto_tls_set(
        client_, options_.tls_ca_file.c_str(), nullptr,
        options_.tls_cert_file.empty() ? nullptr : options_.tls_cert_file.c_str(),
        options_.tls_key_file.empty() ? nullptr : options_.tls_key_file.c_str(), nullptr);
    if (rc != MOSQ_ERR_SUCCESS) {
      refuse("TLS files (CA " + options_.tls_ca_file +
                 (options_.tls_cert_file.empty() ? "" : ", certificate " + options_.tls_cert_file) +
                 (options_.tls_key_file.empty() ? "" : ", key " + options_.tls_key_file) + ")",
             rc);
    }
  } else if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
    throw SutError(SutErrorKind::kStartFailed,
                   "mqtt: a client certificate needs the CA file too (--mqtt-cafile)");
  }
  rc = mosquitto_connect(client_, host.c_str(), port, 30);
  if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_loop_start(client_);
  if (rc != MOSQ_ERR_SUCCESS) {
    const std::string detail = rc == MOSQ_ERR_ERRNO ? std::strerror(errno) : mosquitto_strerror(rc);
    throw SutError(SutErrorKind::kStartFailed, "mqtt: cannot connect to broker " + options_.broker +
                                                   (options_.tls_ca_file.empty() ? "" : " (TLS)") +
                                                   ": " + detail);
  }
  {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, options_.connect_timeout, [&] { return connect_rc_ >= 0; })) {
      throw SutError(SutErrorKind::kStartFailed,
                     "mqtt: broker " + options_.broker + " did not accept the connection within " +
                         std::to_string(options_.connect_timeout.count()) + " ms");
    }
    if (!connected_) {
      throw SutError(SutErrorKind::kStartFailed,
                     "mqtt: broker " + options_.broker +
                         " refused the connection: " + mosquitto_connack_string(connect_rc_));
    }
    bound_ = true;
  }
  nlohmann::json doc;
  doc["site"] = layout.site_name;
  doc["start"] = format_iso(layout.start_epoch_s);
  for (const auto& z : layout.zones) {
    doc["zones"].push_back(
        {{"name", z.name}, {"min_c", z.min_c}, {"max_c", z.max_c}, {"setpoint_c", z.setpoint_c}});
  }
  for (std::uint32_t s = 0; s < layout.sensors.size(); ++s) {
    const auto& sensor = layout.sensors[s];
    doc["sensors"].push_back(
        {{"name", sensor.name},
         {"zone", sensor.zone < layout.zones.size() ? layout.zones[sensor.zone].name : ""},
         {"kind", sensor.kind == SensorKind::kAir ? "air" : "product_simulant"},
         {"sample_interval_s", sensor.sample_interval_s},
         {"topic", reading_topics_[s]}});
  }
  publish(base_ + "/layout", doc.dump(), true);
}

void MqttDetectionPort::publish(const std::string& topic, const std::string& payload, bool retain) {
  int rc = mosquitto_publish(client_, nullptr, topic.c_str(), static_cast<int>(payload.size()),
                             payload.data(), 0, retain);
  if (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST) {
    {
      std::unique_lock lock(mutex_);
      connected_ = false;
      check_connection(lock, "publishing to " + topic);
    }
    rc = mosquitto_publish(client_, nullptr, topic.c_str(), static_cast<int>(payload.size()),
                           payload.data(), 0, retain);
  }
  if (rc != MOSQ_ERR_SUCCESS) {
    throw SutError(SutErrorKind::kCrashed,
                   "mqtt: publish to " + topic + " failed: " + mosquitto_strerror(rc));
  }
}

void MqttDetectionPort::on_readings(std::span<const SensorReading> readings) {
  char payload[160];
  for (const auto& r : readings) {
    if (r.sensor >= reading_topics_.size()) continue;
    const int n =
        std::snprintf(payload, sizeof payload, R"({"timestamp":"%s","value":%.3f,"unit":"Cel"})",
                      iso(r.time_s).c_str(), r.value_c);
    publish(reading_topics_[r.sensor], std::string(payload, n));
  }
}

void MqttDetectionPort::on_telemetry(std::span<const ZoneTelemetry> telemetry) {
  for (const auto& t : telemetry) {
    if (t.zone >= layout_.zones.size()) continue;
    nlohmann::json j = {{"timestamp", iso(t.time_s)},
                        {"hvac_running", t.hvac_running},
                        {"hvac_powered", t.hvac_powered},
                        {"doors_open", t.doors_open},
                        {"hvac_duty", t.hvac_duty}};
    publish(base_ + "/telemetry/" + layout_.zones[t.zone].name + "/status", j.dump());
  }
}

// Retained, so that a monitor connecting mid-run learns what each zone holds at once.
void MqttDetectionPort::on_zone_stock(std::span<const ZoneStock> stock) {
  for (const auto& z : stock) {
    if (z.zone >= layout_.zones.size()) continue;
    nlohmann::json lots = nlohmann::json::array();
    for (const auto& lot : z.lots) {
      lots.push_back({{"lot", lot.lot},
                      {"units", lot.units},
                      {"min_c", lot.min_c},
                      {"max_c", lot.max_c},
                      {"stability_budget_s", lot.budget_s}});
    }
    const std::string& zone = layout_.zones[z.zone].name;
    nlohmann::json j = {{"timestamp", iso(z.time_s)}, {"zone", zone}, {"lots", std::move(lots)}};
    publish(base_ + "/stock/" + zone + "/lots", j.dump(), true);
  }
}

void MqttDetectionPort::take_output(PortOutput& out) {
  if (!error_.empty()) throw SutError(SutErrorKind::kMalformed, "mqtt: " + error_);
  for (auto& a : pending_.alerts) out.alerts.push_back(std::move(a));
  for (auto& d : pending_.decisions) out.decisions.push_back(std::move(d));
  pending_.clear();
}

void MqttDetectionPort::advance_to(double sim_time_s, PortOutput& out) {
  if (options_.speed > 0) {
    if (!started_) {
      started_ = true;
      wall_start_ = std::chrono::steady_clock::now() -
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(sim_time_s / options_.speed));
    }
    std::this_thread::sleep_until(wall_start_ +
                                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(sim_time_s / options_.speed)));
    std::lock_guard lock(mutex_);
    take_output(out);
    return;
  }
  const std::uint64_t seq = ++seq_;
  nlohmann::json j = {{"seq", seq}, {"time", iso(sim_time_s)}, {"time_s", sim_time_s}};
  publish(base_ + "/advance", j.dump());
  std::unique_lock lock(mutex_);
  const bool answered = changed_.wait_for(
      lock, options_.ack_timeout, [&] { return acked_ >= seq || !error_.empty() || !connected_; });
  if (acked_ < seq && error_.empty()) {
    char t[32];
    std::snprintf(t, sizeof t, "%g", sim_time_s);
    check_connection(
        lock, "waiting for the ack of advance seq " + std::to_string(seq) + " (t=" + t + " s)");
  }
  if (!answered) {
    char t[32];
    std::snprintf(t, sizeof t, "%g", sim_time_s);
    throw SutError(SutErrorKind::kTimeout, "mqtt: no ack of advance seq " + std::to_string(seq) +
                                               " (t=" + t + " s) on " + base_ + "/ack within " +
                                               std::to_string(options_.ack_timeout.count()) +
                                               " ms");
  }
  take_output(out);
}

void MqttDetectionPort::finish(double sim_time_s, PortOutput& out) { advance_to(sim_time_s, out); }

}  // namespace pharmatwin::adapters
