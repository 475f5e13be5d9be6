#include "pharmatwin/adapters/framing.hpp"

#include <google/protobuf/util/delimited_message_util.h>
#include <gtest/gtest.h>

#include <sstream>

#include "pharmatwin/adapters/sut_convert.hpp"
#include "pharmatwin/adapters/sut_error.hpp"
#include "pharmatwin/adapters/sut_process.hpp"
#include "pharmatwin/sut_protocol.pb.h"

namespace pharmatwin::adapters {
namespace {

std::string varint(std::uint64_t v) {
  std::string s;
  append_varint(s, v);
  return s;
}

TEST(Varint, MatchesTheProtobufEncodingExamples) {
  // Protocol Buffers encoding guide: 1 -> 01, 150 -> 96 01, 300 -> ac 02.
  EXPECT_EQ(varint(1), std::string("\x01", 1));
  EXPECT_EQ(varint(150), std::string("\x96\x01", 2));
  EXPECT_EQ(varint(300), std::string("\xac\x02", 2));
  EXPECT_EQ(varint(0), std::string("\x00", 1));
  EXPECT_EQ(varint(1ull << 63).size(), 10u);
}

TEST(Frames, AreTheLayoutOfSerializeDelimitedToOstream) {
  sut::ToSut m;
  m.mutable_advance()->set_seq(7);
  m.mutable_advance()->set_time_s(3600);
  std::ostringstream reference;
  ASSERT_TRUE(google::protobuf::util::SerializeDelimitedToOstream(m, &reference));
  std::string ours;
  append_frame(ours, m);
  EXPECT_EQ(ours, reference.str());
}

TEST(FrameDecoder, ReassemblesFramesFromSingleBytes) {
  std::string stream;
  for (int i = 1; i <= 3; ++i) {
    sut::FromSut m;
    m.mutable_ack()->set_seq(i);
    append_frame(stream, m);
  }
  FrameDecoder decoder;
  std::vector<std::uint64_t> seqs;
  for (char c : stream) {
    decoder.append(&c, 1);
    std::string_view frame;
    std::string error;
    while (decoder.next(frame, error) == FrameDecoder::Status::kFrame) {
      sut::FromSut m;
      ASSERT_TRUE(m.ParseFromArray(frame.data(), static_cast<int>(frame.size())));
      seqs.push_back(m.ack().seq());
    }
  }
  EXPECT_EQ(seqs, (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(FrameDecoder, AcceptsAnEmptyFrame) {
  FrameDecoder decoder;
  decoder.append("\x00", 1);
  std::string_view frame("x");
  std::string error;
  ASSERT_EQ(decoder.next(frame, error), FrameDecoder::Status::kFrame);
  EXPECT_TRUE(frame.empty());
}

TEST(FrameDecoder, RejectsALengthOverTheLimit) {
  FrameDecoder decoder(1000);
  const std::string prefix = varint(1001);
  decoder.append(prefix.data(), prefix.size());
  std::string_view frame;
  std::string error;
  EXPECT_EQ(decoder.next(frame, error), FrameDecoder::Status::kBad);
  EXPECT_NE(error.find("1001 bytes"), std::string::npos) << error;
  EXPECT_NE(error.find("limit of 1000"), std::string::npos) << error;
}

TEST(FrameDecoder, RejectsAVarintOfElevenBytes) {
  FrameDecoder decoder;
  const std::string prefix(11, '\x80');
  decoder.append(prefix.data(), prefix.size());
  std::string_view frame;
  std::string error;
  EXPECT_EQ(decoder.next(frame, error), FrameDecoder::Status::kBad);
  EXPECT_NE(error.find("longer than 10 bytes"), std::string::npos) << error;
}

TEST(FrameDecoder, WaitsForTheRestOfAFrame) {
  FrameDecoder decoder;
  const std::string head = varint(5) + "abc";
  decoder.append(head.data(), head.size());
  std::string_view frame;
  std::string error;
  EXPECT_EQ(decoder.next(frame, error), FrameDecoder::Status::kNeedMore);
  decoder.append("de", 2);
  ASSERT_EQ(decoder.next(frame, error), FrameDecoder::Status::kFrame);
  EXPECT_EQ(frame, "abcde");
}

TEST(Convert, RejectsReadingColumnsOfUnequalLength) {
  sut::Readings r;
  r.add_time_s(1);
  r.add_value_c(2);
  r.add_sensor(0);
  try {
    from_wire(r);
    FAIL() << "no error";
  } catch (const SutError& e) {
    EXPECT_EQ(e.kind(), SutErrorKind::kMalformed);
    EXPECT_NE(std::string(e.what()).find("zone 0"), std::string::npos) << e.what();
  }
}

TEST(Convert, ReadingsRoundTrip) {
  const std::vector<SensorReading> in = {{60, 4.5, 0, 0}, {120, -18.25, 3, 1}};
  sut::Readings wire;
  append_to_wire(in, wire);
  const auto out = from_wire(wire);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].time_s, 120);
  EXPECT_EQ(out[1].value_c, -18.25);
  EXPECT_EQ(out[1].sensor, 3u);
  EXPECT_EQ(out[1].zone, 1u);
}

TEST(Convert, DecisionWithoutKeyIsMalformed) {
  sut::Decision d;
  d.set_zone("cold1");
  EXPECT_THROW(from_wire(d), SutError);
  d.set_idempotency_key("k1");
  EXPECT_EQ(from_wire(d).idempotency_key, "k1");
}

TEST(CommandLine, SplitsWordsAndQuotes) {
  EXPECT_EQ(split_command_line(R"(python3 'my detector.py' --x "a b" c\ d)"),
            (std::vector<std::string>{"python3", "my detector.py", "--x", "a b", "c d"}));
  std::string error;
  split_command_line("a 'b", &error);
  EXPECT_EQ(error, "unclosed ' quote");
}

}  // namespace
}  // namespace pharmatwin::adapters
