// Results of a sweep: one record per finished run, kept durably in OUT/journal.jsonl (a line
// appended and flushed to disk as each run ends, so a stopped sweep resumes where it was), and
// the outputs made from them: runs.csv, summary.csv and the table on stdout. The outputs depend
// on the plan and the set of records only, never on the order runs ended, so shards merged give
// the bytes of the unsharded sweep.
//
//   SweepTable table = table_of(plan);
//   auto records = read_journal(dir / "journal.jsonl", &error);
//   write_outputs(dir, table, records, {}, &error);   // runs.csv, summary.csv
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "pharmatwin/experiments/run_metrics.hpp"
#include "pharmatwin/experiments/sweep_plan.hpp"
#include "pharmatwin/experiments/sweep_stats.hpp"

namespace pharmatwin::experiments {

struct RunRecordLine {
  std::string variant;  // variant id
  int replication = 0;
  std::uint64_t seed = 0;
  std::string variant_hash;
  std::string status;        // "ok", "failed", "timeout"
  std::string error;         // why, for a run that is not ok
  std::string expectations;  // "pass", "fail" or "" (none)
  double wall_s = 0;         // journal only: not part of the outputs
  RunMetrics metrics;
};

nlohmann::json to_json(const RunRecordLine& r);
std::optional<RunRecordLine> record_from_json(const nlohmann::json& j, std::string* error);

// Every record of a journal in file order (a torn last line of a killed sweep is ignored).
std::vector<RunRecordLine> read_journal(const std::filesystem::path& path, std::string* error);

// Appends records to a journal, each line flushed and fsync'ed before append() returns.
class Journal {
 public:
  static std::unique_ptr<Journal> open(const std::filesystem::path& path, std::string* error);
  bool append(const RunRecordLine& record, std::string* error);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

 private:
  explicit Journal(int fd) : fd_(fd) {}
  int fd_;
};

// What the outputs need of the plan (also read back from plan.json by `merge`).
struct SweepTable {
  std::string name, key, kind;
  std::vector<std::string> fields;
  struct Row {
    std::string id, hash;
    std::vector<std::string> values;
  };
  std::vector<Row> variants;
  std::uint64_t seed_base = 1;
  int replications = 1;
};

SweepTable table_of(const SweepPlan& plan);
nlohmann::json table_json(const SweepTable& table);
std::optional<SweepTable> table_from_json(const nlohmann::json& j, std::string* error);

// Per variant and metric over its ok runs, and the paired difference against variants[0].
struct MetricSummary {
  std::string variant, metric, unit, better;
  Estimate estimate;
  std::optional<Estimate> difference;  // none for the base variant itself
  std::size_t missing = 0;             // ok runs without the metric (e.g. a fault not detected)
};

struct SweepSummary {
  std::vector<MetricSummary> rows;                // variant order, then metric name
  std::map<std::string, std::size_t> ok, failed;  // runs per variant
};

// Keeps, per (variant, replication), the record of the plan's variant hash; sorted.
std::vector<RunRecordLine> plan_records(const SweepTable& table,
                                        std::vector<RunRecordLine> records);

SweepSummary summarize(const SweepTable& table, const std::vector<RunRecordLine>& records);

// runs.csv, summary.csv and sweep.html (sweep_html.hpp) in `dir`, each written whole to a temporary
// file then renamed.
bool write_outputs(const std::filesystem::path& dir, const SweepTable& table,
                   const std::vector<RunRecordLine>& records, std::string* error);

struct TableOptions {
  std::vector<std::string> metrics;  // shown; empty: the metrics that differ between variants
  std::optional<std::string> objective;
  std::size_t max_metrics = 6;
};

// The table on stdout: per variant its field values and mean ± CI half-width of the metrics;
// with an objective, variants ranked best first, "≈" marking those not distinguishable from the
// best (their paired difference's CI contains 0).
void print_table(std::ostream& out, const SweepTable& table, const SweepSummary& summary,
                 const std::vector<RunRecordLine>& records, const TableOptions& options);

// Variant ids ranked on `metric`, best first ("min:"/"max:" prefix, else the metric's own
// direction, lower when it has none), each with whether it is distinguishable from the best.
struct Ranked {
  std::string variant;
  double mean = 0;
  bool distinguishable = true;  // false: the paired difference with the best has 0 in its CI
};
std::vector<Ranked> rank_variants(const SweepTable& table, const SweepSummary& summary,
                                  const std::vector<RunRecordLine>& records,
                                  const std::string& objective);

// Shortest text that reads back as the same double ("0.1", "1e+20", "nan").
std::string number_text(double x);

}  // namespace pharmatwin::experiments
