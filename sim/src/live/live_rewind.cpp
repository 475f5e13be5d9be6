#include "pharmatwin/sim/live_rewind.hpp"

#include <algorithm>
#include <cstdio>

namespace pharmatwin::sim {

std::vector<LiveCommand> script_after_first_rewind(const std::vector<LiveCommand>& script) {
  const auto it = std::find_if(script.begin(), script.end(),
                               [](const LiveCommand& c) { return c.verb == LiveVerb::kRewind; });
  if (it == script.end()) return {};
  return {it + 1, script.end()};
}

std::vector<LiveCommand> commands_up_to(const std::vector<std::string>& command_log, double to_s,
                                        std::size_t* set_aside) {
  std::vector<LiveCommand> kept;
  std::size_t aside = 0;
  for (const auto& line : command_log) {
    LiveCommand c;
    if (!parse_command(line, c, nullptr)) continue;
    if (*c.at_s <= to_s)
      kept.push_back(std::move(c));
    else
      ++aside;
  }
  if (set_aside) *set_aside = aside;
  return kept;
}

std::string script_text(const std::vector<LiveCommand>& script) {
  std::string text;
  for (const auto& c : script) text += format_command(c, c.at_s.value_or(0)) + "\n";
  return text;
}

LiveSessionOptions rewound_options(const LiveSnapshot& now, const LiveCommand& command,
                                   const std::vector<LiveCommand>& rest) {
  LiveSessionOptions options;
  const double to_s = std::clamp(command.to_s, 0.0, now.sim_s);
  std::size_t set_aside = 0;
  options.script = commands_up_to(now.command_log, to_s, &set_aside);
  if (command.at_s) {  // scripted: the script goes on from the rewind's target
    options.script.insert(options.script.end(), rest.begin(), rest.end());
  } else {  // from the window: back at the instant, paused
    LiveCommand pause;
    pause.verb = LiveVerb::kPause;
    pause.at_s = to_s;
    options.script.push_back(pause);
  }
  options.catch_up_to_s = to_s;
  std::string label;
  for (const auto& b : now.bookmarks)
    if (b.t_s == to_s && !b.label.empty()) label = " (bookmark " + b.label + ")";
  char when[64];
  std::snprintf(when, sizeof when, "t+%.0f s", to_s);
  options.messages = {"rewound to " + std::string(when) + label + ": " + std::to_string(set_aside) +
                      " later command(s) set aside"};
  return options;
}

RewindableSource::RewindableSource(LiveSession& session, std::vector<LiveCommand> script)
    : session_(session), script_(std::move(script)) {}

void RewindableSource::push(LiveCommand command) {
  if (command.verb != LiveVerb::kRewind) {
    session_.push(std::move(command));
    return;
  }
  const auto now = session_.snapshot();
  auto options = rewound_options(*now, command, script_after_first_rewind(script_));
  {
    std::lock_guard lock(mutex_);
    if (restart_) return;  // the first rewind wins
    restart_ = std::move(options);
  }
  session_.close();
}

bool RewindableSource::wants_window_closed() const {
  std::lock_guard lock(mutex_);
  return restart_.has_value();
}

std::optional<LiveSessionOptions> RewindableSource::restart() const {
  std::lock_guard lock(mutex_);
  return restart_;
}

}  // namespace pharmatwin::sim
