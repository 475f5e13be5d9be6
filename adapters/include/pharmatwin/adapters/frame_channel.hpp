// A framed, buffered, deadline-aware byte channel over a pair of file descriptors (a child's
// pipes or one TCP socket). Writing never deadlocks against a peer that writes back at the
// same time: while waiting to write, incoming bytes are read into the decoder.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "pharmatwin/adapters/framing.hpp"

namespace pharmatwin::adapters {

using Clock = std::chrono::steady_clock;

enum class IoStatus { kOk, kEof, kTimeout, kBroken, kBadFrame };

class FrameChannel {
 public:
  // Takes ownership of both descriptors (they may be the same, for a socket).
  FrameChannel(int read_fd, int write_fd, std::size_t max_frame_bytes = kDefaultMaxFrameBytes);
  ~FrameChannel();
  FrameChannel(const FrameChannel&) = delete;
  FrameChannel& operator=(const FrameChannel&) = delete;

  // Bytes to send; append frames with append_frame(out(), message).
  std::string& out() { return out_; }
  // Sends everything in out() before `deadline`.
  IoStatus flush(Clock::time_point deadline);
  // Waits for the next whole frame until `deadline`. kBadFrame: `error` says why.
  IoStatus read_frame(Clock::time_point deadline, std::string_view& frame, std::string& error);
  // No more output (the peer sees end of input). Safe to call twice.
  void close_write();
  // errno text of the last kBroken.
  const std::string& last_error() const { return last_error_; }

 private:
  IoStatus read_some();

  int read_fd_;
  int write_fd_;
  std::string out_;
  std::size_t out_pos_ = 0;
  FrameDecoder decoder_;
  std::string last_error_;
};

}  // namespace pharmatwin::adapters
