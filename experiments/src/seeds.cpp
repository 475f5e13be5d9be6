#include "pharmatwin/experiments/seeds.hpp"

#include <charconv>
#include <set>

namespace pharmatwin::experiments {

namespace {

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::vector<std::uint64_t>> parse_seeds(std::string_view text, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<std::vector<std::uint64_t>> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  const std::string shown(text);
  if (text.find_first_of(",-") == std::string_view::npos) {
    const auto n = number(text);
    if (!n) return fail("'" + shown + "' is not a seed count, range (1-20) or list (1,5,9)");
    if (*n == 0) return fail("a seed count must be at least 1");
    if (*n > kMaxSeeds) return fail("more than " + std::to_string(kMaxSeeds) + " seeds");
    std::vector<std::uint64_t> seeds;
    for (std::uint64_t s = 1; s <= *n; ++s) seeds.push_back(s);
    return seeds;
  }
  std::vector<std::uint64_t> seeds;
  std::set<std::uint64_t> seen;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    const std::string_view item = text.substr(pos, comma - pos);
    if (item.empty()) return fail("empty item in seed list '" + shown + "'");
    const std::size_t dash = item.find('-');
    const auto first = number(item.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : number(item.substr(dash + 1));
    if (!first || !last)
      return fail("'" + std::string(item) + "' in '" + shown + "' is not a seed or a range a-b");
    if (*first > *last) return fail("range '" + std::string(item) + "' runs backwards");
    if (*last - *first >= kMaxSeeds || seeds.size() + (*last - *first) >= kMaxSeeds)
      return fail("more than " + std::to_string(kMaxSeeds) + " seeds");
    for (std::uint64_t s = *first;; ++s) {
      if (!seen.insert(s).second)
        return fail("seed " + std::to_string(s) + " is listed twice in '" + shown + "'");
      seeds.push_back(s);
      if (s == *last) break;
    }
    pos = comma + 1;
  }
  return seeds;
}

std::string format_seeds(const std::vector<std::uint64_t>& seeds) {
  std::string out;
  for (std::size_t i = 0; i < seeds.size();) {
    std::size_t j = i;
    while (j + 1 < seeds.size() && seeds[j + 1] == seeds[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(seeds[i]);
    if (j > i) out += "-" + std::to_string(seeds[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace pharmatwin::experiments
