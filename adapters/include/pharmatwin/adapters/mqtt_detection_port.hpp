// The MQTT binding of the detection port: sensor telemetry published to a broker the way a
// site's gateways would, alerts and decisions read back from topics (docs/adapters.md, "MQTT").
// Built when libmosquitto is found (PHARMATWIN_ADAPTERS_HAS_MQTT).
//
// Topics, with <root> = "pharmatwin" and <site> the site name:
//   <root>/<site>/layout                    world -> monitor, retained: zones, ranges, sensors
//   <root>/<site>/<zone>/<sensor>           world -> monitor: {"timestamp","value","unit":"Cel"}
//   <root>/<site>/telemetry/<zone>/status   world -> monitor: HVAC, power and doors
//   <root>/<site>/stock/<zone>/lots         world -> monitor, retained: the lots the zone holds
//   <root>/<site>/advance                   world -> monitor (lock-step): {"seq","time","time_s"}
//   <root>/<site>/ack                       monitor -> world (lock-step): {"seq"}
//   <root>/<site>/alerts                    monitor -> world: alert JSON
//   <root>/<site>/decisions                 monitor -> world: decision JSON
// Lock-step (speed 0): advance_to() publishes an advance and waits for the ack of its seq;
// everything the monitor published before its ack belongs to that step. Paced (speed > 0):
// advance_to() waits until the wall clock reaches time/speed since the first advance and hands
// out whatever arrived; nothing waits for the monitor.
//
// A lost broker connection stops a lock-step run at once (kCrashed, naming the broker): readings
// published meanwhile would be lost and the run would no longer be the same. A paced run waits
// up to connect_timeout for libmosquitto to reconnect (subscriptions are renewed) and goes on.
//
//   MqttOptions o;
//   o.broker = "127.0.0.1:8883";
//   o.username = "world"; o.password = "secret";
//   o.tls_ca_file = "ca.pem";
//   MqttDetectionPort port(o);
//   port.bind(layout);  // SutError kStartFailed: unreachable, refused (bad credentials), TLS
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "pharmatwin/adapters/detection_port.hpp"

struct mosquitto;
struct mosquitto_message;

namespace pharmatwin::adapters {

struct MqttOptions {
  std::string broker = "127.0.0.1:1883";  // host:port
  // Must be unique on the broker (a second client with the same id knocks the first off):
  // empty = "pharmatwin-<pid>-<random>", made per port.
  std::string client_id;
  std::string topic_root = "pharmatwin";
  double speed = 0;  // 0 = lock-step; else simulated seconds per wall second
  std::chrono::milliseconds ack_timeout{30'000};
  // Longest wait for the broker to accept the connection, and in paced mode for a lost
  // connection to come back before the run stops.
  std::chrono::milliseconds connect_timeout{5'000};
  // Username/password authentication (empty username: none).
  std::string username, password;
  // TLS: the CA certificate(s) the broker's certificate must chain to (non-empty turns TLS on),
  // and optionally the client's certificate and private key (PEM files).
  std::string tls_ca_file, tls_cert_file, tls_key_file;
};

class MqttDetectionPort final : public DetectionPort {
 public:
  explicit MqttDetectionPort(MqttOptions options);
  ~MqttDetectionPort() override;

  // Connects (SutError kStartFailed when the broker cannot be reached).
  void bind(const SiteLayout& layout) override;
  void on_readings(std::span<const SensorReading> readings) override;
  void on_telemetry(std::span<const ZoneTelemetry> telemetry) override;
  void on_zone_stock(std::span<const ZoneStock> stock) override;
  void advance_to(double sim_time_s, PortOutput& out) override;
  void finish(double sim_time_s, PortOutput& out) override;

  // Topic of a sensor's readings.
  std::string reading_topic(std::uint32_t sensor) const;

 private:
  static void on_message_cb(mosquitto*, void* self, const mosquitto_message* message);
  static void on_connect_cb(mosquitto*, void* self, int rc);
  static void on_disconnect_cb(mosquitto*, void* self, int rc);
  // Lock-step: throws when the connection is lost; paced: waits for it to come back.
  void check_connection(std::unique_lock<std::mutex>& lock, const std::string& doing);
  void on_message(const std::string& topic, const std::string& payload);
  void publish(const std::string& topic, const std::string& payload, bool retain = false);
  void take_output(PortOutput& out);
  std::string iso(double sim_time_s) const;
  double sim_s(const std::string& iso_time) const;

  MqttOptions options_;
  SiteLayout layout_;
  std::string base_;  // <root>/<site>
  std::vector<std::string> reading_topics_;
  std::map<std::string, std::uint32_t> zone_index_, sensor_index_;
  mosquitto* client_ = nullptr;
  std::uint64_t seq_ = 0;
  bool started_ = false;
  std::chrono::steady_clock::time_point wall_start_;

  std::mutex mutex_;
  std::condition_variable changed_;
  bool connected_ = false;
  int connect_rc_ = -1;
  int disconnect_rc_ = 0;  // why the connection was lost (0: asked for)
  bool bound_ = false;     // bind() done: a disconnect is a loss
  std::uint64_t acked_ = 0;
  std::uint64_t received_ = 0;  // messages on alerts/decisions/ack
  std::string error_;           // first malformed message
  PortOutput pending_;
};

}  // namespace pharmatwin::adapters
