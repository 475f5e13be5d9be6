// Rewinding a live session to a bookmark: the window's SnapshotSource for `pharmatwin gui`.
//
// The world cannot run backwards and a process runs one World (SimGrid initialises once), but
// the world is reproducible: the same scenario, seed and commands give the same event log. A
// rewind to instant T therefore ends the running world and says how the next one starts: the
// commands logged up to T, replayed as fast as possible (catch_up_to_s = T), then paused at T
// (a rewind from a script goes on with the script's next part instead). The commands after T are
// set aside. `pharmatwin gui` starts that next world in a fresh process of itself.
//
//   RewindableSource source(session, script);        // forwards everything else to the session
//   source.push({.verb = LiveVerb::kRewind, .to_s = 3600});
//   if (auto next = source.restart())  // the session is closed; start again with *next
//     exec_again(next->script, next->catch_up_to_s, next->messages);
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/sim/live_session.hpp"
#include "pharmatwin/sim/snapshot_source.hpp"

namespace pharmatwin::sim {

class RewindableSource final : public SnapshotSource {
 public:
  // `script`: the session's script (it may hold rewinds: the session stops at the first).
  RewindableSource(LiveSession& session, std::vector<LiveCommand> script);

  std::shared_ptr<const LiveSnapshot> snapshot() const override { return session_.snapshot(); }
  // A kRewind closes the session and records how the next world starts; anything else goes to
  // the session. A rewind from a script (at_s set) goes on with the script's next part; one from
  // the window pauses at its instant and sets the rest of the script aside.
  void push(LiveCommand command) override;
  void window_done(std::uint64_t id) override { session_.window_done(id); }
  bool wants_window_closed() const override;

  // After a rewind: the options of the next world (script, catch_up_to_s, messages).
  std::optional<LiveSessionOptions> restart() const;

 private:
  LiveSession& session_;
  std::vector<LiveCommand> script_;
  mutable std::mutex mutex_;
  std::optional<LiveSessionOptions> restart_;
};

// The commands after the first rewind (what a rewind from that script goes on with).
std::vector<LiveCommand> script_after_first_rewind(const std::vector<LiveCommand>& script);

// The script lines of `command_log` a rewind to `to_s` keeps (every command at or before it),
// and how many it sets aside.
std::vector<LiveCommand> commands_up_to(const std::vector<std::string>& command_log, double to_s,
                                        std::size_t* set_aside);

// The options of the world a rewind to `command.to_s` starts, from the current snapshot and
// the rest of the script (`rest`: the commands after the rewind, for a scripted one).
// A script's text, one line per command, that parse_script reads back.
std::string script_text(const std::vector<LiveCommand>& script);

LiveSessionOptions rewound_options(const LiveSnapshot& now, const LiveCommand& command,
                                   const std::vector<LiveCommand>& rest);

}  // namespace pharmatwin::sim
