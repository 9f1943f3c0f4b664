// The app's controller: one frame, shared by the window's main loop and `gradscape bench`: ImGui frame,
// panels, shortcuts, mouse input to the cameras (only when ImGui does not want it), playback, the scene,
// the exports the panels asked for, ImGui.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include "export/exporter.hpp"
#include "gl/imgui_layer.hpp"
#include "gl/window.hpp"
#include "model.hpp"
#include "render/scene_renderer.hpp"
#include "ui/panels.hpp"
#include "view/view2d.hpp"

namespace gs {

class Controller {
 public:
  // Needs the window's context current.
  Controller(Window& window, Model& model, UiState& ui, bool frameViewOnFirstFrame);
  // Draws one frame into the back buffer (no swap). Returns false, drawing nothing, when the framebuffer
  // is 0 x 0 (minimised).
  bool draw(double dtSeconds);
  SceneRenderer& scene() { return scene_; }
  // Where the last frame's time went, in ms; measured (with glFinish) only when `measure` is set.
  struct Timings {
    double ui = 0, scene = 0, imgui = 0;
  };
  // Something else drew into the window: the next frame starts from a cleared window, not over the last
  // one (see Window::keepsBackBuffer).
  void forgetWindow() { drawnWidth_ = drawnHeight_ = 0; }
  void setMeasuring(bool measure) { measure_ = measure; }
  const Timings& timings() const { return timings_; }
  const PixelRect& plotArea() const { return plotArea_; }

 private:
  struct Drag {
    enum class Kind {
      None,
      Pending2D,
      Pan2D,
      MoveStart,
      Orbit3D,
      Pan3D,
      Pending3D,
      MoveStart3D,
      Consumed
    } kind = Kind::None;
    Vec2 pressed, last;
  };
  void handleMouse(const ViewLayout& layout, double pixelScale);
  void handleViewKeys(const ViewLayout& layout);  // the 3D camera's keys and fit view (F)
  void frameViewIfSurfaceChanged(const ViewLayout& layout);

  Window& window_;
  Model& model_;
  UiState& ui_;
  SceneRenderer scene_;
  ImGuiLayer imgui_;
  SceneStyle style_;
  Drag drag_;
  PixelRect plotArea_;
  std::uint64_t framedVersion_;
  bool measure_ = false;
  Timings timings_;
  // The window's size when the last frame was drawn into it (0 x 0: none yet), for keepsBackBuffer.
  int drawnWidth_ = 0, drawnHeight_ = 0;
  static constexpr int kSettledFrames = 2;
  int sameSizeFrames_ = 0;  // frames drawn in a row at the size of the one before (see draw())
  Exporter exporter_{scene_};
};

}  // namespace gs
