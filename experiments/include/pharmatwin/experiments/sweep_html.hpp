// sweep.html: the report of a sweep in one self-contained file (inline SVG and CSS, no script,
// nothing fetched), made from the plan and the runs' records only, so the same records give the
// same bytes. It holds, for every metric whose mean differs between variants:
//   * the metric against each varied field: the variants' means with their 95 % CI bars, one
//     series per combination of the other fields' values (a line when it has several points);
//   * for sensitivity sweeps, a tornado chart: per field the paired high − low effect with its CI;
// then, per detection-latency metric (fault.<f>.latency_s), the trade-off of latency against
// the fill-rate impact (delta.fill_rate_percent), one point per variant with both CIs; and the
// summary table (summary.csv's rows).
//
//   const auto records = plan_records(table, read_journal(dir / "journal.jsonl", &error));
//   const std::string html = sweep_html(table, summarize(table, records), records);
#pragma once

#include <string>
#include <vector>

#include "pharmatwin/experiments/sweep_results.hpp"

namespace pharmatwin::experiments {

std::string sweep_html(const SweepTable& table, const SweepSummary& summary,
                       const std::vector<RunRecordLine>& records);

}  // namespace pharmatwin::experiments
