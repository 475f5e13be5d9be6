#include "pharmatwin/experiments/scenario_outcome.hpp"

#include <algorithm>
#include <cstdio>

namespace pharmatwin::experiments {

bool ExpectationTally::holds() const {
  const std::size_t n = runs();
  if (n == 0) return false;
  return static_cast<double>(passed_seeds.size()) + 1e-9 >= min_pass_rate * static_cast<double>(n);
}

std::string ExpectationTally::pass_count() const {
  char percent[32];
  std::snprintf(percent, sizeof percent, "%.0f",
                runs() ? 100.0 * passed_seeds.size() / runs() : 0.0);
  return std::to_string(passed_seeds.size()) + " of " + std::to_string(runs()) + " seed" +
         (runs() == 1 ? "" : "s") + " (" + percent + " %)";
}

void ScenarioOutcome::add(std::uint64_t seed, const std::vector<ExpectationResult>& results) {
  if (std::find(seeds.begin(), seeds.end(), seed) == seeds.end()) seeds.push_back(seed);
  for (const auto& r : results) {
    auto it = std::find_if(expectations.begin(), expectations.end(),
                           [&](const ExpectationTally& t) { return t.name == r.name; });
    if (it == expectations.end()) {
      expectations.push_back({r.name, r.expected, r.min_pass_rate, {}, {}, {}});
      it = expectations.end() - 1;
    }
    if (r.passed)
      it->passed_seeds.push_back(seed);
    else
      it->failures.push_back({seed, r.measured});
    it->last_measured = r.measured;
  }
}

void ScenarioOutcome::add_error(std::uint64_t seed, const std::string& error) {
  if (std::find(seeds.begin(), seeds.end(), seed) == seeds.end()) seeds.push_back(seed);
  errors.push_back({seed, error});
}

bool ScenarioOutcome::passed() const {
  if (!errors.empty()) return false;
  return std::all_of(expectations.begin(), expectations.end(),
                     [](const ExpectationTally& t) { return t.holds(); });
}

}  // namespace pharmatwin::experiments
