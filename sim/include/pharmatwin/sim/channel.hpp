// A faulty channel between the world and a system under test (scenario `channel_fault`):
// messages delayed, duplicated, reordered within a window, or held back during a gateway outage
// and backfilled at its end. Plain code, no SimGrid; the world passes each block through it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "pharmatwin/sim/random.hpp"
#include "pharmatwin/sim/zone_climate.hpp"

namespace pharmatwin::sim {

struct ChannelEffect {
  std::uint32_t fault = 0;
  double start_s = 0;
  double end_s = kNever;
  double delay_s = 0;
  double duplicate_fraction = 0;
  double reorder_window_s = 0;
  bool hold_back = false;
};

template <typename Message>
class Channel {
 public:
  explicit Channel(RandomStream rng) : rng_(rng) {}

  void add(const ChannelEffect& effect) { effects_.push_back(effect); }
  void end(std::uint32_t fault, double end_s) {
    for (auto& e : effects_) {
      if (e.fault == fault && e.end_s > end_s) e.end_s = end_s;
    }
  }
  // True when messages go straight through.
  bool transparent() const { return effects_.empty() && pending_.empty(); }
  // True when a hold-back is in force at t_s.
  bool holding(double t_s) const {
    for (const auto& e : effects_) {
      if (e.hold_back && t_s >= e.start_s && t_s < e.end_s) return true;
    }
    return false;
  }

  // Sends `messages` (stamped by `time_of`) and appends to `out` everything due by `now_s`, in
  // order of arrival. A message held back by a fault without end is never delivered.
  template <typename TimeOf>
  void pass(const std::vector<Message>& messages, double now_s, TimeOf time_of,
            std::vector<Message>& out) {
    for (const auto& m : messages) {
      const double t = time_of(m);
      double due = t;
      double duplicate = 0;
      for (const auto& e : effects_) {
        if (t < e.start_s || t >= e.end_s) continue;
        due += e.delay_s;
        if (e.reorder_window_s > 0) due += rng_.uniform(0, e.reorder_window_s);
        if (e.hold_back) due = std::max(due, e.end_s);
        duplicate = std::max(duplicate, e.duplicate_fraction);
      }
      pending_.push_back({due, seq_++, m});
      if (duplicate > 0 && rng_.bernoulli(duplicate)) pending_.push_back({due, seq_++, m});
    }
    std::stable_sort(pending_.begin(), pending_.end(), [](const Item& a, const Item& b) {
      return a.due_s < b.due_s || (a.due_s == b.due_s && a.seq < b.seq);
    });
    std::size_t n = 0;
    while (n < pending_.size() && pending_[n].due_s <= now_s) out.push_back(pending_[n++].message);
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    std::erase_if(effects_, [now_s](const ChannelEffect& e) { return e.end_s <= now_s; });
  }

 private:
  struct Item {
    double due_s;
    std::uint64_t seq;
    Message message;
  };
  RandomStream rng_;
  std::vector<ChannelEffect> effects_;
  std::vector<Item> pending_;
  std::uint64_t seq_ = 0;
};

}  // namespace pharmatwin::sim
