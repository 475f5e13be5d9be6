// Anomaly score of pack movements, learned from normal traffic: how rare the custodian
// transition is (smoothed frequency of from -> to) and how unusual the dwell time at the
// origin is (z-score of log dwell per origin). Ranks movements that no rule flags.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace pharmatwin::serialization {

class AnomalyModel {
 public:
  // One normal movement: custody went from `from` to `to` after `dwell_ms` at `from`.
  void learn(std::uint32_t from, std::uint32_t to, std::int64_t dwell_ms);

  // Higher is stranger. Transition part: -log P(to | from) with add-one smoothing over the
  // destinations seen; dwell part: |z| of log(dwell) at `from` (0 with < 2 samples).
  double score(std::uint32_t from, std::uint32_t to, std::int64_t dwell_ms) const;

  std::uint64_t movements_learned() const { return learned_; }

 private:
  struct Origin {
    std::uint64_t total = 0;
    std::unordered_map<std::uint32_t, std::uint64_t> to_count;
    // Welford running mean/variance of log(1 + dwell seconds).
    std::uint64_t dwell_n = 0;
    double dwell_mean = 0;
    double dwell_m2 = 0;
  };
  std::unordered_map<std::uint32_t, Origin> origins_;
  std::uint64_t learned_ = 0;
};

}  // namespace pharmatwin::serialization
