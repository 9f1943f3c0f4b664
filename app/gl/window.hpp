// The GLFW window with an OpenGL 3.3 core context and Dear ImGui's GLFW + OpenGL3 backends, set up and
// torn down in the right order (RAII). Used by the app and by `gradscape bench`.
#pragma once
#include <epoxy/gl.h>
// epoxy before GLFW (GLFW_INCLUDE_NONE is defined by the build).
#include <GLFW/glfw3.h>

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
  void framebufferSize(int& width, int& height) const { glfwGetFramebufferSize(window_, &width, &height); }
  void windowSize(int& width, int& height) const { glfwGetWindowSize(window_, &width, &height); }

 private:
  explicit Window(GLFWwindow* window) : window_(window) {}
  GLFWwindow* window_ = nullptr;
  std::string iniFile_;
  bool keepsBackBuffer_ = false;
};

// Writes the current read framebuffer's region (GL_BACK of a window before swapping, or an FBO) as a PNG.
bool saveFramebufferPng(const std::string& path, int x, int y, int width, int height);

}  // namespace gs
