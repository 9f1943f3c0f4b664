#include "render/path_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <glm/gtc/type_ptr.hpp>

namespace gs {

namespace {

// A segment is two triangles; each of its 6 vertices holds both ends (start, end: 2 x vec4) and the
// shader picks its corner from gl_VertexID. Not instanced: llvmpipe runs instances one by one.
constexpr std::size_t kVerticesPerSegment = 6;
constexpr std::size_t kFloatsPerVertex = 8;
constexpr GLsizei kVertexBytes = kFloatsPerVertex * sizeof(float);
constexpr std::size_t kSegmentBytes = kVerticesPerSegment * kVertexBytes;

void bindAttributes(GLuint buffer) {
  glBindBuffer(GL_ARRAY_BUFFER, buffer);
  for (GLuint attribute = 0; attribute < 2; ++attribute) {
    glEnableVertexAttribArray(attribute);
    glVertexAttribPointer(attribute, 4, GL_FLOAT, GL_FALSE, kVertexBytes,
                          reinterpret_cast<void*>(static_cast<std::size_t>(attribute) * 4 * sizeof(float)));
  }
}

void appendSegment(std::vector<float>& out, glm::vec4 a, glm::vec4 b) {
  for (std::size_t k = 0; k < kVerticesPerSegment; ++k)
    out.insert(out.end(), {a.x, a.y, a.z, a.w, b.x, b.y, b.z, b.w});
}

// The unordered pair of thinning cells a segment joins, hashed (collisions only merge two segments).
std::uint64_t cellPairKey(glm::vec4 a, glm::vec4 b, float cell) {
  auto cellOf = [cell](float v) {
    return static_cast<std::int64_t>(std::floor(std::clamp(v / cell, -1e9f, 1e9f)));
  };
  std::uint64_t ka = static_cast<std::uint64_t>(cellOf(a.x)) * 0x9E3779B97F4A7C15ull ^
                     static_cast<std::uint64_t>(cellOf(a.y)) * 0xC2B2AE3D27D4EB4Full;
  std::uint64_t kb = static_cast<std::uint64_t>(cellOf(b.x)) * 0x9E3779B97F4A7C15ull ^
                     static_cast<std::uint64_t>(cellOf(b.y)) * 0xC2B2AE3D27D4EB4Full;
  if (ka > kb) std::swap(ka, kb);
  const std::uint64_t key = ka * 0x165667B19E3779F9ull + kb;
  return key ^ (key >> 29);
}

}  // namespace

PathRenderer::PathRenderer() : program_(gl::linkEmbedded("path.vert.glsl", "path.frag.glsl")) {}

void PathRenderer::upload(const Model& model, const SurfaceFrame& frame, const ValueNormalizer& normalizer,
                          std::uint64_t normalizerKey) {
  const bool rebuildAll = normalizerKey != normalizerKey_;
  normalizerKey_ = normalizerKey;
  const std::size_t count = model.runner.size();
  runs_.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    RunBuffer& target = runs_[i];
    const Run& run = model.runner.run(i);
    const auto& path = run.path();
    const bool rewritten =
        rebuildAll || path.size() < target.points || run.stride() != target.stride ||
        (target.points > 0 && (!(path.front() == target.first) || !(path[target.points - 1] == target.last)));
    if (rewritten) {
      target.points = 0;
      target.segments = 0;
      target.joined.clear();
      target.tailExtra = false;
    }
    if (path.size() != target.points)
      uploadRun(target, run, *model.runner.surface().evaluator, frame, normalizer);
  }
}

void PathRenderer::uploadRun(RunBuffer& target, const Run& run, const Evaluator& evaluator,
                             const SurfaceFrame& frame, const ValueNormalizer& normalizer) {
  const auto& path = run.path();
  const std::size_t from = target.points;
  target.points = path.size();
  target.stride = run.stride();
  if (path.empty()) return;
  target.first = path.front();
  target.last = path.back();

  const std::vector<Vec2> fresh(path.begin() + static_cast<std::ptrdiff_t>(from), path.end());
  std::vector<double> values(fresh.size());
  evaluator.valueBatch(fresh, values);
  const float cell = static_cast<float>(2.0 * kWorldHalfSize * kPathResolution);
  const std::size_t firstNew = target.segments;
  std::vector<float> data;
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    glm::vec4 point(toWorld(frame, fresh[k], 0.0f, 1.0f), static_cast<float>(from + k));
    point.z = static_cast<float>(normalizer.normalize(values[k]));  // the shader turns t into height
    target.tail = point;
    if (from + k == 0) {
      target.anchor = point;
      continue;
    }
    if (glm::length(glm::vec2(point) - glm::vec2(target.anchor)) < cell) continue;  // merge short moves
    if (target.joined.insert(cellPairKey(target.anchor, point, cell)).second) {
      appendSegment(data, target.anchor, point);
      ++target.segments;
    }
    target.anchor = point;
  }
  target.tailExtra = target.tail != target.anchor;
  if (target.tailExtra) appendSegment(data, target.anchor, target.tail);

  if (!target.buffer) {
    target.buffer = gl::makeBuffer();
    target.vertexArray = gl::makeVertexArray();
    glBindVertexArray(target.vertexArray.id());
    bindAttributes(target.buffer.id());
    glBindVertexArray(0);
  }
  glBindBuffer(GL_ARRAY_BUFFER, target.buffer.id());
  if (target.drawnSegments() > target.capacity) {
    // Grow, then write every segment again (the CPU keeps none, so recompute the whole run once).
    target.capacity = std::max<std::size_t>(256, 2 * target.drawnSegments());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(target.capacity * kSegmentBytes), nullptr,
                 GL_DYNAMIC_DRAW);
    if (firstNew > 0) {
      target.points = 0;
      target.segments = 0;
      target.joined.clear();
      uploadRun(target, run, evaluator, frame, normalizer);
      return;
    }
  }
  if (!data.empty())
    glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(firstNew * kSegmentBytes),
                    static_cast<GLsizeiptr>(data.size() * sizeof(float)), data.data());
  GS_GL_CHECK("PathRenderer::uploadRun");
}

void PathRenderer::draw(const Model& model, const PathStyle& style) const {
  if (!program_) return;
  glUseProgram(program_.id());
  glUniformMatrix4fv(gl::uniform(program_, "uTransform"), 1, GL_FALSE, glm::value_ptr(style.transform));
  glUniform1f(gl::uniform(program_, "uHeightRange"), style.heightRange);
  glUniform1f(gl::uniform(program_, "uLift"), style.lift);
  glUniform2f(gl::uniform(program_, "uViewportSize"), style.viewportSize.x, style.viewportSize.y);
  glUniform1f(gl::uniform(program_, "uHalfWidth"), style.halfWidth);
  glUniform1f(gl::uniform(program_, "uFadeLength"), style.fadeLength);
  const GLint color = gl::uniform(program_, "uColor");
  const GLint lastIndex = gl::uniform(program_, "uLastIndex");
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE,
                      GL_ONE_MINUS_SRC_ALPHA);  // keep alpha 1 for exports
  for (std::size_t i = 0; i < runs_.size() && i < model.runViews.size(); ++i) {
    const RunBuffer& run = runs_[i];
    if (!model.runViews[i].enabled || run.drawnSegments() == 0) continue;
    const Color& c = model.runViews[i].color;
    glUniform4f(color, c[0], c[1], c[2], 1.0f);
    glUniform1f(lastIndex, static_cast<float>(run.points - 1));
    glBindVertexArray(run.vertexArray.id());
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(kVerticesPerSegment * run.drawnSegments()));
  }
  glBindVertexArray(0);
  GS_GL_CHECK("PathRenderer::draw");
}

}  // namespace gs
