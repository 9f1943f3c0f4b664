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
  std::vector<std::string> closedPanels;  // panel names, as the Display panel lists them
  std::string lastScene;
  std::vector<std::string> recentScenes;  // most recent first, one "recent_scene" line each
  std::string exportFolder;               // where the Export panel writes; empty: the working directory
};

std::string configDirectory();       // created on demand; empty if no home can be found
Settings loadSettings();             // defaults for anything missing or malformed
bool saveSettings(const Settings&);  // atomic (temporary file, then rename); false on failure

}  // namespace gs
