#include "pharmatwin/experiments/recall_score.hpp"

namespace pharmatwin::experiments {

std::vector<RecallScore> score_recalls(const RunLog& log) {
  std::vector<RecallScore> out;
  for (const auto& r : log.operations) {
    if (r.has_recall_issued()) {
      const auto& i = r.recall_issued();
      RecallScore s;
      s.name = i.recall();
      s.kind = i.kind();
      s.product = i.product();
      s.gtin = i.gtin();
      s.lot = i.lot();
      s.notice_s = r.t_s();
      s.units_on_hand_at_notice = i.units_on_hand();
      s.units_unblocked_at_notice = i.units_unblocked();
      out.push_back(std::move(s));
    } else if (r.has_recall_containment()) {
      const auto& c = r.recall_containment();
      for (auto& s : out) {
        if (s.name != c.recall()) continue;
        if (c.all_blocked())
          s.time_to_block_s = r.t_s() - s.notice_s;
        else
          s.units_unblocked_at_end = c.units_unblocked();
      }
    }
  }
  if (out.empty()) return out;
  // Shipments of the recalled lots: the picks of each OrderShipped name the lot by its code.
  for (const auto& r : log.operations) {
    if (!r.has_order_shipped()) continue;
    const auto& shipped = r.order_shipped();
    for (auto& s : out) {
      if (shipped.product() != s.product) continue;
      std::uint64_t units = 0;
      for (const auto& pick : shipped.picks())
        if (pick.lot() == s.lot) units += pick.units();
      if (units == 0) continue;
      if (r.t_s() <= s.notice_s) {
        s.units_shipped_before += units;
        s.shipped_before[shipped.pharmacy()] += units;
      } else {
        s.units_shipped_after += units;
        s.shipped_after[shipped.pharmacy()] += units;
      }
    }
  }
  return out;
}

}  // namespace pharmatwin::experiments
