// The external-process and TCP bindings against the fake system under test: lock-step
// delivery, handshake checks, and a clear error for each way a program can fail.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "fake_sut.hpp"
#include "pharmatwin/adapters/external_ports.hpp"
#include "pharmatwin/adapters/sut_convert.hpp"
#include "pharmatwin/adapters/sut_error.hpp"

namespace pharmatwin::adapters {
namespace {

using namespace std::chrono_literals;

SiteLayout two_zone_layout() {
  SiteLayout layout;
  layout.site_name = "test-site";
  layout.start_epoch_s = 1767225600;  // 2026-01-01T00:00:00Z
  layout.zones = {{"cold1", 2, 8, 5}, {"ambient", 15, 25, 20}};
  layout.sensors = {{"c1-a", 0, SensorKind::kAir, 60}, {"amb-a", 1, SensorKind::kAir, 60}};
  return layout;
}

std::unique_ptr<ExternalDetectionPort> start(std::vector<std::string> extra,
                                             SutOptions options = {}) {
  std::vector<std::string> argv{PHARMATWIN_FAKE_SUT};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return std::make_unique<ExternalDetectionPort>(SutSession::spawn(argv, options, "fake detector"));
}

// Runs `body` and returns the SutError it throws.
template <typename F>
SutError error_of(F body) {
  try {
    body();
  } catch (const SutError& e) {
    return e;
  }
  ADD_FAILURE() << "no SutError thrown";
  return SutError(SutErrorKind::kProtocol, "none");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ExternalDetection, AlertsComeBackWithTheAdvanceThatCoversThem) {
  auto port = start({});
  port->bind(two_zone_layout());
  EXPECT_EQ(port->welcome().system_name(), "fake-sut");
  PortOutput out;
  const std::vector<SensorReading> first = {{60, 5.0, 0, 0}, {60, 20.0, 1, 1}};
  port->on_readings(first);
  port->advance_to(60, out);
  EXPECT_TRUE(out.alerts.empty());
  // 9.5 °C is above cold1's max of 8 °C: one alert and one quarantine decision.
  const std::vector<SensorReading> second = {{120, 9.5, 0, 0}, {120, 20.0, 1, 1}};
  port->on_readings(second);
  port->advance_to(120, out);
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].zone, 0u);
  EXPECT_EQ(out.alerts[0].raised_at_s, 120);
  ASSERT_EQ(out.decisions.size(), 1u);
  EXPECT_EQ(out.decisions[0].idempotency_key, "quarantine/cold1");
  EXPECT_EQ(out.decisions[0].kind, DecisionKind::kQuarantine);
  out.clear();
  port->finish(180, out);
  EXPECT_TRUE(out.alerts.empty());
}

TEST(ExternalDetection, EveryReadingArrivesAcrossManyFrames) {
  ExternalDetectionOptions options;
  options.readings_per_frame = 1000;
  auto port = std::make_unique<ExternalDetectionPort>(
      SutSession::spawn({PHARMATWIN_FAKE_SUT, "--count"}, {}, "fake"), options);
  port->bind(two_zone_layout());
  std::vector<SensorReading> batch;
  for (int i = 0; i < 25'000; ++i) batch.push_back({i * 1.0, 5.0, 0, 0});
  PortOutput out;
  port->on_readings(batch);
  port->on_readings(batch);
  port->advance_to(25'000, out);
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].message, "50000");
  port->finish(25'000, out);
}

TEST(ExternalDetection, ASystemWritingWhileTheWorldWritesDoesNotDeadlock) {
  // 300 alerts of ~230 bytes per frame overflow the 64 KiB pipe both ways.
  ExternalDetectionOptions options;
  options.readings_per_frame = 100;
  SutOptions sut;
  sut.step_timeout = 10s;
  auto port = std::make_unique<ExternalDetectionPort>(
      SutSession::spawn({PHARMATWIN_FAKE_SUT, "--chatty", "300"}, sut, "chatty"), options);
  port->bind(two_zone_layout());
  std::vector<SensorReading> batch;
  for (int i = 0; i < 20'000; ++i) batch.push_back({i * 1.0, 5.0, 0, 0});
  PortOutput out;
  port->on_readings(batch);
  port->advance_to(20'000, out);
  EXPECT_EQ(out.alerts.size(), 200u * 300u);
  port->finish(20'000, out);
}

TEST(ExternalDetection, CrashIsReportedWithTheExitStatusAndTheStep) {
  auto port = start({"--crash-after", "2"});
  port->bind(two_zone_layout());
  PortOutput out;
  port->advance_to(60, out);
  const SutError e = error_of([&] { port->advance_to(120, out); });
  EXPECT_EQ(e.kind(), SutErrorKind::kCrashed);
  EXPECT_TRUE(contains(e.what(), "fake detector")) << e.what();
  EXPECT_TRUE(contains(e.what(), "exit status 3")) << e.what();
  EXPECT_TRUE(contains(e.what(), "Advance seq 2 (t=120 s)")) << e.what();
}

TEST(ExternalDetection, DeathBySignalIsNamed) {
  auto port = start({"--segv-after", "1"});
  port->bind(two_zone_layout());
  PortOutput out;
  const SutError e = error_of([&] { port->advance_to(60, out); });
  EXPECT_EQ(e.kind(), SutErrorKind::kCrashed);
  EXPECT_TRUE(contains(e.what(), "signal 11")) << e.what();
}

TEST(ExternalDetection, HangStopsAtTheTimeout) {
  SutOptions options;
  options.step_timeout = 300ms;
  auto port = start({"--hang-after", "1"}, options);
  port->bind(two_zone_layout());
  PortOutput out;
  const auto t0 = std::chrono::steady_clock::now();
  const SutError e = error_of([&] { port->advance_to(60, out); });
  const auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(e.kind(), SutErrorKind::kTimeout);
  EXPECT_TRUE(contains(e.what(), "no answer within 0.3 s")) << e.what();
  EXPECT_TRUE(contains(e.what(), "Advance seq 1")) << e.what();
  EXPECT_GE(waited, 300ms);
  EXPECT_LT(waited, 5s);
}

TEST(ExternalDetection, UnparsableFrameNamesTheMessageNumber) {
  auto port = start({"--garbage"});
  port->bind(two_zone_layout());
  PortOutput out;
  const SutError e = error_of([&] { port->advance_to(60, out); });
  EXPECT_EQ(e.kind(), SutErrorKind::kMalformed);
  // Message #1 was the Welcome; the garbage is #2.
  EXPECT_TRUE(contains(e.what(), "message #2 is malformed")) << e.what();
  EXPECT_TRUE(contains(e.what(), "3 bytes do not parse")) << e.what();
}

TEST(ExternalDetection, OversizedLengthPrefixIsMalformed) {
  auto port = start({"--huge-length"});
  port->bind(two_zone_layout());
  PortOutput out;
  const SutError e = error_of([&] { port->advance_to(60, out); });
  EXPECT_EQ(e.kind(), SutErrorKind::kMalformed);
  EXPECT_TRUE(contains(e.what(), "5000000000 bytes")) << e.what();
}

TEST(ExternalDetection, ProtocolVersionMismatchFailsTheHandshake) {
  auto port = start({"--wrong-version"});
  const SutError e = error_of([&] { port->bind(two_zone_layout()); });
  EXPECT_EQ(e.kind(), SutErrorKind::kProtocol);
  EXPECT_TRUE(contains(e.what(), "protocol_version 99")) << e.what();
}

TEST(ExternalDetection, AnythingButWelcomeFailsTheHandshake) {
  auto port = start({"--no-welcome"});
  const SutError e = error_of([&] { port->bind(two_zone_layout()); });
  EXPECT_EQ(e.kind(), SutErrorKind::kProtocol);
  EXPECT_TRUE(contains(e.what(), "message #1 is Ack, expected Welcome")) << e.what();
}

TEST(ExternalDetection, AckOfTheWrongStepIsAProtocolError) {
  auto port = start({"--wrong-ack"});
  port->bind(two_zone_layout());
  PortOutput out;
  const SutError e = error_of([&] { port->advance_to(60, out); });
  EXPECT_EQ(e.kind(), SutErrorKind::kProtocol);
  EXPECT_TRUE(contains(e.what(), "acknowledges seq 2")) << e.what();
}

TEST(ExternalDetection, DecisionWithoutKeyNamesMessageAndField) {
  auto port = start({"--empty-key"});
  port->bind(two_zone_layout());
  const std::vector<SensorReading> hot = {{60, 12.0, 0, 0}};
  port->on_readings(hot);
  PortOutput out;
  const SutError e = error_of([&] { port->advance_to(60, out); });
  EXPECT_EQ(e.kind(), SutErrorKind::kMalformed);
  // #1 Welcome, #2 Alert, #3 the Decision.
  EXPECT_TRUE(contains(e.what(), "message #3 (Decision): field idempotency_key is empty"))
      << e.what();
  // What was received before the bad message is still handed out.
  EXPECT_EQ(out.alerts.size(), 1u);
}

TEST(ExternalDetection, AlertWithUnknownZoneIsMalformed) {
  auto port = start({"--bad-zone"});
  port->bind(two_zone_layout());
  const std::vector<SensorReading> hot = {{60, 12.0, 0, 0}};
  port->on_readings(hot);
  PortOutput out;
  const SutError e = error_of([&] { port->advance_to(60, out); });
  EXPECT_TRUE(contains(e.what(), "message #2 (Alert): field zone = 1000")) << e.what();
}

TEST(SutConvert, ZoneStockCrossesTheWireAndZoneIndicesAreChecked) {
  const std::vector<ZoneStock> stock = {
      {300, 0, {{"00614141000012/INS1", 400, 2, 8, 259200}, {"00614141000029/FLU1", 150, 2, 8, 0}}},
      {300, 1, {}}};
  sut::Stock wire;
  to_wire(stock, wire);
  const auto back = from_wire(wire, 2);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].zone, 0u);
  ASSERT_EQ(back[0].lots.size(), 2u);
  EXPECT_EQ(back[0].lots[0].lot, "00614141000012/INS1");
  EXPECT_EQ(back[0].lots[0].units, 400u);
  EXPECT_EQ(back[0].lots[0].budget_s, 259200);
  EXPECT_EQ(back[0].lots[1].max_c, 8);
  EXPECT_TRUE(back[1].lots.empty());
  const SutError bad = error_of([&] { from_wire(wire, 1); });
  EXPECT_EQ(bad.kind(), SutErrorKind::kMalformed);
  EXPECT_TRUE(contains(bad.what(), "zones.zone = 1 is not a zone index")) << bad.what();
}

TEST(ExternalDetection, MissingProgramFailsToStart) {
  const SutError e = error_of([] { SutSession::spawn({"/nonexistent/detector"}, {}, "missing"); });
  EXPECT_EQ(e.kind(), SutErrorKind::kStartFailed);
  EXPECT_TRUE(contains(e.what(), "/nonexistent/detector")) << e.what();
}

TEST(ExternalDetection, SpeaksTheSameProtocolOverTcp) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port_number = ntohs(addr.sin_port);
  std::thread server([listener] {
    const int fd = ::accept(listener, nullptr, nullptr);
    testing::run_fake_sut(fd, fd, {});
    ::close(fd);
  });
  {
    auto port = std::make_unique<ExternalDetectionPort>(
        SutSession::connect("127.0.0.1:" + std::to_string(port_number), {}, "tcp detector"));
    port->bind(two_zone_layout());
    const std::vector<SensorReading> hot = {{60, 30.0, 1, 1}};
    port->on_readings(hot);
    PortOutput out;
    port->advance_to(60, out);
    ASSERT_EQ(out.alerts.size(), 1u);
    EXPECT_EQ(out.alerts[0].zone, 1u);
    port->finish(60, out);
  }
  server.join();
  ::close(listener);
}

TEST(ExternalDetection, RefusedConnectionFailsToStart) {
  const SutError e = error_of([] { SutSession::connect("127.0.0.1:1", {}, "tcp"); });
  EXPECT_EQ(e.kind(), SutErrorKind::kStartFailed);
  EXPECT_TRUE(contains(e.what(), "127.0.0.1:1")) << e.what();
}

}  // namespace
}  // namespace pharmatwin::adapters
