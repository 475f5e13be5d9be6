// The dashboard on a 50-zone, 400-sensor site: panel building and draw-list generation per frame
// (headless ImGui, a year of history), full frames under xvfb-run, and the world run as fast as
// possible behind a live session against the same run without one.
#include <benchmark/benchmark.h>
#include <google/protobuf/text_format.h>
#include <imgui.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "pharmatwin/sim/live_session.hpp"
#include "pharmatwin/sim/world.hpp"
#include "pharmatwin/viz/dashboard.hpp"
#include "site_generator.hpp"

namespace {

using namespace pharmatwin;

constexpr int kZones = 50, kSensorsPerZone = 8;

// The synthetic site laid out on a 10 x 5 grid of 12 x 10 m rooms.
scenario::Scenario site(const std::string& horizon) {
  auto sc = bench::synthetic_site(kZones, kSensorsPerZone, horizon);
  // What the scenario loader requires of a site file (the generator builds the message directly).
  sc.mutable_site()->set_gln("4012345000009");
  sc.mutable_site()->set_company_prefix("4012345");
  if (sc.has_staff() && sc.staff().has_pickers()) {
    auto* t = sc.mutable_staff()->mutable_pickers()->mutable_task_time();
    google::protobuf::TextFormat::ParseFromString(R"pb(shape: LOGNORMAL mean: "4m" stddev: "2m")pb",
                                                  t);
  }
  for (int i = 0; i < sc.zones_size(); ++i) {
    auto* f = sc.mutable_zones(i)->mutable_floor();
    f->set_x_m(12.0 * (i % 10));
    f->set_y_m(10.0 * (i / 10));
    f->set_width_m(12);
    f->set_depth_m(10);
  }
  return sc;
}

// A snapshot a year into the run: 5-minute history of every zone, a few hundred alerts.
sim::LiveSnapshot year_snapshot() {
  auto s = std::make_shared<sim::LiveSite>();
  s->name = "bench";
  for (int z = 0; z < kZones; ++z) {
    sim::LiveSite::Zone zone;
    zone.name = "zone-" + std::to_string(z);
    zone.min_c = 2, zone.max_c = 8, zone.setpoint_c = 5;
    zone.floor = {12.0 * (z % 10), 10.0 * (z / 10), 12, 10};
    zone.doors = {"dock"};
    s->zones.push_back(zone);
    for (int k = 0; k < kSensorsPerZone; ++k)
      s->sensors.push_back({"s-" + std::to_string(z) + "-" + std::to_string(k),
                            static_cast<std::uint32_t>(z), k == 0});
  }
  sim::LiveSnapshot snap;
  snap.site = s;
  snap.sim_s = 365 * 86400.0;
  snap.zones.resize(kZones);
  snap.sensors.resize(s->sensors.size());
  for (int z = 0; z < kZones; ++z) snap.zones[z].air_c = 4 + 0.1 * z;
  for (auto& sensor : snap.sensors) sensor.has_value = true, sensor.value_c = 5.2;
  const std::size_t samples = 365 * 288;
  for (std::size_t i = 0; i < samples; i += sim::LiveHistoryChunk::kCapacity) {
    auto chunk = std::make_shared<sim::LiveHistoryChunk>();
    chunk->air_c.resize(kZones);
    chunk->product_c.resize(kZones);
    for (std::size_t j = i; j < std::min(samples, i + sim::LiveHistoryChunk::kCapacity); ++j) {
      chunk->t_s.push_back(300.0 * static_cast<double>(j));
      for (int z = 0; z < kZones; ++z) {
        chunk->air_c[z].push_back(5 + static_cast<float>((j * 7 + z) % 11) * 0.1f);
        chunk->product_c[z].push_back(5);
      }
    }
    snap.history.push_back(chunk);
  }
  for (int a = 0; a < 300; ++a) {
    sim::LiveAlert alert;
    alert.id = "A-" + std::to_string(a);
    alert.kind = "excursion_high";
    alert.zone = static_cast<std::uint32_t>(a % kZones);
    alert.raised_at_s = a * 86400.0;
    alert.message = "Hi 8.0 C exceeded";
    alert.cleared = a < 290;
    snap.alerts.push_back(alert);
  }
  return snap;
}

// args: chart span in days
void BM_DashboardPanels(benchmark::State& state) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = {1280, 720};
  io.IniFilename = nullptr;
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  const auto snap = year_snapshot();
  viz::DashboardState ui;
  ui.chart_span_s = static_cast<double>(state.range(0)) * 86400;
  double vertices = 0;
  for (auto _ : state) {
    io.DeltaTime = 1.0f / 60;
    ImGui::NewFrame();
    viz::draw_dashboard(snap, ui, [](sim::LiveCommand) {});
    ImGui::Render();
    vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  state.counters["vertices"] = vertices;
  ImGui::DestroyContext();
}
BENCHMARK(BM_DashboardPanels)->Arg(1)->Arg(30)->Arg(365)->Unit(benchmark::kMillisecond);

// Runs the site for `days` in a child, with a live session looking every `tick_s` (0: without
// one); returns wall seconds.
double run_world(int days, double tick_s) {
  const bool live = tick_s > 0;
  int fds[2];
  if (pipe(fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const auto sc = site(std::to_string(days) + "d");
    sim::WorldOptions options;
    std::string error;
    auto world = sim::World::create(sc, options, &error);
    double wall = -1;
    if (world) {
      sim::LiveSessionOptions lo;
      lo.speed = 0;  // as fast as possible
      lo.tick_s = live ? tick_s : 300;
      sim::LiveSession session(sc, world->layout(), lo);
      if (live) {
        session.connect(world->observers());
        world->set_live_hook(&session);
      }
      wall = world->run().wall_time_s;
    }
    const bool ok = write(fds[1], &wall, sizeof wall) == static_cast<ssize_t>(sizeof wall);
    _exit(ok ? 0 : 3);
  }
  close(fds[1]);
  double wall = -1;
  if (read(fds[0], &wall, sizeof wall) != static_cast<ssize_t>(sizeof wall)) wall = -1;
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return wall;
}

// args: days, the session's tick in seconds (0: no session)
void BM_WorldBehindSession(benchmark::State& state) {
  double wall = 0;
  for (auto _ : state) {
    wall = run_world(static_cast<int>(state.range(0)), static_cast<double>(state.range(1)));
    if (wall < 0) {
      state.SkipWithError("the child run failed");
      return;
    }
    state.SetIterationTime(wall);
  }
  state.counters["simulated_days_per_s"] = static_cast<double>(state.range(0)) / wall;
}
BENCHMARK(BM_WorldBehindSession)
    ->Args({30, 0})
    ->Args({30, 300})
    ->Args({30, 900})
    ->Iterations(3)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

#if defined(PHARMATWIN_BINARY)
// Whole frames of `pharmatwin gui` under xvfb-run (Mesa llvmpipe) at 3,600x, anti-aliased (arg 1)
// or not (0); skipped without xvfb-run.
void BM_GuiFramesUnderXvfb(benchmark::State& state) {
  if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) {
    state.SkipWithError("xvfb-run is not installed");
    return;
  }
  const std::string dir = "/tmp/pharmatwin-viz-bench";
  std::system(("mkdir -p " + dir).c_str());
  std::string text;
  google::protobuf::TextFormat::PrintToString(site("30d"), &text);
  std::ofstream(dir + "/site.textproto") << text;
  double mean = 0, p95 = 0, max = 0;
  for (auto _ : state) {
    const std::string cmd = std::string("xvfb-run -a -s '-screen 0 1280x720x24' ") +
                            PHARMATWIN_BINARY + " gui " + dir + "/site.textproto --out " + dir +
                            "/out --speed 3600 --frames " + std::to_string(state.range(0)) +
                            " --frame-stats" + (state.range(1) ? "" : " --no-antialias") +
                            " 2>&1 | grep '^frames'";
    FILE* p = popen(cmd.c_str(), "r");
    char line[256] = "";
    if (!p || !std::fgets(line, sizeof line, p) ||
        std::sscanf(line, "frames %*d: frame %lf ms mean, %lf ms p95, %lf ms max", &mean, &p95,
                    &max) != 3) {
      if (p) pclose(p);
      state.SkipWithError("no frame statistics from pharmatwin gui");
      return;
    }
    pclose(p);
  }
  state.counters["frame_ms_mean"] = mean;
  state.counters["frame_ms_p95"] = p95;
  state.counters["frame_ms_max"] = max;
  std::system(("rm -rf " + dir + "/out").c_str());  // the site file stays for reruns by hand
}
BENCHMARK(BM_GuiFramesUnderXvfb)
    ->Args({300, 1})
    ->Args({300, 0})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
#endif

}  // namespace
