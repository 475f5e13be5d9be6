// Scoring of batch recalls (scenario `recalls`) from a run's event log: when the notice went
// out, how long until every unit of the lot on hand was blocked, what of the lot was shipped
// after the notice (should be nothing) and what had gone to pharmacies before it (the units to
// trace). The ground truth is the world's RecallIssued / RecallContainment records and the
// OrderShipped records of the recalled product and lot.
//
//   const auto recalls = score_recalls(log);  // log: read_run_log(dir / "events.pb").log
//   for (const RecallScore& r : recalls)
//     if (!r.time_to_block_s) std::cout << r.units_unblocked_at_end << " units never blocked\n";
//   r.shipped_before.size();  // pharmacies that received units of the lot before the notice
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/experiments/run_log.hpp"

namespace pharmatwin::experiments {

struct RecallScore {
  std::string name, kind;  // kind "recall" or "withdrawal"
  std::string product, gtin, lot;
  double notice_s = 0;
  std::uint64_t units_on_hand_at_notice = 0;
  std::uint64_t units_unblocked_at_notice = 0;  // available for picking at the notice
  // From the notice until every unit on hand was blocked; absent when that never happened.
  std::optional<double> time_to_block_s;
  std::uint64_t units_unblocked_at_end = 0;  // when never all blocked: still pickable at the end
  // Units of the lot shipped by the site: before (or at) the notice, and after it, per pharmacy.
  std::uint64_t units_shipped_before = 0, units_shipped_after = 0;
  std::map<std::string, std::uint64_t> shipped_before, shipped_after;
};

// One entry per recall issued in the run, in log order.
std::vector<RecallScore> score_recalls(const RunLog& log);

}  // namespace pharmatwin::experiments
