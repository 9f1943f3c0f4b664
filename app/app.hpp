// The window: `gradscape [SCENE.json] [options]` opens the app on a scene (or the default one).
#pragma once
#include <string>
#include <vector>

namespace gs {

// Parses the window's options and runs the window until it is closed; the process's exit status.
int runApp(const std::vector<std::string>& args);

}  // namespace gs
