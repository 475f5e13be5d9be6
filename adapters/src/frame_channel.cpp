#include "pharmatwin/adapters/frame_channel.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pharmatwin::adapters {
namespace {

int millis_until(Clock::time_point deadline) {
  // Rounded up, so that a timeout never fires before its deadline.
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return 0;
  return left.count() > 1'000'000'000 ? 1'000'000'000 : static_cast<int>(left.count());
}

void set_nonblocking(int fd) {
  const int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

}  // namespace

FrameChannel::FrameChannel(int read_fd, int write_fd, std::size_t max_frame_bytes)
    : read_fd_(read_fd), write_fd_(write_fd), decoder_(max_frame_bytes) {
  set_nonblocking(read_fd_);
  if (write_fd_ != read_fd_) set_nonblocking(write_fd_);
}

FrameChannel::~FrameChannel() {
  close_write();
  if (read_fd_ >= 0) ::close(read_fd_);
}

void FrameChannel::close_write() {
  if (write_fd_ < 0) return;
  if (write_fd_ == read_fd_) {
    ::shutdown(write_fd_, SHUT_WR);
  } else {
    ::close(write_fd_);
  }
  write_fd_ = -1;
}

IoStatus FrameChannel::read_some() {
  char chunk[1 << 16];
  // At most 1 MiB per call: a peer that writes without pause is read frame by frame (and so
  // can be stopped by its caller), never buffered without bound here.
  for (int chunks = 0; chunks < 16; ++chunks) {
    const ssize_t n = ::read(read_fd_, chunk, sizeof chunk);
    if (n > 0) {
      decoder_.append(chunk, static_cast<std::size_t>(n));
      if (static_cast<std::size_t>(n) < sizeof chunk) return IoStatus::kOk;
      continue;
    }
    if (n == 0) return IoStatus::kEof;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return IoStatus::kOk;
    last_error_ = std::strerror(errno);
    return errno == ECONNRESET ? IoStatus::kEof : IoStatus::kBroken;
  }
  return IoStatus::kOk;
}

IoStatus FrameChannel::flush(Clock::time_point deadline) {
  bool read_open = true;
  while (out_pos_ < out_.size()) {
    if (write_fd_ < 0) {
      last_error_ = "output already closed";
      return IoStatus::kBroken;
    }
    const ssize_t n = ::write(write_fd_, out_.data() + out_pos_, out_.size() - out_pos_);
    if (n > 0) {
      out_pos_ += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      last_error_ = std::strerror(errno);
      return errno == EPIPE || errno == ECONNRESET ? IoStatus::kEof : IoStatus::kBroken;
    }
    // Full pipe: wait for room, draining what the peer writes meanwhile.
    pollfd fds[2] = {{write_fd_, POLLOUT, 0}, {read_fd_, POLLIN, 0}};
    const int count = read_open && read_fd_ != write_fd_ ? 2 : 1;
    if (read_open && read_fd_ == write_fd_) fds[0].events |= POLLIN;
    const int ready = ::poll(fds, count, millis_until(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) {
      last_error_ = std::strerror(errno);
      return IoStatus::kBroken;
    }
    if (ready == 0) return IoStatus::kTimeout;
    const bool readable = (count == 2 ? fds[1].revents : fds[0].revents) & (POLLIN | POLLHUP);
    if (read_open && readable) {
      const IoStatus s = read_some();
      if (s == IoStatus::kEof)
        read_open = false;  // the write will report the broken pipe
      else if (s != IoStatus::kOk)
        return s;
    }
    if (fds[0].revents & (POLLERR | POLLNVAL)) {
      last_error_ = "peer closed its input";
      return IoStatus::kEof;
    }
  }
  out_.clear();
  out_pos_ = 0;
  return IoStatus::kOk;
}

IoStatus FrameChannel::read_frame(Clock::time_point deadline, std::string_view& frame,
                                  std::string& error) {
  for (;;) {
    switch (decoder_.next(frame, error)) {
      case FrameDecoder::Status::kFrame:
        return IoStatus::kOk;
      case FrameDecoder::Status::kBad:
        return IoStatus::kBadFrame;
      case FrameDecoder::Status::kNeedMore:
        break;
    }
    pollfd fd{read_fd_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, millis_until(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) {
      last_error_ = std::strerror(errno);
      return IoStatus::kBroken;
    }
    if (ready == 0) return IoStatus::kTimeout;
    const IoStatus s = read_some();
    if (s == IoStatus::kEof) {
      if (decoder_.next(frame, error) == FrameDecoder::Status::kFrame) return IoStatus::kOk;
      if (decoder_.buffered() > 0) {
        error = "input ends inside a frame (" + std::to_string(decoder_.buffered()) +
                " bytes of an incomplete frame)";
      }
      return IoStatus::kEof;
    }
    if (s != IoStatus::kOk) return s;
  }
}

}  // namespace pharmatwin::adapters
