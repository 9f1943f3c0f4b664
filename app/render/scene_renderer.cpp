#include "render/scene_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "render/colormap.hpp"
#include "render/scene_projection.hpp"
#include "view/camera3d.hpp"
#include "view/ticks.hpp"

namespace gs {

namespace {

constexpr int kMeshResolution = 96;  // 18k triangles: smooth (exact normals), cheap on llvmpipe
constexpr int kRangeSamples = 40;    // per side, for the heatmap's colour range
constexpr float kBackground3D[3] = {0.105f, 0.11f, 0.13f};

gl::Texture makeColormapTexture() {
  std::vector<std::uint8_t> texels;
  for (const Colormap map : {Colormap::Viridis, Colormap::Magma, Colormap::Diverging})
    for (const auto& rgb : colormapTable(map)) texels.insert(texels.end(), {rgb[0], rgb[1], rgb[2], 255});
  gl::Texture texture = gl::makeTexture();
  glBindTexture(GL_TEXTURE_2D, texture.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kColormapSize, kColormapCount, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               texels.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  return texture;
}

void setScissor(const PixelRect& rect, int framebufferHeight) {
  glEnable(GL_SCISSOR_TEST);
  glScissor(rect.x, framebufferHeight - rect.y - rect.height, rect.width, rect.height);
}

}  // namespace

SceneRenderer::SceneRenderer() : colormaps_(makeColormapTexture()), overlay_(14.0f) {}

void SceneRenderer::syncSurface(const Model& model) {
  const Surface& surface = model.runner.surface();
  const bool newSurface = model.surfaceVersion != surfaceVersion_ || surface.evaluator.get() != evaluator_;
  if (newSurface) {
    surfaceError_.clear();
    heatmap_.upload(surface.formula, surfaceError_);
    if (!surfaceError_.empty()) std::fprintf(stderr, "gradscape: %s\n", surfaceError_.c_str());
    surfaceVersion_ = model.surfaceVersion;
    rangeKey_ = {};  // a new f: new colour range, new heatmap
    heatmapKey_ = {};
    evaluator_ = surface.evaluator.get();
  }
  if (newSurface || meshLogScale_ != model.display.logScale) {
    const MeshData mesh =
        buildSurfaceMesh(*surface.evaluator, surface.domain, kMeshResolution, model.display.logScale);
    mesh_.upload(mesh);
    meshNormalizer_ = mesh.normalizer;
    meshLogScale_ = model.display.logScale;
    ++heightKey_;  // path heights depend on the normalisation
  }
  paths_.upload(model, frameOf(surface.domain), meshNormalizer_, heightKey_);
}

void SceneRenderer::draw(const Model& model, const PixelRect& area, int framebufferWidth,
                         int framebufferHeight, const SceneStyle& style) {
  if (area.empty() || framebufferWidth <= 0 || framebufferHeight <= 0) return;
  overlay_.setTextPixels(style.textPixels);
  syncSurface(model);
  const ViewLayout layout = layoutViews(model.display.mode, area);
  if (layout.view3d) draw3D(model, *layout.view3d, framebufferWidth, framebufferHeight, style);
  if (layout.view2d) draw2D(model, *layout.view2d, framebufferWidth, framebufferHeight, style);
  if (style.legend) {
    const PixelRect& legendView = layout.view2d ? *layout.view2d : *layout.view3d;
    setScissor(legendView, framebufferHeight);
    drawLegend(model, legendView, style);
    overlay_.flush(framebufferWidth, framebufferHeight);
  }
  if (style.runLegend || style.stepCounter) {
    const PixelRect& notesView = layout.view2d ? *layout.view2d : *layout.view3d;
    setScissor(notesView, framebufferHeight);
    drawExportNotes(model, notesView, style);
    overlay_.flush(framebufferWidth, framebufferHeight);
  }
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glViewport(0, 0, framebufferWidth, framebufferHeight);
  glUseProgram(0);
  GS_GL_CHECK("SceneRenderer::draw");
}

const ValueRange& SceneRenderer::visibleRange(const Model& model, const PixelRect& viewport) {
  const View2D& view = model.view2d;
  const RangeKey key{view.centerX,   view.centerY,    view.unitsPerPixel,
                     viewport.width, viewport.height, model.surfaceVersion};
  if (!(key == rangeKey_)) {
    const Vec2 low =
        screenToSurface(view, viewport, {double(viewport.x), double(viewport.y + viewport.height)});
    const Vec2 high =
        screenToSurface(view, viewport, {double(viewport.x + viewport.width), double(viewport.y)});
    heatmapRange_ = sampleValueRange(*model.runner.surface().evaluator, low, high, kRangeSamples);
    rangeKey_ = key;
  }
  return heatmapRange_;
}

// f per pixel is the most expensive part of a frame on a software rasteriser; while the view, the
// surface and the colouring stay the same, the last heatmap is copied instead of evaluated again.
void SceneRenderer::drawHeatmapCached(const Model& model, const PixelRect& viewport, int framebufferHeight) {
  const ValueRange& range = visibleRange(model, viewport);
  const DisplayOptions& display = model.display;
  const HeatmapKey key{
      rangeKey_,        range.min,        range.max,           static_cast<int>(display.colormap),
      display.logScale, display.contours, display.contourCount};
  GLint target = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
  if (!(key == heatmapKey_) || !heatmapCache_.resize(viewport.width, viewport.height)) {
    if (!heatmapCache_.resize(viewport.width, viewport.height)) {
      heatmap_.draw(model.view2d, viewport, framebufferHeight, display, range, colormaps_.id());  // no cache
      return;
    }
    glDisable(GL_SCISSOR_TEST);
    heatmapCache_.bind();
    const PixelRect local{0, 0, viewport.width, viewport.height};
    heatmap_.draw(model.view2d, local, viewport.height, display, range, colormaps_.id());
    heatmapKey_ = key;
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(target));
    setScissor(viewport, framebufferHeight);
  }
  glBindFramebuffer(GL_READ_FRAMEBUFFER, heatmapCache_.framebuffer());
  const int glY = framebufferHeight - viewport.y - viewport.height;
  glBlitFramebuffer(0, 0, viewport.width, viewport.height, viewport.x, glY, viewport.x + viewport.width,
                    glY + viewport.height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(target));
  GS_GL_CHECK("SceneRenderer::drawHeatmapCached");
}

void SceneRenderer::draw2D(const Model& model, const PixelRect& viewport, int framebufferWidth,
                           int framebufferHeight, const SceneStyle& style) {
  setScissor(viewport, framebufferHeight);
  drawHeatmapCached(model, viewport, framebufferHeight);
  glViewport(viewport.x, framebufferHeight - viewport.y - viewport.height, viewport.width, viewport.height);
  // World (x, y) -> clip for this view; z is dropped.
  const SurfaceFrame frame = frameOf(model.runner.surface().domain);
  const View2D& view = model.view2d;
  const double scaleX = 2.0 / (view.unitsPerPixel * viewport.width);
  const double scaleY = 2.0 / (view.unitsPerPixel * viewport.height);
  glm::mat4 transform(0.0f);
  transform[0][0] = gl::finiteFloat(frame.halfExtent / kWorldHalfSize * scaleX);
  transform[1][1] = gl::finiteFloat(frame.halfExtent / kWorldHalfSize * scaleY);
  transform[3][0] = gl::finiteFloat((frame.centerX - view.centerX) * scaleX);
  transform[3][1] = gl::finiteFloat((frame.centerY - view.centerY) * scaleY);
  transform[3][3] = 1.0f;
  PathStyle pathStyle;
  pathStyle.transform = transform;
  pathStyle.viewportSize = {static_cast<float>(viewport.width), static_cast<float>(viewport.height)};
  pathStyle.halfWidth = 0.5f * style.lineWidth;
  pathStyle.fadeLength = model.display.fadePaths ? 150.0f : 0.0f;
  paths_.draw(model, pathStyle);

  ScreenProjection projection;
  projection.viewport = viewport;
  projection.view = view;
  drawImportedPaths(model, viewport, style);
  drawGlyphs(model, projection, style);
  drawAxes(view, viewport, style);
  glViewport(0, 0, framebufferWidth, framebufferHeight);
  overlay_.flush(framebufferWidth, framebufferHeight);
}

void SceneRenderer::draw3D(const Model& model, const PixelRect& viewport, int framebufferWidth,
                           int framebufferHeight, const SceneStyle& style) {
  setScissor(viewport, framebufferHeight);
  glViewport(viewport.x, framebufferHeight - viewport.y - viewport.height, viewport.width, viewport.height);
  glClearColor(kBackground3D[0], kBackground3D[1], kBackground3D[2], 1.0f);
  glClearDepth(1.0);
  glDepthMask(GL_TRUE);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  const float aspect = static_cast<float>(viewport.width) / static_cast<float>(viewport.height);
  const glm::mat4 viewProjection = cameraViewProjection(model.view3d, aspect);
  const float heightRange = kHeightRange * model.view3d.heightScale;
  mesh_.draw(viewProjection, cameraEye(model.view3d), heightRange, model.display, colormaps_.id());

  PathStyle pathStyle;
  pathStyle.transform = viewProjection;
  pathStyle.heightRange = heightRange;
  pathStyle.lift = 0.01f;  // above the mesh, whose flat triangles cut under convex f
  pathStyle.viewportSize = {static_cast<float>(viewport.width), static_cast<float>(viewport.height)};
  pathStyle.halfWidth = 0.5f * style.lineWidth;
  pathStyle.fadeLength = model.display.fadePaths ? 150.0f : 0.0f;
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);
  paths_.draw(model, pathStyle);
  glDisable(GL_DEPTH_TEST);

  ScreenProjection projection;
  projection.is3D = true;
  projection.viewport = viewport;
  projection.viewProjection = viewProjection;
  projection.frame = frameOf(model.runner.surface().domain);
  projection.heightScale = model.view3d.heightScale;
  projection.normalizer = &meshNormalizer_;
  projection.evaluator = model.runner.surface().evaluator.get();
  drawGlyphs(model, projection, style);
  glViewport(0, 0, framebufferWidth, framebufferHeight);
  overlay_.flush(framebufferWidth, framebufferHeight);
}

// Imported CSV paths: dashed screen-space lines through the overlay (they never step, so there is
// nothing to upload incrementally), with a ring at their last point.
void SceneRenderer::drawImportedPaths(const Model& model, const PixelRect& viewport, const SceneStyle& style) {
  constexpr double kDash = 10.0, kGap = 6.0;
  for (const ImportedOverlay& path : model.importedPaths) {
    if (path.points.empty()) continue;
    const std::array<float, 4> color{path.color[0], path.color[1], path.color[2], 1.0f};
    double phase = 0.0;  // distance into the current dash + gap period
    Vec2 previous = surfaceToScreen(model.view2d, viewport, path.points.front());
    for (std::size_t k = 1; k < path.points.size(); ++k) {
      const Vec2 next = surfaceToScreen(model.view2d, viewport, path.points[k]);
      const double length = norm(next - previous);
      if (!std::isfinite(length) || length > 1e5) {
        previous = next;
        continue;
      }
      double done = 0.0;
      while (done < length) {
        const bool on = phase < kDash;
        const double left = on ? kDash - phase : kDash + kGap - phase;
        const double take = std::min(left, length - done);
        if (on) {
          const Vec2 a = previous + (next - previous) * (done / length);
          const Vec2 b = previous + (next - previous) * ((done + take) / length);
          overlay_.line(a, b, style.lineWidth * 0.8f, color);
        }
        done += take;
        phase = std::fmod(phase + take, kDash + kGap);
      }
      previous = next;
    }
    overlay_.ring(previous, style.ballRadius, 2.0f, color);
  }
}

}  // namespace gs
