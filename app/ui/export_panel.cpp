// The export panel: PNG of the plot area or the window, GIF recording, CSV/JSON of every run, CSV import.
// Images need the scene renderer and the back buffer, which AppFrame owns: the buttons set requests in
// ui.exportState and AppFrame carries them out this frame (a GIF is saved on a worker thread, whose
// progress AppFrame copies into the state). CSV and JSON requests are carried out here.
//
// The panel's slot is short, so its contents scroll while a status footer stays in view: the running
// recording or save with its progress bar, and the last result or error.
#include "ui/export_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <variant>

#include "core/io/trajectory.hpp"
#include "panel_common.hpp"

namespace gs {
namespace {

// A path box; std::string-backed (ImGui 1.86 from Debian has no imgui_stdlib).
void pathBox(const char* label, std::string& path) {
  char buffer[1024];
  const std::size_t n = std::min(path.size(), sizeof buffer - 1);
  path.copy(buffer, n);
  buffer[n] = '\0';
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("PNG of plot area").x - 16.0f);
  if (ImGui::InputText(label, buffer, sizeof buffer)) path = buffer;
}

// A path box and the button that exports to it.
void exportRow(const char* id, std::string& path, const char* button, bool& requested) {
  ImGui::PushID(id);
  pathBox("##path", path);
  ImGui::SameLine();
  if (ImGui::Button(button)) requested = true;
  ImGui::PopID();
}

void exportTrajectoriesTo(const Model& model, ExportState& state, const std::string& path,
                          TrajectoryFormat format) {
  if (auto error = exportTrajectories(path, model.runner, format))
    state.report(*error, true);
  else
    state.report("Wrote " + path, false);
}

void serviceTrajectoryExports(const Model& model, ExportState& state) {
  if (state.csvRequested) exportTrajectoriesTo(model, state, state.csvPath, TrajectoryFormat::Csv);
  if (state.jsonRequested) exportTrajectoriesTo(model, state, state.jsonPath, TrajectoryFormat::Json);
  state.csvRequested = state.jsonRequested = false;
}

bool gifBusy(const ExportState& state) { return state.recording || state.saving || state.unsavedRecording; }

void gifSection(ExportState& state) {
  ImGui::TextUnformatted("GIF of the plot area");
  ImGui::PushID("gif");
  pathBox("##path", state.gifPath);
  ImGui::PopID();
  ImGui::BeginDisabled(gifBusy(state));
  ImGui::Checkbox("Next N steps", &state.recordSteps);
  if (state.recordSteps) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90.0f);
    ImGui::InputInt("##steps", &state.gifSteps);
    state.gifSteps = std::clamp(state.gifSteps, 1, 100000);
  }
  ImGui::Checkbox("Size WxH", &state.customSize);
  if (state.customSize) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140.0f);
    int size[2] = {state.gifWidth, state.gifHeight};
    if (ImGui::InputInt2("##size", size)) {
      state.gifWidth = size[0];
      state.gifHeight = size[1];
    }
  } else {
    ImGui::SameLine();
    ImGui::TextDisabled("(plot area)");
  }
  ImGui::SetNextItemWidth(140.0f);
  ImGui::SliderFloat("fps", &state.gifFps, 1.0f, 50.0f, "%.0f");
  // While busy, the footer holds the controls (stop, cancel, save again).
  if (ImGui::Button("Start recording")) state.startRequested = true;
  ImGui::EndDisabled();
}

void importSection(Model& model, ExportState& state) {
  ImGui::TextUnformatted("Import a path (CSV as `gradscape trace` writes it)");
  ImGui::PushID("import");
  pathBox("##path", state.importPath);
  ImGui::SameLine();
  if (ImGui::Button("Import")) {
    auto added = importPathsCsv(model, state.importPath);
    if (auto* error = std::get_if<std::string>(&added))
      state.report(*error, true);
    else
      state.report(
          "Imported " + std::to_string(std::get<std::size_t>(added)) + " path(s) from " + state.importPath,
          false);
  }
  ImGui::PopID();
  for (std::size_t i = 0; i < model.importedPaths.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    colorSwatch(model.importedPaths[i].color);
    ImGui::TextUnformatted(model.importedPaths[i].label.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("(%zu points)", model.importedPaths[i].points.size());
    ImGui::SameLine();
    const bool remove = ImGui::SmallButton("Remove");
    ImGui::PopID();
    if (remove) {
      model.importedPaths.erase(model.importedPaths.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
}

// Height of the footer drawn by statusFooter, so the scrolling contents stop above it.
float statusFooterHeight(const ExportState& state) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float height = 0.0f;
  if (gifBusy(state)) height += ImGui::GetFrameHeightWithSpacing();
  if (!state.message.empty())
    height += ImGui::CalcTextSize(state.message.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y +
              style.ItemSpacing.y;
  return height > 0.0f ? height + 2.0f * style.ItemSpacing.y + 1.0f : 0.0f;  // and the separator
}

// The recording or the save under way with its progress, or a failed save's choices; the last message.
void statusFooter(ExportState& state) {
  if (!gifBusy(state) && state.message.empty()) return;
  ImGui::Separator();
  if (state.saving) {
    if (ImGui::Button("Cancel")) state.cancelSaveRequested = true;
    ImGui::SameLine();
    const std::string overlay = state.framesEncoded == 0
                                    ? std::string("Building the palette...")
                                    : "Encoding frame " + std::to_string(state.framesEncoded) + " of " +
                                          std::to_string(state.framesRecorded);
    ImGui::ProgressBar(state.progress, ImVec2(-1.0f, 0.0f), overlay.c_str());
  } else if (state.unsavedRecording) {
    if (ImGui::Button("Save again")) state.saveAgainRequested = true;
    ImGui::SameLine();
    if (ImGui::Button("Discard")) state.discardRequested = true;
    ImGui::SameLine();
    ImGui::TextDisabled("%d frames not saved", state.framesRecorded);
  } else if (state.recording) {
    if (ImGui::Button("Stop and save")) state.stopRequested = true;
    ImGui::SameLine();
    const std::string overlay = std::to_string(state.framesRecorded) + " frames";
    ImGui::ProgressBar(state.recordSteps ? state.progress : 0.0f, ImVec2(-1.0f, 0.0f), overlay.c_str());
  }
  if (state.messageIsError)
    errorText(state.message);
  else if (!state.message.empty())
    hintText(state.message);
}

}  // namespace

void drawExportPanel(Model& model, UiState& ui, bool* open) {
  ExportState& state = ui.exportState;
  if (ImGui::Begin("Export", open, kPanelFlags)) {
    ImGui::BeginChild("##contents", ImVec2(0.0f, -statusFooterHeight(state)));
    ImGui::Checkbox("Legend", &state.legend);
    ImGui::SameLine();
    helpMarker("Run names with their hyperparameters, burnt into exported images (PNG of plot area, GIF).");
    ImGui::SameLine();
    ImGui::Checkbox("Step counter", &state.stepCounter);
    exportRow("plot", state.plotPngPath, "PNG of plot area", state.plotPngRequested);
    exportRow("window", state.windowPngPath, "PNG of window", state.windowPngRequested);
    exportRow("csv", state.csvPath, "CSV", state.csvRequested);
    exportRow("json", state.jsonPath, "JSON", state.jsonRequested);
    serviceTrajectoryExports(model, state);
    ImGui::Separator();
    gifSection(state);
    ImGui::Separator();
    importSection(model, state);
    ImGui::EndChild();
    statusFooter(state);
  }
  ImGui::End();
}

}  // namespace gs
