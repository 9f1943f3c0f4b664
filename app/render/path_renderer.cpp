#include "render/path_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <glm/gtc/type_ptr.hpp>
#include <thread>

namespace gs {

namespace {

// A segment is a quad of two triangles over 4 vertices (indexed: llvmpipe shades each vertex once, not the
// 6 of two separate triangles); each vertex holds both ends (start, end: 2 x vec4) and the shader picks its
// corner from gl_VertexID. Not instanced: llvmpipe runs instances one by one.
constexpr std::size_t kVerticesPerSegment = 4;
constexpr GLuint kCornerIndices[] = {0, 1, 2, 1, 3, 2};  // as path.vert.glsl numbers the corners
constexpr std::size_t kFloatsPerVertex = 8;
constexpr GLsizei kVertexBytes = kFloatsPerVertex * sizeof(float);
constexpr std::size_t kSegmentBytes = kVerticesPerSegment * kVertexBytes;
// A straight stretch: its points within this many cells of its one segment (a cell is at most half a pixel
// where it is drawn, so within a quarter of a pixel), at most this many points, and at most this many cells
// long (32 pixels): the 2D view leaves out a segment with an end beyond its clip box, a view's width
// outside it (path.vert.glsl), which a longer stretch reaching in from there would take out of the view.
constexpr float kChordTolerance = 0.5f;
constexpr std::size_t kLongestStretch = 32;
constexpr float kLongestStretchCells = 64.0f;

// Whether p's world x and y are in `box` (x min, y min, x max, y max), as path.vert.glsl tests its clip box.
bool insideBox(const glm::vec4& box, const glm::vec4& p) {
  return p.x >= box.x && p.y >= box.y && p.x <= box.z && p.y <= box.w;
}

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

PathRenderer::PathRenderer()
    : program_(gl::linkEmbedded("path.vert.glsl", "path.frag.glsl")), indices_(gl::makeBuffer()) {}

void PathRenderer::indexSegments(std::size_t segments) const {
  if (segments <= indexedSegments_) return;
  indexedSegments_ = std::max<std::size_t>(1024, 2 * segments);
  std::vector<GLuint> indices;
  indices.reserve(indexedSegments_ * std::size(kCornerIndices));
  for (std::size_t s = 0; s < indexedSegments_; ++s)
    for (const GLuint corner : kCornerIndices)
      indices.push_back(static_cast<GLuint>(kVerticesPerSegment * s) + corner);
  // The same buffer object, new storage: every level's vertex array keeps naming it.
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, indices_.id());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * sizeof(GLuint)),
               indices.data(), GL_STATIC_DRAW);
}

void PathRenderer::Level::clear() {
  segments = 0;
  stretch.clear();
  joined.clear();
  ends.clear();
  openSegments = 0;
}

std::vector<glm::vec4> PathRenderer::Level::openEnds() const {
  if (stretch.empty())
    return tail != anchor ? std::vector<glm::vec4>{anchor, tail} : std::vector<glm::vec4>{};
  std::vector<glm::vec4> open{anchor, stretch.back()};
  if (tail != stretch.back()) open.insert(open.end(), {stretch.back(), tail});
  return open;
}

std::vector<glm::vec4> PathRenderer::drawnEnds(std::size_t run, int level) const {
  if (run >= runs_.size()) return {};
  const Level& drawn = runs_[run].levels[static_cast<std::size_t>(level)];
  std::vector<glm::vec4> ends = drawn.ends;
  const std::vector<glm::vec4> open = drawn.openEnds();
  ends.insert(ends.end(), open.begin(), open.end());
  return ends;
}

int PathRenderer::levelFor(float pixelsPerWorld) {
  if (!(pixelsPerWorld > 0.0f) || !std::isfinite(pixelsPerWorld)) return 0;
  constexpr double kMostPixelsPerCell = 0.5;
  double cellPixels = 2.0 * kWorldHalfSize * kPathResolution * pixelsPerWorld;
  int level = 0;
  while (level + 1 < kPathLevels && 2.0 * cellPixels <= kMostPixelsPerCell) {
    cellPixels *= 2.0;
    ++level;
  }
  return level;
}

void PathRenderer::upload(const Model& model, const SurfaceFrame& frame, const ValueNormalizer& normalizer,
                          std::uint64_t normalizerKey, unsigned levels, float heightRange) {
  const bool rebuildAll = normalizerKey != normalizerKey_ || heightRange != heightRange_;
  normalizerKey_ = normalizerKey;
  heightRange_ = heightRange;
  const ThinningSpace space{worldBox(frame, model.runner.surface().domain), heightRange};
  const std::size_t count = model.runner.size();
  if (count != runs_.size()) ++version_;
  runs_.resize(count);
  std::vector<std::size_t> changed;
  std::size_t newPoints = 0;
  for (std::size_t i = 0; i < count; ++i) {
    RunBuffer& target = runs_[i];
    const Run& run = model.runner.run(i);
    const auto& path = run.path();
    const bool rewritten =
        rebuildAll || levels != target.kept || path.size() < target.points || run.stride() != target.stride ||
        (target.points > 0 && (!(path.front() == target.first) || !(path[target.points - 1] == target.last)));
    if (rewritten) {
      ++version_;
      target.points = 0;
      target.kept = levels;
      for (Level& level : target.levels) level.clear();
    }
    if (path.size() != target.points) {
      ++version_;
      changed.push_back(i);
      newPoints += path.size() - target.points;
    }
  }
  // Many new points (paths recomputed by a what-if edit, a new surface): the runs are thinned on two
  // threads, each run on one; the buffers are written on this one (GL).
  const Evaluator& evaluator = *model.runner.surface().evaluator;
  std::vector<NewSegments> segments(changed.size());
  const auto thinShare = [&](std::size_t first, std::size_t step) {
    for (std::size_t k = first; k < changed.size(); k += step)
      segments[k] =
          thinRun(runs_[changed[k]], model.runner.run(changed[k]), evaluator, frame, normalizer, space);
  };
  constexpr std::size_t kThreadedPoints = 4096;  // below this a thread costs more than it saves
  if (newPoints >= kThreadedPoints && changed.size() > 1) {
    std::jthread other(thinShare, 1, 2);
    thinShare(0, 2);
  } else {
    thinShare(0, 1);
  }
  for (std::size_t k = 0; k < changed.size(); ++k) {
    RunBuffer& target = runs_[changed[k]];
    if (segments[k].rewrite) {
      target.points = 0;
      for (Level& level : target.levels) level.clear();
      segments[k] = thinRun(target, model.runner.run(changed[k]), evaluator, frame, normalizer, space);
    }
    writeRun(target, segments[k]);
  }
}

void PathRenderer::thin(Level& level, const std::vector<glm::vec4>& fresh, std::size_t from, float cell,
                        const ThinningSpace& space, std::vector<float>& data) {
  const auto store = [&](glm::vec4 a, glm::vec4 b) {
    if (!level.joined.insert(cellPairKey(a, b, cell))) return;
    appendSegment(data, a, b);
    level.ends.insert(level.ends.end(), {a, b});
    ++level.segments;
  };
  // Where the 3D view draws a point: heights in world units, as far from the line as x and y.
  const auto drawnAt = [&](const glm::vec4& p) { return glm::vec3(p.x, p.y, p.z * space.heightRange); };
  const float tolerance = kChordTolerance * cell;
  const auto nearStretch = [&](const glm::vec4& start, const glm::vec4& end) {
    const glm::vec3 a = drawnAt(start), along = drawnAt(end) - a;
    const float lengthSquared = glm::dot(along, along);
    for (const glm::vec4& point : level.stretch) {
      const glm::vec3 offset = drawnAt(point) - a;
      const float t =
          lengthSquared > 0.0f ? std::clamp(glm::dot(offset, along) / lengthSquared, 0.0f, 1.0f) : 0.0f;
      if (glm::length(offset - t * along) > tolerance) return false;
    }
    return true;
  };
  const auto inDomain = [&](const glm::vec4& p) { return insideBox(space.domainBox, p); };
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    const glm::vec4& point = fresh[k];
    level.tail = point;
    if (from + k == 0) {
      level.anchor = point;
      continue;
    }
    const glm::vec4 last = level.stretch.empty() ? level.anchor : level.stretch.back();
    if (glm::length(glm::vec2(point) - glm::vec2(last)) < cell) continue;  // merge short moves
    // The stretch ends where the next point leaves it, at its longest, and at the domain's edge: a 3D path
    // ends at its last point inside (path.vert.glsl), which a long stretch would move back.
    const bool longest =
        level.stretch.size() >= kLongestStretch ||
        glm::length(glm::vec2(point) - glm::vec2(level.anchor)) > kLongestStretchCells * cell;
    if (!level.stretch.empty() &&
        (longest || !inDomain(point) || !inDomain(last) || !nearStretch(level.anchor, point))) {
      store(level.anchor, last);
      level.anchor = last;
      level.stretch.clear();
    }
    level.stretch.push_back(point);
  }
  const std::vector<glm::vec4> open = level.openEnds();
  for (std::size_t k = 0; k + 1 < open.size(); k += 2) appendSegment(data, open[k], open[k + 1]);
  level.openSegments = open.size() / 2;
}

PathRenderer::NewSegments PathRenderer::thinRun(RunBuffer& target, const Run& run, const Evaluator& evaluator,
                                                const SurfaceFrame& frame, const ValueNormalizer& normalizer,
                                                const ThinningSpace& space) {
  NewSegments segments;
  const auto& path = run.path();
  const std::size_t from = target.points;
  target.points = path.size();
  target.stride = run.stride();
  if (path.empty()) return segments;
  target.first = path.front();
  target.last = path.back();

  // Heights from the losses the run recorded with its points (f there, full batch: Run::record), which a
  // what-if edit would otherwise evaluate a second time for every point of every path; evaluated only
  // where a history has none.
  const std::vector<double>& losses = run.losses();
  std::vector<double> evaluated;
  if (losses.size() != path.size()) {
    const std::vector<Vec2> freshPath(path.begin() + static_cast<std::ptrdiff_t>(from), path.end());
    evaluated.resize(freshPath.size());
    evaluator.valueBatch(freshPath, evaluated);
  }
  std::vector<glm::vec4> fresh(path.size() - from);
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    const double value = evaluated.empty() ? losses[from + k] : evaluated[k];
    fresh[k] = glm::vec4(toWorld(frame, path[from + k], 0.0f, 1.0f), static_cast<float>(from + k));
    fresh[k].z = static_cast<float>(normalizer.normalize(value));  // the shader turns t into height
  }
  for (std::size_t l = 0; l < kPathLevels; ++l) {
    if ((target.kept >> l & 1u) == 0) continue;
    Level& level = target.levels[l];
    segments.firstNew[l] = level.segments;
    const auto cell = static_cast<float>(2.0 * kWorldHalfSize * kPathResolution * double(1 << l));
    thin(level, fresh, from, cell, space, segments.data[l]);
    // A buffer that must grow loses what it holds, and the CPU keeps no segments: the run is then
    // thinned and written again from its first point.
    segments.rewrite =
        segments.rewrite || (level.drawnSegments() > level.capacity && segments.firstNew[l] > 0);
  }
  return segments;
}

void PathRenderer::writeRun(RunBuffer& target, const NewSegments& segments) const {
  for (std::size_t l = 0; l < kPathLevels; ++l) {
    if ((target.kept >> l & 1u) == 0) continue;
    Level& level = target.levels[l];
    if (!level.buffer) {
      level.buffer = gl::makeBuffer();
      level.vertexArray = gl::makeVertexArray();
      glBindVertexArray(level.vertexArray.id());
      bindAttributes(level.buffer.id());
      glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, indices_.id());  // vertex array state
      glBindVertexArray(0);
    }
    glBindBuffer(GL_ARRAY_BUFFER, level.buffer.id());
    if (level.drawnSegments() > level.capacity) {
      level.capacity = std::max<std::size_t>(256, 2 * level.drawnSegments());
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(level.capacity * kSegmentBytes), nullptr,
                   GL_DYNAMIC_DRAW);
    }
    if (!segments.data[l].empty())
      glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(segments.firstNew[l] * kSegmentBytes),
                      static_cast<GLsizeiptr>(segments.data[l].size() * sizeof(float)),
                      segments.data[l].data());
  }
  GS_GL_CHECK("PathRenderer::writeRun");
}

void PathRenderer::draw(const Model& model, const PathStyle& style) const {
  if (!program_) return;
  const auto detail = static_cast<std::size_t>(levelFor(style.pixelsPerWorld));
  glUseProgram(program_.id());
  glUniformMatrix4fv(gl::uniform(program_, "uTransform"), 1, GL_FALSE, glm::value_ptr(style.transform));
  glUniform1f(gl::uniform(program_, "uHeightRange"), style.heightRange);
  glUniform1f(gl::uniform(program_, "uLift"), style.lift);
  glUniform2f(gl::uniform(program_, "uViewportSize"), style.viewportSize.x, style.viewportSize.y);
  glUniform1f(gl::uniform(program_, "uHalfWidth"), style.halfWidth);
  glUniform1f(gl::uniform(program_, "uFadeLength"), style.fadeLength);
  glUniform4f(gl::uniform(program_, "uClipBox"), style.clipBox.x, style.clipBox.y, style.clipBox.z,
              style.clipBox.w);
  const GLint color = gl::uniform(program_, "uColor");
  const GLint lastIndex = gl::uniform(program_, "uLastIndex");
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE,
                      GL_ONE_MINUS_SRC_ALPHA);  // keep alpha 1 for exports
  std::size_t most = 0;
  for (const RunBuffer& run : runs_) most = std::max(most, run.levels[detail].drawnSegments());
  glBindVertexArray(0);  // the index buffer's binding is no vertex array's business while it is filled
  indexSegments(most);
  for (std::size_t i = 0; i < runs_.size() && i < model.runner.size(); ++i) {
    const RunBuffer& run = runs_[i];
    const Level& level = run.levels[detail];
    const RunLook& look = model.runner.run(i).look();
    if (!look.enabled || level.drawnSegments() == 0) continue;
    const Color& c = look.color;
    glUniform4f(color, c[0], c[1], c[2], 1.0f);
    glUniform1f(lastIndex, static_cast<float>(run.points - 1));
    glBindVertexArray(level.vertexArray.id());
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(std::size(kCornerIndices) * level.drawnSegments()),
                   GL_UNSIGNED_INT, nullptr);
  }
  glBindVertexArray(0);
  GS_GL_CHECK("PathRenderer::draw");
}

void PathRenderer::markFootprint(const Model& model, const PathStyle& style, DamageGrid& grid) const {
  const auto detail = static_cast<std::size_t>(levelFor(style.pixelsPerWorld));
  const glm::vec2 half = 0.5f * style.viewportSize;
  // As path.vert.glsl places a segment's quad: a pixel wider than the line on each side, half a width
  // longer at each end; two pixels more for rounding.
  const float margin = 2.0f * style.halfWidth + 3.0f;
  bool behind = false;
  const auto pixel = [&](const glm::vec4& p) {
    const glm::vec4 clip =
        style.transform * glm::vec4(p.x, p.y, (p.z - 0.5f) * style.heightRange + style.lift, 1.0f);
    behind = behind || !(clip.w > 1e-6f);
    const glm::vec2 at = glm::vec2(clip) / clip.w * half;
    return glm::vec2(half.x + at.x, half.y - at.y);
  };
  const auto inside = [&](const glm::vec4& p) { return insideBox(style.clipBox, p); };
  const auto segment = [&](const glm::vec4& a, const glm::vec4& b) {
    if (!inside(a) || !inside(b)) return;  // not drawn (see path.vert.glsl)
    const glm::vec2 pa = pixel(a), pb = pixel(b);
    grid.mark(std::min(pa.x, pb.x) - margin, std::min(pa.y, pb.y) - margin, std::max(pa.x, pb.x) + margin,
              std::max(pa.y, pb.y) + margin);
  };
  for (std::size_t i = 0; i < runs_.size() && i < model.runner.size(); ++i) {
    const Level& level = runs_[i].levels[detail];
    if (!model.runner.run(i).look().enabled || level.drawnSegments() == 0) continue;
    for (std::size_t k = 0; k + 1 < level.ends.size(); k += 2) segment(level.ends[k], level.ends[k + 1]);
    const std::vector<glm::vec4> open = level.openEnds();
    for (std::size_t k = 0; k + 1 < open.size(); k += 2) segment(open[k], open[k + 1]);
  }
  if (behind) grid.markAll();  // a point behind the camera: its quad may reach anywhere
}

}  // namespace gs
