#include "pharmatwin/adapters/framing.hpp"

#include "pharmatwin/adapters/sut_error.hpp"

namespace pharmatwin::adapters {

void append_varint(std::string& out, std::uint64_t value) {
  char bytes[10];
  int n = 0;
  while (value >= 0x80) {
    bytes[n++] = static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  bytes[n++] = static_cast<char>(value);
  out.append(bytes, n);
}

void FrameDecoder::append(const char* data, std::size_t size) {
  // Drop consumed bytes once they dominate the buffer, so it does not grow without bound.
  if (pos_ > 0 && pos_ >= buffer_.size() / 2) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  buffer_.append(data, size);
}

FrameDecoder::Status FrameDecoder::next(std::string_view& frame, std::string& error) {
  const std::size_t available = buffer_.size() - pos_;
  const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data() + pos_);
  std::uint64_t length = 0;
  std::size_t i = 0;
  for (;; ++i) {
    if (i == 10) {
      error = "length prefix is longer than 10 bytes";
      return Status::kBad;
    }
    if (i >= available) return Status::kNeedMore;
    length |= static_cast<std::uint64_t>(p[i] & 0x7F) << (7 * i);
    if ((p[i] & 0x80) == 0) break;
  }
  const std::size_t header = i + 1;
  if (length > max_frame_bytes_) {
    error = "length prefix announces " + std::to_string(length) + " bytes, over the limit of " +
            std::to_string(max_frame_bytes_);
    return Status::kBad;
  }
  if (available - header < length) return Status::kNeedMore;
  frame = std::string_view(buffer_.data() + pos_ + header, static_cast<std::size_t>(length));
  pos_ += header + static_cast<std::size_t>(length);
  return Status::kFrame;
}

}  // namespace pharmatwin::adapters
