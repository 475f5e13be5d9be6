// A synthetic pharmaceutical supply-chain story as EPCIS events, for examples, tests, benchmarks
// and fuzz seeds: packs are commissioned with lot and expiry, packed into cases (SSCC), shipped
// with a despatch advice and a temperature log, received, stored, then dispensed, decommissioned
// or destroyed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pharmatwin/serialization/event.hpp"

namespace pharmatwin::serialization {

struct EpcisSampleSpec {
  std::size_t cases = 2;
  std::size_t packs_per_case = 4;
  std::int64_t start_time_ms = 1714550400000;  // 2024-05-01T08:00:00Z
  int timezone_offset_minutes = 120;           // +02:00
};

// Events in time order; every identifier is a valid GS1 key (company prefix 4012345).
std::vector<Event> epcis_sample_events(const EpcisSampleSpec& spec = {});

}  // namespace pharmatwin::serialization
