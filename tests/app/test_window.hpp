// A real GLFW window for the tests that draw the way the app does. The test script runs every test under
// xvfb-run, so a window that cannot be opened is a failure, not a reason to skip.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "gl/window.hpp"

namespace gs {

// The window, or nullptr with a test failure that says why; call it from SetUp under ASSERT_NE.
inline std::unique_ptr<Window> openTestWindow(int width, int height) {
  WindowOptions options;
  options.width = width;
  options.height = height;
  options.vsync = false;
  std::string error;
  std::unique_ptr<Window> window = Window::open(options, error);
  if (!window) ADD_FAILURE() << "no window to draw in (the tests run under xvfb-run): " << error;
  return window;
}

}  // namespace gs
