// What scoring and reporting add to a run, in CPU time.
//
// BM_ScoreVsRun/<case> runs `pharmatwin run --no-score` once per case in a child process (its
// user+system CPU time is the raw run's cost: what every `regress` job spends), then times
// in this process what scoring the run directory costs, as `regress` does after each run: read
// events.pb, score, report.json, report.html, a fresh audit.jsonl and a results-store insert.
// Counters: run_cpu_ms, score_cpu_ms, ratio_percent (score / run), events_MB.
//
// The pharmatwin executable is PHARMATWIN_EXE, else the one built alongside. The parts on their
// own (BM_ReadLog, ...) use PHARMATWIN_BENCH_EVENTS (default out/default/events.pb, made by
// `pharmatwin run scenarios/default.textproto --out out/default`; when it is missing, the
// benchmark makes that run itself, as BM_ScoreVsRun/default_7d does).
#include <benchmark/benchmark.h>
#include <time.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "child_run.hpp"
#include "pharmatwin/experiments/audit.hpp"
#include "pharmatwin/experiments/pipeline.hpp"
#include "pharmatwin/experiments/report.hpp"
#include "pharmatwin/experiments/results_store.hpp"

namespace {

namespace ex = pharmatwin::experiments;
namespace fs = std::filesystem;

double process_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct CaseRun {
  fs::path dir;
  double cpu_s = 0;
  std::string error;
};

// The runs' directories, removed at exit.
struct RunsDir {
  fs::path path =
      fs::temp_directory_path() / ("pharmatwin-score-bench-" + std::to_string(::getpid()));
  ~RunsDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Runs `pharmatwin run` once per case (the runs are slow) and remembers its CPU time.
const CaseRun& run_case(const std::string& name, const std::vector<std::string>& extra) {
  static RunsDir runs_dir;
  static std::map<std::string, CaseRun> runs;
  auto it = runs.find(name);
  if (it != runs.end()) return it->second;
  CaseRun& r = runs[name];
  r.dir = runs_dir.path / name;
  fs::create_directories(r.dir);
  std::vector<std::string> args = {
      "run", "scenarios/default.textproto", "--out", r.dir.string(), "--quiet", "--no-score"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto child = pharmatwin::bench::run_pharmatwin(args);
  if (!child.ok()) r.error = child.error;
  r.cpu_s = child.cpu_s;
  return r;
}

// Everything `regress` does for a finished run, minus printing: score, reports, audit, store.
void score_dir(const fs::path& dir, const fs::path& store_path) {
  fs::remove(dir / "audit.jsonl");
  fs::remove(store_path);
  ex::ScoreRequest req;
  req.run_dir = dir;
  const auto scored = ex::score_run_dir(req);
  std::string error;
  auto store = ex::ResultsStore::open(store_path, &error);
  ex::RunRecord rec;
  rec.run_dir = dir.string();
  rec.recorded_at = "2026-01-01T00:00:00Z";
  if (store) store->record(scored.score, rec, &error);
  benchmark::DoNotOptimize(scored.score.metrics.size());
}

void BM_ScoreVsRun(benchmark::State& state, const char* name, std::vector<std::string> extra) {
  const auto& run = run_case(name, extra);
  if (!run.error.empty()) return state.SkipWithError(run.error.c_str());
  const auto store_path = run.dir.parent_path() / (std::string(name) + ".sqlite");
  double score_cpu = 0;
  for (auto _ : state) {
    const double t0 = process_cpu_s();
    score_dir(run.dir, store_path);
    score_cpu += process_cpu_s() - t0;
  }
  const double per_iteration = score_cpu / static_cast<double>(state.iterations());
  state.counters["run_cpu_ms"] = run.cpu_s * 1e3;
  state.counters["score_cpu_ms"] = per_iteration * 1e3;
  state.counters["ratio_percent"] = 100 * per_iteration / run.cpu_s;
  state.counters["events_MB"] = static_cast<double>(fs::file_size(run.dir / "events.pb")) / 1e6;
}
BENCHMARK_CAPTURE(BM_ScoreVsRun, default_7d, "default_7d", {})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ScoreVsRun, default_7d_readings, "default_7d_readings", {"--log-readings"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ScoreVsRun, default_90d, "default_90d", {"--horizon", "90d"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ScoreVsRun, default_90d_readings, "default_90d_readings",
                  {"--horizon", "90d", "--log-readings"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ScoreVsRun, default_365d, "default_365d", {"--horizon", "365d"})
    ->Unit(benchmark::kMillisecond);

// --- Parts, on PHARMATWIN_BENCH_EVENTS -----------------------------------------------------------

// PHARMATWIN_BENCH_EVENTS, else out/default/events.pb, else (neither there) the log of a run of
// the default scenario made here once, so the parts always have their input.
fs::path events_path() {
  if (const char* env = std::getenv("PHARMATWIN_BENCH_EVENTS")) return env;
  const fs::path made = "out/default/events.pb";
  if (fs::exists(made)) return made;
  return run_case("default_7d", {}).dir / "events.pb";
}

void BM_ReadLog(benchmark::State& state) {
  const auto path = events_path();
  if (!fs::exists(path)) return state.SkipWithError(("no event log at " + path.string()).c_str());
  for (auto _ : state) {
    auto log = ex::read_run_log(path);
    benchmark::DoNotOptimize(log.log.records);
  }
}
BENCHMARK(BM_ReadLog)->Unit(benchmark::kMillisecond);

void BM_ReadOperationsOnly(benchmark::State& state) {
  if (!fs::exists(events_path())) return state.SkipWithError("no event log");
  for (auto _ : state)
    benchmark::DoNotOptimize(ex::read_operations_log(events_path()).log.operations.size());
}
BENCHMARK(BM_ReadOperationsOnly)->Unit(benchmark::kMillisecond);

// A log already in memory and scored, for the parts after reading.
struct Loaded {
  ex::RunLogResult log = ex::read_run_log(events_path());
  ex::RunScore score;
  Loaded() {
    ex::ScoreInputs in;
    in.run = &log.log;
    score = ex::score_run(in);
  }
};

void BM_ScoreOnly(benchmark::State& state) {
  if (!fs::exists(events_path())) return state.SkipWithError("no event log");
  Loaded l;
  for (auto _ : state) {
    ex::ScoreInputs in;
    in.run = &l.log.log;
    in.baseline = &l.log.log;
    benchmark::DoNotOptimize(ex::score_run(in).metrics.size());
  }
}
BENCHMARK(BM_ScoreOnly)->Unit(benchmark::kMillisecond);

void BM_ReportJson(benchmark::State& state) {
  if (!fs::exists(events_path())) return state.SkipWithError("no event log");
  Loaded l;
  for (auto _ : state) benchmark::DoNotOptimize(ex::report_json(l.score, {}).dump(2).size());
}
BENCHMARK(BM_ReportJson)->Unit(benchmark::kMillisecond);

void BM_ReportHtml(benchmark::State& state) {
  if (!fs::exists(events_path())) return state.SkipWithError("no event log");
  Loaded l;
  for (auto _ : state) benchmark::DoNotOptimize(ex::report_html(l.score, l.log.log, {}).size());
}
BENCHMARK(BM_ReportHtml)->Unit(benchmark::kMillisecond);

void BM_AuditTrail(benchmark::State& state) {
  if (!fs::exists(events_path())) return state.SkipWithError("no event log");
  Loaded l;
  const auto path = fs::temp_directory_path() /
                    ("pharmatwin-audit-bench-" + std::to_string(::getpid()) + ".jsonl");
  for (auto _ : state) {
    fs::remove(path);
    std::string error;
    benchmark::DoNotOptimize(ex::write_audit_trail(path, l.log.log, l.score, {}, &error));
  }
  fs::remove(path);
}
BENCHMARK(BM_AuditTrail)->Unit(benchmark::kMillisecond);

// The same trail as `score` writes it: events.pb hashed into an artifacts entry, the seal signed
// with Ed25519 (a key generated once, outside the timing).
void BM_AuditTrailSignedWithEventLog(benchmark::State& state) {
  if (!fs::exists(events_path())) return state.SkipWithError("no event log");
  Loaded l;
  const auto dir =
      fs::temp_directory_path() / ("pharmatwin-audit-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string error;
  ex::AuditContext ctx;
  ctx.key = ex::SigningKey::generate(dir / "key.pem", &error);
  if (!ctx.key) return state.SkipWithError(error.c_str());
  ctx.artifacts = {events_path()};
  for (auto _ : state) {
    fs::remove(dir / "audit.jsonl");
    benchmark::DoNotOptimize(
        ex::write_audit_trail(dir / "audit.jsonl", l.log.log, l.score, ctx, &error));
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_AuditTrailSignedWithEventLog)->Unit(benchmark::kMillisecond);

// Hashing the event log alone (what the artifacts entry and `score`'s check against the trail
// cost), and verifying a signed trail with its files.
void BM_Sha256EventLog(benchmark::State& state) {
  if (!fs::exists(events_path())) return state.SkipWithError("no event log");
  std::uint64_t bytes = 0;
  for (auto _ : state) benchmark::DoNotOptimize(ex::file_sha256_hex(events_path(), &bytes));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}
BENCHMARK(BM_Sha256EventLog)->Unit(benchmark::kMillisecond);

void BM_AuditSign(benchmark::State& state) {
  const auto dir =
      fs::temp_directory_path() / ("pharmatwin-sign-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string error;
  const auto key = ex::SigningKey::generate(dir / "key.pem", &error);
  if (!key) return state.SkipWithError(error.c_str());
  const std::string message = "pharmatwin-audit-seal\n" + std::string(64, 'a');
  for (auto _ : state) benchmark::DoNotOptimize(key->sign_hex(message));
  fs::remove_all(dir);
}
BENCHMARK(BM_AuditSign)->Unit(benchmark::kMicrosecond);

void BM_ResultsStore(benchmark::State& state) {
  if (!fs::exists(events_path())) return state.SkipWithError("no event log");
  Loaded l;
  const auto path = fs::temp_directory_path() /
                    ("pharmatwin-store-bench-" + std::to_string(::getpid()) + ".sqlite");
  for (auto _ : state) {
    fs::remove(path);
    std::string error;
    auto store = ex::ResultsStore::open(path, &error);
    benchmark::DoNotOptimize(store && store->record(l.score, {}, &error));
  }
  fs::remove(path);
}
BENCHMARK(BM_ResultsStore)->Unit(benchmark::kMillisecond);

}  // namespace
