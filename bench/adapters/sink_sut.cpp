// A system under test that parses every message fully, counts readings and acknowledges: the
// protocol's own cost, without any detection work.
#include <unistd.h>

#include <cerrno>
#include <string>

#include "pharmatwin/adapters/framing.hpp"
#include "pharmatwin/sut_protocol.pb.h"

namespace pa = pharmatwin::adapters;

int main() {
  pa::FrameDecoder decoder;
  pharmatwin::sut::ToSut in;
  pharmatwin::sut::FromSut out;
  std::string bytes;
  std::uint64_t readings = 0;
  static char chunk[1 << 20];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    decoder.append(chunk, static_cast<std::size_t>(n));
    std::string_view frame;
    std::string error;
    while (decoder.next(frame, error) == pa::FrameDecoder::Status::kFrame) {
      if (!in.ParseFromArray(frame.data(), static_cast<int>(frame.size()))) return 4;
      bytes.clear();
      out.Clear();
      if (in.has_hello()) {
        out.mutable_welcome()->set_protocol_version(in.hello().protocol_version());
        out.mutable_welcome()->add_capabilities("detection");
        out.mutable_welcome()->set_system_name("sink");
      } else if (in.has_readings()) {
        readings += in.readings().time_s_size();
        continue;
      } else if (in.has_advance() || in.has_finish()) {
        out.mutable_ack()->set_seq(in.has_advance() ? in.advance().seq() : in.finish().seq());
      } else {
        continue;
      }
      pa::append_frame(bytes, out);
      std::size_t done = 0;
      while (done < bytes.size()) {
        const ssize_t w = ::write(STDOUT_FILENO, bytes.data() + done, bytes.size() - done);
        if (w <= 0) return 5;
        done += static_cast<std::size_t>(w);
      }
    }
  }
}
