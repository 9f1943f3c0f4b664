#include "export/exporter.hpp"

#include <algorithm>
#include <filesystem>
#include <string>

#include "cli/map.hpp"
#include "cli/map_png.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/trajectory.hpp"
#include "export/png_writer.hpp"
#include "gl/gl.hpp"
#include "ui/format.hpp"

namespace gs {
namespace {

std::string savedGifMessage(const GifSaveJob& job) {
  return "Wrote " + job.path() + " (" + std::to_string(job.frameCount()) + " frames, " +
         std::to_string(job.width()) + "x" + std::to_string(job.height()) + ", " +
         formatByteSize(job.outcome().bytes) + ")";
}

void writePngReport(ExportState& state, const std::string& name, int width, int height,
                    const std::vector<std::uint8_t>& pixels, const char* empty) {
  const std::string path = state.resolve(name);
  if (pixels.empty())
    state.report(empty, true);
  else if (auto error = writePng(path, width, height, pixels))
    state.report(*error, true);
  else
    state.report("Wrote " + path, false);
}

void exportTrajectoriesTo(const Model& model, ExportState& state, const std::string& name,
                          TrajectoryFormat format) {
  const std::string path = state.resolve(name);
  if (auto error = exportTrajectories(path, model.runner, format))
    state.report(*error, true);
  else
    state.report("Wrote " + path, false);
}

// The Maps panel's map through the writers of `gradscape map --png / --csv`.
void exportMap(ExportCommand command, ExportState& state) {
  if (!state.map || state.map->result.pixels.empty()) {
    state.report("Map: no map to export yet", true);
    return;
  }
  const MapExport& map = *state.map;
  const bool png = command == ExportCommand::MapPng;
  const std::string path = state.resolve(png ? state.mapPngPath : state.mapCsvPath);
  const auto error = png ? cli::writeMapPng(path, map.request, map.result, cli::mapCaption(map.request))
                         : writeFileAtomically(path, cli::mapCsv(map.request, map.result));
  if (error)
    state.report("Map: " + *error, true);
  else
    state.report("Wrote " + path, false);
}

}  // namespace

std::string ExportState::resolve(const std::string& name) const {
  std::filesystem::path path(name);
  if (!folder.empty() && path.is_relative()) path = std::filesystem::path(folder) / path;
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(path, error);
  return (error ? path : absolute).lexically_normal().string();
}

void Exporter::afterScene(Model& model, ExportState& state, const PixelRect& plotArea,
                          const SceneStyle& style) {
  collectFinishedSave(state);
  bool stop = false;
  std::vector<ExportCommand> later;
  for (ExportCommand command : state.commands) {
    if (command == ExportCommand::WindowPng)
      later.push_back(command);  // needs ImGui's pixels
    else if (command == ExportCommand::StopGif)
      stop = true;  // after this step's frame
    else
      carryOut(command, model, state, plotArea, style);
  }
  state.commands = std::move(later);
  if (recorder_ && recorder_->wantsFrame(model.runner.currentStep()))
    captureFrame(model, state, plotArea, style);
  // The frames move to the worker; only their capture above needs this (the GL) thread.
  if (recorder_ && (stop || recorder_->complete())) startGifSave(recorder_, state);
  writeStatus(state);
}

void Exporter::carryOut(ExportCommand command, Model& model, ExportState& state, const PixelRect& plotArea,
                        const SceneStyle& style) {
  finishPaths(model);  // files hold whole paths, never a what-if recompute half done
  switch (command) {
    case ExportCommand::PlotPng:
      writePngReport(state, state.plotPngPath, plotArea.width, plotArea.height,
                     renderPlot(model, state, plotArea, style, plotArea.width, plotArea.height),
                     "PNG: the plot area is empty or the size was refused");
      return;
    case ExportCommand::WindowPng:
      return;  // afterUi
    case ExportCommand::Csv:
      exportTrajectoriesTo(model, state, state.csvPath, TrajectoryFormat::Csv);
      return;
    case ExportCommand::Json:
      exportTrajectoriesTo(model, state, state.jsonPath, TrajectoryFormat::Json);
      return;
    case ExportCommand::StartGif:
      startRecording(model, state, plotArea);
      return;
    case ExportCommand::StopGif:
      return;  // afterScene, once this step's frame is captured
    case ExportCommand::CancelGifSave:
      if (gifSave_) gifSave_->cancel();
      return;
    case ExportCommand::SaveGifAgain:
      if (!unsaved_) return;
      if (auto error = checkWritablePath(state.resolve(state.gifPath)))
        state.report("GIF: " + *error, true);
      else
        startGifSave(unsaved_, state);
      return;
    case ExportCommand::MapPng:
    case ExportCommand::MapCsv:
      exportMap(command, state);
      return;
    case ExportCommand::DiscardGif:
      if (!unsaved_) return;
      unsaved_.reset();
      state.report("GIF: the unsaved recording was discarded", false);
      return;
  }
}

void Exporter::startRecording(Model& model, ExportState& state, const PixelRect& plotArea) {
  const int width = state.customSize ? state.gifWidth : plotArea.width;
  const int height = state.customSize ? state.gifHeight : plotArea.height;
  // One recording at a time, and a bad path is reported now rather than after the recording.
  if (recorder_) return;
  if (gifSave_) {
    state.report("GIF: wait until " + gifSave_->path() + " is saved, or cancel that save", true);
  } else if (unsaved_) {
    state.report("GIF: save or discard the unsaved recording first", true);
  } else if (auto pathError = checkWritablePath(state.resolve(state.gifPath))) {
    state.report("GIF: " + *pathError, true);
  } else {
    auto started = Recorder::start(width, height, state.gifFps, model.runner.currentStep(),
                                   state.recordSteps ? state.gifSteps : 0);
    if (auto* error = std::get_if<std::string>(&started)) {
      state.report("GIF: " + *error, true);
    } else {
      recorder_.emplace(std::move(std::get<Recorder>(started)));
      model.playback.playing = false;
      state.report("Recording...", false);
    }
  }
}

void Exporter::captureFrame(Model& model, ExportState& state, const PixelRect& plotArea,
                            const SceneStyle& style) {
  const std::vector<std::uint8_t> pixels =
      renderPlot(model, state, plotArea, style, recorder_->width(), recorder_->height());
  auto error = pixels.empty() ? std::optional<std::string>("the offscreen target was refused")
                              : recorder_->addFrame(model.runner.currentStep(), pixels);
  if (error) {
    state.report("GIF: " + *error, true);
    recorder_.reset();
  }
}

void Exporter::startGifSave(std::optional<Recorder>& recording, ExportState& state) {
  gifSave_ = std::make_unique<GifSaveJob>(std::move(*recording), state.resolve(state.gifPath));
  recording.reset();
  state.report("Saving " + gifSave_->path() + " in the background...", false);
}

void Exporter::collectFinishedSave(ExportState& state) {
  if (!gifSave_ || !gifSave_->finished()) return;
  const GifSaveJob::Outcome& outcome = gifSave_->outcome();
  if (!outcome.error) {
    state.report(savedGifMessage(*gifSave_), false);
  } else {
    // Nothing was written; the frames are kept, so a typo in a path or a full disk loses no recording.
    state.report("GIF: " + *outcome.error + ". The recording is kept: save it again or discard it.",
                 !outcome.cancelled);
    unsaved_.emplace(gifSave_->takeRecording());
  }
  gifSave_.reset();  // joins the worker, which has finished
}

void Exporter::writeStatus(ExportState& state) const {
  ExportStatus& status = state.status;
  status.recording = recorder_.has_value();
  status.saving = gifSave_ != nullptr;
  status.unsavedRecording = unsaved_.has_value();
  status.savingPath = gifSave_ ? gifSave_->path() : std::string();
  status.framesEncoded = gifSave_ ? static_cast<int>(gifSave_->framesEncoded()) : 0;
  status.framesRecorded = static_cast<int>(recorder_  ? recorder_->frameCount()
                                           : gifSave_ ? gifSave_->frameCount()
                                           : unsaved_ ? unsaved_->frameCount()
                                                      : 0);
  status.progress = recorder_  ? recorder_->progress()
                    : gifSave_ ? static_cast<float>(status.framesEncoded) /
                                     static_cast<float>(std::max(status.framesRecorded, 1))
                               : 0.0f;
}

void Exporter::afterUi(ExportState& state, int framebufferWidth, int framebufferHeight) {
  const bool wanted = std::find(state.commands.begin(), state.commands.end(), ExportCommand::WindowPng) !=
                      state.commands.end();
  state.commands.clear();
  if (!wanted) return;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  std::vector<std::uint8_t> pixels = gl::readPixelsTopDown(0, 0, framebufferWidth, framebufferHeight);
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
  writePngReport(state, state.windowPngPath, framebufferWidth, framebufferHeight, pixels,
                 "PNG: the window could not be read");
}

std::vector<std::uint8_t> Exporter::renderPlot(Model& model, const ExportState& state,
                                               const PixelRect& plotArea, SceneStyle style, int width,
                                               int height) {
  if (width <= 0 || height <= 0 || !target_.resize(width, height)) return {};
  style.runLegend = state.legend;
  style.stepCounter = state.stepCounter;
  // A GIF of another size than the plot area shows the same extent of the surface.
  const View2D saved = model.view2d;
  if (plotArea.width > 0 && width != plotArea.width)
    model.view2d.unitsPerPixel *= static_cast<double>(plotArea.width) / width;
  target_.bind();
  glDisable(GL_SCISSOR_TEST);
  glClearColor(kWindowBackground[0], kWindowBackground[1], kWindowBackground[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  scene_.draw(model, {0, 0, width, height}, width, height, style);
  std::vector<std::uint8_t> pixels = target_.readRgba();
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
  model.view2d = saved;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDisable(GL_SCISSOR_TEST);
  return pixels;
}

}  // namespace gs
