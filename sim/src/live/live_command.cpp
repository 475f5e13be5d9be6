#include "pharmatwin/sim/live_command.hpp"

#include <google/protobuf/text_format.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "pharmatwin/adapters/decision.hpp"
#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::sim {
namespace {

struct VerbWord {
  LiveVerb verb;
  std::string_view word;
};
constexpr VerbWord kVerbs[] = {
    {LiveVerb::kPause, "pause"},
    {LiveVerb::kPlay, "play"},
    {LiveVerb::kSpeed, "speed"},
    {LiveVerb::kStep, "step"},
    {LiveVerb::kNextEvent, "next-event"},
    {LiveVerb::kInject, "inject"},
    {LiveVerb::kAck, "ack"},
    {LiveVerb::kDecide, "decide"},
    {LiveVerb::kStop, "stop"},
    {LiveVerb::kSelect, "select"},
    {LiveVerb::kScreenshot, "screenshot"},
    {LiveVerb::kQuit, "quit"},
    {LiveVerb::kSeek, "seek"},
    {LiveVerb::kPrevEvent, "prev-event"},
    {LiveVerb::kBookmark, "bookmark"},
    {LiveVerb::kRewind, "rewind"},
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Splits off the first word of `s`.
std::string_view take_word(std::string_view& s) {
  s = trim(s);
  const auto end = s.find_first_of(" \t");
  const auto word = s.substr(0, end);
  s = end == std::string_view::npos ? std::string_view{} : trim(s.substr(end));
  return word;
}

std::optional<double> parse_number(std::string_view word) {
  double v = 0;
  const auto [p, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
  if (ec != std::errc() || p != word.data() + word.size()) return std::nullopt;
  return v;
}

std::string shortest(double v) {
  char buf[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// The dashboard decides stock dispositions; an investigation has no stock effect to show.
bool is_decision_kind(std::string_view k) {
  const auto kind = adapters::parse_decision_kind(k);
  return kind && *kind != adapters::DecisionKind::kInvestigate;
}

}  // namespace

std::string_view verb_name(LiveVerb verb) {
  for (const auto& v : kVerbs) {
    if (v.verb == verb) return v.word;
  }
  return "?";
}

std::string format_command(const LiveCommand& c, double at_s) {
  std::string line = shortest(at_s) + " " + std::string(verb_name(c.verb));
  auto add = [&line](const std::string& s) {
    if (!s.empty()) line += " " + s;
  };
  switch (c.verb) {
    case LiveVerb::kSpeed:
      add(shortest(c.speed));
      break;
    case LiveVerb::kInject:
      add(c.target);
      break;
    case LiveVerb::kSeek:
    case LiveVerb::kRewind:
      add(shortest(c.to_s));
      break;
    case LiveVerb::kBookmark:
      add(c.target);
      break;
    case LiveVerb::kAck:
      add(c.target);
      add(c.comment);
      break;
    case LiveVerb::kDecide:
      add(c.kind);
      add(c.target);
      add(c.comment);
      break;
    case LiveVerb::kSelect:
    case LiveVerb::kScreenshot:
      add(c.target);
      break;
    default:
      break;
  }
  return line;
}

bool parse_command(std::string_view line, LiveCommand& c, std::string* error) {
  auto fail = [error](std::string message) {
    if (error) *error = std::move(message);
    return false;
  };
  if (error) error->clear();
  std::string_view rest = trim(line);
  if (rest.empty() || rest.front() == '#') return false;
  c = LiveCommand{};
  const auto time_word = take_word(rest);
  std::optional<double> at = parse_number(time_word);
  if (!at) {
    std::string why;
    at = scenarios::parse_duration_s(time_word, &why);
    if (!at) return fail("'" + std::string(time_word) + "' is not a simulated time: " + why);
  }
  if (*at < 0) return fail("a simulated time must be >= 0");
  c.at_s = *at;
  const auto verb_word = take_word(rest);
  bool known = false;
  for (const auto& v : kVerbs) {
    if (v.word == verb_word) {
      c.verb = v.verb;
      known = true;
    }
  }
  if (!known) return fail("unknown command '" + std::string(verb_word) + "'");
  switch (c.verb) {
    case LiveVerb::kSpeed: {
      const auto v = parse_number(take_word(rest));
      if (!v || *v < 0) return fail("speed wants a number >= 0 (0: as fast as possible)");
      c.speed = *v;
      break;
    }
    case LiveVerb::kSeek:
    case LiveVerb::kRewind: {
      const auto word = take_word(rest);
      std::optional<double> v = parse_number(word);
      std::string why;
      if (!v) v = scenarios::parse_duration_s(word, &why);
      if (!v || *v < 0) return fail(std::string(verb_word) + " wants a simulated time >= 0");
      if (!rest.empty()) return fail(std::string(verb_word) + " takes one argument");
      c.to_s = *v;
      break;
    }
    case LiveVerb::kBookmark:
      c.target = std::string(rest);  // the label, possibly empty
      break;
    case LiveVerb::kInject: {
      scenario::Fault fault;
      if (rest.empty()) return fail("inject wants a fault in text format");
      google::protobuf::TextFormat::Parser parser;
      parser.AllowPartialMessage(true);
      if (!parser.ParseFromString(std::string(rest), &fault))
        return fail("inject: not a scenario fault in text format: " + std::string(rest));
      if (fault.kind_case() == scenario::Fault::KIND_NOT_SET)
        return fail("inject: the fault has no kind");
      c.target = std::string(rest);
      break;
    }
    case LiveVerb::kAck:
      c.target = std::string(take_word(rest));
      if (c.target.empty()) return fail("ack wants an alert id");
      c.comment = std::string(rest);
      break;
    case LiveVerb::kDecide:
      c.kind = std::string(take_word(rest));
      if (!is_decision_kind(c.kind))
        return fail("decide wants quarantine, hold, release or reject");
      c.target = std::string(take_word(rest));
      if (c.target.empty()) return fail("decide wants a zone");
      c.comment = std::string(rest);
      break;
    case LiveVerb::kSelect:
    case LiveVerb::kScreenshot:
      c.target = std::string(take_word(rest));
      if (c.target.empty()) return fail(std::string(verb_word) + " wants an argument");
      if (!rest.empty()) return fail(std::string(verb_word) + " takes one argument");
      break;
    default:
      if (!rest.empty()) return fail(std::string(verb_word) + " takes no arguments");
      break;
  }
  return true;
}

bool parse_script(std::string_view text, std::vector<LiveCommand>& commands, std::string* error) {
  std::size_t line_no = 0;
  double last = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    LiveCommand c;
    std::string why;
    if (!parse_command(line, c, &why)) {
      if (why.empty()) continue;
      if (error) *error = "line " + std::to_string(line_no) + ": " + why;
      return false;
    }
    if (*c.at_s < last) {
      if (error) *error = "line " + std::to_string(line_no) + ": the time goes backwards";
      return false;
    }
    if (c.verb == LiveVerb::kRewind && c.to_s > *c.at_s) {
      if (error) *error = "line " + std::to_string(line_no) + ": a rewind goes back, not forward";
      return false;
    }
    // After a rewind the session is back at its target: the script goes on from there.
    last = c.verb == LiveVerb::kRewind ? c.to_s : *c.at_s;
    commands.push_back(std::move(c));
  }
  return true;
}

void LiveCommandQueue::push(LiveCommand command) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(command));
  }
  cv_.notify_all();
}

std::size_t LiveCommandQueue::drain(std::vector<LiveCommand>& out) {
  std::lock_guard lock(mutex_);
  const std::size_t n = queue_.size();
  for (auto& c : queue_) out.push_back(std::move(c));
  queue_.clear();
  return n;
}

bool LiveCommandQueue::wait_for(std::chrono::duration<double> timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [this] { return !queue_.empty(); });
}

}  // namespace pharmatwin::sim
