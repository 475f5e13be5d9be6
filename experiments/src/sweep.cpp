#include "pharmatwin/experiments/sweep.hpp"

#include <google/protobuf/text_format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "pharmatwin/experiments/pipeline.hpp"
#include "pharmatwin/experiments/regress.hpp"
#include "pharmatwin/experiments/results_store.hpp"
#include "pharmatwin/experiments/sweep_mpi.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/version.hpp"
#include "sweep_executor.hpp"

namespace pharmatwin::experiments {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool write_text(const fs::path& p, const std::string& text) {
  const fs::path tmp = p.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return false;
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  return !ec;
}

std::string clock_text(double seconds) {
  const long long s = std::llround(std::max(0.0, seconds));
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, s % 3600 / 60);
  else if (s >= 60)
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%llds", s);
  return buf;
}

const char* better_name(Better b) {
  return b == Better::kHigher ? "higher" : b == Better::kLower ? "lower" : "neither";
}

// Every metric of a scored run, and the zones' ground truth the metric list leaves out.
RunMetrics run_metrics(RunScore& score) {
  for (const auto& z : score.truth.zones) {
    score.metrics.push_back(
        {"zone." + z.zone + ".out_of_range_s", z.out_of_range_s, "s", Better::kLower});
    if (z.peak_air_c)
      score.metrics.push_back(
          {"zone." + z.zone + ".peak_air_c", *z.peak_air_c, "°C", Better::kNeither});
    if (z.peak_product_c)
      score.metrics.push_back(
          {"zone." + z.zone + ".peak_product_c", *z.peak_product_c, "°C", Better::kNeither});
  }
  RunMetrics out;
  for (const auto& m : score.metrics)
    if (std::isfinite(m.value)) out.set(m.name, m.value, m.unit, better_name(m.better));
  return out;
}

std::string variant_label(const SweepPlan& plan, const Variant& v) {
  std::string label;
  for (const auto& o : v.overrides) label += (label.empty() ? "" : ", ") + o.path + "=" + o.value;
  return plan.name + " [" + (label.empty() ? "base" : label) + "]";
}

// A shared baseline: one fault-free scenario on one seed.
struct Baseline {
  fs::path file, dir;
  std::uint64_t seed = 0;
  enum class State { kPending, kRunning, kDone, kFailed } state = State::kPending;
  std::string error;
  std::vector<std::size_t> waiting;  // runs scored once it is done
};

struct RunState {
  SweepRun run;
  fs::path dir;
  std::string baseline;  // key into the baselines; "" when the run is its own baseline
  bool finished = false;
  ChildEnd end;
};

class Sweep {
 public:
  Sweep(const SweepOptions& o, std::ostream& out, std::ostream& progress)
      : o_(o), out_(out), progress_(progress) {}
  int run();

 private:
  bool prepare();
  bool run_round(const std::vector<SweepRun>& runs);
  void score(std::size_t index);
  void fail(std::size_t index, const std::string& status, const std::string& error);
  void record(RunRecordLine line);
  void report_progress(bool final_line);
  std::string relative(const fs::path& p) const {
    return p.lexically_relative(o_.out_dir).string();
  }

  const SweepOptions& o_;
  std::ostream& out_;
  std::ostream& progress_;
  SweepTable table_;
  fs::path base_dir_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<ResultsStore> store_;
  fs::path store_path_;
  std::vector<RunRecordLine> records_;
  std::map<std::string, Baseline> baselines_;
  std::vector<RunState> runs_;
  std::map<std::string, std::size_t> variant_index_;
  std::size_t done_ = 0, failed_ = 0, total_ = 0;
  double cpu_at_start_ = 0;
  Clock::time_point started_;
  JobRunner* executor_ = nullptr;
};

bool Sweep::prepare() {
  std::error_code ec;
  fs::create_directories(o_.out_dir / "variants", ec);
  fs::create_directories(o_.out_dir / "baselines", ec);
  if (ec) {
    progress_ << o_.out_dir.string() << ": cannot create: " << ec.message() << "\n";
    return false;
  }
  table_ = table_of(o_.plan);
  const fs::path plan_file = o_.out_dir / "plan.json";
  if (fs::exists(plan_file)) {
    std::string why;
    const json j = json::parse(read_text(plan_file), nullptr, false);
    auto old = j.is_discarded() ? std::nullopt : table_from_json(j, &why);
    if (!old || old->key != table_.key) {
      progress_
          << "pharmatwin sweep: " << plan_file.string()
          << " is the plan of another sweep (other base, variants or seeds); give another --out "
             "or remove the directory\n";
      return false;
    }
    table_.replications = std::max(table_.replications, old->replications);
  }
  base_dir_ = fs::absolute(o_.plan.base_file).parent_path();
  for (std::size_t i = 0; i < o_.plan.variants.size(); ++i) {
    const auto& v = o_.plan.variants[i];
    variant_index_[v.id] = i;
    std::string text;
    google::protobuf::TextFormat::PrintToString(v.scenario, &text);
    std::string head = "# " + variant_label(o_.plan, v) + "\n";
    const fs::path file = o_.out_dir / "variants" / (safe_name(v.id) + ".textproto");
    if (read_text(file) != head + text) write_text(file, head + text);
  }
  std::string error;
  if (!(journal_ = Journal::open(o_.out_dir / "journal.jsonl", &error))) {
    progress_ << error << "\n";
    return false;
  }
  records_ = read_journal(o_.out_dir / "journal.jsonl", &error);
  if (!error.empty()) progress_ << "pharmatwin sweep: warning: " << error << "\n";
  if (o_.use_store) {
    store_path_ = o_.store.value_or(o_.out_dir / kStoreFileName);
    store_ = ResultsStore::open(store_path_, &error);
    if (!store_)
      progress_ << "pharmatwin sweep: results store: " << error
                << " (runs are not recorded there)\n";
  }
  return true;
}

void Sweep::record(RunRecordLine line) {
  std::string error;
  if (!journal_->append(line, &error)) progress_ << "pharmatwin sweep: " << error << "\n";
  records_.push_back(std::move(line));
}

void Sweep::report_progress(bool final_line) {
  const double elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
  const std::size_t ended = done_ + failed_;
  progress_ << "[sweep] " << ended << "/" << total_ << " runs";
  if (failed_) progress_ << " (" << failed_ << " failed)";
  if (executor_) progress_ << ", " << executor_->running() << " running";
  if (ended > 0 && elapsed > 0) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.2f", ended / elapsed);
    progress_ << ", " << rate << " runs/s";
    if (!final_line && ended < total_)
      progress_ << ", ETA " << clock_text(elapsed / ended * (total_ - ended));
  }
  progress_ << ", elapsed " << clock_text(elapsed);
  if (final_line && ended > 0) {
    // The coordinator's own share (scoring, journal, store): what limits scaling to many cores.
    rusage self{};
    getrusage(RUSAGE_SELF, &self);
    const double cpu = double(self.ru_utime.tv_sec) + double(self.ru_utime.tv_usec) * 1e-6 +
                       double(self.ru_stime.tv_sec) + double(self.ru_stime.tv_usec) * 1e-6;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1f", 1e3 * (cpu - cpu_at_start_) / ended);
    progress_ << ", coordinator " << buf << " ms CPU per run";
  }
  progress_ << "\n";
}

void Sweep::fail(std::size_t index, const std::string& status, const std::string& error) {
  const RunState& r = runs_[index];
  const auto& v = o_.plan.variants[r.run.variant];
  RunRecordLine line;
  line.variant = v.id;
  line.replication = r.run.replication;
  line.seed = r.run.seed;
  line.variant_hash = v.hash;
  line.status = status;
  line.error = error;
  line.wall_s = r.end.wall_s;
  record(std::move(line));
  ++failed_;
  progress_ << "[sweep] FAILED " << r.run.id << " (seed " << r.run.seed << "): " << error << "\n";
  if (!o_.quiet) report_progress(false);
}

void Sweep::score(std::size_t index) {
  RunState& r = runs_[index];
  const auto& v = o_.plan.variants[r.run.variant];
  if (!r.end.lost.empty()) return fail(index, "failed", r.end.lost);
  if (r.end.timed_out)
    return fail(index, "timeout",
                "run outlasted --run-timeout (log " + relative(r.dir / "run.log") + ")");
  if (r.end.exit_code != 0)
    return fail(index, "failed",
                "run exited with status " + std::to_string(r.end.exit_code) + " (log " +
                    relative(r.dir / "run.log") + ")");
  ScoreRequest request;
  request.run_dir = r.dir;
  if (!r.baseline.empty()) {
    const Baseline& b = baselines_.at(r.baseline);
    if (b.state == Baseline::State::kFailed) return fail(index, "failed", "baseline: " + b.error);
    request.baseline_dir = b.dir;
  } else {
    request.baseline_dir = r.dir;  // a scenario without faults is its own baseline
  }
  request.scenario = &v.scenario;
  request.scenario_file = (o_.out_dir / "variants" / (safe_name(v.id) + ".textproto")).string();
  request.write_reports = o_.reports;
  request.write_audit = false;
  ScoredRun scored = score_run_dir(request);
  if (!scored.ok()) return fail(index, "failed", "scoring: " + scored.error);
  RunRecordLine line;
  line.variant = v.id;
  line.replication = r.run.replication;
  line.seed = r.run.seed;
  line.variant_hash = v.hash;
  line.status = "ok";
  line.expectations = scored.expectations.empty() ? "" : scored.passed() ? "pass" : "fail";
  line.wall_s = r.end.wall_s;
  line.metrics = run_metrics(scored.score);
  record(std::move(line));
  if (store_) {
    RunScore s = scored.score;
    s.scenario_name = variant_label(o_.plan, v);
    RunRecord rec;
    rec.scenario_file = fs::absolute(o_.plan.base_file).string();
    rec.system_under_test = system_under_test(&v.scenario);
    rec.run_dir = r.dir.string();
    rec.passed = scored.passed();
    std::string error;
    if (!store_->record(s, rec, &error)) progress_ << store_path_.string() << ": " << error << "\n";
  }
  if (!o_.keep_events) {
    std::error_code ec;
    fs::remove(r.dir / "events.pb", ec);
  }
  ++done_;
  if (!o_.quiet) report_progress(false);
}

bool Sweep::run_round(const std::vector<SweepRun>& todo) {
  runs_.clear();
  total_ = todo.size();
  done_ = failed_ = 0;
  started_ = Clock::now();
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  cpu_at_start_ = double(self.ru_utime.tv_sec) + double(self.ru_utime.tv_usec) * 1e-6 +
                  double(self.ru_stime.tv_sec) + double(self.ru_stime.tv_usec) * 1e-6;
  std::unique_ptr<JobRunner> runner;
  if (o_.mpi && o_.mpi->size() > 1) runner = mpi_job_runner(*o_.mpi, o_.run_timeout_s);
  if (!runner) runner = std::make_unique<Executor>(o_.jobs, o_.run_timeout_s);
  JobRunner& executor = *runner;
  executor_ = runner.get();
  for (const auto& sr : todo) {
    RunState r;
    r.run = sr;
    const auto& v = o_.plan.variants[sr.variant];
    r.dir = o_.out_dir / "runs" / safe_name(v.id) / ("r" + std::to_string(sr.replication));
    std::error_code ec;
    fs::create_directories(r.dir, ec);
    fs::remove(r.dir / "events.pb", ec);
    if (v.scenario.faults_size() > 0) {
      const scenario::Scenario base = baseline_scenario(v.scenario, base_dir_);
      const std::string hash = scenarios::scenario_hash(base).substr(0, 16);
      r.baseline = hash + "/seed-" + std::to_string(sr.seed);
      if (!baselines_.count(r.baseline)) {
        Baseline b;
        b.file = o_.out_dir / "baselines" / (hash + ".textproto");
        b.dir = o_.out_dir / "baselines" / hash / ("seed-" + std::to_string(sr.seed));
        b.seed = sr.seed;
        if (!fs::exists(b.file)) {
          std::string text;
          google::protobuf::TextFormat::PrintToString(base, &text);
          write_text(b.file, "# " + o_.plan.name +
                                 " without its faults (the fault-free baseline)\n" + text);
        }
        const std::string stamp =
            std::string("version ") + kVersion + " commit " + kGitCommit + "\n";
        if (read_text(b.dir / "complete") == stamp && fs::exists(b.dir / "events.pb"))
          b.state = Baseline::State::kDone;
        baselines_[r.baseline] = std::move(b);
      }
    }
    runs_.push_back(std::move(r));
  }
  const std::string stamp = std::string("version ") + kVersion + " commit " + kGitCommit + "\n";
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    RunState& r = runs_[i];
    const auto& v = o_.plan.variants[r.run.variant];
    if (!r.baseline.empty()) {
      Baseline& b = baselines_[r.baseline];
      if (b.state == Baseline::State::kPending) {
        b.state = Baseline::State::kRunning;
        std::error_code ec;
        fs::create_directories(b.dir, ec);
        fs::remove(b.dir / "complete", ec);
        ChildJob job;
        job.argv = {o_.runner,
                    "run",
                    fs::absolute(b.file).string(),
                    "--out",
                    fs::absolute(b.dir).string(),
                    "--seed",
                    std::to_string(b.seed),
                    "--no-score",
                    "--quiet",
                    "--resolve-from",
                    base_dir_.string()};
        job.log_file = b.dir / "run.log";
        const std::string key = r.baseline;
        job.done = [this, key, stamp](const ChildEnd& end) {
          Baseline& bl = baselines_[key];
          if (end.exit_code == 0 && !end.timed_out) {
            bl.state = Baseline::State::kDone;
            write_text(bl.dir / "complete", stamp);
          } else {
            bl.state = Baseline::State::kFailed;
            bl.error = !end.lost.empty() ? end.lost
                       : end.timed_out   ? "outlasted --run-timeout"
                                         : "exited with status " + std::to_string(end.exit_code);
            bl.error += " (log " + relative(bl.dir / "run.log") + ")";
          }
          for (std::size_t w : bl.waiting) score(w);
          bl.waiting.clear();
        };
        executor.submit(std::move(job));
      }
    }
    ChildJob job;
    job.argv = {o_.runner,
                "run",
                fs::absolute(o_.out_dir / "variants" / (safe_name(v.id) + ".textproto")).string(),
                "--out",
                fs::absolute(r.dir).string(),
                "--seed",
                std::to_string(r.run.seed),
                "--no-score",
                "--quiet",
                "--resolve-from",
                base_dir_.string()};
    job.log_file = r.dir / "run.log";
    job.done = [this, i](const ChildEnd& end) {
      RunState& rs = runs_[i];
      rs.finished = true;
      rs.end = end;
      if (!rs.baseline.empty()) {
        Baseline& bl = baselines_[rs.baseline];
        if (bl.state == Baseline::State::kRunning || bl.state == Baseline::State::kPending) {
          bl.waiting.push_back(i);
          return;
        }
      }
      score(i);
    };
    executor.submit(std::move(job));
  }
  const bool complete = executor.run([this] {
    if (!o_.quiet && isatty(STDERR_FILENO)) report_progress(false);
  });
  executor_ = nullptr;
  return complete;
}

}  // namespace

int replications_needed(const SweepSummary& summary, const std::vector<std::string>& metrics,
                        double precision, int current, int max) {
  int needed = current;
  for (const auto& row : summary.rows) {
    if (std::find(metrics.begin(), metrics.end(), row.metric) == metrics.end()) continue;
    const auto& e = row.estimate;
    if (!e.half_width) {
      needed = std::max(needed, current + 1);
      continue;
    }
    const double target = precision * std::fabs(e.mean);
    if (*e.half_width <= target) continue;
    // The half-width shrinks about as 1/sqrt(n).
    const double ratio = target > 0 ? *e.half_width / target : 1e9;
    const double n = static_cast<double>(e.n) * ratio * ratio;
    needed = std::max(needed, static_cast<int>(std::min<double>(max, std::ceil(n))));
    needed = std::max(needed, current + 1);
  }
  return std::min(needed, max);
}

int Sweep::run() {
  if (!prepare()) return 2;
  int replications = table_.replications;
  const int shard = o_.shard - 1;
  while (true) {
    table_.replications = replications;
    write_text(o_.out_dir / "plan.json", table_json(table_).dump(2) + "\n");
    std::set<std::pair<std::string, int>> recorded;
    for (const auto& r : plan_records(table_, records_))
      if (r.status == "ok" || !o_.retry_failed) recorded.insert({r.variant, r.replication});
    std::vector<SweepRun> todo;
    const auto all = plan_runs(o_.plan, 1, replications, shard, o_.shards);
    for (const auto& r : all)
      if (!recorded.count({o_.plan.variants[r.variant].id, r.replication})) todo.push_back(r);
    if (!o_.quiet) {
      progress_ << "[sweep] " << o_.plan.variants.size() << " variant(s) x " << replications
                << " replication(s)";
      if (o_.shards > 1) progress_ << ", shard " << o_.shard << "/" << o_.shards;
      progress_ << ": " << todo.size() << " run(s) to do";
      if (all.size() > todo.size())
        progress_ << ", " << all.size() - todo.size() << " already recorded";
      progress_ << ", " << o_.jobs << " at a time\n";
    }
    if (!todo.empty() && !run_round(todo)) {
      progress_ << "[sweep] interrupted: " << done_ + failed_
                << " run(s) of this round recorded; rerun "
                << "the same command to resume\n";
      auto records = plan_records(table_, records_);
      std::string error;
      write_outputs(o_.out_dir, table_, records, &error);
      return kExitInterrupted;
    }
    if (!todo.empty() && !o_.quiet) report_progress(true);
    if (!o_.precision || o_.shards > 1) break;
    const auto summary = summarize(table_, plan_records(table_, records_));
    const int next = replications_needed(summary, o_.precision_metrics, *o_.precision, replications,
                                         o_.max_replications);
    if (next <= replications) {
      if (!o_.quiet)
        progress_ << "[sweep] precision reached with " << replications << " replication(s)\n";
      break;
    }
    if (!o_.quiet) progress_ << "[sweep] precision not reached: " << next << " replication(s)\n";
    replications = next;
  }
  auto records = plan_records(table_, records_);
  std::string error;
  if (!write_outputs(o_.out_dir, table_, records, &error)) {
    progress_ << error << "\n";
    return 1;
  }
  const auto summary = summarize(table_, records);
  print_table(out_, table_, summary, records, o_.table);
  out_ << "outputs: " << (o_.out_dir / "runs.csv").string() << ", "
       << (o_.out_dir / "summary.csv").string() << "\n";
  std::size_t failed = 0;
  for (const auto& r : records) failed += r.status != "ok";
  if (failed) out_ << failed << " run(s) failed: see the status and error columns of runs.csv\n";
  return failed ? 1 : 0;
}

int run_sweep(const SweepOptions& options, std::ostream& out, std::ostream& progress) {
  Sweep sweep(options, out, progress);
  return sweep.run();
}

int merge_sweeps(const std::vector<fs::path>& dirs, const fs::path& out_dir,
                 const TableOptions& options, std::ostream& out, std::ostream& progress) {
  std::optional<SweepTable> table;
  std::vector<RunRecordLine> records;
  for (const auto& dir : dirs) {
    const fs::path plan_file = dir / "plan.json";
    const json j = json::parse(read_text(plan_file), nullptr, false);
    std::string why = "unreadable";
    auto t = j.is_discarded() ? std::nullopt : table_from_json(j, &why);
    if (t && table && t->key != table->key) {
      why = "the plan of another sweep than " + (dirs.front() / "plan.json").string();
      t.reset();
    }
    if (!t) {
      progress << "pharmatwin merge: " << plan_file.string() << ": " << why << "\n";
      return 2;
    }
    if (table)
      table->replications = std::max(table->replications, t->replications);
    else
      table = *t;
    std::string error;
    auto more = read_journal(dir / "journal.jsonl", &error);
    if (!error.empty()) progress << "pharmatwin merge: warning: " << error << "\n";
    records.insert(records.end(), std::make_move_iterator(more.begin()),
                   std::make_move_iterator(more.end()));
  }
  if (!table) {
    progress << "pharmatwin merge: no sweep directories given\n";
    return 2;
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  records = plan_records(*table, std::move(records));
  std::ostringstream journal;
  for (const auto& r : records) journal << to_json(r).dump() << "\n";
  if (!write_text(out_dir / "plan.json", table_json(*table).dump(2) + "\n") ||
      !write_text(out_dir / "journal.jsonl", journal.str())) {
    progress << "pharmatwin merge: " << out_dir.string() << ": cannot write\n";
    return 2;
  }
  std::string error;
  if (!write_outputs(out_dir, *table, records, &error)) {
    progress << "pharmatwin merge: " << error << "\n";
    return 2;
  }
  const std::size_t expected =
      table->variants.size() * static_cast<std::size_t>(table->replications);
  const auto summary = summarize(*table, records);
  print_table(out, *table, summary, records, options);
  out << "merged " << records.size() << " of " << expected << " run(s) from " << dirs.size()
      << " director" << (dirs.size() == 1 ? "y" : "ies") << " into " << out_dir.string() << "\n";
  if (records.size() < expected)
    out << expected - records.size() << " run(s) missing: a shard is not finished\n";
  std::size_t failed = 0;
  for (const auto& r : records) failed += r.status != "ok";
  return failed || records.size() < expected ? 1 : 0;
}

}  // namespace pharmatwin::experiments
