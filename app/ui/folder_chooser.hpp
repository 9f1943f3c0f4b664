// Choosing a folder inside the app, drawn with ImGui (Debian packages no file dialog library): a modal
// popup listing the browsed folder's subfolders; ".." goes up, a click on a subfolder goes into it, "Use
// this folder" chooses it. The export panel's folder and the optimizer editor's .gso files use it.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace gs {

// The subfolders of `directory`, sorted, hidden ones last; an error leaves `error` set.
std::vector<std::string> subfolders(const std::string& directory, std::string& error);

// The popup `title`, while open: open it with ImGui::OpenPopup(title) in the same ID scope, after setting
// `directory` to the folder to start from. Returns the chosen folder on the frame "Use this folder" is
// clicked (the popup then closes), else nullopt; Cancel closes it. `error` says why a folder cannot be
// listed.
std::optional<std::string> drawFolderChooser(const char* title, std::string& directory, std::string& error);

}  // namespace gs
