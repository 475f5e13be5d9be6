// Time to score and report a run: read events.pb, score it, build report.json, report.html and
// the audit trail. The log comes from PHARMATWIN_BENCH_EVENTS (default out/default/events.pb,
// made by `pharmatwin run scenarios/default.textproto --out out/default`).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "pharmatwin/experiments/audit.hpp"
#include "pharmatwin/experiments/report.hpp"

namespace {

namespace ex = pharmatwin::experiments;

std::filesystem::path events_path() {
  const char* env = std::getenv("PHARMATWIN_BENCH_EVENTS");
  return env ? env : "out/default/events.pb";
}

void BM_ReadLog(benchmark::State& state) {
  const auto path = events_path();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError(("no event log at " + path.string()).c_str());
    return;
  }
  for (auto _ : state) {
    auto log = ex::read_run_log(path);
    benchmark::DoNotOptimize(log.log.records);
  }
}
BENCHMARK(BM_ReadLog)->Unit(benchmark::kMillisecond);

// The whole of `pharmatwin score DIR` minus the summary on stdout.
void BM_ScoreAndReport(benchmark::State& state) {
  const auto path = events_path();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError(("no event log at " + path.string()).c_str());
    return;
  }
  const auto dir = std::filesystem::temp_directory_path() / "pharmatwin-score-bench";
  std::filesystem::create_directories(dir);
  for (auto _ : state) {
    auto log = ex::read_run_log(path);
    auto baseline = ex::read_operations_log(path);  // as the baseline: same size as the run
    ex::ScoreInputs in;
    in.run = &log.log;
    in.baseline = &baseline.log;
    auto score = ex::score_run(in);
    std::string error;
    ex::write_reports(dir, score, log.log, {}, &error);
    std::filesystem::remove(dir / "audit.jsonl");
    ex::write_audit_trail(dir / "audit.jsonl", log.log, score, {}, &error);
    benchmark::DoNotOptimize(score.metrics.size());
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_ScoreAndReport)->Unit(benchmark::kMillisecond);

}  // namespace

namespace {

// The parts of BM_ScoreAndReport on a log already in memory.
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
  if (!std::filesystem::exists(events_path())) return state.SkipWithError("no event log");
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
  if (!std::filesystem::exists(events_path())) return state.SkipWithError("no event log");
  Loaded l;
  for (auto _ : state) benchmark::DoNotOptimize(ex::report_json(l.score, {}).dump(2).size());
}
BENCHMARK(BM_ReportJson)->Unit(benchmark::kMillisecond);

void BM_ReportHtml(benchmark::State& state) {
  if (!std::filesystem::exists(events_path())) return state.SkipWithError("no event log");
  Loaded l;
  for (auto _ : state) benchmark::DoNotOptimize(ex::report_html(l.score, l.log.log, {}).size());
}
BENCHMARK(BM_ReportHtml)->Unit(benchmark::kMillisecond);

}  // namespace

namespace {
void BM_ReadOperationsOnly(benchmark::State& state) {
  if (!std::filesystem::exists(events_path())) return state.SkipWithError("no event log");
  for (auto _ : state) benchmark::DoNotOptimize(ex::read_operations_log(events_path()).log.operations.size());
}
BENCHMARK(BM_ReadOperationsOnly)->Unit(benchmark::kMillisecond);
}  // namespace
