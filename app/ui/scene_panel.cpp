// Scenes in the Teach panel: a path box with Load / Save, the recent scenes and the bundled lecture
// presets. Loading builds the whole new Model first, so a bad file leaves what is open as it was.
#include "ui/scene_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "core/io/scene.hpp"
#include "panel_common.hpp"
#include "scene_bridge.hpp"

namespace gs {
namespace {

void scanPresets(UiState& ui) {
  if (ui.presetsScanned) return;
  ui.presetsScanned = true;
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path directory = fs::path(GRADSCAPE_ASSET_DIR) / "scenes";
  std::vector<std::string> paths;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error))
    if (it->path().extension() == ".json") paths.push_back(it->path().string());
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    auto scene = loadScene(path);
    const auto* parsed = std::get_if<Scene>(&scene);
    std::string title = parsed && !parsed->title.empty() ? parsed->title : fs::path(path).stem().string();
    ui.presets.push_back({path, std::move(title)});
  }
}

// ImGui 1.86 has no std::string InputText without imgui_stdlib; resize on demand through the callback.
int resizeCallback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = text->data();
  }
  return 0;
}

bool inputString(const char* label, std::string& text) {
  if (text.capacity() < 256) text.reserve(256);
  return ImGui::InputText(label, text.data(), text.capacity() + 1, ImGuiInputTextFlags_CallbackResize,
                          resizeCallback, &text);
}

void load(Model& model, UiState& ui, const std::string& path) {
  if (const auto error = loadSceneInto(model, ui, path)) {
    ui.sceneError = *error;
    ui.sceneMessage.clear();
  } else {
    ui.sceneError.clear();
    ui.sceneMessage = "Loaded " + path;
  }
}

}  // namespace

void rememberRecentScene(UiState& ui, const std::string& path) {
  if (path.empty()) return;
  auto& recent = ui.recentScenes;
  recent.erase(std::remove(recent.begin(), recent.end(), path), recent.end());
  recent.insert(recent.begin(), path);
  if (recent.size() > kMaxRecentScenes) recent.resize(kMaxRecentScenes);
}

std::optional<std::string> loadSceneInto(Model& model, UiState& ui, const std::string& path) {
  auto scene = loadScene(path);  // its errors start with the path
  if (const auto* error = std::get_if<std::string>(&scene)) return *error;
  const Scene& parsed = std::get<Scene>(scene);
  auto built = modelFromScene(parsed);
  if (const auto* error = std::get_if<std::string>(&built)) return path + ": " + *error;
  LoadedScene& loaded = std::get<LoadedScene>(built);
  // Renderers re-upload when the version changes, so the new surface must get a newer one than what is
  // open. The app then frames the new surface; a scene with its own 2D view gets it back next frame.
  const std::uint64_t version = model.surfaceVersion + 1;
  model = std::move(loaded.model);
  model.surfaceVersion = version;
  if (parsed.view.center || parsed.view.unitsPerPixel)
    ui.pendingView2d = model.view2d;
  else
    ui.pendingView2d.reset();
  ui.sceneTitle = loaded.title;
  ui.sceneExplanation = loaded.explanation;
  ui.scenePath = path;
  ui.scenePathEdit = path;
  ui.selectedRun = 0;
  ui.explainSubStep = 0;
  ui.explainForStep = -1;
  if (model.maps.shown) ui.panelOpen[kMapsPanel] = true;  // a scene that shows a map shows its panel
  rememberRecentScene(ui, path);
  return std::nullopt;
}

std::optional<std::string> saveSceneFrom(const Model& model, UiState& ui, const std::string& path) {
  if (path.empty()) return std::string("no path given");
  if (auto error = saveScene(path, sceneFromModel(model, ui.sceneTitle, ui.sceneExplanation))) return error;
  ui.scenePath = path;
  rememberRecentScene(ui, path);
  return std::nullopt;
}

void drawSceneSection(Model& model, UiState& ui) {
  scanPresets(ui);
  if (!ui.presets.empty()) {
    const char* preview = ui.presetIndex >= 0 && ui.presetIndex < static_cast<int>(ui.presets.size())
                              ? ui.presets[static_cast<std::size_t>(ui.presetIndex)].title.c_str()
                              : "Lecture presets...";
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##presets", preview)) {
      for (std::size_t i = 0; i < ui.presets.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(ui.presets[i].title.c_str(), ui.presetIndex == static_cast<int>(i))) {
          ui.presetIndex = static_cast<int>(i);
          load(model, ui, ui.presets[i].path);
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ui.presets[i].path.c_str());
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
  }
  ImGui::SetNextItemWidth(-1.0f);
  inputString("##scenepath", ui.scenePathEdit);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Scene file (JSON)");
  if (ImGui::Button("Load")) load(model, ui, ui.scenePathEdit);
  ImGui::SameLine();
  if (ImGui::Button("Save")) {
    if (const auto error = saveSceneFrom(model, ui, ui.scenePathEdit)) {
      ui.sceneError = *error;
      ui.sceneMessage.clear();
    } else {
      ui.sceneError.clear();
      ui.sceneMessage = "Saved " + ui.scenePathEdit;
    }
  }
  if (!ui.sceneError.empty()) errorText(ui.sceneError);
  if (!ui.sceneMessage.empty()) hintText(ui.sceneMessage);
  if (!ui.recentScenes.empty() && ImGui::TreeNode("Recent scenes")) {
    for (std::size_t i = 0; i < ui.recentScenes.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      const std::string path = ui.recentScenes[i];  // a copy: loading reorders the list
      const std::string name = std::filesystem::path(path).filename().string();
      if (ImGui::Selectable(name.c_str(), path == ui.scenePath)) load(model, ui, path);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", path.c_str());
      ImGui::PopID();
    }
    ImGui::TreePop();
  }
}

}  // namespace gs
