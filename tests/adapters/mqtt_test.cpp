// The MQTT binding against a real broker: a mosquitto started on a free loopback port for
// the test, and a monitoring client (libmosquitto) that applies a threshold and answers the
// lock-step advances.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "mosquitto_broker.hpp"
#include "pharmatwin/adapters/mqtt_detection_port.hpp"
#include "pharmatwin/adapters/sut_error.hpp"
#include "pharmatwin/adapters/sut_process.hpp"

namespace pharmatwin::adapters {
namespace {

using testing::Broker;
using testing::find_mosquitto;
using testing::free_port;

using namespace std::chrono_literals;

// Monitoring system: alerts on readings above 8 °C, acknowledges advances.
class Monitor {
 public:
  Monitor(int port, bool answer_advances) : answer_(answer_advances) {
    mosquitto_lib_init();
    client_ = mosquitto_new("monitor", true, this);
    mosquitto_message_callback_set(client_,
                                   [](mosquitto* m, void* self, const mosquitto_message* msg) {
                                     static_cast<Monitor*>(self)->on_message(m, msg);
                                   });
    mosquitto_connect(client_, "127.0.0.1", port, 30);
    mosquitto_subscribe(client_, nullptr, "pharmatwin/site/+/+", 1);
    mosquitto_subscribe(client_, nullptr, "pharmatwin/site/advance", 1);
    mosquitto_subscribe(client_, nullptr, "pharmatwin/site/stock/+/lots", 1);
    mosquitto_loop_start(client_);
    // Wait until the subscriptions are in place.
    std::this_thread::sleep_for(300ms);
  }
  ~Monitor() {
    mosquitto_disconnect(client_);
    mosquitto_loop_stop(client_, true);
    mosquitto_destroy(client_);
  }
  std::vector<std::string> topics() {
    std::lock_guard lock(mutex_);
    return topics_;
  }
  nlohmann::json first_reading() {
    std::lock_guard lock(mutex_);
    return first_;
  }
  // Stock messages in arrival order, with their topic and retain flag.
  struct StockMessage {
    std::string topic;
    bool retained;
    nlohmann::json payload;
  };
  std::vector<StockMessage> stock() {
    std::lock_guard lock(mutex_);
    return stock_;
  }

 private:
  void on_message(mosquitto* m, const mosquitto_message* msg) {
    const std::string topic = msg->topic;
    const auto json =
        nlohmann::json::parse(std::string(static_cast<const char*>(msg->payload), msg->payloadlen));
    if (topic == "pharmatwin/site/advance") {
      if (!answer_) return;
      const std::string ack = nlohmann::json{{"seq", json["seq"]}}.dump();
      mosquitto_publish(m, nullptr, "pharmatwin/site/ack", static_cast<int>(ack.size()), ack.data(),
                        1, false);
      return;
    }
    if (topic.starts_with("pharmatwin/site/stock/")) {
      std::lock_guard lock(mutex_);
      stock_.push_back({topic, msg->retain, json});
      return;
    }
    {
      std::lock_guard lock(mutex_);
      topics_.push_back(topic);
      if (first_.is_null()) first_ = json;
    }
    if (json["value"].get<double>() > 8.0 && !alerted_) {
      alerted_ = true;
      const std::string alert =
          nlohmann::json{{"id", "mon-1"},  {"kind", "excursion_high"},       {"zone", "cold1"},
                         {"sensor", "c1"}, {"raised_at", json["timestamp"]}, {"severity", 2}}
              .dump();
      mosquitto_publish(m, nullptr, "pharmatwin/site/alerts", static_cast<int>(alert.size()),
                        alert.data(), 1, false);
      const std::string decision = nlohmann::json{
          {"idempotency_key", "q/cold1/mon-1"},
          {"kind", "quarantine"},
          {"time", json["timestamp"]},
          {"zone", "cold1"}}.dump();
      mosquitto_publish(m, nullptr, "pharmatwin/site/decisions", static_cast<int>(decision.size()),
                        decision.data(), 1, false);
    }
  }

  bool answer_;
  mosquitto* client_;
  std::mutex mutex_;
  std::vector<std::string> topics_;
  nlohmann::json first_;
  std::vector<StockMessage> stock_;
  std::atomic<bool> alerted_{false};
};

SiteLayout layout() {
  SiteLayout l;
  l.site_name = "site";
  l.start_epoch_s = 1767225600;  // 2026-01-01T00:00:00Z
  l.zones = {{"cold1", 2, 8, 5}};
  l.sensors = {{"c1", 0, SensorKind::kAir, 60}};
  return l;
}

// Lock-step against the test's broker; a monitor that never acknowledges fails a step after 5 s.
MqttOptions lock_step_options(const Broker& broker) {
  MqttOptions options;
  options.broker = broker.endpoint();
  options.ack_timeout = 5s;
  return options;
}

TEST(Mqtt, LockStepPublishesReadingsAndReadsAlertsBack) {
  Broker broker;
  if (!broker.start()) GTEST_SKIP() << "mosquitto broker not available";
  Monitor monitor(broker.port(), true);
  MqttDetectionPort port(lock_step_options(broker));
  port.bind(layout());
  PortOutput out;
  for (double t = 60; t <= 600; t += 60) {
    const std::vector<SensorReading> r = {{t, t >= 300 ? 9.0 : 5.0, 0, 0}};
    port.on_readings(r);
    port.advance_to(t, out);
    if (t == 300) {
      // The alert published before the ack of this step arrives with it.
      ASSERT_EQ(out.alerts.size(), 1u);
      EXPECT_EQ(out.alerts[0].raised_at_s, 300);
      EXPECT_EQ(out.alerts[0].zone, 0u);
      EXPECT_EQ(out.alerts[0].sensor, 0u);
      ASSERT_EQ(out.decisions.size(), 1u);
      EXPECT_EQ(out.decisions[0].idempotency_key, "q/cold1/mon-1");
    }
  }
  port.finish(600, out);
  EXPECT_EQ(out.alerts.size(), 1u);
  const auto topics = monitor.topics();
  ASSERT_EQ(topics.size(), 10u);
  EXPECT_EQ(topics[0], "pharmatwin/site/cold1/c1");
  const auto first = monitor.first_reading();
  EXPECT_EQ(first["timestamp"], "2026-01-01T00:01:00Z");
  EXPECT_EQ(first["value"], 5.0);
  EXPECT_EQ(first["unit"], "Cel");
}

TEST(Mqtt, StockOfAZoneIsPublishedRetainedWithItsLots) {
  Broker broker;
  if (!broker.start()) GTEST_SKIP() << "mosquitto broker not available";
  Monitor monitor(broker.port(), true);
  MqttDetectionPort port(lock_step_options(broker));
  port.bind(layout());
  PortOutput out;
  const std::vector<ZoneStock> stock = {
      {120, 0, {{"09506000134352/A1", 400, 2, 8, 172800}, {"09506000134352/B7", 30, 2, 8, 0}}}};
  port.on_zone_stock(stock);
  port.advance_to(120, out);  // the ack comes after the monitor has seen the stock
  const auto got = monitor.stock();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].topic, "pharmatwin/site/stock/cold1/lots");
  EXPECT_EQ(got[0].payload["timestamp"], "2026-01-01T00:02:00Z");
  EXPECT_EQ(got[0].payload["zone"], "cold1");
  ASSERT_EQ(got[0].payload["lots"].size(), 2u);
  EXPECT_EQ(got[0].payload["lots"][0]["lot"], "09506000134352/A1");
  EXPECT_EQ(got[0].payload["lots"][0]["units"], 400);
  EXPECT_EQ(got[0].payload["lots"][0]["stability_budget_s"], 172800.0);
  EXPECT_EQ(got[0].payload["lots"][1]["units"], 30);
  port.finish(120, out);

  // A monitor that connects later still gets the zone's content: the broker retained it.
  Monitor late(broker.port(), false);
  const auto retained = late.stock();
  ASSERT_EQ(retained.size(), 1u);
  EXPECT_TRUE(retained[0].retained);
  EXPECT_EQ(retained[0].payload["lots"].size(), 2u);
}

TEST(Mqtt, MissingAckTimesOutWithTheStep) {
  Broker broker;
  if (!broker.start()) GTEST_SKIP() << "mosquitto broker not available";
  Monitor monitor(broker.port(), false);
  MqttOptions options;
  options.broker = broker.endpoint();
  options.ack_timeout = 300ms;
  MqttDetectionPort port(options);
  port.bind(layout());
  PortOutput out;
  try {
    port.advance_to(60, out);
    FAIL() << "no timeout";
  } catch (const SutError& e) {
    EXPECT_EQ(e.kind(), SutErrorKind::kTimeout);
    EXPECT_NE(std::string(e.what()).find("advance seq 1 (t=60 s)"), std::string::npos) << e.what();
  }
}

TEST(Mqtt, PacedModeFollowsTheWallClock) {
  Broker broker;
  if (!broker.start()) GTEST_SKIP() << "mosquitto broker not available";
  MqttOptions options;
  options.broker = broker.endpoint();
  options.speed = 3600;  // one simulated hour per second
  MqttDetectionPort port(options);
  port.bind(layout());
  PortOutput out;
  port.advance_to(0, out);
  const auto t0 = std::chrono::steady_clock::now();
  for (double t = 60; t <= 720; t += 60) port.advance_to(t, out);  // 12 simulated minutes
  const auto wall = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(wall, 200ms - 5ms);  // 720 s / 3600 = 0.2 s
  EXPECT_LT(wall, 2s);
}

TEST(Mqtt, TwoRunsOnOneBrokerDoNotKnockEachOtherOff) {
  Broker broker;
  if (!broker.start()) GTEST_SKIP() << "mosquitto broker not available";
  Monitor monitor(broker.port(), true);
  MqttDetectionPort first(lock_step_options(broker));
  first.bind(layout());
  MqttDetectionPort second(lock_step_options(broker));
  second.bind(layout());
  PortOutput out;
  // With one client id for both, the broker would have dropped the first on the second's connect.
  EXPECT_NO_THROW(first.advance_to(60, out));
  EXPECT_NO_THROW(second.advance_to(60, out));
}

TEST(Mqtt, LostBrokerStopsALockStepRunNamingTheBroker) {
  Broker broker;
  if (!broker.start()) GTEST_SKIP() << "mosquitto broker not available";
  Monitor monitor(broker.port(), true);
  MqttDetectionPort port(lock_step_options(broker));
  port.bind(layout());
  PortOutput out;
  port.advance_to(60, out);
  broker.kill();
  const auto started = std::chrono::steady_clock::now();
  try {
    for (double t = 120; t < 600; t += 60) {
      const std::vector<SensorReading> r = {{t, 5.0, 0, 0}};
      port.on_readings(r);
      port.advance_to(t, out);
    }
    FAIL() << "no error";
  } catch (const SutError& e) {
    EXPECT_EQ(e.kind(), SutErrorKind::kCrashed);
    EXPECT_NE(std::string(e.what()).find("lost the connection to broker " + broker.endpoint()),
              std::string::npos)
        << e.what();
  }
  // At once, not after the ack timeout (5 s).
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
}

TEST(Mqtt, PacedRunReconnectsToABrokerThatComesBack) {
  Broker broker;
  if (!broker.start()) GTEST_SKIP() << "mosquitto broker not available";
  MqttOptions options;
  options.broker = broker.endpoint();
  options.speed = 600;  // ten simulated minutes per second
  options.connect_timeout = 8s;
  MqttDetectionPort port(options);
  port.bind(layout());
  PortOutput out;
  port.advance_to(0, out);
  broker.kill();
  ASSERT_TRUE(broker.start());
  for (double t = 60; t <= 1200; t += 60) {
    const std::vector<SensorReading> r = {{t, 5.0, 0, 0}};
    EXPECT_NO_THROW({
      port.on_readings(r);
      port.advance_to(t, out);
    }) << "t="
       << t;
  }
}

TEST(Mqtt, PacedRunStopsWhenTheBrokerStaysAway) {
  Broker broker;
  if (!broker.start()) GTEST_SKIP() << "mosquitto broker not available";
  MqttOptions options;
  options.broker = broker.endpoint();
  options.speed = 600;
  options.connect_timeout = 1s;
  MqttDetectionPort port(options);
  port.bind(layout());
  PortOutput out;
  port.advance_to(0, out);
  broker.kill();
  std::this_thread::sleep_for(300ms);  // the client notices the closed connection
  try {
    for (double t = 60; t < 6000; t += 60) {
      const std::vector<SensorReading> r = {{t, 5.0, 0, 0}};
      port.on_readings(r);
      port.advance_to(t, out);
    }
    FAIL() << "no error";
  } catch (const SutError& e) {
    EXPECT_EQ(e.kind(), SutErrorKind::kCrashed);
    EXPECT_NE(std::string(e.what()).find("did not come back within 1000 ms"), std::string::npos)
        << e.what();
  }
}

std::string find_program(const char* name) {
  for (const char* dir : {"/usr/bin/", "/usr/sbin/", "/usr/local/bin/"}) {
    const std::string p = std::string(dir) + name;
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return {};
}

TEST(Mqtt, UsernameAndPasswordFromAPasswordFile) {
  Broker broker;
  const std::string passwd = find_program("mosquitto_passwd");
  if (find_mosquitto().empty() || passwd.empty())
    GTEST_SKIP() << "mosquitto or mosquitto_passwd not available";
  const auto file = broker.dir() / "passwords";
  ASSERT_EQ(
      std::system((passwd + " -c -b " + file.string() + " world s3cret >/dev/null 2>&1").c_str()),
      0);
  ASSERT_TRUE(broker.start("allow_anonymous false\npassword_file " + file.string() + "\n"));

  MqttOptions options = lock_step_options(broker);
  options.connect_timeout = 2s;
  {
    MqttDetectionPort anonymous(options);
    try {
      anonymous.bind(layout());
      FAIL() << "an anonymous client was let in";
    } catch (const SutError& e) {
      EXPECT_EQ(e.kind(), SutErrorKind::kStartFailed);
      EXPECT_NE(
          std::string(e.what()).find("broker " + broker.endpoint() + " refused the connection"),
          std::string::npos)
          << e.what();
    }
  }
  {
    options.username = "world";
    options.password = "wrong";
    MqttDetectionPort wrong(options);
    EXPECT_THROW(wrong.bind(layout()), SutError);
  }
  options.password = "s3cret";
  MqttDetectionPort port(options);
  EXPECT_NO_THROW(port.bind(layout()));
}

// A CA and a broker certificate for 127.0.0.1 made with openssl in `dir`; false without openssl.
bool make_test_ca(const std::filesystem::path& dir) {
  const std::string openssl = find_program("openssl");
  if (openssl.empty()) return false;
  const std::string d = dir.string();
  std::ofstream(dir / "san.ext") << "subjectAltName=IP:127.0.0.1\n";
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  const std::string script =
      openssl + " req -x509" + ec + " -keyout " + d + "/ca.key -out " + d +
      "/ca.pem -days 2 -subj /CN=pharmatwin-test-ca && " + openssl + " req" + ec + " -keyout " + d +
      "/server.key -out " + d + "/server.csr -subj /CN=127.0.0.1 && " + openssl +
      " x509 -req -in " + d + "/server.csr -CA " + d + "/ca.pem -CAkey " + d +
      "/ca.key -CAcreateserial -out " + d + "/server.pem -days 2 -extfile " + d + "/san.ext && " +
      openssl + " req -x509" + ec + " -keyout " + d + "/other.key -out " + d +
      "/other.pem -days 2 -subj /CN=another-ca && " +
      // A broker started as root reads its files as the "mosquitto" user: a test key may be public.
      "chmod 644 " + d + "/server.key";
  return std::system(("(" + script + ") >/dev/null 2>&1").c_str()) == 0;
}

TEST(Mqtt, TlsWithATestCaMadeAtTestTime) {
  Broker broker;
  if (find_mosquitto().empty()) GTEST_SKIP() << "mosquitto not available";
  if (!make_test_ca(broker.dir())) GTEST_SKIP() << "openssl not available";
  const std::string d = broker.dir().string();
  ASSERT_TRUE(broker.start("allow_anonymous true\ncafile " + d + "/ca.pem\ncertfile " + d +
                           "/server.pem\nkeyfile " + d + "/server.key\n"));
  MqttOptions options = lock_step_options(broker);
  options.connect_timeout = 2s;
  {
    // A broker certificate that does not chain to the CA given is refused.
    options.tls_ca_file = d + "/other.pem";
    MqttDetectionPort untrusted(options);
    try {
      untrusted.bind(layout());
      FAIL() << "a broker with an untrusted certificate was accepted";
    } catch (const SutError& e) {
      EXPECT_EQ(e.kind(), SutErrorKind::kStartFailed);
      EXPECT_NE(std::string(e.what()).find(broker.endpoint()), std::string::npos) << e.what();
    }
  }
  {
    // Plain MQTT on a TLS listener does not get through either.
    options.tls_ca_file.clear();
    MqttDetectionPort plain(options);
    EXPECT_THROW(plain.bind(layout()), SutError);
  }
  options.tls_ca_file = d + "/ca.pem";
  MqttDetectionPort port(options);
  // The broker accepted the connection (its CONNACK came back over TLS); publishing works.
  ASSERT_NO_THROW(port.bind(layout()));
  EXPECT_NO_THROW(port.on_readings(std::vector<SensorReading>{{60, 5.0, 0, 0}}));
}

TEST(Mqtt, UnreachableBrokerFailsToStart) {
  MqttOptions options;
  options.broker = "127.0.0.1:" + std::to_string(free_port());
  options.connect_timeout = 500ms;
  MqttDetectionPort port(options);
  try {
    port.bind(layout());
    FAIL() << "no error";
  } catch (const SutError& e) {
    EXPECT_EQ(e.kind(), SutErrorKind::kStartFailed);
    EXPECT_NE(std::string(e.what()).find(options.broker), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pharmatwin::adapters
