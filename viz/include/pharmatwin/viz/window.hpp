// The dashboard's window: GLFW + OpenGL 3.3 core, Dear ImGui, a DejaVu font, PNG screenshots.
//
// Runs on the calling thread until the window is closed, `frames` frames were drawn, or a
// script's `quit`; the world runs on its own thread behind the session (or a replay feeds it)
// and is never waited for.
// Script window verbs (select, screenshot, quit) are performed on the frame that shows the
// instant they are due at, then the session is told to go on.
//
//   WindowOptions wo;  wo.frames = 30;  wo.screenshot = "map.png";
//   std::string error;
//   if (!run_dashboard_window(session, wo, &error)) std::cerr << error << "\n";
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "pharmatwin/sim/snapshot_source.hpp"
#include "pharmatwin/viz/debrief.hpp"

namespace pharmatwin::viz {

struct WindowOptions {
  int width = 1280, height = 720;  // window size in pixels
  float ui_scale = 1;              // font and widget scale (projectors: 1.5 or 2)
  int frames = 0;                  // stop after this many frames (0: until closed)
  std::string screenshot;          // PNG written after the last frame ("" : none)
  std::string layout_file;         // each screenshot also writes the zones' pixel rectangles here
  std::string font;                // TTF file; empty: DejaVu Sans
  bool vsync = true;
  bool antialias = true;     // anti-aliased lines and fills (off: about 2.5x faster on llvmpipe)
  bool frame_stats = false;  // print frame times (mean, 95th percentile, max) at the end
  // Exercises: ground truth hidden and locked until the debrief; `debrief` is asked every frame
  // and returns the debrief once the session is scored (null before). With `debrief_screenshot`
  // the window waits for the debrief (past `frames` and a script's quit), writes its PNG and
  // closes.
  bool lock_ground_truth = false;
  std::function<std::shared_ptr<const Debrief>()> debrief;
  std::string debrief_screenshot;
};

// False with `error` when no window can be opened (no display) or a screenshot failed.
bool run_dashboard_window(sim::SnapshotSource& session, const WindowOptions& options,
                          std::string* error);

// Writes the RGBA framebuffer region [0, width) x [0, height) as a PNG (rows from the top).
bool write_framebuffer_png(const std::string& path, int width, int height, std::string* error);

}  // namespace pharmatwin::viz
