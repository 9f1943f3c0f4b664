#include "settings.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <type_traits>

namespace gs {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFileName = "settings.txt";

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// Parses the whole of `text` as a number; anything else (or a non-finite value) leaves `out` alone.
template <typename T>
void readClamped(const std::string& text, T& out, T low, T high) {
  std::istringstream in(text);
  T value{};
  in >> value;
  if (!in || !in.eof()) return;
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) return;
  }
  if (value < low || value > high) return;
  out = value;
}

void parseBool(const std::string& text, bool& out) {
  if (text == "true" || text == "1") out = true;
  if (text == "false" || text == "0") out = false;
}

void applyLine(const std::string& key, const std::string& value, Settings& settings) {
  if (key == "window_width") readClamped(value, settings.windowWidth, 200, 16384);
  if (key == "window_height") readClamped(value, settings.windowHeight, 150, 16384);
  if (key == "ui_scale") readClamped(value, settings.uiScale, 0.5f, 4.0f);
  if (key == "panels_visible") parseBool(value, settings.panelsVisible);
  if (key == "closed_panels") {
    std::istringstream names(value);
    settings.closedPanels.clear();
    for (std::string name; names >> name && settings.closedPanels.size() < 16;)
      settings.closedPanels.push_back(name);
  }
  if (key == "last_scene") settings.lastScene = value;
  if (key == "export_folder") settings.exportFolder = value;
  if (key == "recent_scene" && !value.empty() && settings.recentScenes.size() < 16)
    settings.recentScenes.push_back(value);
}

}  // namespace

std::string configDirectory() {
  fs::path base;
  if (const std::string xdg = environment("XDG_CONFIG_HOME"); !xdg.empty() && fs::path(xdg).is_absolute())
    base = xdg;
  else if (const std::string home = environment("HOME"); !home.empty())
    base = fs::path(home) / ".config";
  else
    return {};
  const fs::path directory = base / "gradscape";
  std::error_code error;
  fs::create_directories(directory, error);
  if (error || !fs::is_directory(directory, error)) return {};
  return directory.string();
}

Settings loadSettings() {
  Settings settings;
  const std::string directory = configDirectory();
  if (directory.empty()) return settings;
  std::ifstream in(fs::path(directory) / kFileName);
  std::string line;
  while (std::getline(in, line)) {
    const auto equals = line.find('=');
    if (line.empty() || line.front() == '#' || equals == std::string::npos) continue;
    applyLine(trim(line.substr(0, equals)), trim(line.substr(equals + 1)), settings);
  }
  return settings;
}

bool saveSettings(const Settings& settings) {
  const std::string directory = configDirectory();
  if (directory.empty()) return false;
  const fs::path target = fs::path(directory) / kFileName;
  const fs::path temporary =
      fs::path(directory) / (std::string(kFileName) + ".tmp" + std::to_string(getpid()));
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << "# gradscape settings\n"
        << "window_width = " << settings.windowWidth << "\n"
        << "window_height = " << settings.windowHeight << "\n"
        << "ui_scale = " << settings.uiScale << "\n"
        << "panels_visible = " << (settings.panelsVisible ? "true" : "false") << "\n"
        << "closed_panels =";
    for (const std::string& name : settings.closedPanels)
      if (!name.empty() && name.find_first_of(" \t\n") == std::string::npos) out << " " << name;
    out << "\n"
        << "last_scene = " << (settings.lastScene.find('\n') == std::string::npos ? settings.lastScene : "")
        << "\n";
    if (!settings.exportFolder.empty() && settings.exportFolder.find('\n') == std::string::npos)
      out << "export_folder = " << settings.exportFolder << "\n";
    for (const std::string& recent : settings.recentScenes)
      if (!recent.empty() && recent.find('\n') == std::string::npos)
        out << "recent_scene = " << recent << "\n";
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return false;
    }
  }
  std::error_code error;
  fs::rename(temporary, target, error);
  if (error) fs::remove(temporary, error);
  return !error;
}

}  // namespace gs
