// The results store: every scored run and all its metrics in an embedded SQLite database, and
// the history of a metric across runs with direction-aware regression flags.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/experiments/run_score.hpp"

struct sqlite3;

namespace pharmatwin::experiments {

struct RunRecord {
  std::string scenario_file;
  std::string system_under_test;  // e.g. "detection:in-process serialization:in-process"
  std::string run_dir;
  std::string recorded_at;        // RFC 3339 UTC; now when empty
  bool passed = true;
};

struct HistoryPoint {
  std::int64_t run_id = 0;
  std::string recorded_at, version, commit;
  std::uint64_t seed = 0;
  double value = 0;
  std::string unit;
  Better better = Better::kNeither;
  bool regression = false;        // worse than the previous run of the same scenario
  std::optional<double> change;   // value - previous value
};

struct MetricHistory {
  std::string scenario, metric;
  std::vector<HistoryPoint> points;  // oldest first
};

class ResultsStore {
 public:
  // Opens or creates the store; null with `error` when it cannot.
  static std::unique_ptr<ResultsStore> open(const std::filesystem::path& path, std::string* error);
  ~ResultsStore();

  // Records one run and its metrics in a transaction; the run's id, or nullopt with `error`.
  std::optional<std::int64_t> record(const RunScore& score, const RunRecord& run, std::string* error);

  // Histories per (scenario, metric), filtered by exact names when given, sorted by name.
  std::vector<MetricHistory> history(const std::string& scenario, const std::string& metric,
                                     std::string* error);
  std::int64_t run_count();

 private:
  explicit ResultsStore(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace pharmatwin::experiments
