// Any byte stream from a system under test: the frame decoder and the validation of FromSut
// messages must reject bad input with an error, never crash or hang.
#include <cstddef>
#include <cstdint>

#include "pharmatwin/adapters/framing.hpp"
#include "pharmatwin/adapters/sut_convert.hpp"
#include "pharmatwin/adapters/sut_error.hpp"
#include "pharmatwin/sut_protocol.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pa = pharmatwin::adapters;
  pa::FrameDecoder decoder(1 << 20);
  // Feed in two chunks to exercise reassembly.
  const std::size_t half = size / 2;
  decoder.append(reinterpret_cast<const char*>(data), half);
  pharmatwin::sut::FromSut message;
  std::string_view frame;
  std::string error;
  for (int round = 0; round < 2; ++round) {
    while (decoder.next(frame, error) == pa::FrameDecoder::Status::kFrame) {
      if (!message.ParseFromArray(frame.data(), static_cast<int>(frame.size()))) continue;
      try {
        if (message.has_alert()) pa::from_wire(message.alert(), 4, 16);
        if (message.has_decision()) pa::from_wire(message.decision());
        if (message.has_verification_answer()) pa::from_wire(message.verification_answer());
        if (message.has_suspect_alert()) pa::from_wire(message.suspect_alert());
      } catch (const pa::SutError&) {
      }
    }
    if (round == 0) decoder.append(reinterpret_cast<const char*>(data) + half, size - half);
  }
  return 0;
}
