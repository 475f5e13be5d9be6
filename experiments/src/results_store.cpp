#include "pharmatwin/experiments/results_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>

#include "pharmatwin/version.hpp"

namespace pharmatwin::experiments {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recorded_at TEXT NOT NULL,
  scenario TEXT NOT NULL,
  scenario_hash TEXT NOT NULL,
  scenario_file TEXT,
  seed INTEGER NOT NULL,
  world_version TEXT,
  version TEXT NOT NULL,
  git_commit TEXT NOT NULL,
  system_under_test TEXT,
  run_dir TEXT,
  passed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT,
  better TEXT NOT NULL,
  PRIMARY KEY (run_id, name)
);
CREATE INDEX IF NOT EXISTS runs_by_scenario ON runs(scenario, id);
)sql";

const char* better_text(Better b) {
  return b == Better::kHigher ? "higher" : b == Better::kLower ? "lower" : "neither";
}
Better better_from(const std::string& s) {
  return s == "higher" ? Better::kHigher : s == "lower" ? Better::kLower : Better::kNeither;
}

std::string now_utc() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string text(sqlite3_stmt* s, int col) {
  const auto* p = sqlite3_column_text(s, col);
  return p ? reinterpret_cast<const char*>(p) : "";
}

// Statement wrapper that finalises itself.
struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const char* sql, std::string* error) {
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK && error)
      *error = sqlite3_errmsg(db);
  }
  ~Stmt() { sqlite3_finalize(s); }
  void bind(int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.c_str(), -1, SQLITE_TRANSIENT);
  }
  void bind(int i, double v) { sqlite3_bind_double(s, i, v); }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); }
};

}  // namespace

std::unique_ptr<ResultsStore> ResultsStore::open(const std::filesystem::path& path,
                                                 std::string* error) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.string().c_str(), &db) != SQLITE_OK) {
    if (error) *error = path.string() + ": " + (db ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_close(db);
    return nullptr;
  }
  // Parallel regress workers never write; the parent records. A busy timeout covers other users.
  sqlite3_busy_timeout(db, 10000);
  char* msg = nullptr;
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, &msg) != SQLITE_OK) {
    if (error) *error = path.string() + ": " + (msg ? msg : "cannot create the schema");
    sqlite3_free(msg);
    sqlite3_close(db);
    return nullptr;
  }
  return std::unique_ptr<ResultsStore>(new ResultsStore(db));
}

ResultsStore::~ResultsStore() { sqlite3_close(db_); }

bool ResultsStore::check_integrity(std::string* problems) {
  std::string error;
  Stmt check(db_, "PRAGMA integrity_check(5)", &error);
  if (!check.s) {
    if (problems) *problems = error;
    return false;
  }
  std::vector<std::string> lines;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(check.s)) == SQLITE_ROW) lines.push_back(text(check.s, 0));
  if (rc != SQLITE_DONE) {
    if (problems) *problems = sqlite3_errmsg(db_);
    return false;
  }
  if (lines.size() == 1 && lines[0] == "ok") return true;
  if (problems) {
    problems->clear();
    for (const auto& l : lines) *problems += (problems->empty() ? "" : "; ") + l;
  }
  return false;
}

std::optional<std::int64_t> ResultsStore::record(const RunScore& score, const RunRecord& run,
                                                 std::string* error) {
  sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  auto fail = [&](const std::string& what) -> std::optional<std::int64_t> {
    if (error) *error = what + ": " + sqlite3_errmsg(db_);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return std::nullopt;
  };
  {
    Stmt ins(db_,
             "INSERT INTO runs(recorded_at, scenario, scenario_hash, scenario_file, seed, "
             "world_version, version, git_commit, system_under_test, run_dir, passed) "
             "VALUES(?,?,?,?,?,?,?,?,?,?,?)",
             error);
    if (!ins.s) return fail("prepare runs insert");
    ins.bind(1, run.recorded_at.empty() ? now_utc() : run.recorded_at);
    ins.bind(2, score.scenario_name);
    ins.bind(3, score.scenario_hash);
    ins.bind(4, run.scenario_file);
    ins.bind(5, static_cast<std::int64_t>(score.seed));
    ins.bind(6, score.version);
    ins.bind(7, std::string(kVersion));
    ins.bind(8, std::string(kGitCommit));
    ins.bind(9, run.system_under_test);
    ins.bind(10, run.run_dir);
    ins.bind(11, static_cast<std::int64_t>(run.passed ? 1 : 0));
    if (sqlite3_step(ins.s) != SQLITE_DONE) return fail("insert run");
  }
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  Stmt m(db_, "INSERT OR REPLACE INTO metrics(run_id, name, value, unit, better) VALUES(?,?,?,?,?)",
         error);
  if (!m.s) return fail("prepare metrics insert");
  for (const auto& metric : score.metrics) {
    if (!std::isfinite(metric.value)) continue;
    sqlite3_reset(m.s);
    m.bind(1, id);
    m.bind(2, metric.name);
    m.bind(3, metric.value);
    m.bind(4, metric.unit);
    m.bind(5, std::string(better_text(metric.better)));
    if (sqlite3_step(m.s) != SQLITE_DONE) return fail("insert metric " + metric.name);
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return fail("commit");
  return id;
}

std::int64_t ResultsStore::run_count() {
  Stmt s(db_, "SELECT COUNT(*) FROM runs", nullptr);
  return s.s && sqlite3_step(s.s) == SQLITE_ROW ? sqlite3_column_int64(s.s, 0) : 0;
}

bool is_regression(double previous, double value, Better better, double relative_tolerance,
                   double absolute_tolerance) {
  const double allowed = std::max(absolute_tolerance, relative_tolerance * std::fabs(previous));
  if (better == Better::kLower) return value - previous > allowed;
  if (better == Better::kHigher) return previous - value > allowed;
  return false;
}

std::filesystem::path store_path_for(const std::filesystem::path& out_root) {
  return out_root / kStoreFileName;
}

std::optional<std::filesystem::path> find_results_store(const std::filesystem::path& where) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(where, ec)) return where;
  if (!std::filesystem::is_directory(where, ec)) return std::nullopt;
  auto dir = std::filesystem::absolute(where, ec).lexically_normal();
  if (ec) return std::nullopt;
  while (true) {
    const auto candidate = dir / kStoreFileName;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (!dir.has_relative_path()) return std::nullopt;  // the root
    const auto parent = dir.parent_path();
    if (parent == dir) return std::nullopt;
    dir = parent;
  }
}

std::vector<MetricHistory> ResultsStore::history(const std::string& scenario,
                                                 const std::string& metric, std::string* error) {
  HistoryQuery q;
  q.scenario = scenario;
  q.metric = metric;
  return history(q, error);
}

std::vector<MetricHistory> ResultsStore::history(const HistoryQuery& query, std::string* error) {
  std::vector<MetricHistory> out;
  Stmt q(db_,
         "SELECT r.scenario, m.name, r.seed, r.id, r.recorded_at, r.version, r.git_commit, "
         "r.scenario_hash, m.value, m.unit, m.better FROM metrics m JOIN runs r ON r.id = m.run_id "
         "WHERE (?1 = '' OR r.scenario = ?1) AND (?2 = '' OR m.name = ?2) "
         "AND (?3 = 0 OR r.seed = ?4) "
         "ORDER BY r.scenario, m.name, r.seed, r.id",
         error);
  if (!q.s) return out;
  q.bind(1, query.scenario);
  q.bind(2, query.metric);
  q.bind(3, static_cast<std::int64_t>(query.seed ? 1 : 0));
  q.bind(4, static_cast<std::int64_t>(query.seed.value_or(0)));
  while (sqlite3_step(q.s) == SQLITE_ROW) {
    const std::string sc = text(q.s, 0), name = text(q.s, 1);
    const auto seed = static_cast<std::uint64_t>(sqlite3_column_int64(q.s, 2));
    if (out.empty() || out.back().scenario != sc || out.back().metric != name ||
        out.back().seed != seed)
      out.push_back({sc, name, seed, {}});
    HistoryPoint p;
    p.run_id = sqlite3_column_int64(q.s, 3);
    p.recorded_at = text(q.s, 4);
    p.version = text(q.s, 5);
    p.commit = text(q.s, 6);
    p.scenario_hash = text(q.s, 7);
    p.seed = seed;
    p.value = sqlite3_column_double(q.s, 8);
    p.unit = text(q.s, 9);
    p.better = better_from(text(q.s, 10));
    auto& points = out.back().points;
    if (!points.empty()) {
      const auto& prev = points.back();
      p.change = p.value - prev.value;
      p.regression = is_regression(prev.value, p.value, p.better, query.relative_tolerance,
                                   query.absolute_tolerance);
      p.scenario_changed = p.scenario_hash != prev.scenario_hash;
    }
    points.push_back(std::move(p));
  }
  return out;
}

}  // namespace pharmatwin::experiments
