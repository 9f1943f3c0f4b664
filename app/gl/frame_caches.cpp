#include "gl/frame_caches.hpp"

#include <cstdlib>
#include <string_view>

namespace gs {
namespace {

// A process-wide setting, as the environment variable it starts from is: the window's one ImGuiLayer and
// SceneRenderer read it each frame.
bool& enabledFlag() {
  static bool enabled = [] {
    const char* value = std::getenv("GRADSCAPE_FRAME_CACHES");
    return !(value && std::string_view(value) == "0");
  }();
  return enabled;
}

}  // namespace

bool frameCachesEnabled() { return enabledFlag(); }
void setFrameCachesEnabled(bool enabled) { enabledFlag() = enabled; }

}  // namespace gs
