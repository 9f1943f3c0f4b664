#include "render/image_layer.hpp"

#include <array>

namespace gs {

ImageLayer::ImageLayer() : opacityLocation_(gl::uniform(quads_.program(), "uOpacity")) {}

void ImageLayer::draw(GLuint texture, Vec2 topLeft, Vec2 bottomRight, float opacity, int width,
                      int height) const {
  if (!quads_.program() || texture == 0 || width <= 0 || height <= 0 || !isFinite(topLeft) ||
      !isFinite(bottomRight))
    return;
  // Pixels with y up, as the copy shader takes them, and texels in [0, 1] (its source size is 1 x 1).
  const auto x0 = static_cast<float>(topLeft.x), x1 = static_cast<float>(bottomRight.x);
  const auto top = static_cast<float>(height - topLeft.y),
             bottom = static_cast<float>(height - bottomRight.y);
  const std::array<float, 24> vertices{
      x0, bottom, 0.0f, 1.0f, x1, bottom, 1.0f, 1.0f, x1, top, 1.0f, 0.0f,  //
      x0, bottom, 0.0f, 1.0f, x1, top,    1.0f, 0.0f, x0, top, 0.0f, 0.0f};
  glDisable(GL_DEPTH_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE,
                      GL_ONE_MINUS_SRC_ALPHA);  // keep alpha 1 for exports
  glUseProgram(quads_.program().id());
  glUniform1f(opacityLocation_, opacity);
  quads_.draw(vertices, texture, 1.0f, 1.0f, width, height);
  glBindTexture(GL_TEXTURE_2D, 0);
  GS_GL_CHECK("ImageLayer::draw");
}

}  // namespace gs
