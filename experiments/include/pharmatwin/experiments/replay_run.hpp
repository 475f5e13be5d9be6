// A recorded run opened for the dashboard: the picture of the site at any simulated instant,
// rebuilt from the run's event log, without rerunning anything.
//
// ReplayRun::open() reads a run directory written by `run`, `regress` (a replication directory,
// or its `run` subdirectory) or `sweep`: its events.pb once, into arrays indexed by time (ground
// truth every 15 minutes, telemetry per delivery block, alerts, decisions, faults, live commands,
// the operations figures with a checkpoint every few hundred records). snapshot_at(t) then builds
// the same sim::LiveSnapshot a live session publishes, by binary searches and a short walk from
// the nearest checkpoint, so any instant is shown in a few milliseconds, forwards or backwards,
// and the same instant always gives the same snapshot. Where readings were not logged the
// sensors show their zone's ground truth at its recorded resolution (the notes say so).
//
//   std::string error;
//   auto run = ReplayRun::open("out/default", &error);
//   if (!run) { std::cerr << error << "\n"; return 2; }
//   auto s = run->snapshot_at(run->end_s());
//   std::printf("fill rate %.2f %%\n", s->kpis.fill_rate * 100);
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pharmatwin/experiments/run_log.hpp"
#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/sim/live_snapshot.hpp"

namespace pharmatwin::experiments {

struct ReplayOpenOptions {
  // The scenario, for the floor plan and doors; empty: the one the run's audit trail names, else
  // the baseline's copy beside the run; without any the zones are drawn in a row.
  std::filesystem::path scenario;
  double grace_s = 1800;  // alerts still belong to a fault this long after it ends (live rule)
};

class ReplayRun {
 public:
  // Null with `error` naming the file when `dir` holds no readable run.
  static std::shared_ptr<const ReplayRun> open(const std::filesystem::path& dir, std::string* error,
                                               const ReplayOpenOptions& options = {});

  // The site at simulated instant `t_s` (clamped to [0, end_s()]). Deterministic: seq and
  // published_wall_s are 0, paused and speed are left to the caller.
  std::shared_ptr<sim::LiveSnapshot> snapshot_at(double t_s) const;

  double end_s() const { return end_s_; }
  double step_s() const { return step_s_; }  // resolution of the ground truth
  const std::shared_ptr<const sim::LiveSite>& site() const { return site_; }
  const std::shared_ptr<const sim::LiveReplay>& replay() const { return replay_; }
  const RunLog& log() const { return log_; }
  const std::filesystem::path& events_path() const { return events_; }

 private:
  struct OpsCounters {
    std::uint64_t on_time = 0, late = 0, lost = 0, lines_lost = 0;
    std::uint64_t quarantined = 0, held = 0, rejected = 0;
  };
  static constexpr std::size_t kCheckpointEvery = 256;

  void build(const ReplayOpenOptions& options, const pharmatwin::scenario::Scenario* scenario);
  OpsCounters ops_at(double t_s) const;
  static void add_ops(OpsCounters& c, const sim::OperationsRecord& r);

  std::filesystem::path dir_, events_;
  RunLog log_;
  double end_s_ = 0, step_s_ = 900, grace_s_ = 1800;
  std::shared_ptr<const sim::LiveSite> site_;
  std::shared_ptr<const sim::LiveReplay> replay_;
  std::vector<double> truth_t_;  // common times of the zones' truth samples
  std::vector<std::shared_ptr<const sim::LiveHistoryChunk>> chunks_;  // the whole run
  std::vector<double> ops_key_;              // running maximum of the operations records' times
  std::vector<OpsCounters> ops_checkpoint_;  // after records [0, k * kCheckpointEvery)
  std::vector<sim::LiveFault> faults_;       // the whole run, ends set
  std::vector<sim::LiveAlert> alerts_;       // the whole run, as at its end
  std::vector<double> alert_seen_s_;         // when each alert reached the world
  struct Ack {
    double t_s;
    std::size_t alert;
    std::string comment;
  };
  std::vector<Ack> acks_;  // in time order
};

// Where the event log of run directory `dir` is: DIR/events.pb, DIR/run/events.pb (a regress
// replication), or DIR itself when it is an events.pb; empty with `error` when there is none.
std::filesystem::path find_event_log(const std::filesystem::path& dir, std::string* error);

}  // namespace pharmatwin::experiments
