// A replay of a recorded run: a live session on the default scenario (in-process detection) and
// its event log opened by ReplayRun. At the end the replay shows the KPIs the live session
// showed and those report.json holds; scrubbing forward and back lands on identical snapshots;
// the session's clock seeks, steps and jumps between events. One World per process (SimGrid):
// it runs in a forked child.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../sim/sim_child.hpp"
#include "pharmatwin/adapters/bindings.hpp"
#include "pharmatwin/experiments/pipeline.hpp"
#include "pharmatwin/experiments/replay_session.hpp"
#include "pharmatwin/scenarios/loader.hpp"
#include "pharmatwin/sim/live_session.hpp"
#include "pharmatwin/sim/world.hpp"

namespace pharmatwin::experiments {
namespace {

namespace fs = std::filesystem;

constexpr double kHorizon = 4 * 86400.0;  // through the cold room's HVAC failure at 2.4..2.8 d

// Everything a panel reads of a snapshot, as text (seq and wall time left out).
std::string digest(const sim::LiveSnapshot& s) {
  std::ostringstream o;
  o.precision(17);
  o << s.sim_s << ' ' << s.finished << ' ' << s.stop_reason << '\n';
  for (const auto& z : s.zones)
    o << z.air_c << ' ' << z.product_c << ' ' << z.hvac_running << z.hvac_powered << z.hvac_failed
      << ' ' << z.doors_open << ' ' << z.active_alerts << ' ' << z.worst_severity << '\n';
  for (const auto& x : s.sensors)
    o << x.has_value << ' ' << x.value_c << ' ' << x.time_s << ' ' << x.faulty << '\n';
  for (const auto& a : s.alerts)
    o << a.id << ' ' << a.kind << ' ' << a.raised_at_s << ' ' << a.cleared << ' ' << a.cleared_at_s
      << ' ' << a.acknowledged << ' ' << a.fault << '\n';
  for (const auto& d : s.decisions) o << d.kind << ' ' << d.zone << ' ' << d.at_s << '\n';
  for (const auto& f : s.faults)
    o << f.name << ' ' << f.start_s << ' ' << f.end_s << ' ' << f.detected_after_s << '\n';
  const auto& k = s.kpis;
  o << k.fill_rate << ' ' << k.lines_lost << ' ' << k.units_lost << ' ' << k.units_quarantined
    << ' ' << k.units_held << ' ' << k.units_rejected << ' ' << k.alerts << ' ' << k.false_alarms
    << ' ' << k.faults_detected << '\n';
  for (const auto& c : s.history)
    for (std::size_t i = 0; i < c->t_s.size(); ++i) o << c->t_s[i] << ':' << c->air_c[0][i] << ' ';
  for (const auto& line : s.command_log) o << line << '\n';
  return o.str();
}

// The live session's last KPIs: fill rate, lines lost, units lost, quarantined, held, rejected,
// alerts, false alarms, faults, detected.
std::vector<double> run_live(const fs::path& dir) {
  const auto loaded =
      scenarios::load_scenario(std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/default.textproto");
  if (!loaded.ok()) return {};
  sim::WorldOptions options;
  options.out_dir = dir;
  options.horizon_s = kHorizon;
  options.scenario_dir = fs::path(PHARMATWIN_SOURCE_DIR) / "scenarios";
  std::string error;
  auto world = sim::World::create(loaded.scenario, options, &error);
  if (!world) return {};
  adapters::BindingContext context;
  context.scenario = &loaded.scenario;
  context.out_dir = dir;
  context.seed = loaded.scenario.run().seed();
  auto detection = adapters::make_detection_port(loaded.scenario.systems().detection(),
                                                 options.scenario_dir, context);
  auto tt = adapters::make_serialization_port(loaded.scenario.systems().serialization(),
                                              options.scenario_dir, context);
  if (!detection.ok() || !tt.ok()) return {};
  world->set_detection_port(detection.port.get());
  world->set_serialization_port(tt.port.get());
  sim::LiveSessionOptions lo;
  lo.pace = false;
  std::string why;
  sim::parse_script("2d12h ack det-1 checked the cold room\n", lo.script, &why);
  sim::LiveSession session(loaded.scenario, world->layout(), lo);
  session.connect(world->observers());
  world->set_live_hook(&session);
  session.finish(world->run());
  world.reset();  // closes the event log
  ScoreRequest request;
  request.run_dir = dir;
  request.baseline_dir = dir;
  request.scenario = &loaded.scenario;
  request.write_audit = false;
  if (!score_run_dir(request).ok()) return {};
  const auto& k = session.snapshot()->kpis;
  auto d = [](std::uint64_t v) { return static_cast<double>(v); };
  return {k.fill_rate,     d(k.lines_lost),     d(k.units_lost), d(k.units_quarantined),
          d(k.units_held), d(k.units_rejected), d(k.alerts),     d(k.false_alarms),
          d(k.faults),     d(k.faults_detected)};
}

class ReplayOfARecordedRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("pharmatwin-replay-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ok_ = sim::testing::in_child([] { return run_live(dir_); }, live_) && live_.size() == 10;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static inline fs::path dir_;
  static inline std::vector<double> live_;
  static inline bool ok_ = false;
};

TEST_F(ReplayOfARecordedRun, EndsOnTheLiveSessionsKpisAndReportJson) {
  ASSERT_TRUE(ok_);
  std::string error;
  auto run = ReplayRun::open(dir_, &error);
  ASSERT_TRUE(run) << error;
  EXPECT_DOUBLE_EQ(run->end_s(), kHorizon);
  const auto end = run->snapshot_at(run->end_s());
  const auto& k = end->kpis;
  EXPECT_TRUE(end->finished);
  EXPECT_NEAR(k.fill_rate, live_[0], 1e-12);
  EXPECT_EQ(k.lines_lost, live_[1]);
  EXPECT_EQ(k.units_lost, live_[2]);
  EXPECT_EQ(k.units_quarantined, live_[3]);
  EXPECT_EQ(k.units_held, live_[4]);
  EXPECT_EQ(k.units_rejected, live_[5]);
  EXPECT_EQ(k.alerts, live_[6]);
  EXPECT_EQ(k.false_alarms, live_[7]);
  EXPECT_EQ(k.faults, live_[8]);
  EXPECT_EQ(k.faults_detected, live_[9]);
  EXPECT_GT(k.alerts, 0u);
  EXPECT_GT(k.units_quarantined, 0u);

  std::ifstream in(dir_ / "report.json");
  const auto report = nlohmann::json::parse(in);
  const auto& ops = report["operations"];
  EXPECT_NEAR(k.fill_rate * 100, ops["fill_rate_percent"].get<double>(), 1e-9);
  EXPECT_EQ(k.units_lost, ops["units_lost"].get<std::uint64_t>());
  EXPECT_EQ(k.lines_lost, ops["lines_lost"].get<std::uint64_t>());
  EXPECT_EQ(k.units_quarantined, ops["units_quarantined"].get<std::uint64_t>());
  EXPECT_EQ(k.units_rejected, ops["units_rejected"].get<std::uint64_t>());
  EXPECT_EQ(k.units_held, ops["units_on_hold"].get<std::uint64_t>());
  const auto& notes = run->replay()->notes;
  EXPECT_NE(std::find(notes.begin(), notes.end(), "final KPIs agree with report.json"),
            notes.end());

  // The acknowledgement made during the session is shown from its instant on.
  const auto before = run->snapshot_at(2 * 86400.0 + 11 * 3600.0);
  const auto after = run->snapshot_at(2 * 86400.0 + 12 * 3600.0);
  auto acked = [](const sim::LiveSnapshot& s) {
    for (const auto& a : s.alerts)
      if (a.id == "det-1") return a.acknowledged;
    return false;
  };
  EXPECT_FALSE(acked(*before));
  EXPECT_TRUE(acked(*after));
}

TEST_F(ReplayOfARecordedRun, ScrubbingForwardAndBackLandsOnIdenticalSnapshots) {
  ASSERT_TRUE(ok_);
  std::string error;
  auto run = ReplayRun::open(dir_, &error);
  ASSERT_TRUE(run) << error;
  std::vector<double> instants;
  for (double t = 0; t <= kHorizon; t += 7 * 3600.0 + 13) instants.push_back(t);
  ASSERT_GT(instants.size(), 10u);
  std::vector<std::string> forward;
  for (double t : instants) forward.push_back(digest(*run->snapshot_at(t)));
  for (std::size_t i = instants.size(); i-- > 0;)
    EXPECT_EQ(digest(*run->snapshot_at(instants[i])), forward[i]);
  // Through the session too, at a fake wall clock: seek there, play back over it, seek again.
  double wall = 0;
  ReplaySessionOptions ro;
  ro.wall_clock = [&] { return wall; };
  ReplaySession session(run, nullptr, ro);
  sim::LiveCommand seek;
  seek.verb = sim::LiveVerb::kSeek;
  seek.to_s = instants[8];
  session.push(seek);
  const std::string at = digest(*session.snapshot());
  EXPECT_EQ(at, forward[8]);
  sim::LiveCommand c;
  c.verb = sim::LiveVerb::kSpeed;
  c.speed = -36000;
  session.push(c);
  c.verb = sim::LiveVerb::kPlay;
  session.push(c);
  wall += 2;
  EXPECT_DOUBLE_EQ(session.now_s(), instants[8] - 72000);
  session.push(seek);
  EXPECT_EQ(digest(*session.snapshot()), at);
}

TEST_F(ReplayOfARecordedRun, NextAndPreviousEventJumpToFaultsAndAlerts) {
  ASSERT_TRUE(ok_);
  std::string error;
  auto run = ReplayRun::open(dir_, &error);
  ASSERT_TRUE(run) << error;
  ReplaySession session(run, nullptr, {});
  sim::LiveCommand next;
  next.verb = sim::LiveVerb::kNextEvent;
  session.push(next);
  const auto first = session.snapshot();
  // The first event of the default scenario is its HVAC failure or an alert before it.
  ASSERT_GT(first->sim_s, 0);
  EXPECT_TRUE(!first->alerts.empty() || !first->faults.empty());
  const double t1 = first->sim_s;
  session.push(next);
  const double t2 = session.now_s();
  EXPECT_GT(t2, t1);
  sim::LiveCommand prev;
  prev.verb = sim::LiveVerb::kPrevEvent;
  session.push(prev);
  EXPECT_DOUBLE_EQ(session.now_s(), t1);
  sim::LiveCommand step;
  step.verb = sim::LiveVerb::kStep;
  session.push(step);
  EXPECT_GT(session.now_s(), t1);
  EXPECT_LE(session.now_s(), t1 + run->step_s());
}

TEST_F(ReplayOfARecordedRun, ComparedWithItselfEveryKpiMatches) {
  ASSERT_TRUE(ok_);
  std::string error;
  auto a = ReplayRun::open(dir_, &error);
  auto b = ReplayRun::open(dir_ / "events.pb", &error);
  ASSERT_TRUE(a && b) << error;
  ReplaySessionOptions ro;
  ro.start_s = 3 * 86400.0;
  ReplaySession session(a, b, ro);
  const auto s = session.snapshot();
  ASSERT_TRUE(s->compare);
  EXPECT_EQ(digest(*s->compare), digest(*a->snapshot_at(3 * 86400.0)));
}

TEST(ReplayRunOpen, SaysWhichFileIsMissingOrDamaged) {
  const fs::path dir =
      fs::temp_directory_path() / ("pharmatwin-replay-bad-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string error;
  EXPECT_FALSE(ReplayRun::open(dir / "nowhere", &error));
  EXPECT_NE(error.find("nowhere: no such directory"), std::string::npos) << error;
  EXPECT_FALSE(ReplayRun::open(dir, &error));
  EXPECT_NE(error.find("no events.pb"), std::string::npos) << error;
  std::ofstream(dir / "events.pb") << "this is not an event log at all";
  EXPECT_FALSE(ReplayRun::open(dir, &error));
  EXPECT_NE(error.find((dir / "events.pb").string()), std::string::npos) << error;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pharmatwin::experiments
