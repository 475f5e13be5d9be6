// The MPI mode of a sweep: rank 0's job runner and the worker ranks' loop (sweep_mpi.hpp).
//
// Messages (tags below), all MPI_BYTE buffers on MPI_COMM_WORLD:
//   0 -> worker  kJob:       job id (u64), timeout (double), argc (u32), argv strings and the
//                             log file path, each NUL-terminated
//   worker -> 0  kHeartbeat: job id, about once a second while the job runs
//   worker -> 0  kDone:      job id, exit code (i32), timed out (i32), wall seconds (double)
//   0 -> worker  kStop:      leave_without_finalize (u8); the worker leaves its loop
// When a worker rank died, every rank leaves without MPI_Finalize: OpenMPI's finalize waits for
// the dead rank and would hang the job (under `mpirun --enable-recovery`); the outputs are
// complete and durable by then.
// Neither side blocks in MPI while it waits: both probe and sleep a millisecond, so an idle rank
// does not spin a core.
#include "pharmatwin/experiments/sweep_mpi.hpp"

#include <mpi.h>
#include <signal.h>
#include <time.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <vector>

#include "../sweep_executor.hpp"

namespace pharmatwin::experiments {

struct MpiSession::Impl {
  int rank = 0, size = 1;
  std::set<int> dead;  // worker ranks taken as dead: not sent the stop (a send could hang)
  bool leave_without_finalize = false;
};

namespace {

enum Tag : int { kJob = 1, kHeartbeat = 2, kDone = 3, kStop = 4 };

using Clock = std::chrono::steady_clock;

template <typename T>
void put(std::vector<char>& b, const T& v) {
  const char* p = reinterpret_cast<const char*>(&v);
  b.insert(b.end(), p, p + sizeof v);
}

template <typename T>
bool take(const std::vector<char>& b, std::size_t& at, T& v) {
  if (at + sizeof v > b.size()) return false;
  std::memcpy(&v, b.data() + at, sizeof v);
  at += sizeof v;
  return true;
}

bool take_string(const std::vector<char>& b, std::size_t& at, std::string& s) {
  const void* end = std::memchr(b.data() + at, '\0', b.size() - at);
  if (!end) return false;
  const std::size_t n = static_cast<const char*>(end) - (b.data() + at);
  s.assign(b.data() + at, n);
  at += n + 1;
  return true;
}

std::vector<char> receive(int source, int tag, MPI_Status* status) {
  MPI_Status probe;
  MPI_Probe(source, tag, MPI_COMM_WORLD, &probe);
  int count = 0;
  MPI_Get_count(&probe, MPI_BYTE, &count);
  std::vector<char> buf(static_cast<std::size_t>(count));
  MPI_Recv(buf.data(), count, MPI_BYTE, probe.MPI_SOURCE, probe.MPI_TAG, MPI_COMM_WORLD, status);
  return buf;
}

void send(const std::vector<char>& buf, int dest, int tag) {
  MPI_Send(buf.data(), static_cast<int>(buf.size()), MPI_BYTE, dest, tag, MPI_COMM_WORLD);
}

void sleep_ms(long ms) {
  timespec ts{0, ms * 1000000L};
  nanosleep(&ts, nullptr);
}

// Rank 0's side: jobs go to idle worker ranks, one at a time each.
class MpiRunner : public JobRunner {
 public:
  MpiRunner(MpiSession& session, double timeout_s) : session_(session), timeout_s_(timeout_s) {
    for (int r = 1; r < session.size(); ++r) idle_.push_back(r);
  }
  void submit(ChildJob job) override { queue_.push_back({std::move(job), 0}); }
  bool run(const std::function<void()>& tick) override;
  std::size_t running() const override { return in_flight_.size(); }

 private:
  struct Queued {
    ChildJob job;
    int ranks_lost = 0;
  };
  struct InFlight {
    Queued queued;
    int rank = 0;
    Clock::time_point started, heard;
  };
  void dispatch();
  void handle(const std::vector<char>& msg, int source, int tag);
  void check_silence();

  MpiSession& session_;
  double timeout_s_;
  std::deque<Queued> queue_;
  std::map<std::uint64_t, InFlight> in_flight_;
  std::deque<int> idle_;
  std::set<int> dead_;
  std::uint64_t next_id_ = 1;
};

void MpiRunner::dispatch() {
  while (!queue_.empty() && !idle_.empty()) {
    const int rank = idle_.front();
    idle_.pop_front();
    Queued q = std::move(queue_.front());
    queue_.pop_front();
    const std::uint64_t id = next_id_++;
    std::vector<char> buf;
    put(buf, id);
    put(buf, timeout_s_);
    put(buf, static_cast<std::uint32_t>(q.job.argv.size()));
    for (const std::string& a : q.job.argv)
      buf.insert(buf.end(), a.c_str(), a.c_str() + a.size() + 1);
    const std::string log = q.job.log_file.string();
    buf.insert(buf.end(), log.c_str(), log.c_str() + log.size() + 1);
    send(buf, rank, kJob);
    const auto now = Clock::now();
    in_flight_[id] = {std::move(q), rank, now, now};
  }
}

void MpiRunner::handle(const std::vector<char>& msg, int source, int tag) {
  std::size_t at = 0;
  std::uint64_t id = 0;
  if (!take(msg, at, id)) return;
  auto it = in_flight_.find(id);
  if (tag == kHeartbeat) {
    if (it != in_flight_.end()) it->second.heard = Clock::now();
    return;
  }
  if (tag != kDone) return;
  // A rank taken for dead that answers after all is idle again; its late result is dropped
  // (the job was handed to another rank).
  dead_.erase(source);
  session_.impl().dead.erase(source);
  idle_.push_back(source);
  if (it == in_flight_.end() || it->second.rank != source) return;
  ChildEnd end;
  std::int32_t code = 0, timed_out = 0;
  take(msg, at, code);
  take(msg, at, timed_out);
  take(msg, at, end.wall_s);
  end.exit_code = code;
  end.timed_out = timed_out != 0;
  ChildJob job = std::move(it->second.queued.job);
  in_flight_.erase(it);
  if (job.done) job.done(end);
}

void MpiRunner::check_silence() {
  const auto now = Clock::now();
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    if (std::chrono::duration<double>(now - it->second.heard).count() < session_.rank_timeout_s) {
      ++it;
      continue;
    }
    InFlight f = std::move(it->second);
    it = in_flight_.erase(it);
    dead_.insert(f.rank);
    session_.impl().dead.insert(f.rank);
    if (++f.queued.ranks_lost < 2) {
      queue_.push_front(std::move(f.queued));
      continue;
    }
    ChildEnd end;
    end.exit_code = 125;
    end.wall_s = std::chrono::duration<double>(now - f.started).count();
    end.lost = "two MPI worker ranks fell silent running it (the second was rank " +
               std::to_string(f.rank) + ")";
    if (f.queued.job.done) f.queued.job.done(end);
  }
}

bool MpiRunner::run(const std::function<void()>& tick) {
  sigset_t watched, old_mask;
  sigemptyset(&watched);
  sigaddset(&watched, SIGINT);
  sigaddset(&watched, SIGTERM);
  sigprocmask(SIG_BLOCK, &watched, &old_mask);
  bool interrupted = false;
  auto last_tick = Clock::now();
  while (!interrupted && (!queue_.empty() || !in_flight_.empty())) {
    dispatch();
    if (in_flight_.empty() && !queue_.empty()) {
      // Every worker rank is gone: what is left cannot run.
      while (!queue_.empty()) {
        Queued q = std::move(queue_.front());
        queue_.pop_front();
        ChildEnd end;
        end.exit_code = 125;
        end.lost = "no MPI worker rank left to run it";
        if (q.job.done) q.job.done(end);
      }
      continue;
    }
    bool got = false;
    while (true) {
      int flag = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
      if (!flag) break;
      got = true;
      MPI_Status received;
      const auto msg = receive(status.MPI_SOURCE, status.MPI_TAG, &received);
      handle(msg, received.MPI_SOURCE, received.MPI_TAG);
    }
    check_silence();
    if (!got) {
      timespec ts{0, 1000000L};
      const int sig = sigtimedwait(&watched, nullptr, &ts);
      if (sig == SIGINT || sig == SIGTERM) interrupted = true;
    }
    if (tick && Clock::now() - last_tick >= std::chrono::seconds(1)) {
      last_tick = Clock::now();
      tick();
    }
  }
  // Running jobs finish on their ranks; their results are not waited for.
  queue_.clear();
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  return !interrupted;
}

}  // namespace

bool MpiSession::available() { return true; }

std::unique_ptr<MpiSession> MpiSession::start(std::string* error) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized && MPI_Init(nullptr, nullptr) != MPI_SUCCESS) {
    if (error) *error = "MPI_Init failed";
    return nullptr;
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  auto impl = std::make_unique<Impl>();
  MPI_Comm_rank(MPI_COMM_WORLD, &impl->rank);
  MPI_Comm_size(MPI_COMM_WORLD, &impl->size);
  return std::unique_ptr<MpiSession>(new MpiSession(std::move(impl)));
}

MpiSession::MpiSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MpiSession::~MpiSession() {
  if (impl_->rank == 0) {
    impl_->leave_without_finalize = !impl_->dead.empty();
    const std::vector<char> stop = {static_cast<char>(impl_->leave_without_finalize)};
    for (int r = 1; r < impl_->size; ++r)
      if (!impl_->dead.count(r)) send(stop, r, kStop);
  }
  if (impl_->leave_without_finalize) {
    if (impl_->rank == 0)
      std::fprintf(stderr,
                   "pharmatwin sweep: %zu worker rank(s) died; leaving without MPI_Finalize\n",
                   impl_->dead.size());
    return;
  }
  MPI_Finalize();
}

int MpiSession::rank() const { return impl_->rank; }
int MpiSession::size() const { return impl_->size; }

int MpiSession::serve() {
  while (true) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
    if (!flag) {
      sleep_ms(1);
      continue;
    }
    MPI_Status received;
    const auto msg = receive(0, status.MPI_TAG, &received);
    if (received.MPI_TAG == kStop) {
      impl_->leave_without_finalize = !msg.empty() && msg[0] != 0;
      return 0;
    }
    if (received.MPI_TAG != kJob) continue;
    std::size_t at = 0;
    std::uint64_t id = 0;
    double timeout_s = 0;
    std::uint32_t argc = 0;
    ChildJob job;
    bool ok = take(msg, at, id) && take(msg, at, timeout_s) && take(msg, at, argc);
    for (std::uint32_t i = 0; ok && i < argc; ++i) {
      std::string a;
      ok = take_string(msg, at, a);
      job.argv.push_back(std::move(a));
    }
    std::string log;
    ok = ok && take_string(msg, at, log);
    job.log_file = log;
    ChildEnd end{127, false, 0, {}};
    if (ok && !job.argv.empty()) {
      job.done = [&end](const ChildEnd& e) { end = e; };
      Executor executor(1, timeout_s);
      executor.submit(std::move(job));
      std::vector<char> beat;
      put(beat, id);
      if (!executor.run([&] { send(beat, 0, kHeartbeat); })) return 130;
    }
    std::vector<char> done;
    put(done, id);
    put(done, static_cast<std::int32_t>(end.exit_code));
    put(done, static_cast<std::int32_t>(end.timed_out));
    put(done, end.wall_s);
    send(done, 0, kDone);
  }
}

std::unique_ptr<JobRunner> mpi_job_runner(MpiSession& session, double timeout_s) {
  return std::make_unique<MpiRunner>(session, timeout_s);
}

}  // namespace pharmatwin::experiments
