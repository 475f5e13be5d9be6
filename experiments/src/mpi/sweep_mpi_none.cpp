// A pharmatwin built without MPI: `--mpi` is refused with a reason (sweep_mpi.hpp).
#include "../sweep_executor.hpp"
#include "pharmatwin/experiments/sweep_mpi.hpp"

namespace pharmatwin::experiments {

struct MpiSession::Impl {};

bool MpiSession::available() { return false; }

std::unique_ptr<MpiSession> MpiSession::start(std::string* error) {
  if (error)
    *error = "this pharmatwin was built without MPI (install libopenmpi-dev and reconfigure)";
  return nullptr;
}

MpiSession::MpiSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MpiSession::~MpiSession() = default;
int MpiSession::rank() const { return 0; }
int MpiSession::size() const { return 1; }
int MpiSession::serve() { return 0; }

std::unique_ptr<JobRunner> mpi_job_runner(MpiSession&, double) { return nullptr; }

}  // namespace pharmatwin::experiments
