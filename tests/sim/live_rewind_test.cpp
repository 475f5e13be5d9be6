// Rewinding a live session: the world a rewind starts replays the commands up to the bookmark,
// the commands after it are set aside, and its event log is the one its own command log plays to.
#include "pharmatwin/sim/live_rewind.hpp"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "live_site.hpp"
#include "pharmatwin/sim/world.hpp"
#include "sim_child.hpp"

namespace pharmatwin::sim {
namespace {

using testing::in_child;
namespace fs = std::filesystem;

using testing::kLiveSite;
constexpr const char* kSite = kLiveSite;

// The trainer bookmarks 1 h, pauses and plays, a fault is injected and the zone quarantined,
// then the session is rewound to the bookmark and goes on differently: a hold at 4 h.
constexpr const char* kScript =
    "1h bookmark before-fault\n"
    "1h pause\n"
    "1h play\n"
    "90m inject name: \"warm\" duration: \"2h\" hvac_failure { zone: \"cold\" }\n"
    "2h decide quarantine cold under review\n"
    "3h rewind 1h\n"
    "4h decide hold cold second thoughts\n";

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs the site into `out_dir` with a session of `lo`, unpaced, doing what the window does with
// a script's rewinds; returns the last snapshot (null when the world fails) and, after a
// rewind, the options of the next world.
std::shared_ptr<const LiveSnapshot> run_site(const fs::path& out_dir, LiveSessionOptions lo,
                                             std::optional<LiveSessionOptions>* restart) {
  scenario::Scenario sc;
  if (!google::protobuf::TextFormat::ParseFromString(kSite, &sc)) return nullptr;
  WorldOptions options;
  options.out_dir = out_dir;
  std::string error;
  auto world = World::create(sc, options, &error);
  if (!world) return nullptr;
  lo.pace = false;
  lo.tick_s = 600;
  LiveSession session(sc, world->layout(), lo);
  RewindableSource source(session, lo.script);
  session.connect(world->observers());
  world->set_live_hook(&session);
  std::thread window([&] {  // a window performing the script's window verbs
    std::uint64_t handled = 0;
    while (!source.wants_window_closed()) {
      const auto s = source.snapshot();
      if (s->finished) break;
      if (s->window_actions_id > handled) {
        for (const auto& c : s->window_actions)
          if (c.verb == LiveVerb::kRewind) source.push(c);
        handled = s->window_actions_id;
        source.window_done(handled);
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  const RunSummary summary = world->run();
  session.finish(summary);
  world.reset();
  window.join();
  if (restart) *restart = source.restart();
  return source.snapshot();
}

bool has_line(const LiveSnapshot& s, const std::string& word) {
  for (const auto& line : s.command_log)
    if (line.find(word) != std::string::npos) return true;
  return false;
}

TEST(RewindableSource, ARewindSetsLaterCommandsAsideAndItsLogPlaysToTheSameEventLog) {
  const fs::path dir =
      fs::temp_directory_path() / ("pharmatwin-rewind-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // 1. The first world, up to the rewind at 3 h; the next world's script comes back in a file.
  std::vector<double> first;
  ASSERT_TRUE(in_child(
      [&] {
        LiveSessionOptions lo;
        std::string error;
        if (!parse_script(kScript, lo.script, &error)) return std::vector<double>{};
        std::optional<LiveSessionOptions> next;
        const auto s = run_site(dir / "first", lo, &next);
        if (!s || !next) return std::vector<double>{};
        std::ofstream(dir / "next.txt") << script_text(next->script);
        return std::vector<double>{
            s->sim_s, next->catch_up_to_s,
            next->messages.at(0).find("bookmark before-fault") != std::string::npos ? 1.0 : 0.0};
      },
      first));
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0], 3 * 3600);  // stopped at the rewind
  EXPECT_EQ(first[1], 3600);      // comes back to the bookmark
  EXPECT_EQ(first[2], 1);

  // 2. The next world: catches up to 1 h with what was logged up to there, then the script's rest.
  std::vector<double> rewound;
  ASSERT_TRUE(in_child(
      [&] {
        LiveSessionOptions lo;
        std::string error;
        if (!parse_script(file_bytes(dir / "next.txt"), lo.script, &error))
          return std::vector<double>{};
        lo.catch_up_to_s = 3600;
        const auto s = run_site(dir / "rewound", lo, nullptr);
        if (!s) return std::vector<double>{};
        std::ofstream log(dir / "log.txt");
        for (const auto& line : s->command_log) log << line << "\n";
        return std::vector<double>{
            s->finished ? 1.0 : 0.0, has_line(*s, "bookmark before-fault") ? 1.0 : 0.0,
            has_line(*s, "inject") || has_line(*s, "quarantine") ? 1.0 : 0.0,
            has_line(*s, "hold cold") ? 1.0 : 0.0, static_cast<double>(s->faults.size())};
      },
      rewound));
  ASSERT_EQ(rewound.size(), 5u);
  EXPECT_EQ(rewound[0], 1);  // ran to the horizon
  EXPECT_EQ(rewound[1], 1);  // the bookmark was kept
  EXPECT_EQ(rewound[2], 0);  // the fault and the quarantine after it were set aside
  EXPECT_EQ(rewound[3], 1);  // the branch went on with the hold
  EXPECT_EQ(rewound[4], 0);

  // 3. A plain session playing that branch's command log writes the same event log.
  std::vector<double> plain;
  ASSERT_TRUE(in_child(
      [&] {
        LiveSessionOptions lo;
        std::string error;
        if (!parse_script(file_bytes(dir / "log.txt"), lo.script, &error))
          return std::vector<double>{};
        return std::vector<double>{run_site(dir / "plain", lo, nullptr) ? 1.0 : 0.0};
      },
      plain));
  ASSERT_EQ(plain.size(), 1u);
  const auto a = file_bytes(dir / "rewound" / "events.pb");
  EXPECT_GT(a.size(), 0u);
  EXPECT_TRUE(a == file_bytes(dir / "plain" / "events.pb"));
  fs::remove_all(dir);
}

TEST(LiveCommand, BookmarkAndRewindReadBackAndARewindCannotGoForward) {
  LiveCommand c;
  ASSERT_TRUE(parse_command("3600 bookmark before the alarm", c, nullptr));
  EXPECT_EQ(c.verb, LiveVerb::kBookmark);
  EXPECT_EQ(c.target, "before the alarm");
  EXPECT_EQ(format_command(c, 3600), "3600 bookmark before the alarm");
  ASSERT_TRUE(parse_command("2h rewind 1h", c, nullptr));
  EXPECT_EQ(c.verb, LiveVerb::kRewind);
  EXPECT_EQ(c.to_s, 3600);
  EXPECT_TRUE(is_window_verb(c.verb));
  std::vector<LiveCommand> script;
  std::string why;
  EXPECT_FALSE(parse_script("1h rewind 2h\n", script, &why));
  EXPECT_NE(why.find("goes back"), std::string::npos) << why;
  script.clear();
  // After a rewind the times start again from its target.
  EXPECT_TRUE(parse_script("3h rewind 1h\n90m play\n", script, &why)) << why;
  EXPECT_EQ(script_after_first_rewind(script).size(), 1u);
  std::size_t aside = 0;
  const auto kept = commands_up_to({"0 speed 0", "3600 bookmark B1", "5400 pause"}, 3600, &aside);
  EXPECT_EQ(kept.size(), 2u);
  EXPECT_EQ(aside, 1u);
}

}  // namespace
}  // namespace pharmatwin::sim
