// The world's side of a live session: a controller the world calls inside the simulation.
//
// A LiveHook (the dashboard's session, see live_world.hpp) is given to World::set_live_hook()
// before run(). The world then calls `at()` at simulated time 0 and at every instant the hook
// returns, from an actor of its own; the hook reads the world through LiveAccess, applies
// commands at that instant, and may block (a paused session) since the simulation waits for it.
// Without a hook the world runs exactly as before.
//
//   class Printer : public LiveHook {
//     double at(LiveAccess& w) override {
//       std::printf("%g: %g C\n", w.now_s(), w.zone_state(0).air_c);
//       return w.now_s() + 60;  // called again a simulated minute later
//     }
//   };
#pragma once

#include <cstdint>
#include <string>

#include "pharmatwin/adapters/decision.hpp"
#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::sim {

struct OperationsStats;  // operations.hpp

// The state of one zone at the current simulated instant.
struct LiveZoneState {
  double air_c = 0;
  double product_c = 0;
  bool hvac_running = false;
  bool hvac_powered = true;
  std::uint32_t doors_open = 0;
};

// What the world offers a hook; valid only during LiveHook::at(), on the simulation thread.
class LiveAccess {
 public:
  virtual ~LiveAccess() = default;
  virtual double now_s() const = 0;
  virtual double horizon_s() const = 0;
  // Advances the zone's climate to now (deterministically: the same instants give the same run).
  virtual LiveZoneState zone_state(std::uint32_t zone) = 0;
  // Starts a fault now (or at its `start` offset when that is later); logged and scored like a
  // scenario fault. False with `error` when it names unknown things.
  virtual bool inject_now(const scenario::Fault& fault, std::string* error) = 0;
  // A decision taken by a person: it takes the path of a system's decision (logged, applied by
  // the operations half).
  virtual void decide(const adapters::Decision& decision) = 0;
  // Writes a LiveCommandRecord at now into the event log.
  virtual void log_command(const std::string& line) = 0;
  // Ends the run now (the session was closed); RunEnd says so.
  virtual void stop(const std::string& why) = 0;
  // Stock-and-operations figures so far; false when the world has no operations half.
  virtual bool operations_stats(OperationsStats& out) const = 0;
};

class LiveHook {
 public:
  virtual ~LiveHook() = default;
  // Called at 0 and then at each instant returned (raised to now, capped at the horizon; the
  // hook is not called again once it returns an instant at or past the horizon after being
  // called there).
  virtual double at(LiveAccess& world) = 0;
};

}  // namespace pharmatwin::sim
