// Commands of a live session and their script lines.
//
// A window (or a --script file) steers the running world with LiveCommands. Each takes effect at
// a simulated instant and is logged there as a script line, "<t_s> <verb> <arguments>", so a
// session written out as a script plays again to the same event log:
//
//   0 speed 3600
//   3600 inject name: "cold-hvac" duration: "4h" hvac_failure { zone: "cold-room" }
//   5400 ack A-3 door checked, HVAC engineer called
//   5400 decide quarantine cold-room excursion under review
//   7200 pause
//
// t_s is simulated seconds (or a duration such as 1h30m). Verbs: pause, play, speed X (0: as fast
// as possible), step, next-event, inject FAULT (a scenario Fault in text format), ack ALERT_ID
// [COMMENT], decide quarantine|hold|release|reject ZONE [REASON], bookmark [LABEL], stop. Window
// verbs act on the window only and are not logged: select ZONE, screenshot FILE.png, quit, and
// rewind T (a live session starts again from its start and comes back, paused, to instant T of
// the commands logged so far: bookmarks are what a trainer rewinds to). A replay also takes
// seek T (show instant T) and prev-event, and a negative speed (backwards).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::sim {

enum class LiveVerb {
  kPause,
  kPlay,
  kSpeed,
  kStep,
  kNextEvent,
  kInject,
  kAck,
  kDecide,
  kStop,
  kSelect,
  kScreenshot,
  kQuit,  // window verbs
  kSeek,
  kPrevEvent,  // replays only: jump to `to_s`, to the previous event
  kBookmark,   // a named instant to come back to (logged)
  kRewind,     // window verb: start again and come back to `to_s`
};

// True for the verbs that act on the window only (select, screenshot, quit, rewind).
inline bool is_window_verb(LiveVerb verb) {
  return verb == LiveVerb::kSelect || verb == LiveVerb::kScreenshot || verb == LiveVerb::kQuit ||
         verb == LiveVerb::kRewind;
}

struct LiveCommand {
  LiveVerb verb = LiveVerb::kPause;
  double speed = 0;  // kSpeed: simulated seconds per wall second, 0 = as fast as possible
  // kInject: the fault (text format); kAck: alert id; kDecide, kSelect: zone; kScreenshot: file
  // kBookmark: its label
  std::string target;
  std::string kind;     // kDecide: quarantine, hold, release or reject
  std::string comment;  // kAck: the comment; kDecide: the reason
  double to_s = 0;      // kSeek: the simulated instant to show; kRewind: to come back to
  // When it should take effect (scripts); absent: as soon as the world gets it.
  std::optional<double> at_s;
};

// The verb's word in script lines ("next-event" for kNextEvent).
std::string_view verb_name(LiveVerb verb);

// "<t_s> <verb> <arguments>"; t_s written so that it reads back exactly.
std::string format_command(const LiveCommand& command, double at_s);

// Parses one script line; false with `error` when it is not one. Blank lines and lines
// starting with '#' are not commands: false with an empty error.
bool parse_command(std::string_view line, LiveCommand& command, std::string* error);

// Every command of a script text, in order; false with "line N: ..." in `error`. Times must
// not go backwards.
bool parse_script(std::string_view text, std::vector<LiveCommand>& commands, std::string* error);

// A thread-safe queue from the window to the world.
class LiveCommandQueue {
 public:
  void push(LiveCommand command);
  // Moves every queued command into `out` (appended); returns how many.
  std::size_t drain(std::vector<LiveCommand>& out);
  // Waits until a command is queued or `timeout` passed; true when one is queued.
  bool wait_for(std::chrono::duration<double> timeout);

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<LiveCommand> queue_;
};

}  // namespace pharmatwin::sim
