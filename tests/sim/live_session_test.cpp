// A live session on a running world: commands take effect at logged instants, snapshots follow
// the world, and a scripted session gives the same event log twice.
#include "pharmatwin/sim/live_session.hpp"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>

#include "live_site.hpp"
#include "pharmatwin/sim/event_log.hpp"
#include "pharmatwin/sim/world.hpp"
#include "sim_child.hpp"

namespace pharmatwin::sim {
namespace {

using testing::in_child;

using testing::kLiveSite;
constexpr const char* kSite = kLiveSite;

constexpr const char* kScript =
    "1h inject name: \"warm\" duration: \"2h\" hvac_failure { zone: \"cold\" }\n"
    "90m decide quarantine cold under review\n"
    "2h ack no-such-alert checked\n"
    "2h speed 0\n";

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs the site into `out_dir` with `script`, unpaced, looking every 10 min; `inspect` then sees
// the session and the run's summary. False when the site, the world or the script fails.
bool run_scripted(const std::filesystem::path& out_dir, const char* script,
                  const std::function<void(const LiveSession&, const RunSummary&)>& inspect) {
  scenario::Scenario sc;
  if (!google::protobuf::TextFormat::ParseFromString(kSite, &sc)) return false;
  WorldOptions options;
  options.out_dir = out_dir;
  std::string error;
  auto world = World::create(sc, options, &error);
  if (!world) return false;
  LiveSessionOptions lo;
  lo.pace = false;
  lo.tick_s = 600;
  if (!parse_script(script, lo.script, &error)) return false;
  LiveSession session(sc, world->layout(), lo);
  session.connect(world->observers());
  world->set_live_hook(&session);
  const RunSummary summary = world->run();
  session.finish(summary);
  inspect(session, summary);
  return true;
}

// Runs the site with kScript; returns what the last snapshot says.
std::vector<double> run_session(const std::filesystem::path& out_dir) {
  std::shared_ptr<const LiveSnapshot> last;
  if (!run_scripted(out_dir, kScript, [&](const LiveSession& session, const RunSummary&) {
        last = session.snapshot();
      }))
    return {};
  const auto& s = last;
  std::size_t samples = 0;
  float peak = -100;
  for (const auto& chunk : s->history) {
    samples += chunk->t_s.size();
    for (float v : chunk->air_c[0]) peak = std::max(peak, v);
  }
  const bool refused = !s->messages.empty() && s->messages[0].find("no alert") != std::string::npos;
  return {s->finished ? 1.0 : 0.0,
          s->sim_s,
          static_cast<double>(s->faults.size()),
          s->faults.empty() ? -1 : s->faults[0].start_s,
          s->faults.empty() ? -1 : s->faults[0].end_s,
          static_cast<double>(s->command_log.size()),
          static_cast<double>(samples),
          peak,
          refused ? 1.0 : 0.0,
          s->speed,
          s->decisions.empty() ? -1 : s->decisions[0].at_s};
}

TEST(LiveSession, ScriptCommandsTakeEffectAtTheirInstantsAndAreLogged) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("pharmatwin-live-" + std::to_string(getpid()));
  std::vector<double> got;
  ASSERT_TRUE(in_child([&] { return run_session(dir / "a"); }, got));
  ASSERT_EQ(got.size(), 11u);
  EXPECT_EQ(got[0], 1);         // finished
  EXPECT_EQ(got[1], 6 * 3600);  // at the horizon
  EXPECT_EQ(got[2], 1);         // the injected fault
  EXPECT_EQ(got[3], 3600);
  EXPECT_EQ(got[4], 3 * 3600);
  EXPECT_EQ(got[5], 3);   // inject, decide, speed (the refused ack is not applied)
  EXPECT_EQ(got[6], 37);  // 0, 10 min, ..., 6 h: the grid of looks
  EXPECT_GT(got[7], 20);  // without cooling the room warms towards 34 C
  EXPECT_EQ(got[8], 1);
  EXPECT_EQ(got[9], 0);
  EXPECT_EQ(got[10], 5400);

  std::string error;
  auto reader = EventLogReader::open(dir / "a" / "events.pb", &error);
  ASSERT_TRUE(reader) << error;
  LogRecord rec;
  std::vector<std::pair<double, std::string>> commands;
  double decision_at = -1, fault_at = -1;
  while (reader->next(rec)) {
    if (rec.has_live_command()) commands.emplace_back(rec.t_s(), rec.live_command().line());
    if (rec.has_decision()) decision_at = rec.t_s();
    if (rec.has_fault_started()) fault_at = rec.t_s();
  }
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(commands[0].first, 3600);
  EXPECT_EQ(commands[0].second.rfind("3600 inject ", 0), 0u) << commands[0].second;
  EXPECT_EQ(commands[1].second, "5400 decide quarantine cold under review");
  EXPECT_EQ(commands[2].second, "7200 speed 0");
  EXPECT_EQ(decision_at, 5400);
  EXPECT_EQ(fault_at, 3600);
  std::filesystem::remove_all(dir);
}

TEST(LiveSession, AScriptedSessionPlayedTwiceGivesTheSameEventLog) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("pharmatwin-live-twice-" + std::to_string(getpid()));
  std::vector<double> got;
  ASSERT_TRUE(in_child([&] { return run_session(dir / "a"); }, got));
  ASSERT_TRUE(in_child([&] { return run_session(dir / "b"); }, got));
  const std::string a = file_bytes(dir / "a" / "events.pb");
  const std::string b = file_bytes(dir / "b" / "events.pb");
  ASSERT_GT(a.size(), 1000u);
  EXPECT_EQ(a, b);
  std::filesystem::remove_all(dir);
}

// A session stopped from the dashboard ends the run at the stop, not at the horizon: the
// event log's end record says so, so that scoring covers only the span the session reached.
TEST(LiveSession, AStopEndsTheLogAtTheStopInstant) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("pharmatwin-live-stop-" + std::to_string(getpid()));
  std::vector<double> got;
  ASSERT_TRUE(in_child(
      [&] {
        std::vector<double> out;
        run_scripted(dir, "2h stop\n", [&](const LiveSession&, const RunSummary& summary) {
          out = {summary.stopped ? 1.0 : 0.0, summary.stopped_at_s};
        });
        return out;
      },
      got));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], 1);
  EXPECT_EQ(got[1], 2 * 3600);
  std::string error;
  auto reader = EventLogReader::open(dir / "events.pb", &error);
  ASSERT_TRUE(reader) << error;
  LogRecord rec;
  double end_t = -1, stopped_at = -1;
  while (reader->next(rec)) {
    if (rec.has_run_end()) {
      end_t = rec.t_s();
      stopped_at = rec.run_end().stopped_at_s();
    }
  }
  EXPECT_EQ(end_t, 2 * 3600);
  EXPECT_EQ(stopped_at, 2 * 3600);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pharmatwin::sim
