// Shared set-up of the render tests: an EGL headless context (no display needed), an offscreen target
// and the scene renderer, plus pixel helpers. Tests skip, saying why, where EGL is not available.
#pragma once
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gl/offscreen.hpp"
#include "headless/egl_context.hpp"
#include "model.hpp"
#include "render/scene_renderer.hpp"

namespace gs::testing {

using Pixel = std::array<int, 3>;

struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  // rows top to bottom
  Pixel at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2]};
  }
};

class RenderTest : public ::testing::Test {
 public:
  static constexpr int kSize = 256;
  static SceneStyle plainStyle();

 protected:
  void SetUp() override;
  // Renders `model` into the whole target and reads it back; saves a PNG under $GRADSCAPE_SHOTS if set.
  Image render(const Model& model, const std::string& name, const SceneStyle& style = plainStyle(),
               const PixelRect& area = {0, 0, kSize, kSize});

  std::unique_ptr<HeadlessContext> context_;
  std::unique_ptr<gl::OffscreenTarget> target_;
  std::unique_ptr<SceneRenderer> scene_;
};

int colorDistance(const Pixel& a, const Pixel& b);
Pixel toPixel(const Color& c);

}  // namespace gs::testing
