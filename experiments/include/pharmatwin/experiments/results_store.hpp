// The results store: every scored run and all its metrics in an embedded SQLite database, and
// the history of a metric across runs with direction-aware regression flags.
//
//   auto store = ResultsStore::open(store_path_for(out_dir), &error);
//   store->record(score, {.scenario_file = "scenarios/default.textproto"}, &error);
//   HistoryQuery q;
//   q.scenario = "default";  // runs compare with the previous one of the same scenario and seed
//   for (const auto& h : store->history(q, &error)) h.points.back().regression;
//
// The store lives next to the runs it records: `results.sqlite` in the directory that holds the
// run directories (regress records into its --out, regress-out/ by default; runs under out/ would
// share out/results.sqlite). find_results_store() finds it from a run directory, an output
// directory or the store file itself.
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
  std::string recorded_at;  // RFC 3339 UTC; now when empty
  bool passed = true;
};

struct HistoryPoint {
  std::int64_t run_id = 0;
  std::string recorded_at, version, commit, scenario_hash;
  std::uint64_t seed = 0;
  double value = 0;
  std::string unit;
  Better better = Better::kNeither;
  // Worse than the previous run of the same scenario and seed by more than the tolerance.
  bool regression = false;
  std::optional<double> change;   // value - previous value (same scenario and seed)
  bool scenario_changed = false;  // its scenario hash differs from the previous run's
};

struct MetricHistory {
  std::string scenario, metric;
  std::uint64_t seed = 0;
  std::vector<HistoryPoint> points;  // oldest first
};

// Which histories to read and how large a move must be to count. A run is compared with the
// previous run of the same scenario and seed only; a move the worse way is a regression when
// |change| > max(absolute_tolerance, relative_tolerance × |previous value|).
struct HistoryQuery {
  std::string scenario, metric;       // exact names; empty: all
  std::optional<std::uint64_t> seed;  // none: every seed
  double relative_tolerance = 0.01;
  double absolute_tolerance = 1e-9;
};

// True when going from `previous` to `value` is worse than the tolerance allows.
bool is_regression(double previous, double value, Better better, double relative_tolerance,
                   double absolute_tolerance);

inline constexpr const char* kStoreFileName = "results.sqlite";

// The store for runs written into directories under `out_root`: out_root/results.sqlite.
std::filesystem::path store_path_for(const std::filesystem::path& out_root);

// The store for `where`: itself when it is a file; else results.sqlite in `where` or the nearest
// directory above it that has one (a run directory finds its output directory's store). None
// when there is none.
std::optional<std::filesystem::path> find_results_store(const std::filesystem::path& where);

class ResultsStore {
 public:
  // Opens or creates the store; null with `error` when it cannot.
  static std::unique_ptr<ResultsStore> open(const std::filesystem::path& path, std::string* error);
  ~ResultsStore();

  // Records one run and its metrics in a transaction; the run's id, or nullopt with `error`.
  std::optional<std::int64_t> record(const RunScore& score, const RunRecord& run,
                                     std::string* error);

  // Histories per (scenario, metric, seed), sorted by scenario, metric and seed.
  std::vector<MetricHistory> history(const HistoryQuery& query, std::string* error);
  // The same with the default tolerance, every seed.
  std::vector<MetricHistory> history(const std::string& scenario, const std::string& metric,
                                     std::string* error);
  std::int64_t run_count();

  // SQLite's integrity check of the whole file: true when it passes, else false with the first
  // problems it lists (at most 5) in `problems`. `history` refuses a store that fails it.
  bool check_integrity(std::string* problems);

 private:
  explicit ResultsStore(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace pharmatwin::experiments
