// The simulated warehouse: zones, sensors and faults on a SimGrid S4U platform.
//
// SimGrid is the clock and the process kernel. The climate of every zone is exact between events
// (see thermal.hpp) and is advanced lazily, never past the current simulated time; one actor
// delivers the sensor readings of a whole block of time in one wake-up, others apply the
// scenario's faults at their onset and end. SimGrid cannot be initialised twice in a process, so
// a process runs at most one World.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/adapters/observer.hpp"
#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/sim/ground_truth.hpp"
#include "pharmatwin/sim/world_services.hpp"

namespace pharmatwin::adapters {
class SerializationPort;  // serialization_port.hpp
}

namespace pharmatwin::sim {

struct WorldOptions {
  std::optional<std::uint64_t> seed;  // overrides the scenario's run.seed
  std::filesystem::path out_dir;      // where events.pb goes; empty: no log file
  bool log_readings = false;          // readings are large: logged only on request
  // Readings of a block of simulated time are produced and delivered in one wake-up, at the end
  // of the block; decisions from the ports take effect at block ends.
  double block_s = 300;
  std::optional<double> horizon_s;     // overrides run.horizon
  std::filesystem::path scenario_dir;  // base of relative paths (hourly ambient CSV)
  bool progress = false;               // progress lines on stderr
  // Simulated seconds between ground-truth temperature records in the log (0: none).
  double truth_record_interval_s = 900;
  // History of the zone trajectories kept for queries about the past (climate queries older
  // than this are answered from the oldest kept state).
  double history_keep_s = 7 * 86400.0;
  // When set and true (a SIGINT handler sets it, say), the run stops at the end of the current
  // block: the event log is closed with a RunEnd saying it was interrupted, and when.
  const std::atomic<bool>* stop_requested = nullptr;
};

struct RunSummary {
  double horizon_s = 0;
  std::uint64_t readings = 0;
  std::uint64_t alerts = 0;
  std::uint64_t decisions = 0;
  std::uint64_t thermal_segments = 0;
  std::uint64_t log_records = 0;
  double wall_time_s = 0;
  // Set when a system under test failed or the run was interrupted, and it stopped at
  // `stopped_at_s` (the event log is closed with a RunEnd saying so). Interrupted runs have
  // stop_kind "interrupted".
  bool stopped = false;
  double stopped_at_s = 0;
  std::string stop_system, stop_kind, stop_message;
};

class WorldImpl;
class Operations;  // operations.hpp
class LiveHook;    // live_hook.hpp

class World {
 public:
  // Builds the world from a validated scenario. Returns null and fills `error` when something
  // the loader cannot check is wrong (an unreadable hourly ambient CSV, ...).
  static std::unique_ptr<World> create(const scenario::Scenario& scenario, WorldOptions options,
                                       std::string* error);
  ~World();

  // Before run(): the detection system (defaults to a NullDetectionPort).
  void set_detection_port(adapters::DetectionPort* port);
  adapters::Observers& observers();
  const adapters::SiteLayout& layout() const;

  // Thread-safe: queues a fault; it starts at the later of its `start` offset and the next
  // delivery block boundary after the call. False with `error` when it names unknown things.
  bool inject(const scenario::Fault& fault, std::string* error = nullptr);

  // Before run(): a live session (the dashboard) the world calls inside the simulation; null:
  // none (the default, which leaves the run exactly as it is without one).
  void set_live_hook(LiveHook* hook);

  // Runs the whole horizon. Call once.
  RunSummary run();

  // Ground truth so far (complete after run()).
  const GroundTruth& truth();
  ClimateQueries& climate();
  // The stock-and-operations half; null when the library was built without it.
  Operations* operations();
  // Where the operations half reports serialized-pack events (before run()).
  void set_serialization_port(adapters::SerializationPort* port);

 private:
  explicit World(std::unique_ptr<WorldImpl> impl);
  std::unique_ptr<WorldImpl> impl_;
};

}  // namespace pharmatwin::sim
