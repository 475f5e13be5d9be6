#include "pharmatwin/viz/window.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "pharmatwin/viz/dashboard.hpp"

namespace pharmatwin::viz {
namespace {

std::string glfw_error_text;
void on_glfw_error(int, const char* text) { glfw_error_text = text ? text : ""; }

std::string no_display_message() {
  return "pharmatwin gui: cannot open a window (" +
         (glfw_error_text.empty() ? std::string("no display") : glfw_error_text) +
         "). Without a display run it under a virtual one, e.g.\n"
         "  xvfb-run -a pharmatwin gui SCENARIO\n"
         "or headless for a picture: xvfb-run -a pharmatwin gui SCENARIO --frames 60 --screenshot "
         "out.png";
}

bool write_layout(const std::string& path, const sim::LiveSnapshot& s, const SiteMapLayout& map,
                  int fb_height, std::string* error) {
  std::ofstream out(path);
  if (!out) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  (void)fb_height;
  for (std::size_t z = 0; z < map.zones.size() && s.site && z < s.site->zones.size(); ++z) {
    const auto& r = map.zones[z];
    out << s.site->zones[z].name << ' ' << r.x << ' ' << r.y << ' ' << r.w << ' ' << r.h << '\n';
  }
  return static_cast<bool>(out);
}

}  // namespace

bool write_framebuffer_png(const std::string& path, int width, int height, std::string* error) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL rows start at the bottom; PNG rows at the top. Opaque: the window has no alpha.
  std::vector<unsigned char> flipped(pixels.size());
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  for (int y = 0; y < height; ++y)
    std::copy_n(&pixels[static_cast<std::size_t>(height - 1 - y) * row], row,
                &flipped[static_cast<std::size_t>(y) * row]);
  for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (!stbi_write_png(path.c_str(), width, height, 4, flipped.data(), static_cast<int>(row))) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  return true;
}

bool run_dashboard_window(sim::SnapshotSource& session, const WindowOptions& o,
                          std::string* error) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    if (error) *error = no_display_message();
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
  GLFWwindow* window =
      glfwCreateWindow(o.width, o.height, "pharmatwin dashboard", nullptr, nullptr);
  if (!window) {
    if (error) *error = no_display_message();
    glfwTerminate();
    return false;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(o.vsync && o.frames == 0 ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  const std::string font = o.font.empty() ? PHARMATWIN_DEFAULT_FONT : o.font;
  if (std::filesystem::exists(font)) {
    io.Fonts->AddFontFromFileTTF(font.c_str(), 16.0f * o.ui_scale);
  } else {
    std::fprintf(
        stderr,
        "pharmatwin gui: font %s not found (install fonts-dejavu-core); using ImGui's own\n",
        font.c_str());
    ImFontConfig cfg;
    cfg.SizePixels = 13.0f * o.ui_scale;
    io.Fonts->AddFontDefault(&cfg);
  }
  ImGui::StyleColorsDark();
  ImGui::GetStyle().ScaleAllSizes(o.ui_scale);
  // Software renderers (Mesa llvmpipe) spend most of a frame on the anti-aliasing fringes.
  ImGui::GetStyle().AntiAliasedFill = ImGui::GetStyle().AntiAliasedLines = o.antialias;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  DashboardState ui;
  ui.ui_scale = o.ui_scale;
  if (o.lock_ground_truth) {
    ui.show_ground_truth = false;
    ui.ground_truth_locked = true;
  }
  const bool wait_for_debrief = o.debrief && !o.debrief_screenshot.empty();
  bool ok = true, quit = false, debrief_shot = false;
  int debrief_frames = 0;
  std::uint64_t handled_actions = 0;
  auto send = [&session](sim::LiveCommand c) { session.push(std::move(c)); };
  std::vector<double> frame_ms, build_ms;
  using clock = std::chrono::steady_clock;
  auto ms_since = [](clock::time_point t) {
    return std::chrono::duration<double, std::milli>(clock::now() - t).count();
  };
  for (int frame = 0;
       !glfwWindowShouldClose(window) && (!quit || (wait_for_debrief && !debrief_shot)); ++frame) {
    const auto frame_start = clock::now();
    glfwPollEvents();
    const auto snap = session.snapshot();
    // Script window verbs due at this snapshot's instant: select now, screenshot after drawing.
    std::vector<std::string> shots;
    std::vector<sim::LiveCommand> rewinds;  // performed once the frame is drawn
    const bool actions = snap->window_actions_id > handled_actions;
    if (actions) {
      for (const auto& c : snap->window_actions) {
        if (c.verb == sim::LiveVerb::kSelect) {
          for (std::size_t z = 0; z < snap->site->zones.size(); ++z)
            if (snap->site->zones[z].name == c.target) ui.selected_zone = static_cast<int>(z);
        } else if (c.verb == sim::LiveVerb::kScreenshot) {
          shots.push_back(c.target);
        } else if (c.verb == sim::LiveVerb::kQuit) {
          quit = true;
        } else if (c.verb == sim::LiveVerb::kRewind) {
          rewinds.push_back(c);
        }
      }
    }
    const bool last = o.frames > 0 && frame + 1 == o.frames;
    if (last && !o.screenshot.empty()) shots.push_back(o.screenshot);
    if (o.debrief && !ui.debrief) {
      if (auto d = o.debrief()) show_debrief(ui, std::move(d));
    }
    // ImGui sizes a new window on its first frame and draws it from the second: the picture is
    // taken on the debrief's third frame.
    if (wait_for_debrief && ui.debrief && !debrief_shot && ++debrief_frames >= 3) {
      shots.push_back(o.debrief_screenshot);
      debrief_shot = true;
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    const auto build_start = clock::now();
    ImGui::NewFrame();
    draw_dashboard(*snap, ui, send);
    ImGui::Render();
    build_ms.push_back(ms_since(build_start));
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.08f, 0.08f, 0.1f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    for (const auto& path : shots) {
      glFinish();
      if (!write_framebuffer_png(path, fb_w, fb_h, error)) ok = false;
      if (!o.layout_file.empty() && !write_layout(o.layout_file, *snap, ui.last_map, fb_h, error))
        ok = false;
    }
    glfwSwapBuffers(window);
    if (o.frame_stats) glFinish();
    frame_ms.push_back(ms_since(frame_start));
    for (auto& c : rewinds) session.push(std::move(c));  // the source starts again
    if (actions) {
      handled_actions = snap->window_actions_id;
      session.window_done(handled_actions);
    }
    if (!ok || session.wants_window_closed()) break;
    if (wait_for_debrief ? debrief_shot : last) break;
  }
  if (o.frame_stats && frame_ms.size() > 1) {
    // The first frame builds the font texture and compiles shaders: left out.
    auto summary = [](std::vector<double> v, double& mean, double& p95, double& max) {
      v.erase(v.begin());
      std::sort(v.begin(), v.end());
      double sum = 0;
      for (double x : v) sum += x;
      mean = sum / static_cast<double>(v.size());
      p95 = v[static_cast<std::size_t>(0.95 * static_cast<double>(v.size() - 1))];
      max = v.back();
    };
    double fm = 0, fp = 0, fx = 0, bm = 0, bp = 0, bx = 0;
    summary(frame_ms, fm, fp, fx);
    summary(build_ms, bm, bp, bx);
    std::fprintf(stderr,
                 "frames %zu: frame %.2f ms mean, %.2f ms p95, %.2f ms max; panels %.2f ms mean, "
                 "%.2f ms p95\n",
                 frame_ms.size() - 1, fm, fp, fx, bm, bp);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return ok;
}

}  // namespace pharmatwin::viz
