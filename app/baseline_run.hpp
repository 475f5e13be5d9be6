// The fault-free baseline of a `pharmatwin run`: the same scenario without faults and
// expectations, on the same seed, run in a child process (one SimGrid engine per process) and
// cached in OUT/baseline/ while the scenario, seed, options and version are unchanged.
//
//   BaselineRun baseline = BaselineRun::prepare(scenario, scenario_dir, out_dir / "baseline",
//                                               seed, {"--horizon", "2d"});
//   if (!baseline.cached()) baseline.start();   // runs alongside the main run
//   ... run the scenario ...
//   std::string error;
//   if (!baseline.wait(&error)) std::cerr << error << "\n";
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::app {

class BaselineRun {
 public:
  // Writes DIR/scenario.textproto and works out the cache key; `run_args` are the options the
  // child gets besides scenario, --out, --seed (they are part of the key).
  static BaselineRun prepare(const scenario::Scenario& scenario,
                             const std::filesystem::path& scenario_dir,
                             const std::filesystem::path& dir, std::uint64_t seed,
                             std::vector<std::string> run_args);

  const std::filesystem::path& dir() const { return dir_; }
  // The cache holds a complete baseline made with the same key.
  bool cached() const { return cached_; }
  // Starts the child; false (with `error`) when it cannot be started.
  bool start(std::string* error);
  // Waits for the child (if started) and records the key on success; false with a message
  // naming the child's log when the baseline is missing or failed.
  bool wait(std::string* error);
  // Stops a started child (the main run failed).
  void cancel();

  BaselineRun(BaselineRun&& other) noexcept;
  BaselineRun& operator=(BaselineRun&&) = delete;
  BaselineRun(const BaselineRun&) = delete;
  ~BaselineRun();

 private:
  BaselineRun() = default;
  std::filesystem::path dir_;
  std::string key_;
  std::vector<std::string> argv_;
  bool cached_ = false;
  pid_t pid_ = -1;
};

}  // namespace pharmatwin::app
