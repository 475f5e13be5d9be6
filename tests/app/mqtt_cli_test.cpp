// `run --detector mqtt:HOST:PORT` when the broker goes away mid-run: the run stops at once with
// one line naming the broker, exits 1, and its event log holds the run up to then (a RunEnd
// saying why), which `score` reads as an incomplete run.
#include <gtest/gtest.h>
#include <mosquitto.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_child.hpp"
#include "mosquitto_broker.hpp"

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;
using adapters::testing::Broker;
using namespace std::chrono_literals;

const std::string kDefault = std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/default.textproto";

// Answers every lock-step advance of the default site with its ack; counts them.
class Acknowledger {
 public:
  explicit Acknowledger(int port) {
    mosquitto_lib_init();
    client_ = mosquitto_new(nullptr, true, this);
    mosquitto_message_callback_set(
        client_, [](mosquitto* m, void* self, const mosquitto_message* msg) {
          const auto json = nlohmann::json::parse(
              std::string(static_cast<const char*>(msg->payload), msg->payloadlen), nullptr, false);
          if (!json.is_object() || !json.contains("seq")) return;
          const std::string ack = nlohmann::json{{"seq", json["seq"]}}.dump();
          const std::string topic =
              std::string(msg->topic).replace(std::string(msg->topic).rfind("/advance"), 8, "/ack");
          mosquitto_publish(m, nullptr, topic.c_str(), static_cast<int>(ack.size()), ack.data(), 1,
                            false);
          ++static_cast<Acknowledger*>(self)->acks_;
        });
    mosquitto_connect(client_, "127.0.0.1", port, 30);
    mosquitto_subscribe(client_, nullptr, "pharmatwin/+/advance", 1);
    mosquitto_loop_start(client_);
    std::this_thread::sleep_for(300ms);
  }
  ~Acknowledger() {
    mosquitto_disconnect(client_);
    mosquitto_loop_stop(client_, true);
    mosquitto_destroy(client_);
  }
  int acks() const { return acks_; }

 private:
  mosquitto* client_;
  std::atomic<int> acks_{0};
};

TEST(MqttRun, BrokerLostMidRunStopsTheRunNamingTheBrokerAndKeepsTheLog) {
  Broker broker;
  if (!broker.start()) GTEST_SKIP() << "mosquitto broker not available";
  Acknowledger monitor(broker.port());
  const fs::path dir = fs::temp_directory_path() / "pharmatwin-mqtt-broker-lost";
  fs::remove_all(dir);
  // The broker dies once the run has gone some way (a few hundred acknowledged blocks).
  std::thread killer([&] {
    for (int i = 0; i < 600 && monitor.acks() < 200; ++i) std::this_thread::sleep_for(50ms);
    broker.kill();
  });
  const auto r =
      run_cli({"run", kDefault, "--out", dir.string(), "-q", "--no-score", "--horizon", "3650d",
               "--detector", "mqtt:" + broker.endpoint(), "--sut-timeout", "10"});
  killer.join();
  EXPECT_GE(monitor.acks(), 200);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("the detection system failed (crashed)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("lost the connection to broker " + broker.endpoint()), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("holds the run up to then"), std::string::npos) << r.err;
  ASSERT_TRUE(fs::exists(dir / "events.pb"));

  const auto scored = run_cli({"score", dir.string(), "--scenario", kDefault, "-q"});
  EXPECT_TRUE(scored.exit_code == 0 || scored.exit_code == 1) << scored.err;
  const auto report = nlohmann::json::parse(read_file((dir / "report.json").string()));
  EXPECT_FALSE(report["complete"].get<bool>());
  EXPECT_GT(report["horizon_s"].get<double>(), 0.0);
  EXPECT_LT(report["horizon_s"].get<double>(), 3650 * 86400.0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pharmatwin::testing
