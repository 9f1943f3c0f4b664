#include "ui/folder_chooser.hpp"

#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "panel_common.hpp"

namespace gs {

std::vector<std::string> subfolders(const std::string& directory, std::string& error) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code code;
  fs::directory_iterator it(directory, fs::directory_options::skip_permission_denied, code);
  if (code) {
    error = directory + ": " + code.message();
    return names;
  }
  for (const fs::directory_entry& entry : it)
    if (std::error_code ignored; entry.is_directory(ignored))
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    const bool hiddenA = !a.empty() && a.front() == '.', hiddenB = !b.empty() && b.front() == '.';
    return hiddenA != hiddenB ? hiddenB : a < b;
  });
  error.clear();
  return names;
}

std::optional<std::string> drawFolderChooser(const char* title, std::string& directory, std::string& error) {
  namespace fs = std::filesystem;
  const ImVec2 center = ImGui::GetMainViewport()->GetCenter();
  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return std::nullopt;
  ImGui::TextUnformatted(directory.c_str());
  const std::vector<std::string> names = subfolders(directory, error);
  const float size = ImGui::GetFontSize();
  ImGui::BeginChild("##folders", ImVec2(size * 26.0f, size * 14.0f), true);
  std::string next;
  if (ImGui::Selectable("..")) next = fs::path(directory).parent_path().string();
  for (const std::string& name : names)
    if (ImGui::Selectable((name + "/").c_str())) next = (fs::path(directory) / name).string();
  ImGui::EndChild();
  if (!next.empty()) directory = next;
  if (!error.empty()) errorText(error);
  std::optional<std::string> chosen;
  if (ImGui::Button("Use this folder")) {
    chosen = directory;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return chosen;
}

}  // namespace gs
