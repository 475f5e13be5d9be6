// pharmatwin-sut: the project's own detection engine (and serialization repository) behind the
// pharmatwin SUT protocol (docs/adapters.md), so they can be driven like any external system.
//
//   pharmatwin-sut [--policies DIR] [--policy FILE] [--listen [HOST:]PORT]
//
// Speaks on stdin/stdout, or accepts one TCP connection with --listen (port 0 picks a free port;
// the address is printed on stderr as "listening on HOST:PORT"). HOST defaults to 127.0.0.1:
// a listener on another interface (0.0.0.0, a LAN address) must be asked for explicitly. Exit
// status 0 after the world's Finish and end of input, 2 on bad arguments, 1 on a protocol error
// (also sent as an Error message).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "pharmatwin/adapters/framing.hpp"
#include "pharmatwin/adapters/inprocess_detection_port.hpp"
#include "pharmatwin/adapters/inprocess_serialization_port.hpp"
#include "pharmatwin/adapters/sut_convert.hpp"
#include "pharmatwin/adapters/sut_error.hpp"
#include "pharmatwin/adapters/sut_session.hpp"

namespace pa = pharmatwin::adapters;
namespace sut = pharmatwin::sut;

namespace {

struct Args {
  std::string policies_dir;
  std::vector<std::string> policy_files;
  std::string listen;
};

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

class Server {
 public:
  Server(const Args& args, int out_fd) : args_(args), out_fd_(out_fd) {}

  // Handles one message; false when the conversation must stop.
  bool handle(const sut::ToSut& in) {
    switch (in.body_case()) {
      case sut::ToSut::kHello:
        return hello(in.hello());
      case sut::ToSut::kReadings:
        if (detection_) {
          readings_ = pa::from_wire(in.readings());
          detection_->on_readings(readings_);
        }
        return true;
      case sut::ToSut::kTelemetry:
        if (detection_) detection_->on_telemetry(pa::from_wire(in.telemetry()));
        return true;
      case sut::ToSut::kStock:
        if (detection_) detection_->on_zone_stock(pa::from_wire(in.stock(), zones_));
        return true;
      case sut::ToSut::kAdvance:
        return step(in.advance().seq(), in.advance().time_s(), false);
      case sut::ToSut::kFinish:
        return step(in.finish().seq(), in.finish().time_s(), true);
      default:
        break;
    }
    if (serialization_) {
      switch (in.body_case()) {
        case sut::ToSut::kCommissioning:
          serialization_->on_commissioning(pa::from_wire(in.commissioning()));
          break;
        case sut::ToSut::kShipping:
          serialization_->on_shipping(pa::from_wire(in.shipping()));
          break;
        case sut::ToSut::kReceivingScan:
          serialization_->on_receiving_scan(pa::from_wire(in.receiving_scan()));
          break;
        case sut::ToSut::kStorage:
          serialization_->on_storage(pa::from_wire(in.storage()));
          break;
        case sut::ToSut::kOutbound:
          serialization_->on_outbound(pa::from_wire(in.outbound()));
          break;
        case sut::ToSut::kDecommission:
          serialization_->on_decommission(pa::from_wire(in.decommission()));
          break;
        case sut::ToSut::kVerificationRequest:
          serialization_->on_verification_request(pa::from_wire(in.verification_request()));
          break;
        case sut::ToSut::kBatchStatus:
          serialization_->on_batch_status(pa::from_wire(in.batch_status()));
          break;
        default:
          break;
      }
    }
    return true;
  }

  bool error(const std::string& text) {
    sut::FromSut m;
    m.mutable_error()->set_message(text);
    bytes_.clear();
    pa::append_frame(bytes_, m);
    write_all(out_fd_, bytes_);
    return false;
  }

 private:
  bool hello(const sut::Hello& hello) {
    sut::FromSut m;
    auto* w = m.mutable_welcome();
    w->set_protocol_version(pa::kSutProtocolVersion);
    w->set_system_name("pharmatwin-sut");
    if (hello.protocol_version() != pa::kSutProtocolVersion) {
      return error("protocol version " + std::to_string(hello.protocol_version()) +
                   " is not supported (this system speaks version 1)");
    }
    for (const auto& cap : hello.capabilities()) {
      if (cap == "detection") {
        std::map<std::string, std::string> classes;
        for (const auto& z : hello.layout().zones()) {
          if (!z.storage_class().empty()) classes[z.name()] = z.storage_class();
        }
        std::vector<std::filesystem::path> overrides(args_.policy_files.begin(),
                                                     args_.policy_files.end());
        auto set = pa::load_policy_set(args_.policies_dir.empty()
                                           ? pa::default_policies_dir()
                                           : std::filesystem::path(args_.policies_dir),
                                       overrides);
        if (!set.errors.empty()) return error("detection policy: " + set.errors.front());
        detection_ = std::make_unique<pa::InProcessDetectionPort>(std::move(set.policies), classes);
        try {
          detection_->bind(pa::from_wire(hello.layout()));
          zones_ = static_cast<std::size_t>(hello.layout().zones_size());
        } catch (const std::exception& e) {
          return error(e.what());
        }
        w->add_capabilities("detection");
      }
      if (cap == "serialization") {
        serialization_ = std::make_unique<pa::InProcessSerializationPort>();
        serialization_->bind(pa::from_wire(hello.site()));
        w->add_capabilities("serialization");
      }
      if (cap == "batch_status") w->add_capabilities("batch_status");
    }
    bytes_.clear();
    pa::append_frame(bytes_, m);
    return write_all(out_fd_, bytes_);
  }

  bool step(std::uint64_t seq, double time_s, bool finish) {
    bytes_.clear();
    sut::FromSut m;
    if (detection_) {
      pa::PortOutput out;
      if (finish)
        detection_->finish(time_s, out);
      else
        detection_->advance_to(time_s, out);
      for (const auto& a : out.alerts) {
        m.Clear();
        pa::to_wire(a, *m.mutable_alert());
        pa::append_frame(bytes_, m);
      }
      for (const auto& d : out.decisions) {
        m.Clear();
        pa::to_wire(d, *m.mutable_decision());
        pa::append_frame(bytes_, m);
      }
    }
    if (serialization_) {
      pa::SerializationOutput out;
      if (finish)
        serialization_->finish(time_s, out);
      else
        serialization_->advance_to(time_s, out);
      for (const auto& a : out.answers) {
        m.Clear();
        pa::to_wire(a, *m.mutable_verification_answer());
        pa::append_frame(bytes_, m);
      }
      for (const auto& a : out.alerts) {
        m.Clear();
        pa::to_wire(a, *m.mutable_suspect_alert());
        pa::append_frame(bytes_, m);
      }
      for (const auto& d : out.decisions) {
        m.Clear();
        pa::to_wire(d, *m.mutable_decision());
        pa::append_frame(bytes_, m);
      }
    }
    m.Clear();
    m.mutable_ack()->set_seq(seq);
    pa::append_frame(bytes_, m);
    return write_all(out_fd_, bytes_);
  }

  const Args& args_;
  int out_fd_;
  std::string bytes_;
  std::vector<pa::SensorReading> readings_;
  std::size_t zones_ = 0;  // of the layout, to check zone indices
  std::unique_ptr<pa::InProcessDetectionPort> detection_;
  std::unique_ptr<pa::InProcessSerializationPort> serialization_;
};

int serve(const Args& args, int in_fd, int out_fd) {
  Server server(args, out_fd);
  pa::FrameDecoder decoder;
  sut::ToSut message;
  std::uint64_t number = 0;
  std::vector<char> chunk(1 << 16);
  for (;;) {
    const ssize_t n = ::read(in_fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::cerr << "pharmatwin-sut: read: " << std::strerror(errno) << '\n';
      return 1;
    }
    if (n == 0) return 0;
    decoder.append(chunk.data(), static_cast<std::size_t>(n));
    std::string_view frame;
    std::string error;
    for (;;) {
      const auto status = decoder.next(frame, error);
      if (status == pa::FrameDecoder::Status::kNeedMore) break;
      ++number;
      const std::string where = "message #" + std::to_string(number) + " from the world";
      if (status == pa::FrameDecoder::Status::kBad) {
        server.error(where + " is malformed: " + error);
        std::cerr << "pharmatwin-sut: " << where << " is malformed: " << error << '\n';
        return 1;
      }
      if (!message.ParseFromArray(frame.data(), static_cast<int>(frame.size()))) {
        server.error(where + " does not parse as pharmatwin.sut.ToSut");
        return 1;
      }
      try {
        if (!server.handle(message)) return 1;
      } catch (const pa::SutError& e) {
        server.error(where + " (" + pa::body_name(message) + "): " + e.what());
        return 1;
      }
    }
  }
}

// "[HOST:]PORT": the host must be an IPv4 address (default 127.0.0.1, loopback; listening on
// another interface, e.g. 0.0.0.0, must be asked for), the port a decimal number 0..65535.
bool parse_listen(const std::string& text, sockaddr_in& addr, std::string& error) {
  const auto colon = text.rfind(':');
  const std::string host = colon == std::string::npos ? "127.0.0.1" : text.substr(0, colon);
  const std::string port = colon == std::string::npos ? text : text.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
    error = "port '" + port + "' is not a number 0..65535 (write [HOST:]PORT, e.g. 127.0.0.1:7000)";
    return false;
  }
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(std::stoul(port)));
  if (::inet_pton(AF_INET, host.empty() ? "127.0.0.1" : host.c_str(), &addr.sin_addr) != 1) {
    error = "host '" + host +
            "' is not an IPv4 address (e.g. 127.0.0.1, or 0.0.0.0 for every interface)";
    return false;
  }
  return true;
}

int listen_and_serve(const Args& args) {
  sockaddr_in addr{};
  std::string error;
  if (!parse_listen(args.listen, addr, error)) {
    std::cerr << "pharmatwin-sut: --listen " << args.listen << ": " << error << '\n';
    return 2;
  }
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener, 1) != 0) {
    std::cerr << "pharmatwin-sut: cannot listen on " << args.listen << ": " << std::strerror(errno)
              << '\n';
    return 1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  char host[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, &addr.sin_addr, host, sizeof host);
  std::cerr << "listening on " << host << ':' << ntohs(addr.sin_port) << std::endl;
  const int fd = ::accept(listener, nullptr, nullptr);
  ::close(listener);
  if (fd < 0) return 1;
  const int rc = serve(args, fd, fd);
  ::close(fd);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "pharmatwin-sut: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--policies")
      args.policies_dir = value();
    else if (a == "--policy")
      args.policy_files.push_back(value());
    else if (a == "--listen")
      args.listen = value();
    else if (a == "--help" || a == "-h") {
      std::cout << "usage: pharmatwin-sut [--policies DIR] [--policy FILE] [--listen [HOST:]PORT]\n"
                   "  --listen PORT binds 127.0.0.1 (loopback); give 0.0.0.0:PORT to listen on "
                   "every interface\n";
      return 0;
    } else {
      std::cerr << "pharmatwin-sut: unknown argument '" << a << "'\n";
      return 2;
    }
  }
  pa::ignore_sigpipe();
  if (!args.listen.empty()) return listen_and_serve(args);
  return serve(args, STDIN_FILENO, STDOUT_FILENO);
}
