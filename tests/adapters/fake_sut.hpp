// A small system under test for the protocol tests: a fixed threshold per zone (the zone's
// max_c from the layout), plus switches that make it misbehave in one precise way.
#pragma once

#include <string>
#include <vector>

namespace pharmatwin::adapters::testing {

struct FakeSutOptions {
  int crash_after_advances = -1;  // exit(3) on this Advance (1-based), -1 never
  int segv_after_advances = -1;   // raise SIGSEGV on this Advance
  int hang_after_advances = -1;   // stop answering from this Advance on
  bool garbage = false;           // answer the first Advance with a frame that is not FromSut
  bool huge_length = false;       // answer the first Advance with a 5 GB length prefix
  bool wrong_version = false;     // Welcome with protocol_version 99
  bool no_welcome = false;        // answer Hello with an Ack
  bool wrong_ack = false;         // Ack with seq + 1
  bool empty_key = false;         // decisions without idempotency key
  bool bad_zone = false;          // alert with zone index out of range
  int chatty = 0;                 // this many info alerts per Readings frame, sent at once
  bool count = false;             // on each Advance, an alert whose message is the count so far
  // 0 in crash/segv/hang_after_advances means at the Hello, before any Welcome.
  bool garbage_hello = false;  // answer Hello with a frame that is not FromSut
  bool truncated = false;      // answer the first Advance with half a frame, then exit(3)
  bool wrong_type = false;     // answer the first Advance with a second Welcome
  bool flood = false;          // answer the first Advance with alerts without end
  int slow_ms = 0;             // wait this long before each Ack
  std::string listen;          // HOST:PORT: serve one TCP connection there (port 0: any)
};

FakeSutOptions parse_fake_options(const std::vector<std::string>& args);

// Runs the fake on the given descriptors until end of input; returns the exit code.
int run_fake_sut(int in_fd, int out_fd, const FakeSutOptions& options);

}  // namespace pharmatwin::adapters::testing
