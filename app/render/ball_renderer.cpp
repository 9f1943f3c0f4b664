#include "render/ball_renderer.hpp"

#include <cmath>
#include <glm/gtc/type_ptr.hpp>

namespace gs {

namespace {
constexpr std::size_t kFloatsPerVertex = 9;  // centre + pixel radius, colour, world radius
constexpr float kOutline = 0.28f;            // outline width, in radii
}  // namespace

BallRenderer::BallRenderer()
    : program_(gl::linkEmbedded("ball.vert.glsl", "ball.frag.glsl")),
      buffer_(gl::makeBuffer()),
      vertexArray_(gl::makeVertexArray()) {
  glBindVertexArray(vertexArray_.id());
  glBindBuffer(GL_ARRAY_BUFFER, buffer_.id());
  const auto stride = static_cast<GLsizei>(kFloatsPerVertex * sizeof(float));
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, stride, nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(4 * sizeof(float)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(8 * sizeof(float)));
  glBindVertexArray(0);
}

float worldPerPixelAt(const glm::mat4& viewProjection, glm::vec3 eye, glm::vec3 world,
                      glm::vec2 viewportSize) {
  const glm::vec3 toEye = eye - world;
  glm::vec3 side = glm::cross(glm::vec3(0, 0, 1), toEye);
  if (glm::length(side) < 1e-6f) side = glm::vec3(1, 0, 0);
  side = glm::normalize(side);
  const auto pixel = [&](glm::vec3 p) {
    const glm::vec4 clip = viewProjection * glm::vec4(p, 1.0f);
    return glm::vec2(clip) / std::max(clip.w, 1e-6f) * 0.5f * viewportSize;
  };
  constexpr float kStep = 1e-2f;
  const float pixels = glm::length(pixel(world + kStep * side) - pixel(world)) / kStep;
  return pixels > 0.0f && std::isfinite(pixels) ? 1.0f / pixels : 0.0f;
}

void BallRenderer::markFootprint(const std::vector<Ball>& balls, const glm::mat4& viewProjection,
                                 glm::vec2 viewportSize, float radiusPixels, DamageGrid& grid) {
  // ball.vert.glsl's square: the radius with the outline and a tenth more; two pixels for rounding.
  const float reach = radiusPixels * (1.0f + kOutline + 0.1f) + 2.0f;
  for (const Ball& ball : balls) {
    const glm::vec3& c = ball.center;
    if (!std::isfinite(c.x) || !std::isfinite(c.y) || !std::isfinite(c.z) || !std::isfinite(ball.worldRadius))
      continue;  // not drawn
    const glm::vec4 clip = viewProjection * glm::vec4(c, 1.0f);
    if (!(clip.w > 1e-6f)) {
      grid.markAll();
      return;
    }
    const float x = 0.5f * viewportSize.x * (1.0f + clip.x / clip.w);
    const float y = 0.5f * viewportSize.y * (1.0f - clip.y / clip.w);
    grid.mark(x - reach, y - reach, x + reach, y + reach);
  }
}

void BallRenderer::draw(const std::vector<Ball>& balls, const glm::mat4& viewProjection, glm::vec3 eye,
                        glm::vec2 viewportSize, float radiusPixels) {
  if (!program_ || balls.empty()) return;
  data_.clear();
  for (const Ball& ball : balls) {
    const glm::vec3& c = ball.center;
    if (!std::isfinite(c.x) || !std::isfinite(c.y) || !std::isfinite(c.z) || !std::isfinite(ball.worldRadius))
      continue;  // never send a non-finite vertex
    for (int k = 0; k < 6; ++k)
      data_.insert(data_.end(), {c.x, c.y, c.z, radiusPixels, ball.color.r, ball.color.g, ball.color.b,
                                 ball.color.a, ball.worldRadius});
  }
  if (data_.empty()) return;
  glBindBuffer(GL_ARRAY_BUFFER, buffer_.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(data_.size() * sizeof(float)), data_.data(),
               GL_STREAM_DRAW);
  glUseProgram(program_.id());
  glUniformMatrix4fv(gl::uniform(program_, "uViewProjection"), 1, GL_FALSE, glm::value_ptr(viewProjection));
  glUniform2f(gl::uniform(program_, "uViewportSize"), viewportSize.x, viewportSize.y);
  glUniform3f(gl::uniform(program_, "uEye"), eye.x, eye.y, eye.z);
  glUniform1f(gl::uniform(program_, "uOutline"), kOutline);
  glUniform1f(gl::uniform(program_, "uPixelsPerUnit"), radiusPixels);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);
  glDepthMask(GL_TRUE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE,
                      GL_ONE_MINUS_SRC_ALPHA);  // keep alpha 1 for exports
  glBindVertexArray(vertexArray_.id());
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(data_.size() / kFloatsPerVertex));
  glBindVertexArray(0);
  glDisable(GL_DEPTH_TEST);
  GS_GL_CHECK("BallRenderer::draw");
}

}  // namespace gs
