#include "gl/window.hpp"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <cstdint>
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
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  result->keepsBackBuffer_ = backBufferSurvivesSwaps(window);
  return result;
}

Window::~Window() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool saveFramebufferPng(const std::string& path, int x, int y, int width, int height) {
  std::vector<std::uint8_t> pixels = gl::readPixelsTopDown(x, y, width, height);
  if (pixels.empty()) return false;
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // a window's alpha means nothing
  return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) != 0;
}

}  // namespace gs
