#include "pharmatwin/adapters/sut_session.hpp"

#include <algorithm>
#include <cstdio>

#include "pharmatwin/adapters/sut_error.hpp"

namespace pharmatwin::adapters {
namespace {

std::string seconds_text(std::chrono::milliseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", d.count() / 1000.0);
  return buf;
}

std::string camel(const std::string& snake) {
  std::string out;
  bool up = true;
  for (char c : snake) {
    if (c == '_') {
      up = true;
    } else {
      out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      up = false;
    }
  }
  return out;
}

template <typename M>
std::string body_name_of(const M& message) {
  const auto* descriptor = message.GetDescriptor();
  const auto* oneof = descriptor->FindOneofByName("body");
  const auto* field = message.GetReflection()->GetOneofFieldDescriptor(message, oneof);
  return field ? camel(field->name()) : "empty message";
}

}  // namespace

std::string body_name(const sut::FromSut& message) { return body_name_of(message); }
std::string body_name(const sut::ToSut& message) { return body_name_of(message); }

SutSession::SutSession(std::unique_ptr<ChildProcess> child, std::unique_ptr<FrameChannel> channel,
                       SutOptions options, std::string label)
    : child_(std::move(child)),
      channel_(std::move(channel)),
      options_(options),
      label_(std::move(label)) {}

std::unique_ptr<SutSession> SutSession::spawn(const std::vector<std::string>& argv,
                                              SutOptions options, std::string label) {
  auto child = std::make_unique<ChildProcess>(argv);
  const int in = child->take_stdin_fd();
  const int out = child->take_stdout_fd();
  auto channel = std::make_unique<FrameChannel>(out, in, options.max_frame_bytes);
  return std::unique_ptr<SutSession>(
      new SutSession(std::move(child), std::move(channel), options, std::move(label)));
}

std::unique_ptr<SutSession> SutSession::connect(const std::string& host_port, SutOptions options,
                                                std::string label) {
  const int fd = connect_tcp(host_port, options.handshake_timeout);
  auto channel = std::make_unique<FrameChannel>(fd, fd, options.max_frame_bytes);
  return std::unique_ptr<SutSession>(
      new SutSession(nullptr, std::move(channel), options, std::move(label)));
}

SutSession::~SutSession() {
  channel_.reset();  // closes the pipes: a well-behaved program exits on end of input
  if (child_ && !child_->exited()) {
    if (!child_->wait_exit(std::chrono::milliseconds(200))) child_->kill_now();
  }
}

std::string SutSession::describe_exit() {
  if (!child_) return "closed the connection";
  channel_->close_write();
  child_->wait_exit(std::chrono::milliseconds(1000));
  if (!child_->exited()) {
    child_->kill_now();
    return "closed its output";
  }
  return "exited (" + child_->status_text() + ")";
}

void SutSession::fail(SutErrorKind kind, const std::string& what) {
  closed_ = true;
  if (child_ && kind != SutErrorKind::kCrashed) child_->kill_now();
  throw SutError(kind, label_ + ": " + what);
}

void SutSession::flush(Clock::time_point deadline, const std::string& waiting_for) {
  switch (channel_->flush(deadline)) {
    case IoStatus::kOk:
      return;
    case IoStatus::kTimeout:
      fail(SutErrorKind::kTimeout, "did not read its input for " +
                                       seconds_text(options_.step_timeout) + " while sending " +
                                       waiting_for);
    case IoStatus::kEof:
      fail(SutErrorKind::kCrashed, describe_exit() + " while the world was sending " + waiting_for +
                                       " (" + std::to_string(received_) +
                                       " messages received from it)");
    default:
      fail(SutErrorKind::kCrashed,
           "write failed while sending " + waiting_for + ": " + channel_->last_error());
  }
}

void SutSession::receive(sut::FromSut& message, Clock::time_point deadline,
                         std::chrono::milliseconds timeout, const std::string& waiting_for) {
  std::string_view frame;
  std::string error;
  const IoStatus status = channel_->read_frame(deadline, frame, error);
  const std::string number = "message #" + std::to_string(received_ + 1);
  switch (status) {
    case IoStatus::kOk:
      break;
    case IoStatus::kTimeout:
      fail(SutErrorKind::kTimeout,
           "no answer within " + seconds_text(timeout) + " while waiting for " + waiting_for +
               " (last message received: #" + std::to_string(received_) + ", " + last_type_ + ")");
    case IoStatus::kBadFrame:
      fail(SutErrorKind::kMalformed, number + " is malformed: " + error);
    case IoStatus::kEof:
      fail(SutErrorKind::kCrashed, describe_exit() + " while the world was waiting for " +
                                       waiting_for + " (" + std::to_string(received_) +
                                       " messages received" + (error.empty() ? "" : "; " + error) +
                                       ")");
    case IoStatus::kBroken:
      fail(SutErrorKind::kCrashed,
           "read failed while waiting for " + waiting_for + ": " + channel_->last_error());
  }
  ++received_;
  last_frame_bytes_ = frame.size() + 1;
  for (std::size_t rest = frame.size() >> 7; rest != 0; rest >>= 7) ++last_frame_bytes_;
  if (!message.ParseFromArray(frame.data(), static_cast<int>(frame.size()))) {
    fail(SutErrorKind::kMalformed, number + " is malformed: its " + std::to_string(frame.size()) +
                                       " bytes do not parse as a pharmatwin.sut.FromSut");
  }
  last_type_ = body_name(message);
  if (message.body_case() == sut::FromSut::kError) {
    fail(SutErrorKind::kReported,
         "reported an error in " + number + ": " + message.error().message());
  }
  if (message.body_case() == sut::FromSut::BODY_NOT_SET) {
    fail(SutErrorKind::kMalformed, number + " has no body (none of the FromSut fields is set)");
  }
}

const sut::Welcome& SutSession::handshake(const sut::Hello& hello,
                                          const std::vector<std::string>& required) {
  const auto deadline = Clock::now() + options_.handshake_timeout;
  sut::ToSut message;
  *message.mutable_hello() = hello;
  append_frame(channel_->out(), message);
  flush(deadline, "Hello");
  receive(incoming_, deadline, options_.handshake_timeout, "Welcome");
  if (incoming_.body_case() != sut::FromSut::kWelcome) {
    fail(SutErrorKind::kProtocol,
         "message #1 is " + body_name(incoming_) + ", expected Welcome (the answer to Hello)");
  }
  const auto& welcome = incoming_.welcome();
  if (welcome.protocol_version() != hello.protocol_version()) {
    fail(SutErrorKind::kProtocol,
         "message #1 (Welcome) has protocol_version " + std::to_string(welcome.protocol_version()) +
             ", the world speaks version " + std::to_string(hello.protocol_version()));
  }
  for (const auto& need : required) {
    const auto& caps = welcome.capabilities();
    if (std::find(caps.begin(), caps.end(), need) == caps.end()) {
      fail(SutErrorKind::kProtocol,
           "message #1 (Welcome) lacks capability \"" + need + "\" that this binding needs");
    }
  }
  return welcome;
}

void SutSession::send(const sut::ToSut& message) {
  append_frame(channel_->out(), message);
  if (channel_->out().size() >= options_.flush_threshold_bytes) {
    flush(Clock::now() + options_.step_timeout, body_name(message) + " messages");
  }
}

void SutSession::step(double time_s, bool finish,
                      const std::function<void(const sut::FromSut&)>& on_output) {
  if (closed_) throw SutError(SutErrorKind::kProtocol, label_ + ": session already closed");
  const std::uint64_t seq = ++seq_;
  sut::ToSut message;
  if (finish) {
    message.mutable_finish()->set_seq(seq);
    message.mutable_finish()->set_time_s(time_s);
  } else {
    message.mutable_advance()->set_seq(seq);
    message.mutable_advance()->set_time_s(time_s);
  }
  char what_buf[96];
  std::snprintf(what_buf, sizeof what_buf, "the Ack of %s seq %llu (t=%g s)",
                finish ? "Finish" : "Advance", static_cast<unsigned long long>(seq), time_s);
  const std::string what = what_buf;
  append_frame(channel_->out(), message);
  const auto deadline = Clock::now() + options_.step_timeout;
  flush(deadline, finish ? "Finish" : "Advance");
  std::size_t output_bytes = 0;
  for (;;) {
    receive(incoming_, deadline, options_.step_timeout, what);
    const std::string number = "message #" + std::to_string(received_);
    output_bytes += last_frame_bytes_;
    if (output_bytes > options_.max_step_output_bytes) {
      fail(SutErrorKind::kProtocol,
           "sent more than " + std::to_string(options_.max_step_output_bytes >> 20) +
               " MiB of output for one step (flooding) while the world waits for " + what +
               "; stopped at " + number + " (" + body_name(incoming_) + ")");
    }
    switch (incoming_.body_case()) {
      case sut::FromSut::kAck:
        if (incoming_.ack().seq() != seq) {
          fail(SutErrorKind::kProtocol, number + " (Ack) acknowledges seq " +
                                            std::to_string(incoming_.ack().seq()) +
                                            " while the world waits for " + what);
        }
        return;
      case sut::FromSut::kWelcome:
        fail(SutErrorKind::kProtocol, number + " (Welcome) is out of place: the handshake is over");
      default:
        try {
          on_output(incoming_);
        } catch (const SutError& e) {
          fail(e.kind(), number + " (" + body_name(incoming_) + "): " + e.what());
        }
    }
  }
}

void SutSession::close() {
  if (closed_) return;
  closed_ = true;
  channel_->close_write();
  if (child_ && !child_->wait_exit(options_.exit_timeout)) child_->kill_now();
}

}  // namespace pharmatwin::adapters
