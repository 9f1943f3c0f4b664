// Settings that outlive a session (window size, panels, UI scale, last scene), stored as a small text file
// in the user's config directory ($XDG_CONFIG_HOME/gradscape, else ~/.config/gradscape).
#pragma once
#include <string>
#include <vector>

namespace gs {

struct Settings {
  int windowWidth = 1600;
  int windowHeight = 900;
  float uiScale = 1.0f;
  bool panelsVisible = true;
  // Panel names, as the Display panel lists them. The Maps panel takes room from the views: shown when asked.
  std::vector<std::string> closedPanels{"maps"};
  std::string lastScene;
  std::vector<std::string> recentScenes;  // most recent first, one "recent_scene" line each
  std::string exportFolder;               // where the Export panel writes; empty: the working directory
};

// Problems (a folder that cannot be created or written, a settings path that is a FIFO or larger than
// 1 MB, a failed save) are said once per process on stderr; the app goes on with its defaults.
std::string configDirectory();              // created on demand; empty if no home can be found or made
Settings loadSettings();                    // defaults for anything missing or malformed
std::string settingsText(const Settings&);  // the file's contents
bool saveSettings(const Settings&);         // atomic and fsynced (core/io/atomic_file); false on failure

}  // namespace gs
