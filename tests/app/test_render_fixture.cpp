#include "test_render_fixture.hpp"

#include <stb_image_write.h>

#include <cmath>
#include <cstdlib>

namespace gs::testing {

void RenderTest::SetUp() {
  std::string error;
  context_ = HeadlessContext::create(error);
  if (!context_) GTEST_SKIP() << "no headless OpenGL context: " << error;
  target_ = std::make_unique<gl::OffscreenTarget>();
  ASSERT_TRUE(target_->resize(kSize, kSize));
  scene_ = std::make_unique<SceneRenderer>();
  while (glGetError() != GL_NO_ERROR) {
  }
}

SceneStyle RenderTest::plainStyle() {
  SceneStyle style;
  style.legend = false;
  style.lineWidth = 5.0f;
  return style;
}

Image RenderTest::render(const Model& model, const std::string& name, const SceneStyle& style,
                         const PixelRect& area) {
  target_->bind();
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  scene_->draw(model, area, kSize, kSize, style);
  glFinish();
  Image image{kSize, kSize, target_->readRgba()};
  if (const char* dir = std::getenv("GRADSCAPE_SHOTS"))
    stbi_write_png((std::string(dir) + "/" + name + ".png").c_str(), kSize, kSize, 4, image.rgba.data(),
                   kSize * 4);
  return image;
}

int colorDistance(const Pixel& a, const Pixel& b) {
  return std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]);
}

Pixel toPixel(const Color& c) {
  return {static_cast<int>(std::lround(c[0] * 255)), static_cast<int>(std::lround(c[1] * 255)),
          static_cast<int>(std::lround(c[2] * 255))};
}

}  // namespace gs::testing
