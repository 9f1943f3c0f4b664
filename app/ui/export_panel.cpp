// The export panel: PNG of the plot area or the window, GIF recording, CSV/JSON of every run, CSV import.
// Images need the scene renderer and the back buffer, which AppFrame owns: the buttons set requests in
// ui.exportState and AppFrame carries them out this frame. CSV and JSON are written here.
#include "ui/export_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <variant>

#include "panel_common.hpp"
#include "trajectory_io.hpp"

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

void exportTrajectoriesTo(const Model& model, ExportState& state, const std::string& path,
                          TrajectoryFormat format) {
  if (auto error = exportTrajectories(path, model.runner, format))
    state.report(*error, true);
  else
    state.report("Wrote " + path, false);
}

}  // namespace

void drawExportPanel(Model& model, UiState& ui, bool* open) {
  ExportState& state = ui.exportState;
  if (ImGui::Begin("Export", open, kPanelFlags)) {
    ImGui::Checkbox("Legend", &state.legend);
    ImGui::SameLine();
    helpMarker("Run names with their hyperparameters, burnt into exported images (PNG of plot area, GIF).");
    ImGui::SameLine();
    ImGui::Checkbox("Step counter", &state.stepCounter);

    ImGui::PushID("plot");
    pathBox("##path", state.plotPngPath);
    ImGui::SameLine();
    if (ImGui::Button("PNG of plot area")) state.plotPngRequested = true;
    ImGui::PopID();
    ImGui::PushID("window");
    pathBox("##path", state.windowPngPath);
    ImGui::SameLine();
    if (ImGui::Button("PNG of window")) state.windowPngRequested = true;
    ImGui::PopID();
    ImGui::PushID("csv");
    pathBox("##path", state.csvPath);
    ImGui::SameLine();
    if (ImGui::Button("CSV")) exportTrajectoriesTo(model, state, state.csvPath, TrajectoryFormat::Csv);
    ImGui::PopID();
    ImGui::PushID("json");
    pathBox("##path", state.jsonPath);
    ImGui::SameLine();
    if (ImGui::Button("JSON")) exportTrajectoriesTo(model, state, state.jsonPath, TrajectoryFormat::Json);
    ImGui::PopID();

    ImGui::Separator();
    ImGui::TextUnformatted("GIF of the plot area");
    ImGui::PushID("gif");
    pathBox("##path", state.gifPath);
    ImGui::PopID();
    ImGui::BeginDisabled(state.recording);
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
    ImGui::EndDisabled();
    if (!state.recording) {
      if (ImGui::Button("Start recording")) state.startRequested = true;
    } else {
      if (ImGui::Button("Stop and save")) state.stopRequested = true;
      ImGui::SameLine();
      const std::string overlay = std::to_string(state.framesRecorded) + " frames";
      ImGui::ProgressBar(state.recordSteps ? state.progress : 0.0f, ImVec2(-1.0f, 0.0f), overlay.c_str());
    }

    ImGui::Separator();
    ImGui::TextUnformatted("Import a path (CSV as `gradscape trace` writes it)");
    ImGui::PushID("import");
    pathBox("##path", state.importPath);
    ImGui::SameLine();
    if (ImGui::Button("Import")) {
      auto added = importPathsCsv(model, state.importPath);
      if (auto* error = std::get_if<std::string>(&added))
        state.report(*error, true);
      else
        state.report("Imported " + std::to_string(std::get<std::size_t>(added)) + " path(s) from " +
                         state.importPath,
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

    if (!state.message.empty()) {
      ImGui::Separator();
      if (state.messageIsError)
        errorText(state.message);
      else
        hintText(state.message);
    }
  }
  ImGui::End();
}

}  // namespace gs
