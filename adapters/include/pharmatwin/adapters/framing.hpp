// Length-delimited framing of the system-under-test protocol: each frame is a base-128 varint
// byte count followed by that many bytes (the layout of
// google::protobuf::util::SerializeDelimitedToOstream).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pharmatwin::adapters {

inline constexpr std::size_t kDefaultMaxFrameBytes = 64u << 20;

// Appends the varint encoding of `value` to `out`.
void append_varint(std::string& out, std::uint64_t value);

// Appends one frame holding the serialization of `message` (any protobuf message).
template <typename Message>
void append_frame(std::string& out, const Message& message) {
  const std::size_t size = message.ByteSizeLong();
  append_varint(out, size);
  const std::size_t at = out.size();
  out.resize(at + size);
  message.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(out.data() + at));
}

// Splits a byte stream into frames. Bytes come in any chunking through append(); next() hands
// out whole frames in order.
class FrameDecoder {
 public:
  enum class Status { kNeedMore, kFrame, kBad };

  explicit FrameDecoder(std::size_t max_frame_bytes = kDefaultMaxFrameBytes)
      : max_frame_bytes_(max_frame_bytes) {}

  void append(const char* data, std::size_t size);
  // kFrame: `frame` holds the next frame's bytes, valid until the next append()/next().
  // kBad: the length prefix is invalid (too long, over the limit); `error` says why. The
  // stream cannot be resynchronised after that.
  Status next(std::string_view& frame, std::string& error);
  // Bytes received but not yet handed out.
  std::size_t buffered() const { return buffer_.size() - pos_; }

 private:
  std::string buffer_;
  std::size_t pos_ = 0;
  std::size_t max_frame_bytes_;
};

}  // namespace pharmatwin::adapters
