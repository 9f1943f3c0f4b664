#include "render/image_layer.hpp"

#include <array>

namespace gs {

ImageLayer::ImageLayer()
    : program_(gl::linkEmbedded("copy.vert.glsl", "image.frag.glsl")),
      vertexArray_(gl::makeVertexArray()),
      corners_(gl::makeBuffer()) {
  targetLocation_ = gl::uniform(program_, "uTarget");
  sourceLocation_ = gl::uniform(program_, "uSource");
  textureLocation_ = gl::uniform(program_, "uTexture");
  opacityLocation_ = gl::uniform(program_, "uOpacity");
  glBindVertexArray(vertexArray_.id());
  glBindBuffer(GL_ARRAY_BUFFER, corners_.id());
  glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
  glEnableVertexAttribArray(0);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void ImageLayer::draw(GLuint texture, Vec2 topLeft, Vec2 bottomRight, float opacity, int width,
                      int height) const {
  if (!program_ || texture == 0 || width <= 0 || height <= 0 || !isFinite(topLeft) || !isFinite(bottomRight))
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
  glUseProgram(program_.id());
  glUniform2f(targetLocation_, static_cast<float>(width), static_cast<float>(height));
  glUniform2f(sourceLocation_, 1.0f, 1.0f);
  glUniform1f(opacityLocation_, opacity);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, texture);
  glUniform1i(textureLocation_, 0);
  glBindVertexArray(vertexArray_.id());
  glBindBuffer(GL_ARRAY_BUFFER, corners_.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(sizeof(vertices)), vertices.data(), GL_STREAM_DRAW);
  glDrawArrays(GL_TRIANGLES, 0, 6);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  glBindTexture(GL_TEXTURE_2D, 0);
  GS_GL_CHECK("ImageLayer::draw");
}

}  // namespace gs
