// One lock-step conversation with an external system under test (docs/adapters.md): the
// handshake, data frames, and Advance/Finish steps answered by outputs and an Ack.
//
// Every failure throws SutError whose text names the system, the message concerned (its
// number in the system's output, counted from 1, and its type) and what was wrong.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pharmatwin/adapters/frame_channel.hpp"
#include "pharmatwin/adapters/sut_error.hpp"
#include "pharmatwin/adapters/sut_process.hpp"
#include "pharmatwin/sut_protocol.pb.h"

namespace pharmatwin::adapters {

inline constexpr std::uint32_t kSutProtocolVersion = 1;

struct SutOptions {
  std::chrono::milliseconds handshake_timeout{30'000};
  // Longest wait for the Ack of one Advance (or Finish).
  std::chrono::milliseconds step_timeout{30'000};
  // After Finish's Ack: how long the program may take to exit before it is killed.
  std::chrono::milliseconds exit_timeout{5'000};
  std::size_t max_frame_bytes = kDefaultMaxFrameBytes;
  // Most output (bytes of frames, length prefixes included) one Advance or Finish may bring: a
  // system that floods the world is stopped at this (kProtocol), not buffered without end.
  std::size_t max_step_output_bytes = 64u << 20;
  // Output buffered beyond this is sent before the next Advance.
  std::size_t flush_threshold_bytes = 1u << 20;
};

class SutSession {
 public:
  // Starts `argv` with pipes on its stdin/stdout. `label` names it in errors.
  static std::unique_ptr<SutSession> spawn(const std::vector<std::string>& argv, SutOptions options,
                                           std::string label);
  // Connects to a system listening on host:port.
  static std::unique_ptr<SutSession> connect(const std::string& host_port, SutOptions options,
                                             std::string label);
  ~SutSession();

  // Sends Hello, waits for a Welcome with the same protocol version and checks that the system
  // has every capability in `required`.
  const sut::Welcome& handshake(const sut::Hello& hello, const std::vector<std::string>& required);

  // Queues one message (sent at the next step, or earlier when the buffer is large).
  void send(const sut::ToSut& message);
  // Sends Advance (or Finish) for `time_s` and hands every output to `on_output` until the
  // matching Ack.
  void step(double time_s, bool finish, const std::function<void(const sut::FromSut&)>& on_output);
  // After Finish: closes the system's input and waits for it to exit (killed past the timeout).
  void close();

  const std::string& label() const { return label_; }
  std::uint64_t messages_received() const { return received_; }

 private:
  SutSession(std::unique_ptr<ChildProcess> child, std::unique_ptr<FrameChannel> channel,
             SutOptions options, std::string label);
  void flush(Clock::time_point deadline, const std::string& waiting_for);
  // Next message from the system, parsed into `message`.
  void receive(sut::FromSut& message, Clock::time_point deadline, std::chrono::milliseconds timeout,
               const std::string& waiting_for);
  [[noreturn]] void fail(SutErrorKind kind, const std::string& what);
  std::string describe_exit();

  std::unique_ptr<ChildProcess> child_;
  std::unique_ptr<FrameChannel> channel_;
  SutOptions options_;
  std::string label_;
  std::uint64_t received_ = 0;
  std::uint64_t seq_ = 0;
  std::string last_type_ = "none";
  std::size_t last_frame_bytes_ = 0;  // of the last message received, with its length prefix
  sut::FromSut incoming_;
  bool closed_ = false;
};

// "Alert", "Ack", ... : the type name of a message's body (or "empty message").
std::string body_name(const sut::FromSut& message);
std::string body_name(const sut::ToSut& message);

}  // namespace pharmatwin::adapters
