#include "controller.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "gl/frame_caches.hpp"
#include "playback.hpp"
#include "render/run_markers.hpp"
#include "ui/maps_panel.hpp"
#include "ui/presentation.hpp"
#include "ui/shortcuts.hpp"
#include "ui/style.hpp"
#include "view/camera3d.hpp"
#include "view/picking.hpp"
#include "view/view_actions.hpp"

namespace gs {

namespace {
constexpr double kClickSlop = 4.0;         // pixels a press may move and still be a click
constexpr double kStartGrabRadius = 14.0;  // pixels around the start marker that grab it

}  // namespace

Controller::Controller(Window& window, Model& model, UiState& ui, bool frameViewOnFirstFrame)
    : window_(window),
      model_(model),
      ui_(ui),
      framedVersion_(frameViewOnFirstFrame ? ~std::uint64_t{0} : model.surfaceVersion) {
  model_.pathBudget = kFramePathBudget;  // long paths recomputed over several frames (catchUpPaths)
}

bool Controller::draw(double dtSeconds) {
  int framebufferWidth = 0, framebufferHeight = 0, windowWidth = 0, windowHeight = 0;
  window_.framebufferSize(framebufferWidth, framebufferHeight);
  window_.windowSize(windowWidth, windowHeight);
  if (framebufferWidth <= 0 || framebufferHeight <= 0 || windowWidth <= 0 || windowHeight <= 0) return false;
  if (const float scale = drawScale(ui_, static_cast<float>(windowHeight)); scale != ui_.drawnScale) {
    ui_.drawnScale = scale;
    ui_.fontsDirty = true;
  }
  if (ui_.fontsDirty) {
    applyStyle(ui_.scale(), ui_.presentation);
    ui_.fontsDirty = false;
    imgui_.invalidate();
  }
  using Clock = std::chrono::steady_clock;
  auto lap = [this, mark = Clock::now()]() mutable {
    if (measure_) glFinish();
    const auto now = Clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - mark).count();
    mark = now;
    return ms;
  };
  ImGui_ImplOpenGL3_NewFrame();
  window_.newImGuiFrame();
  if (ui_.ignorePointer) {  // a --screenshot shows no hover, wherever the pointer happens to be
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    for (bool& down : io.MouseDown) down = false;
    io.MouseWheel = io.MouseWheelH = 0.0f;
  }
  ImGui::NewFrame();
  const Rect plot = drawUi(model_, ui_, static_cast<float>(windowWidth), static_cast<float>(windowHeight));
  handleShortcuts(model_, ui_);
  // ImGui works in window coordinates; GL in framebuffer pixels (they differ on HiDPI screens).
  const double pixelScale = static_cast<double>(framebufferWidth) / windowWidth;
  plotArea_ = {static_cast<int>(std::lround(plot.x * pixelScale)),
               static_cast<int>(std::lround(plot.y * pixelScale)),
               static_cast<int>(std::lround(plot.width * pixelScale)),
               static_cast<int>(std::lround(plot.height * pixelScale))};
  const ViewLayout layout = layoutViews(model_.display.mode, plotArea_);
  frameViewIfSurfaceChanged(layout);
  handleMouse(layout, pixelScale);
  handleViewKeys(layout);
  // While recording, the GIF gets one frame per step: playback is replaced by one step a frame.
  if (const Recorder* recording = exporter_.recording()) {
    if (recording->frameCount() > 0 && !recording->complete()) model_.runner.step(1);
  } else {
    advancePlayback(model_, dtSeconds);
  }
  catchUpPaths(model_);

  glViewport(0, 0, framebufferWidth, framebufferHeight);
  glClearColor(kWindowBackground[0], kWindowBackground[1], kWindowBackground[2], 1.0f);
  const gl::GlRect sceneRect{plotArea_.x, framebufferHeight - plotArea_.y - plotArea_.height, plotArea_.width,
                             plotArea_.height};
  // Where the back buffer keeps the last frame through the swap, the window is not cleared: the scene
  // leaves a view whose picture did not change as it is, and the ImGui layer copies in only what changed
  // (both but where ImGui drew lists over them in the last frame).
  // After a resize, Mesa gives the window a new, empty back buffer when it sees the drawable's new size,
  // which can be a frame after GLFW reports it (a window shrunk to fit the monitor at start-up lost its still
  // panels that way): frames are drawn whole until kSettledFrames in a row had the same size.
  const bool sameSize = framebufferWidth == drawnWidth_ && framebufferHeight == drawnHeight_;
  sameSizeFrames_ = sameSize ? sameSizeFrames_ + 1 : 0;
  const bool windowHoldsLastFrame =
      window_.keepsBackBuffer() && frameCachesEnabled() && sameSizeFrames_ >= kSettledFrames;
  if (!windowHoldsLastFrame) glClear(GL_COLOR_BUFFER_BIT);  // the window has no depth buffer (Window::open)
  style_.textPixels =
      (ui_.presentation ? presentationTextPixels(ui_.scale()) : 14.0f * std::max(ui_.scale(), 0.5f)) *
      static_cast<float>(pixelScale);
  style_.lineWidth = 3.0f * static_cast<float>(pixelScale) * std::max(ui_.scale(), 1.0f);
  style_.ballRadius = ballRadiusPixels(ui_.scale()) * static_cast<float>(pixelScale);
  style_.interactive = true;
  // In presentation mode the explainer's window explains the glyphs; their legend would sit under it.
  style_.legend = !ui_.presentation;
  // The explainer's glyph on both views.
  style_.explainRun = ui_.explainGlyph && ui_.panelOpen[kTeachPanel] ? ui_.selectedRun : -1;
  style_.explainSubStep = ui_.explainSubStep;
  style_.basinMap = basinMapLayer(model_, ui_);
  style_.runLegendCorner = ui_.runLegendCorner;
  style_.keepClear.clear();
  for (const Rect& r : ui_.overViews)
    style_.keepClear.push_back({static_cast<int>(std::floor(r.x * pixelScale)),
                                static_cast<int>(std::floor(r.y * pixelScale)),
                                static_cast<int>(std::ceil(r.width * pixelScale)),
                                static_cast<int>(std::ceil(r.height * pixelScale))});
  timings_.ui = lap();
  // The views first (all but the 3D view's copy into the window and the notes over it): llvmpipe's threads
  // rasterise them while this thread finishes the panels' draw lists and compares them with the last
  // frame's; the scene used to wait for that, and the rasterisers for the scene.
  scene_.drawFirst(model_, plotArea_, framebufferWidth, framebufferHeight, style_,
                   windowHoldsLastFrame ? &imgui_.lastLive() : nullptr);
  ImGui::Render();
  // The plots' new pictures, stroked on other threads while the panels were laid out, then the panels'
  // changes drawn into their target.
  finishPlotsPanel(ui_);
  imgui_.prepare(ImGui::GetDrawData(), sceneRect, kWindowBackground);
  scene_.drawRest(model_, plotArea_, framebufferWidth, framebufferHeight, style_);
  exporter_.afterScene(model_, ui_.exportState, plotArea_, style_);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, framebufferWidth, framebufferHeight);
  timings_.scene = lap();
  imgui_.render(ImGui::GetDrawData(), sceneRect, kWindowBackground, windowHoldsLastFrame);
  drawnWidth_ = framebufferWidth;
  drawnHeight_ = framebufferHeight;
  exporter_.afterUi(ui_.exportState, framebufferWidth, framebufferHeight);
  timings_.imgui = lap();
  return true;
}

void Controller::frameViewIfSurfaceChanged(const ViewLayout& layout) {
  if (model_.surfaceVersion == framedVersion_ || !layout.view2d) return;
  model_.view2d = frameDomain(model_.runner.surface().domain, layout.view2d->width, layout.view2d->height);
  framedVersion_ = model_.surfaceVersion;
}

void Controller::handleMouse(const ViewLayout& layout, double pixelScale) {
  const ImGuiIO& io = ImGui::GetIO();
  const Vec2 mouse{io.MousePos.x * pixelScale, io.MousePos.y * pixelScale};
  const bool over2D = layout.view2d && layout.view2d->contains(mouse.x, mouse.y);
  const bool over3D = layout.view3d && layout.view3d->contains(mouse.x, mouse.y);
  const bool free = !io.WantCaptureMouse;

  if (free && io.MouseWheel != 0.0f) {
    if (over2D) zoomViewAbout(model_.view2d, *layout.view2d, mouse, std::pow(0.85, io.MouseWheel));
    if (over3D) zoomCamera(model_.view3d, io.MouseWheel);
  }
  const bool leftPressed = io.MouseClicked[0], rightPressed = io.MouseClicked[1];
  if (free && drag_.kind == Drag::Kind::None && (leftPressed || rightPressed)) {
    drag_.pressed = drag_.last = mouse;
    const Hotspot* hotspot = leftPressed ? hitHotspot(scene_.hotspots(), mouse) : nullptr;
    if (hotspot) {  // a legend row or a button on the view
      applyHotspot(model_, *hotspot, layout.view2d);
      drag_.kind = Drag::Kind::Consumed;
    } else if (over3D && leftPressed && !io.KeyShift) {
      const auto start =
          surfacePixel(model_.view3d, *layout.view3d, scene_.heightField(model_), model_.runner.start());
      drag_.kind = start && norm(mouse - *start) <= kStartGrabRadius * pixelScale ? Drag::Kind::MoveStart3D
                                                                                  : Drag::Kind::Pending3D;
    } else if (over2D && leftPressed) {
      const Vec2 start = surfaceToScreen(model_.view2d, *layout.view2d, model_.runner.start());
      drag_.kind = norm(mouse - start) <= kStartGrabRadius * pixelScale ? Drag::Kind::MoveStart
                                                                        : Drag::Kind::Pending2D;
    } else if (over2D) {
      drag_.kind = Drag::Kind::Pan2D;
    } else if (over3D) {
      drag_.kind = rightPressed || io.KeyShift ? Drag::Kind::Pan3D : Drag::Kind::Orbit3D;
    }
  }
  const Vec2 delta = mouse - drag_.last;
  drag_.last = mouse;
  switch (drag_.kind) {
    case Drag::Kind::Pending2D:
      if (norm(mouse - drag_.pressed) > kClickSlop * pixelScale) {
        drag_.kind = Drag::Kind::Pan2D;
        panView(model_.view2d, mouse - drag_.pressed);
      }
      break;
    case Drag::Kind::Pan2D:
      panView(model_.view2d, delta);
      break;
    case Drag::Kind::MoveStart:
      // What-if: every path is recomputed from the marker as it moves, up to the current step.
      if (layout.view2d && (delta.x != 0.0 || delta.y != 0.0))
        moveStart(model_, screenToSurface(model_.view2d, *layout.view2d, mouse));
      break;
    case Drag::Kind::Pending3D:
      if (norm(mouse - drag_.pressed) > kClickSlop * pixelScale) {
        drag_.kind = Drag::Kind::Orbit3D;
        orbitCamera(model_.view3d, (mouse - drag_.pressed) / pixelScale);
      }
      break;
    case Drag::Kind::MoveStart3D:
      // As in 2D: the marker follows the point of the surface under the cursor, every path recomputed.
      if (layout.view3d && (delta.x != 0.0 || delta.y != 0.0))
        if (const auto p = pickSurface(model_.view3d, *layout.view3d, mouse, scene_.heightField(model_)))
          moveStart(model_, *p);
      break;
    case Drag::Kind::Orbit3D:
      orbitCamera(model_.view3d, delta / pixelScale);
      break;
    case Drag::Kind::Pan3D:
      if (layout.view3d) panCamera(model_.view3d, delta, layout.view3d->height);
      break;
    case Drag::Kind::None:
    case Drag::Kind::Consumed:
      break;
  }
  const bool anyDown = io.MouseDown[0] || io.MouseDown[1];
  if (!anyDown && drag_.kind != Drag::Kind::None) {
    // A press that never moved is a click: restart every run there.
    if (drag_.kind == Drag::Kind::Pending2D && layout.view2d)
      restartAt(model_, snapToMapPixel(ui_, screenToSurface(model_.view2d, *layout.view2d, drag_.pressed)));
    if (drag_.kind == Drag::Kind::Pending3D && layout.view3d)
      if (const auto p =
              pickSurface(model_.view3d, *layout.view3d, drag_.pressed, scene_.heightField(model_)))
        restartAt(model_, *p);
    drag_.kind = Drag::Kind::None;
  }
}

void Controller::handleViewKeys(const ViewLayout& layout) {
  if (ImGui::GetIO().WantCaptureKeyboard) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_F, false)) fitView(model_, layout.view2d);
  if (!layout.view3d) return;
  CameraKeys keys;
  keys.shift = ImGui::GetIO().KeyShift;
  keys.left = ImGui::IsKeyPressed(GLFW_KEY_LEFT);
  keys.right = ImGui::IsKeyPressed(GLFW_KEY_RIGHT);
  keys.up = ImGui::IsKeyPressed(GLFW_KEY_UP);
  keys.down = ImGui::IsKeyPressed(GLFW_KEY_DOWN);
  keys.zoomIn = ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD);
  keys.zoomOut = ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT);
  keys.reset = ImGui::IsKeyPressed(GLFW_KEY_HOME, false);
  applyCameraKeys(model_.view3d, keys, layout.view3d->height);
}

}  // namespace gs
