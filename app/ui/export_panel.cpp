// The export panel: PNG of the plot area or the window, GIF recording, CSV/JSON of every run, CSV import.
// The buttons issue commands (ui.exportState.commands) that the Exporter, which the controller owns beside
// the scene renderer and the back buffer, carries out this frame; a GIF is saved on a worker thread, whose
// progress the exporter writes back into ui.exportState.status.
//
// The panel's slot is short, so its contents scroll while a status footer stays in view: the running
// recording or save with its progress bar, and the last result or error.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "panel_common.hpp"
#include "ui/folder_chooser.hpp"

namespace gs {
namespace {

// A path box, leaving room for the widest button beside it.
void pathBox(const char* label, std::string& path) {
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("PNG of plot area").x - 2.0f * style.FramePadding.x -
                          style.ItemSpacing.x);
  ImGui::InputText(label, &path);
}

// A path box and the button that exports to it.
void exportRow(const char* id, std::string& path, const char* button, ExportState& state,
               ExportCommand command) {
  ImGui::PushID(id);
  pathBox("##path", path);
  ImGui::SameLine();
  if (ImGui::Button(button)) state.issue(command);
  ImGui::PopID();
}

void gifSection(ExportState& state) {
  ImGui::TextUnformatted("GIF of the plot area");
  ImGui::PushID("gif");
  pathBox("##path", state.gifPath);
  ImGui::PopID();
  ImGui::BeginDisabled(state.status.busy());
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
  if (ImGui::Button("Start recording")) state.issue(ExportCommand::StartGif);
  ImGui::EndDisabled();
}

void importSection(Model& model, ExportState& state) {
  ImGui::TextWrapped("Import a path (CSV as `gradscape trace` writes it)");
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

// The folder exports go to, and the folder chooser (folder_chooser.hpp) to choose it.
void folderSection(ExportState& state) {
  std::string current = state.resolve(".");  // "/a/b/" after normalisation: ".." must go to "/a"
  if (current.size() > 1 && current.back() == '/') current.pop_back();
  ImGui::TextUnformatted("Folder:");
  ImGui::SameLine();
  if (ImGui::SmallButton("Choose...")) {
    state.browseDirectory = current;
    state.browsing = true;
    ImGui::OpenPopup("Export folder");
  }
  sameLineIfFits(ImGui::CalcTextSize(current.c_str()).x);  // a long path gets its own (wrapped) line
  hintText(current);
  if (const auto chosen = drawFolderChooser("Export folder", state.browseDirectory, state.browseError)) {
    state.folder = *chosen;
    state.browsing = false;
    state.report("Exports go to " + state.folder, false);
  }
}

// Height of the footer drawn by statusFooter, so the scrolling contents stop above it.
float statusFooterHeight(const ExportState& state) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float height = 0.0f;
  if (state.status.busy()) height += ImGui::GetFrameHeightWithSpacing();
  if (!state.message.empty())
    height += ImGui::CalcTextSize(state.message.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y +
              style.ItemSpacing.y;
  return height > 0.0f ? height + 2.0f * style.ItemSpacing.y + 1.0f : 0.0f;  // and the separator
}

// The recording or the save under way with its progress, or a failed save's choices; the last message.
void statusFooter(ExportState& state) {
  if (!state.status.busy() && state.message.empty()) return;
  ImGui::Separator();
  if (state.status.saving) {
    if (ImGui::Button("Cancel")) state.issue(ExportCommand::CancelGifSave);
    ImGui::SameLine();
    const std::string overlay = state.status.framesEncoded == 0
                                    ? std::string("Building the palette...")
                                    : "Encoding frame " + std::to_string(state.status.framesEncoded) +
                                          " of " + std::to_string(state.status.framesRecorded);
    ImGui::ProgressBar(state.status.progress, ImVec2(-1.0f, 0.0f), overlay.c_str());
  } else if (state.status.unsavedRecording) {
    if (ImGui::Button("Save again")) state.issue(ExportCommand::SaveGifAgain);
    ImGui::SameLine();
    if (ImGui::Button("Discard")) state.issue(ExportCommand::DiscardGif);
    ImGui::SameLine();
    ImGui::TextDisabled("%d frames not saved", state.status.framesRecorded);
  } else if (state.status.recording) {
    if (ImGui::Button("Stop and save")) state.issue(ExportCommand::StopGif);
    ImGui::SameLine();
    const std::string overlay = std::to_string(state.status.framesRecorded) + " frames";
    ImGui::ProgressBar(state.recordSteps ? state.status.progress : 0.0f, ImVec2(-1.0f, 0.0f),
                       overlay.c_str());
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
    sameLineIfFits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                   ImGui::CalcTextSize("Step counter").x);
    ImGui::Checkbox("Step counter", &state.stepCounter);
    folderSection(state);
    exportRow("plot", state.plotPngPath, "PNG of plot area", state, ExportCommand::PlotPng);
    exportRow("window", state.windowPngPath, "PNG of window", state, ExportCommand::WindowPng);
    exportRow("csv", state.csvPath, "CSV", state, ExportCommand::Csv);
    exportRow("json", state.jsonPath, "JSON", state, ExportCommand::Json);
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
