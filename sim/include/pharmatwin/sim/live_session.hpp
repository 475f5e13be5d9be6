// A live session on a running world: publishes snapshots for a window and applies its commands.
//
// The session is the world's LiveHook. The world calls it on a fixed grid of simulated instants
// (every `tick_s`) and at the instants of script commands, so when and what it looks at does not
// depend on the wall clock: a session replayed from its command log gives the same event log.
// A command pushed from another thread takes effect at the world's next look and is logged
// there (LiveCommandRecord). Pacing against the wall clock (speed, pause) happens inside the
// hook, on the simulation thread; the window only reads snapshots and pushes commands.
//
//   LiveSession session(scenario, world->layout(), {.speed = 3600});
//   session.connect(world->observers());
//   world->set_live_hook(&session);
//   std::thread sim([&] { session.finish(world->run()); });
//   ...  auto snap = session.snapshot();  session.push(cmd);  ...
//   session.close();  sim.join();
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pharmatwin/adapters/observer.hpp"
#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/sim/live_command.hpp"
#include "pharmatwin/sim/live_hook.hpp"
#include "pharmatwin/sim/live_pacer.hpp"
#include "pharmatwin/sim/live_snapshot.hpp"
#include "pharmatwin/sim/snapshot_source.hpp"
#include "pharmatwin/sim/world.hpp"

namespace pharmatwin::sim {

struct LiveSessionOptions {
  double tick_s = 300;    // simulated seconds between the world's looks (history resolution)
  double speed = 3600;    // simulated seconds per wall second; 0: as fast as possible
  bool paused = false;    // start paused
  bool pace = true;       // false: never wait for the wall clock (tests, benchmarks)
  double grace_s = 1800;  // alerts still belong to a fault this long after it ends
  double publish_every_s = 1.0 / 60;  // wall seconds between snapshots while running
  std::vector<LiveCommand> script;    // timed commands (at_s set), in time order
  // A session started again to come back to an instant (a rewind): before `catch_up_to_s` it
  // neither waits for the wall clock nor stays paused (pacing never changes the event log).
  double catch_up_to_s = -1;
  std::vector<std::string> messages;  // shown from the start (what a rewind set aside)
};

class LiveSession final : public LiveHook, public SnapshotSource {
 public:
  LiveSession(const scenario::Scenario& scenario, const adapters::SiteLayout& layout,
              LiveSessionOptions options);
  ~LiveSession() override;

  // Before World::run(): follows alerts, decisions, faults, readings and stock.
  void connect(adapters::Observers& observers);

  // LiveHook: called by the world on the simulation thread.
  double at(LiveAccess& world) override;

  // Any thread.
  std::shared_ptr<const LiveSnapshot> snapshot() const override;
  void push(LiveCommand command) override;
  // The world stops at its next look; a paused or waiting world wakes up.
  void close();
  // The window performed the window actions of snapshot `id`; the world goes on.
  void window_done(std::uint64_t id) override;
  // After World::run() returned: publishes the final snapshot.
  void finish(const RunSummary& summary);

 private:
  struct State;
  std::shared_ptr<const LiveSite> site_;
  LiveSessionOptions options_;
  std::unique_ptr<State> state_;  // simulation thread only
  LiveCommandQueue queue_;
  std::atomic<bool> closed_{false};
  std::atomic<std::uint64_t> window_done_{0};
  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const LiveSnapshot> snapshot_;
};

// The fixed description of the site a session shows, from the scenario and the world's layout.
std::shared_ptr<const LiveSite> live_site(const scenario::Scenario& scenario,
                                          const adapters::SiteLayout& layout, double tick_s);

}  // namespace pharmatwin::sim
