#include "gl/window.hpp"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <iterator>
#include <string>

#include "gl/offscreen.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace gs {

namespace {
// See Window::keepsBackBuffer.
bool backBufferSurvivesSwaps(GLFWwindow* window) {
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const std::string name = renderer != nullptr ? renderer : "";
  if (name.find("llvmpipe") == std::string::npos && name.find("softpipe") == std::string::npos) return false;
  int width = 0, height = 0;
  glfwGetFramebufferSize(window, &width, &height);
  if (width <= 0 || height <= 0) return false;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDisable(GL_SCISSOR_TEST);
  glViewport(0, 0, width, height);
  bool kept = true;
  for (int frame = 1; frame <= 3 && kept; ++frame) {
    const std::uint8_t level = static_cast<std::uint8_t>(20 + frame);  // near the app's dark background
    glClearColor(level / 255.0f, level / 255.0f, level / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glfwSwapBuffers(window);
    glReadBuffer(GL_BACK);
    std::uint8_t pixel[4] = {0, 0, 0, 0};
    glReadPixels(width / 2, height / 2, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
    kept = pixel[0] == level && pixel[1] == level && pixel[2] == level;
  }
  return kept && glGetError() == GL_NO_ERROR;
}

std::string glfwReason() {
  const char* description = nullptr;
  glfwGetError(&description);
  return description != nullptr ? description : "unknown GLFW error";
}
}  // namespace

std::unique_ptr<Window> Window::open(const WindowOptions& options, std::string& error) {
#if defined(__GLIBC__)
  // llvmpipe (Mesa's software rasteriser) allocates and frees megabytes of binning memory every frame.
  // With glibc's default trim threshold (128 KiB) the freed top of the heap goes back to the system
  // each time and is faulted in again the next frame: a third of the frame time while the plots are
  // redrawn at every step of a playing run. The heap is kept instead.
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
  if (!glfwInit()) {
    error = glfwReason();
    return nullptr;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // Nothing draws into the window with a depth test (the 3D view has its own target), and without a
  // depth buffer Mesa's llvmpipe may take its fast "linear" paths for copies, clears and flat fills.
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  GLFWwindow* window = glfwCreateWindow(std::max(options.width, 320), std::max(options.height, 240),
                                        "gradscape", nullptr, nullptr);
  if (window == nullptr) {
    error = glfwReason();
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(options.vsync ? 1 : 0);
  std::unique_ptr<Window> result(new Window(window));
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  if (options.iniFile != nullptr) result->iniFile_ = options.iniFile;
  ImGui::GetIO().IniFilename = result->iniFile_.empty() ? nullptr : result->iniFile_.c_str();
  // Before the backend's: it keeps ours and calls them from its own (mouse buttons, focus, enter/leave).
  result->installInputCallbacks();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  result->keepsBackBuffer_ = backBufferSurvivesSwaps(window);
  return result;
}

Window::~Window() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  for (GLFWcursor* cursor : cursors_)
    if (cursor != nullptr) glfwDestroyCursor(cursor);
  glfwDestroyWindow(window_);
  glfwTerminate();
}

void Window::installInputCallbacks() {
  glfwSetWindowUserPointer(window_, this);
  const auto sizeChanged = [](GLFWwindow* window, int, int) { of(window).input_.sizesStale = true; };
  glfwSetWindowSizeCallback(window_, sizeChanged);
  glfwSetFramebufferSizeCallback(window_, sizeChanged);
  glfwSetWindowIconifyCallback(
      window_, [](GLFWwindow* window, int iconified) { of(window).input_.iconified = iconified; });
  glfwSetCursorPosCallback(window_, [](GLFWwindow* window, double x, double y) {
    Input& input = of(window).input_;
    input.cursorX = x;
    input.cursorY = y;
  });
  glfwSetCursorEnterCallback(
      window_, [](GLFWwindow* window, int entered) { of(window).input_.hovered = entered != 0; });
  glfwSetMouseButtonCallback(window_, [](GLFWwindow* window, int button, int action, int) {
    Input& input = of(window).input_;
    if (action == GLFW_PRESS && button >= 0 && button < static_cast<int>(input.justPressed.size()))
      input.justPressed[static_cast<std::size_t>(button)] = true;
  });
  // Where the pointer is when the window opens (later, its moves and crossings come as events).
  glfwGetCursorPos(window_, &input_.cursorX, &input_.cursorY);
  input_.hovered = glfwGetWindowAttrib(window_, GLFW_HOVERED) != 0;
  input_.iconified = glfwGetWindowAttrib(window_, GLFW_ICONIFIED) != 0;
  // GLFW 3.3's standard shapes; ImGui's others show the arrow, as its GLFW backend does with GLFW 3.3.
  const int shapes[] = {GLFW_ARROW_CURSOR,   GLFW_IBEAM_CURSOR,   GLFW_ARROW_CURSOR,
                        GLFW_VRESIZE_CURSOR, GLFW_HRESIZE_CURSOR, GLFW_ARROW_CURSOR,
                        GLFW_ARROW_CURSOR,   GLFW_HAND_CURSOR,    GLFW_ARROW_CURSOR};
  static_assert(std::size(shapes) == ImGuiMouseCursor_COUNT);
  for (std::size_t i = 0; i < cursors_.size(); ++i) cursors_[i] = glfwCreateStandardCursor(shapes[i]);
}

void Window::askSizesIfStale() const {
  if (!input_.sizesStale) return;
  // Cleared first: a size event that comes while these are asked marks them stale again.
  input_.sizesStale = false;
  glfwGetWindowSize(window_, &input_.width, &input_.height);
  glfwGetFramebufferSize(window_, &input_.framebufferWidth, &input_.framebufferHeight);
}

void Window::framebufferSize(int& width, int& height) const {
  askSizesIfStale();
  width = input_.framebufferWidth;
  height = input_.framebufferHeight;
}

void Window::windowSize(int& width, int& height) const {
  askSizesIfStale();
  width = input_.width;
  height = input_.height;
}

void Window::resize(int width, int height) {
  glfwSetWindowSize(window_, width, height);
  input_.sizesStale = true;
}

void Window::warpCursor(double x, double y) {
  glfwSetCursorPos(window_, x, y);
  input_.cursorX = x;
  input_.cursorY = y;
}

void Window::newImGuiFrame() {
  ImGuiIO& io = ImGui::GetIO();
  int width = 0, height = 0, framebufferWidth = 0, framebufferHeight = 0;
  framebufferSize(framebufferWidth, framebufferHeight);
  windowSize(width, height);
  io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  if (width > 0 && height > 0)
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(framebufferWidth) / static_cast<float>(width),
                                        static_cast<float>(framebufferHeight) / static_cast<float>(height));
  const double now = glfwGetTime();  // a clock read, no X request
  io.DeltaTime = input_.lastFrameTime > 0.0 && now > input_.lastFrameTime
                     ? static_cast<float>(now - input_.lastFrameTime)
                     : 1.0f / 60.0f;
  input_.lastFrameTime = now;
  // GLFW keeps the buttons' state from their events.
  bool held = false;
  for (std::size_t i = 0; i < input_.justPressed.size(); ++i) {
    io.MouseDown[i] = input_.justPressed[i] || glfwGetMouseButton(window_, static_cast<int>(i)) == GLFW_PRESS;
    input_.justPressed[i] = false;
    held = held || io.MouseDown[i];
  }
  io.MousePos = input_.hovered || held
                    ? ImVec2(static_cast<float>(input_.cursorX), static_cast<float>(input_.cursorY))
                    : ImVec2(-FLT_MAX, -FLT_MAX);
  if ((io.ConfigFlags & ImGuiConfigFlags_NoMouseCursorChange) != 0) return;
  const int cursor = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
  if (cursor == input_.shownCursor) return;
  input_.shownCursor = cursor;
  if (cursor == ImGuiMouseCursor_None) {
    glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
    return;
  }
  glfwSetCursor(window_,
                cursors_[static_cast<std::size_t>(std::clamp(cursor, 0, ImGuiMouseCursor_COUNT - 1))]);
  glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
}

bool saveFramebufferPng(const std::string& path, int x, int y, int width, int height) {
  std::vector<std::uint8_t> pixels = gl::readPixelsTopDown(x, y, width, height);
  if (pixels.empty()) return false;
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // a window's alpha means nothing
  return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) != 0;
}

}  // namespace gs
