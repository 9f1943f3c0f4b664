// The GLFW window with an OpenGL 3.3 core context and Dear ImGui's GLFW + OpenGL3 backends, set up and
// torn down in the right order (RAII). Used by the app and by `gradscape bench`.
#pragma once
#include <epoxy/gl.h>
// epoxy before GLFW (GLFW_INCLUDE_NONE is defined by the build).
#include <GLFW/glfw3.h>

#include <array>
#include <memory>
#include <string>

namespace gs {

struct WindowOptions {
  int width = 1600;
  int height = 900;
  bool vsync = true;
  const char* iniFile = nullptr;  // ImGui's layout file; nullptr writes none
};

class Window {
 public:
  // Opens the window and makes its context current; on failure returns null and `error` holds GLFW's reason.
  static std::unique_ptr<Window> open(const WindowOptions& options, std::string& error);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  GLFWwindow* handle() const { return window_; }
  // Whether the back buffer still holds a frame after it is swapped (GLX leaves it undefined). Checked
  // once, when the window opens, only on Mesa's software rasterisers (llvmpipe, softpipe: their swap
  // copies the back buffer out and keeps it): three frames of slightly different colours are swapped and
  // each is read back after its swap. Elsewhere false: on a GPU redrawing is cheap.
  bool keepsBackBuffer() const { return keepsBackBuffer_; }
  bool shouldClose() const { return glfwWindowShouldClose(window_) != 0; }
  // The framebuffer's and the window's sizes. On X11 every question GLFW asks the X server is a round trip
  // (about 0.1 ms under Xvfb, a network's latency over ssh -X), so they are asked only when GLFW's events
  // said a size changed, or after resize(); otherwise the last answers stand.
  void framebufferSize(int& width, int& height) const;
  void windowSize(int& width, int& height) const;
  // Asks the window manager for a new size (GLFW's glfwSetWindowSize); the next sizes are asked again.
  void resize(int width, int height);
  // Minimised, as GLFW's events last said.
  bool iconified() const { return input_.iconified; }
  // Moves the pointer to (x, y) in the window's coordinates (GLFW's glfwSetCursorPos, which reports no
  // event for its own move).
  void warpCursor(double x, double y);
  // What ImGui_ImplGlfw_NewFrame (Dear ImGui 1.86's GLFW backend) does each frame, from GLFW's events
  // instead of four questions to the X server (window and framebuffer size, focus, pointer): the display
  // size and scale, the time step, the mouse buttons (a press shorter than a frame still shows for one
  // frame), the pointer while it is over the window or a button is held (an X grab then reports it outside
  // too), and the mouse cursor's shape, set only when ImGui asks for another one. The backend's own
  // callbacks (keys, characters, wheel, focus) stay installed and feed ImGui as before.
  void newImGuiFrame();

 private:
  explicit Window(GLFWwindow* window) : window_(window) {}
  void installInputCallbacks();
  void askSizesIfStale() const;  // both sizes from GLFW, once a size event (or resize) made them stale
  static Window& of(GLFWwindow* window) { return *static_cast<Window*>(glfwGetWindowUserPointer(window)); }

  // What GLFW's callbacks reported since the window opened (see newImGuiFrame).
  struct Input {
    bool sizesStale = true;  // a size changed (or may have): ask GLFW again
    int width = 0, height = 0, framebufferWidth = 0, framebufferHeight = 0;
    double cursorX = 0.0, cursorY = 0.0;
    bool hovered = false, iconified = false;
    std::array<bool, 5> justPressed{};  // ImGui's mouse buttons
    double lastFrameTime = 0.0;
    int shownCursor = -2;  // the ImGuiMouseCursor last set (-2: none yet; -1 is ImGui's hidden cursor)
  };
  GLFWwindow* window_ = nullptr;
  std::string iniFile_;
  bool keepsBackBuffer_ = false;
  mutable Input input_;
  std::array<GLFWcursor*, 9> cursors_{};  // per ImGuiMouseCursor
};

// Writes the current read framebuffer's region (GL_BACK of a window before swapping, or an FBO) as a PNG.
bool saveFramebufferPng(const std::string& path, int x, int y, int width, int height);

}  // namespace gs
