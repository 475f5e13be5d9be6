// The MPI mode of a sweep (`mpirun -n N pharmatwin sweep ... --mpi`). Rank 0 runs the sweep as
// on one machine — plan, journal, scoring, results store, CSVs — but hands every child job (a
// variant's run, a fault-free baseline) to a worker rank instead of its local process pool. A
// worker runs each job in a child process of its own (one SimGrid engine per process), so a run
// that crashes or hangs is recorded as failed and never takes its rank down; while a job runs
// the worker sends rank 0 a heartbeat every second. A worker rank that falls silent for
// `rank_timeout_s` is taken as dead and its job is handed to another rank (a job that loses two
// ranks is recorded as failed). Every rank sees the same files: the output directory must be on
// a file system they share.
//
//   std::string error;
//   auto mpi = MpiSession::start(&error);        // MPI_Init; nullptr (and why) without MPI
//   if (mpi->rank() != 0) return mpi->serve();   // a worker: runs jobs until rank 0 says stop
//   options.mpi = mpi.get();                     // rank 0: the sweep, its jobs on the workers
//   int code = run_sweep(options, std::cout, std::cerr);
//   mpi.reset();                                 // tells the workers to stop, MPI_Finalize
#pragma once

#include <memory>
#include <string>

namespace pharmatwin::experiments {

class MpiSession {
 public:
  // True when this pharmatwin was built with MPI (CMake found it).
  static bool available();
  // MPI_Init (once per process); nullptr with `error` when built without MPI.
  static std::unique_ptr<MpiSession> start(std::string* error);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const;
  int size() const;
  // A worker rank's loop: receives jobs from rank 0 and runs each in a child process until rank
  // 0 sends stop. Exit code: 0, or 130 when a signal stopped it.
  int serve();

  // Seconds of silence after which rank 0 takes a busy worker rank as dead.
  double rank_timeout_s = 60;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  explicit MpiSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pharmatwin::experiments
