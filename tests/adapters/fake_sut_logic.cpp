#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "fake_sut.hpp"
#include "pharmatwin/adapters/framing.hpp"
#include "pharmatwin/sut_protocol.pb.h"

namespace pharmatwin::adapters::testing {

FakeSutOptions parse_fake_options(const std::vector<std::string>& args) {
  FakeSutOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto next_int = [&] { return i + 1 < args.size() ? std::atoi(args[++i].c_str()) : 0; };
    if (a == "--crash-after")
      o.crash_after_advances = next_int();
    else if (a == "--segv-after")
      o.segv_after_advances = next_int();
    else if (a == "--hang-after")
      o.hang_after_advances = next_int();
    else if (a == "--garbage")
      o.garbage = true;
    else if (a == "--huge-length")
      o.huge_length = true;
    else if (a == "--wrong-version")
      o.wrong_version = true;
    else if (a == "--no-welcome")
      o.no_welcome = true;
    else if (a == "--wrong-ack")
      o.wrong_ack = true;
    else if (a == "--empty-key")
      o.empty_key = true;
    else if (a == "--bad-zone")
      o.bad_zone = true;
    else if (a == "--chatty")
      o.chatty = next_int();
    else if (a == "--count")
      o.count = true;
    else if (a == "--garbage-hello")
      o.garbage_hello = true;
    else if (a == "--truncated")
      o.truncated = true;
    else if (a == "--wrong-type")
      o.wrong_type = true;
    else if (a == "--flood")
      o.flood = true;
    else if (a == "--slow-ms")
      o.slow_ms = next_int();
    else if (a == "--listen" && i + 1 < args.size())
      o.listen = args[++i];
  }
  return o;
}

namespace {

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

}  // namespace

int run_fake_sut(int in_fd, int out_fd, const FakeSutOptions& o) {
  FrameDecoder decoder;
  sut::ToSut in;
  sut::FromSut out;
  std::string bytes;
  sut::Layout layout;
  int advances = 0;
  long long readings = 0;
  int alerts = 0;
  bool hanging = false;
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(in_fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    decoder.append(chunk, static_cast<std::size_t>(n));
    std::string_view frame;
    std::string error;
    while (decoder.next(frame, error) == FrameDecoder::Status::kFrame) {
      if (hanging) continue;
      if (!in.ParseFromArray(frame.data(), static_cast<int>(frame.size()))) return 4;
      bytes.clear();
      switch (in.body_case()) {
        case sut::ToSut::kHello: {
          layout = in.hello().layout();
          out.Clear();
          if (o.crash_after_advances == 0) std::_Exit(3);
          if (o.segv_after_advances == 0) {
            ::signal(SIGSEGV, SIG_DFL);
            ::raise(SIGSEGV);
          }
          if (o.hang_after_advances == 0) {
            hanging = true;
            break;
          }
          if (o.garbage_hello) {
            bytes.assign("\x03\xff\xff\xff", 4);
            break;
          }
          if (o.no_welcome) {
            out.mutable_ack()->set_seq(0);
          } else {
            auto* w = out.mutable_welcome();
            w->set_protocol_version(o.wrong_version ? 99 : in.hello().protocol_version());
            for (const auto& c : in.hello().capabilities()) w->add_capabilities(c);
            w->set_system_name("fake-sut");
          }
          append_frame(bytes, out);
          break;
        }
        case sut::ToSut::kReadings: {
          const auto& r = in.readings();
          for (int i = 0; i < r.time_s_size(); ++i) {
            ++readings;
            const std::uint32_t zone = r.zone(i);
            if (zone < static_cast<std::uint32_t>(layout.zones_size()) &&
                r.value_c(i) > layout.zones(zone).max_c()) {
              out.Clear();
              auto* a = out.mutable_alert();
              const std::string id = "fake-" + std::to_string(++alerts);
              a->set_id(id);
              a->set_kind("excursion");
              a->set_zone(o.bad_zone ? 1000 : zone);
              a->set_sensor(r.sensor(i));
              a->set_raised_at_s(r.time_s(i));
              a->set_severity(2);
              append_frame(bytes, out);
              out.Clear();
              auto* d = out.mutable_decision();
              d->set_idempotency_key(o.empty_key ? "" : "quarantine/" + layout.zones(zone).name());
              d->set_kind(sut::QUARANTINE);
              d->set_time_s(r.time_s(i));
              d->set_zone(layout.zones(zone).name());
              d->set_alert_id(id);
              append_frame(bytes, out);
            }
          }
          for (int i = 0; i < o.chatty; ++i) {
            out.Clear();
            auto* a = out.mutable_alert();
            a->set_id("chat-" + std::to_string(i));
            a->set_kind("info");
            a->set_zone(0xFFFFFFFFu);
            a->set_sensor(0xFFFFFFFFu);
            a->set_message(std::string(200, 'x'));
            append_frame(bytes, out);
          }
          break;
        }
        case sut::ToSut::kAdvance:
        case sut::ToSut::kFinish: {
          ++advances;
          const std::uint64_t seq = in.has_advance() ? in.advance().seq() : in.finish().seq();
          if (advances == o.crash_after_advances) std::_Exit(3);
          if (advances == o.segv_after_advances) {
            // Die by the signal itself even when a sanitizer has installed its own handler.
            ::signal(SIGSEGV, SIG_DFL);
            ::raise(SIGSEGV);
          }
          if (advances == o.hang_after_advances) {
            hanging = true;
            break;
          }
          if (advances == 1 && o.garbage) {
            bytes.assign("\x03\xff\xff\xff", 4);
            break;
          }
          if (advances == 1 && o.huge_length) {
            append_varint(bytes, 5'000'000'000ull);
            break;
          }
          if (advances == 1 && o.truncated) {
            out.Clear();
            out.mutable_ack()->set_seq(seq);
            std::string frame;
            append_frame(frame, out);
            write_all(out_fd, frame.substr(0, frame.size() - 1));
            std::_Exit(3);
          }
          if (advances == 1 && o.wrong_type) {
            out.Clear();
            out.mutable_welcome()->set_protocol_version(1);
            append_frame(bytes, out);
            break;
          }
          if (advances == 1 && o.flood) {
            out.Clear();
            auto* a = out.mutable_alert();
            a->set_id("flood");
            a->set_kind("info");
            a->set_zone(0xFFFFFFFFu);
            a->set_sensor(0xFFFFFFFFu);
            a->set_message(std::string(1000, 'x'));
            for (int i = 0; i < 1000; ++i) append_frame(bytes, out);
            while (write_all(out_fd, bytes)) {
            }
            return 5;
          }
          if (o.slow_ms > 0) ::usleep(static_cast<useconds_t>(o.slow_ms) * 1000);
          if (o.count) {
            out.Clear();
            auto* a = out.mutable_alert();
            a->set_id("count-" + std::to_string(advances));
            a->set_kind("count");
            a->set_zone(0xFFFFFFFFu);
            a->set_sensor(0xFFFFFFFFu);
            a->set_message(std::to_string(readings));
            append_frame(bytes, out);
          }
          out.Clear();
          out.mutable_ack()->set_seq(o.wrong_ack ? seq + 1 : seq);
          append_frame(bytes, out);
          break;
        }
        default:
          break;
      }
      if (!bytes.empty() && !write_all(out_fd, bytes)) return 5;
    }
  }
}

}  // namespace pharmatwin::adapters::testing
