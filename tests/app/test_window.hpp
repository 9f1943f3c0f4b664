// A real GLFW window for the tests that draw the way the app does. The test script runs every test under
// xvfb-run, so a window that cannot be opened is a failure, not a reason to skip.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

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

// How two RGBA pictures of the same size differ, colour channels only (a window's alpha means nothing):
// the largest difference of a channel, and how many pixels differ by more than `tolerance`.
struct PixelDifference {
  int worst = 0;
  std::size_t differing = 0;
};
inline PixelDifference comparePixels(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b,
                                     int tolerance = 0) {
  PixelDifference result;
  for (std::size_t i = 0; i + 3 < a.size() && i + 3 < b.size(); i += 4) {
    int difference = 0;
    for (std::size_t c = 0; c < 3; ++c)
      difference = std::max(difference, std::abs(int(a[i + c]) - int(b[i + c])));
    result.worst = std::max(result.worst, difference);
    result.differing += difference > tolerance ? 1 : 0;
  }
  return result;
}

}  // namespace gs
