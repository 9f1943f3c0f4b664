// The window's input for ImGui from GLFW's events (Window::newImGuiFrame) instead of questions to the X
// server: a steady frame sends no request, sizes follow resizes, the pointer and buttons follow the X
// server's events. Runs under xvfb-run (tests/CMakeLists.txt), beside other tests' windows (ctest -j).
#include <gtest/gtest.h>
#include <imgui.h>

#include <cfloat>

#include "gl/window.hpp"
#include "test_window.hpp"
// Xlib last (its macros); GLFW's two X11 functions as glfw3native.h declares them (that header also wants
// Xrandr's, which the tests need no package for).
#include <X11/Xlib.h>
extern "C" Display* glfwGetX11Display(void);
extern "C" ::Window glfwGetX11Window(GLFWwindow* window);

namespace gs {
namespace {

constexpr int kWidth = 640, kHeight = 480;

class WindowInput : public ::testing::Test {
 protected:
  void SetUp() override {
    window_ = openTestWindow(kWidth, kHeight);
    ASSERT_NE(window_, nullptr);
    display_ = glfwGetX11Display();
    ASSERT_NE(display_, nullptr);
    settle();
  }
  // Events for a while: the window's mapping, its size, the pointer's crossing.
  void settle() {
    for (int i = 0; i < 5; ++i) {
      glfwWaitEventsTimeout(0.01);
      window_->newImGuiFrame();
    }
  }
  // Polls GLFW's events until `done` holds after a frame's input (at most about a second).
  template <typename Done>
  bool frameUntil(Done done) {
    for (int i = 0; i < 100; ++i) {
      glfwWaitEventsTimeout(0.01);
      window_->newImGuiFrame();
      if (done()) return true;
    }
    return false;
  }

  std::unique_ptr<Window> window_;
  Display* display_ = nullptr;
};

TEST_F(WindowInput, ASteadyFrameSendsTheXServerNoRequest) {
  const unsigned long before = NextRequest(display_);
  for (int frame = 0; frame < 10; ++frame) {
    window_->newImGuiFrame();
    int width = 0, height = 0;
    window_->framebufferSize(width, height);
    window_->windowSize(width, height);
    EXPECT_FALSE(window_->iconified());
  }
  EXPECT_EQ(NextRequest(display_), before) << "requests sent to the X server by ten frames' input";
  // And ImGui sees what GLFW would say if asked.
  int width = 0, height = 0, framebufferWidth = 0, framebufferHeight = 0;
  glfwGetWindowSize(window_->handle(), &width, &height);
  glfwGetFramebufferSize(window_->handle(), &framebufferWidth, &framebufferHeight);
  const ImGuiIO& io = ImGui::GetIO();
  EXPECT_EQ(io.DisplaySize.x, static_cast<float>(width));
  EXPECT_EQ(io.DisplaySize.y, static_cast<float>(height));
  EXPECT_EQ(io.DisplayFramebufferScale.x, static_cast<float>(framebufferWidth) / static_cast<float>(width));
  EXPECT_GT(io.DeltaTime, 0.0f);
}

TEST_F(WindowInput, SizesFollowTheWindowsResizesWhoeverMadeThem) {
  window_->resize(kWidth - 100, kHeight - 50);
  int width = 0, height = 0;
  window_->windowSize(width, height);
  EXPECT_EQ(width, kWidth - 100) << "asked again after the window's own resize";
  // Resized behind the Window's back (as a window manager or the user's drag would): GLFW's size event
  // makes the next question go to the X server.
  glfwSetWindowSize(window_->handle(), kWidth - 200, kHeight - 100);
  ASSERT_TRUE(frameUntil([&] { return ImGui::GetIO().DisplaySize.x == static_cast<float>(kWidth - 200); }))
      << "ImGui's display is still " << ImGui::GetIO().DisplaySize.x << " wide";
  window_->framebufferSize(width, height);
  EXPECT_EQ(width, kWidth - 200);
  EXPECT_EQ(height, kHeight - 100);
  EXPECT_EQ(ImGui::GetIO().DisplaySize.y, static_cast<float>(kHeight - 100));
}

TEST_F(WindowInput, ThePointerFollowsTheXServersEventsOverTheWindowOnly) {
  const ::Window xWindow = glfwGetX11Window(window_->handle());
  const ImGuiIO& io = ImGui::GetIO();
  // Moved by the X server, not by GLFW (whose own moves report no event). Another test's window may lie
  // over this one: it is raised and the move made again, a few times if need be.
  bool followed = false;
  for (int attempt = 0; attempt < 20 && !followed; ++attempt) {
    glfwFocusWindow(window_->handle());
    XWarpPointer(display_, None, xWindow, 0, 0, 0, 0, 123 + attempt, 45);
    XFlush(display_);
    followed = frameUntil(
        [&] { return io.MousePos.x == static_cast<float>(123 + attempt) && io.MousePos.y == 45.0f; });
  }
  ASSERT_TRUE(followed) << "ImGui's pointer is at " << io.MousePos.x << ", " << io.MousePos.y;
  // Off the window (the screen is larger than it, xvfb-run's 1920x1080): ImGui has no pointer.
  XWarpPointer(display_, None, DefaultRootWindow(display_), 0, 0, 0, 0, 1800, 1000);
  XFlush(display_);
  EXPECT_TRUE(frameUntil([&] { return !ImGui::IsMousePosValid(&io.MousePos); }))
      << "ImGui's pointer is still at " << io.MousePos.x << ", " << io.MousePos.y;
}

TEST_F(WindowInput, APressAndReleaseWithinAFrameShowsAsHeldForThatFrame) {
  // The mouse button callback GLFW calls (ImGui's backend's, which calls the window's before its own).
  const GLFWmousebuttonfun callback = glfwSetMouseButtonCallback(window_->handle(), nullptr);
  glfwSetMouseButtonCallback(window_->handle(), callback);
  ASSERT_NE(callback, nullptr);
  callback(window_->handle(), GLFW_MOUSE_BUTTON_LEFT, GLFW_PRESS, 0);
  callback(window_->handle(), GLFW_MOUSE_BUTTON_LEFT, GLFW_RELEASE, 0);
  window_->newImGuiFrame();
  EXPECT_TRUE(ImGui::GetIO().MouseDown[0]);
  EXPECT_FALSE(ImGui::GetIO().MouseDown[1]);
  window_->newImGuiFrame();
  EXPECT_FALSE(ImGui::GetIO().MouseDown[0]) << "released: the next frame has it up";
}

}  // namespace
}  // namespace gs
