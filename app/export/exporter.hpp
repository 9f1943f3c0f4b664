// Carries out the Export panel's commands (ui/export_state.hpp): PNGs of the plot area (rendered offscreen by
// the window's own scene renderer, so what is exported is what is seen) and of the window (the back
// buffer), CSV/JSON of every run, and GIF recording with its save on a worker thread. The controller owns
// one and calls it at the two points of a frame where the pixels exist.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "export/gif_save_job.hpp"
#include "export/recorder.hpp"
#include "gl/offscreen.hpp"
#include "model.hpp"
#include "render/scene_renderer.hpp"
#include "ui/export_state.hpp"
#include "view/view2d.hpp"

namespace gs {

class Exporter {
 public:
  // Needs a current GL context.
  explicit Exporter(SceneRenderer& scene) : scene_(scene) {}

  // The recording under way, if any: while it records, the controller steps once a frame instead of
  // playing, so the GIF gets one frame per step.
  const Recorder* recording() const { return recorder_ ? &*recorder_ : nullptr; }

  // After the scene is drawn: every command but the window PNG, then the GIF frame for this step, then
  // the status. `plotArea` in framebuffer pixels; `style` as the window draws the scene.
  void afterScene(Model& model, ExportState& state, const PixelRect& plotArea, const SceneStyle& style);
  // After ImGui is drawn into the back buffer: the window PNG commands (the rest were consumed before).
  void afterUi(ExportState& state, int framebufferWidth, int framebufferHeight);

 private:
  void carryOut(ExportCommand command, Model& model, ExportState& state, const PixelRect& plotArea,
                const SceneStyle& style);
  void startRecording(Model& model, ExportState& state, const PixelRect& plotArea);
  void captureFrame(Model& model, ExportState& state, const PixelRect& plotArea, const SceneStyle& style);
  // Hands `recording` to a worker that saves it to the GIF path, and says so.
  void startGifSave(std::optional<Recorder>& recording, ExportState& state);
  void collectFinishedSave(ExportState& state);
  void writeStatus(ExportState& state) const;
  // Renders the plot area's scene at width x height offscreen; RGBA rows top to bottom (empty on failure).
  std::vector<std::uint8_t> renderPlot(Model& model, const ExportState& state, const PixelRect& plotArea,
                                       SceneStyle style, int width, int height);

  SceneRenderer& scene_;
  gl::OffscreenTarget target_;
  std::optional<Recorder> recorder_;
  std::unique_ptr<GifSaveJob> gifSave_;  // a stopped recording being saved; cancelled and joined on exit
  std::optional<Recorder> unsaved_;      // a recording whose save failed or was cancelled
};

}  // namespace gs
