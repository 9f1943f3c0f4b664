#include "settings.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <system_error>
#include <type_traits>

#include "core/io/atomic_file.hpp"
#include "core/io/printable.hpp"
#include "core/math/text.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFileName = "settings.txt";
// A settings file is a few hundred bytes; anything near this is not one (a 1 GB file was read whole).
constexpr std::size_t kMaxSettingsBytes = std::size_t{1} << 20;

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
void parseNumber(const std::string& text, T& out, T low, T high) {
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
  if (key == "window_width") parseNumber(value, settings.windowWidth, 200, 16384);
  if (key == "window_height") parseNumber(value, settings.windowHeight, 150, 16384);
  if (key == "ui_scale") parseNumber(value, settings.uiScale, 0.5f, 4.0f);
  if (key == "panels_visible") parseBool(value, settings.panelsVisible);
  if (key == "closed_panels") {
    std::istringstream names(value);
    settings.closedPanels.clear();
    for (std::string name; names >> name && settings.closedPanels.size() < 16;)
      settings.closedPanels.push_back(name);
  }
  if (key == "last_scene") settings.lastScene = value;
  if (key == "recent_scene" && !value.empty() && settings.recentScenes.size() < 16)
    settings.recentScenes.push_back(value);
}

// Each problem once per process on stderr: settings are read at start and written at exit, and a
// folder that cannot be written stays so; repeating it would only bury other messages.
void warnOnce(const std::string& message) {
  static std::mutex mutex;
  static std::set<std::string> said;
  const std::lock_guard lock(mutex);
  if (said.insert(message).second) std::cerr << "gradscape: " << printable(message) << '\n';
}

fs::path configBase() {
  if (const std::string xdg = environment("XDG_CONFIG_HOME"); !xdg.empty() && fs::path(xdg).is_absolute())
    return xdg;
  if (const std::string home = environment("HOME"); !home.empty()) return fs::path(home) / ".config";
  return {};
}

}  // namespace

std::string configDirectory() {
  const fs::path base = configBase();
  if (base.empty()) return {};
  const fs::path directory = base / "gradscape";
  std::error_code error;
  fs::create_directories(directory, error);
  if (error || !fs::is_directory(directory)) {
    warnOnce(concat("settings will not be kept: cannot create the folder '", directory.string(), "'",
                    error ? concat(" (", error.message(), ")") : std::string()));
    return {};
  }
  if (::access(directory.c_str(), W_OK | X_OK) != 0)
    warnOnce(concat("settings will not be kept: the folder '", directory.string(), "' is not writable (",
                    std::strerror(errno), ")"));
  return directory.string();
}

Settings loadSettings() {
  Settings settings;
  const fs::path base = configBase();
  if (base.empty()) return settings;
  const fs::path file = base / "gradscape" / kFileName;
  std::error_code missing;
  if (!fs::exists(fs::symlink_status(file, missing))) return settings;  // first start: nothing to say
  // Through readWholeFile: a FIFO at the path would block a plain open forever, and a huge file would be
  // read whole; both are refused with a message, and the defaults are used.
  std::string text;
  if (auto error = readWholeFile(file.string(), text, kMaxSettingsBytes)) {
    warnOnce(concat("ignoring the settings: ", *error));
    return settings;
  }
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto equals = line.find('=');
    if (line.empty() || line.front() == '#' || equals == std::string::npos) continue;
    applyLine(trim(line.substr(0, equals)), trim(line.substr(equals + 1)), settings);
  }
  return settings;
}

std::string settingsText(const Settings& settings) {
  std::ostringstream out;
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
  for (const std::string& recent : settings.recentScenes)
    if (!recent.empty() && recent.find('\n') == std::string::npos) out << "recent_scene = " << recent << "\n";
  return out.str();
}

bool saveSettings(const Settings& settings) {
  const std::string directory = configDirectory();  // says once when the folder cannot be made
  if (directory.empty()) return false;
  // Atomic and fsynced: a crash or power cut while saving leaves the previous settings, never half.
  if (auto error = writeFileAtomically((fs::path(directory) / kFileName).string(), settingsText(settings))) {
    warnOnce(concat("settings not saved: ", *error));
    return false;
  }
  return true;
}

}  // namespace gs
