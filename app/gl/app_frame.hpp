// One frame of the app, shared by the window's main loop and `gradscape bench`: ImGui frame, panels,
// shortcuts, mouse input to the cameras (only when ImGui does not want it), playback, the scene, ImGui.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include "export/gif_save_job.hpp"
#include "export/recorder.hpp"
#include "gl/imgui_layer.hpp"
#include "gl/offscreen.hpp"
#include "gl/window.hpp"
#include "model.hpp"
#include "render/scene_renderer.hpp"
#include "ui/panels.hpp"
#include "view/view2d.hpp"

namespace gs {

class AppFrame {
 public:
  // Needs the window's context current.
  AppFrame(Window& window, Model& model, UiState& ui, bool frameViewOnFirstFrame);
  // Draws one frame into the back buffer (no swap). Returns false, drawing nothing, when the framebuffer
  // is 0 x 0 (minimised).
  bool draw(double dtSeconds);
  SceneRenderer& scene() { return scene_; }
  // Where the last frame's time went, in ms; measured (with glFinish) only when `measure` is set.
  struct Timings {
    double ui = 0, scene = 0, imgui = 0;
  };
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
  // Export requests of the panel (ui.exportState): plot PNG and GIF frames from an offscreen render of
  // the plot area; the window PNG from the back buffer once ImGui has drawn.
  void serviceSceneExports(double pixelScale);
  void serviceWindowExport(int framebufferWidth, int framebufferHeight);
  // A stopped GIF recording's save on the worker thread: cancel, collect the outcome, save again.
  void startGifSave(std::optional<Recorder>& recording);
  void serviceGifSave();
  // Renders the plot area's scene at width x height offscreen; RGBA rows top to bottom (empty on failure).
  std::vector<std::uint8_t> renderPlot(int width, int height, double pixelScale);

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
  gl::OffscreenTarget exportTarget_;
  std::optional<Recorder> recorder_;
  std::unique_ptr<GifSaveJob> gifSave_;  // a stopped recording being saved; cancelled and joined on exit
  std::optional<Recorder> unsaved_;      // a recording whose save failed or was cancelled
};

}  // namespace gs
