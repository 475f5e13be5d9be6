// Where a dashboard window gets its pictures and sends its commands: a live session on a running
// world, or a replay of a recorded run.
//
// The window calls snapshot() once a frame and push() for what the user asks; neither blocks for
// long. window_done() tells a live session that the window performed a script's window verbs.
//
//   void frame(SnapshotSource& src) {
//     auto s = src.snapshot();
//     if (user_paused) src.push({.verb = LiveVerb::kPause});
//   }
#pragma once

#include <cstdint>
#include <memory>

#include "pharmatwin/sim/live_command.hpp"
#include "pharmatwin/sim/live_snapshot.hpp"

namespace pharmatwin::sim {

class SnapshotSource {
 public:
  virtual ~SnapshotSource() = default;
  // The latest picture; any thread.
  virtual std::shared_ptr<const LiveSnapshot> snapshot() const = 0;
  virtual void push(LiveCommand command) = 0;
  // The window performed the window actions of snapshot `id`.
  virtual void window_done(std::uint64_t id) { (void)id; }
  // The window should close (e.g. a rewind: the next world starts in a fresh process).
  virtual bool wants_window_closed() const { return false; }
};

}  // namespace pharmatwin::sim
