// Seed lists for runs over several seeds (`pharmatwin regress --seeds`):
//   parse_seeds("20")        -> 1, 2, ..., 20
//   parse_seeds("5-9")       -> 5, 6, 7, 8, 9
//   parse_seeds("1,5,9-10")  -> 1, 5, 9, 10
//   format_seeds({1, 2, 3, 8, 10, 11})  -> "1-3, 8, 10-11"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::experiments {

// At most this many seeds in one list.
inline constexpr std::size_t kMaxSeeds = 100000;

// A lone number N means 1..N; otherwise a comma list of seeds and ranges a-b (a <= b). Seeds
// keep the order given; a seed listed twice, an empty item, 0 as a count or a list longer than
// kMaxSeeds is an error (nullopt, reason in `error`).
std::optional<std::vector<std::uint64_t>> parse_seeds(std::string_view text, std::string* error);

// Seeds as compact ranges, in the order given.
std::string format_seeds(const std::vector<std::uint64_t>& seeds);

}  // namespace pharmatwin::experiments
