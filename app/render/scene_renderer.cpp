#include "render/scene_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

#include "render/colormap.hpp"
#include "render/scene_projection.hpp"
#include "view/camera3d.hpp"
#include "view/run_legend.hpp"
#include "view/ticks.hpp"

namespace gs {
namespace {

// 64 x 64 vertices, 8k triangles: as smooth as 96 x 96 to the eye (normals are exact, interpolated per
// pixel), at less than half the cost on llvmpipe, which sets up every triangle on the CPU.
constexpr int kMeshResolution = 64;
constexpr int kRangeSamples = 40;  // per side, for the heatmap's colour range
constexpr float kBackground3D[3] = {0.105f, 0.11f, 0.13f};
constexpr float kBackground3DLight[3] = {0.96f, 0.96f, 0.95f};  // the light theme (projectors)

// The most pixels a world unit covers anywhere in the box the surface and its paths occupy, from a grid of
// samples (perspective makes the near side the largest, and varies smoothly in between, which the margin
// covers); 0 when part of the box is behind the camera.
float mostPixelsPerWorld(const glm::mat4& viewProjection, glm::vec2 viewportSize, float heightRange) {
  constexpr int kSamples = 5;
  constexpr float kStep = 1e-3f;
  bool behind = false;
  const auto pixel = [&](glm::vec3 p) {
    const glm::vec4 clip = viewProjection * glm::vec4(p, 1.0f);
    behind = behind || !(clip.w > 1e-3f);
    return glm::vec2(clip) / std::max(clip.w, 1e-3f) * 0.5f * viewportSize;
  };
  float most = 0.0f;
  for (int i = 0; i < kSamples; ++i)
    for (int j = 0; j < kSamples; ++j)
      for (int k = 0; k < 3; ++k) {
        const glm::vec3 p(kWorldHalfSize * (2.0f * float(i) / (kSamples - 1) - 1.0f),
                          kWorldHalfSize * (2.0f * float(j) / (kSamples - 1) - 1.0f),
                          heightRange * 0.5f * float(k - 1));
        const glm::vec2 at = pixel(p);
        for (const glm::vec3 axis : {glm::vec3(1, 0, 0), glm::vec3(0, 1, 0), glm::vec3(0, 0, 1)})
          most = std::max(most, glm::length(pixel(p + kStep * axis) - at) / kStep);
      }
  return behind || !std::isfinite(most) ? 0.0f : 1.25f * most;
}

void setScissor(const PixelRect& rect, int framebufferHeight) {
  glEnable(GL_SCISSOR_TEST);
  glScissor(rect.x, framebufferHeight - rect.y - rect.height, rect.width, rect.height);
}

void copyToView(const gl::TextureCopier& copier, const gl::ColorTarget& from, const PixelRect& target,
                int targetHeight) {
  copier.copy(from, {0, 0, target.width, target.height}, target.x, targetHeight - target.y - target.height);
}

// Before a picture is drawn straight into the scissored part of a window that keeps its last frame (`kept`,
// see SceneRenderer::draw): the background, unless `opaque` says the picture replaces every pixel of it (a
// scissored clear is a pass over the whole view on llvmpipe).
void clearUnder(const std::vector<gl::GlRect>* kept, bool opaque) {
  if (kept == nullptr || opaque) return;
  glClearColor(kWindowBackground[0], kWindowBackground[1], kWindowBackground[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

// Draws a picture into `target` of the bound framebuffer (targetWidth x targetHeight) through `cache`:
// copied while the cache holds it, drawn into the cache once its inputs have held still, drawn straight
// into the frame while they change (see PictureCache). `draw(where, width, height)` draws the picture into
// the rectangle `where` of a bound framebuffer of that size, scissored to it. `kept` (see
// SceneRenderer::draw): the framebuffer holds the last frame but in these rectangles; an unchanged picture
// is then copied only into them, and one drawn straight is drawn over a cleared target, unless `opaque`
// says that `draw` replaces every pixel of it (a scissored clear is a pass over the whole view on llvmpipe).
// Returns the pixels put into the frame: the target's, or the kept rectangles' within it.
template <class Draw>
long long drawThroughCache(PictureCache& cache, InputKey& inputs, const gl::TextureCopier& copier,
                           const PixelRect& target, int targetWidth, int targetHeight, Draw&& draw,
                           const std::vector<gl::GlRect>* kept = nullptr, bool opaque = false) {
  const long long targetPixels = static_cast<long long>(target.width) * target.height;
  switch (cache.plan(inputs)) {
    case PictureCache::Plan::Copy:
      if (kept != nullptr) {  // the frame shows this picture already, but where something was drawn over it
        const int bottom = targetHeight - target.y - target.height;
        std::vector<gl::CopyRect> rects;
        long long pixels = 0;
        for (const gl::GlRect& r : *kept) {
          const int x0 = std::max(r.x, target.x), y0 = std::max(r.y, bottom);
          const int x1 = std::min(r.x + r.width, target.x + target.width);
          const int y1 = std::min(r.y + r.height, bottom + target.height);
          if (x1 <= x0 || y1 <= y0) continue;
          rects.push_back({{x0 - target.x, y0 - bottom, x1 - x0, y1 - y0}, x0, y0});
          pixels += static_cast<long long>(x1 - x0) * (y1 - y0);
        }
        copier.copy(cache.target(), rects, targetWidth, targetHeight);
        return pixels;
      }
      break;
    case PictureCache::Plan::Render:
      if (cache.target().resize(target.width, target.height)) {
        {
          const gl::FramebufferBindings bindings;
          cache.target().bind();
          const PixelRect whole{0, 0, target.width, target.height};
          setScissor(whole, target.height);  // the frame's scissor means nothing in the picture
          draw(whole, target.width, target.height);
        }
        cache.held();
        break;
      }
      [[fallthrough]];  // no picture of this size: draw straight into the frame
    case PictureCache::Plan::DrawDirect:
      setScissor(target, targetHeight);
      clearUnder(kept, opaque);
      draw(target, targetWidth, targetHeight);
      return targetPixels;
  }
  copyToView(copier, cache.target(), target, targetHeight);
  return targetPixels;
}

// What both views' paths share: their viewport, width and fading.
PathStyle pathStyleFor(const Model& model, const PixelRect& viewport, const SceneStyle& style) {
  PathStyle pathStyle;
  pathStyle.viewportSize = {static_cast<float>(viewport.width), static_cast<float>(viewport.height)};
  pathStyle.halfWidth = 0.5f * style.lineWidth;
  pathStyle.fadeLength = model.display.fadePaths ? 150.0f : 0.0f;
  return pathStyle;
}

// World (x, y) -> clip for the 2D view; z is dropped.
glm::mat4 transform2D(const Model& model, const PixelRect& viewport) {
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
  return transform;
}

// The 2D view's paths are drawn where both ends of a segment lie within one view's width and height of
// the view: a path that leaves it is drawn to its edge (where drawRunMarkers puts the arrow toward where it
// went), and the long jumps of a diverging run between two far points do not cross the view as lines.
glm::vec4 clipBox2D(const Model& model, const PixelRect& viewport) {
  const SurfaceFrame frame = frameOf(model.runner.surface().domain);
  const View2D& view = model.view2d;
  const double halfWidth = 1.5 * view.unitsPerPixel * viewport.width;
  const double halfHeight = 1.5 * view.unitsPerPixel * viewport.height;
  const auto world = [&](double v, double center) {
    return gl::finiteFloat((v - center) / frame.halfExtent * kWorldHalfSize);
  };
  return {world(view.centerX - halfWidth, frame.centerX), world(view.centerY - halfHeight, frame.centerY),
          world(view.centerX + halfWidth, frame.centerX), world(view.centerY + halfHeight, frame.centerY)};
}

// The most pixels a world unit covers in the 2D view (transform2D) and in the 3D view: they pick the
// paths' level of detail in each.
float pixelsPerWorld2D(const Model& model, const PixelRect& viewport) {
  return 0.5f * std::abs(transform2D(model, viewport)[0][0]) * static_cast<float>(viewport.width);
}

float pixelsPerWorld3D(const Model& model, const PixelRect& viewport) {
  const glm::vec2 size(static_cast<float>(viewport.width), static_cast<float>(viewport.height));
  return mostPixelsPerWorld(cameraViewProjection(model.view3d, size.x / size.y), size,
                            kHeightRange * model.view3d.heightScale);
}

// The paths' levels of detail the views of `layout` draw (PathRenderer::upload's bits).
unsigned pathLevels(const Model& model, const ViewLayout& layout) {
  unsigned levels = 0;
  if (layout.view2d) levels |= 1u << PathRenderer::levelFor(pixelsPerWorld2D(model, *layout.view2d));
  if (layout.view3d) levels |= 1u << PathRenderer::levelFor(pixelsPerWorld3D(model, *layout.view3d));
  return levels;
}

}  // namespace

SceneRenderer::SceneRenderer() : colormaps_(makeColormapTexture()), overlay_(14.0f) {}

void SceneRenderer::syncSurface(const Model& model) {
  const Surface& surface = model.runner.surface();
  const bool newSurface = model.surfaceVersion != surfaceVersion_ || surface.evaluator.get() != evaluator_;
  if (newSurface) {
    surfaceError_.clear();
    heatmap_.upload(surface, surfaceError_);
    if (!surfaceError_.empty()) std::fprintf(stderr, "gradscape: %s\n", surfaceError_.c_str());
    surfaceVersion_ = model.surfaceVersion;
    rangeKey_ = {};  // a new f: new colour range, new heatmap
    ++surfaceGeneration_;
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
}

void SceneRenderer::draw(const Model& model, const PixelRect& area, int framebufferWidth,
                         int framebufferHeight, const SceneStyle& style,
                         const std::vector<gl::GlRect>* windowHoldsLastFrame) {
  drawFirst(model, area, framebufferWidth, framebufferHeight, style, windowHoldsLastFrame);
  drawRest(model, area, framebufferWidth, framebufferHeight, style);
}

void SceneRenderer::drawFirst(const Model& model, const PixelRect& area, int framebufferWidth,
                              int framebufferHeight, const SceneStyle& style,
                              const std::vector<gl::GlRect>* windowHoldsLastFrame) {
  copy3D_ = false;
  view3dCopiedPixels_ = 0;
  window3D_.copiedBefore = std::exchange(window3D_.copied, PixelRect{});
  window3D_.kept = windowHoldsLastFrame != nullptr;
  window3D_.covered.clear();
  if (windowHoldsLastFrame != nullptr) window3D_.covered = *windowHoldsLastFrame;
  window2D_.drawnBefore = std::exchange(window2D_.drawn, PixelRect{});
  std::swap(window2D_.over, window2D_.overBefore);
  heatmapPixels_ = 0;
  explainerPlates_.clear();
  interactive_ = style.interactive;
  if (interactive_) hotspots_.clear();
  if (area.empty() || framebufferWidth <= 0 || framebufferHeight <= 0) return;
  overlay_.setTextPixels(style.textPixels);
  syncSurface(model);
  const ViewLayout layout = layoutViews(model.display.mode, area);
  paths_.upload(model, frameOf(model.runner.surface().domain), meshNormalizer_, heightKey_,
                pathLevels(model, layout), kHeightRange * model.view3d.heightScale);
  // The legend and the export notes go on the 2D view (drawn with it, see draw2D), unless it is a tall
  // strip beside a 3D view (side by side in a narrow window), where they would hide much of it while the
  // 3D view's top corner is free; with no 2D view, on the 3D view.
  notesOn2D_ = layout.view2d && !(layout.view3d && layout.view2d->width < layout.view2d->height);
  // The 3D view is drawn into its target first and copied in last, so that the CPU's work in between (the
  // 2D view, and the caller's between drawFirst and drawRest) overlaps its rasterisation; so does the 2D
  // view's, started here.
  copy3D_ = layout.view3d && draw3D(model, *layout.view3d, framebufferWidth, framebufferHeight, style);
  windowKept_ = windowHoldsLastFrame;
  if (layout.view2d) draw2D(model, *layout.view2d, framebufferWidth, framebufferHeight, style);
  windowKept_ = nullptr;
  glFlush();
}

void SceneRenderer::drawRest(const Model& model, const PixelRect& area, int framebufferWidth,
                             int framebufferHeight, const SceneStyle& style) {
  if (area.empty() || framebufferWidth <= 0 || framebufferHeight <= 0) return;
  const ViewLayout layout = layoutViews(model.display.mode, area);
  if (layout.view3d) {
    const PixelRect& view = *layout.view3d;
    if (copy3D_) copy3D(view, framebufferWidth, framebufferHeight);
    // The notes over the view; where they go, the next frame's copy3D copies in again.
    if (!notesOn2D_) drawNotes(model, view, style);
    if (style.interactive) drawViewButtons(view);
    window3D_.notesBefore.reset(view.width, view.height);
    overlay_.markFootprint(window3D_.notesBefore, {double(view.x), double(view.y)});
    setScissor(view, framebufferHeight);
    overlay_.flush(framebufferWidth, framebufferHeight);
  }
  copy3D_ = false;
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glViewport(0, 0, framebufferWidth, framebufferHeight);
  glUseProgram(0);
  GS_GL_CHECK("SceneRenderer::draw");
}

void SceneRenderer::copy3D(const PixelRect& view, int framebufferWidth, int framebufferHeight) {
  // Where the window holds the last frame and showed this view's target at the same place, and the target
  // changed only where the last frame's and this frame's paths, balls and glyphs go (the mesh copied back
  // there, see drawMesh), the window differs from the target only there, under the notes drawn over the
  // view in the last frame, and where ImGui drew over the view: only those tiles are copied (this frame's
  // notes are drawn over the copy, and elsewhere the window shows what the target holds). Else all of it.
  const int width = view.width, height = view.height;
  const auto sized = [&](const DamageGrid& grid) { return grid.width() == width && grid.height() == height; };
  const bool partial = window3D_.kept && window3D_.copiedBefore == view && meshCopiedBack_ &&
                       sized(damage3D_.grid) && sized(footprint3D_) && sized(window3D_.notesBefore);
  if (window3D_.kept) window3D_.copied = view;
  if (!partial) {
    copyToView(copier_, view3dTarget_, view, framebufferHeight);
    view3dCopiedPixels_ = static_cast<long long>(width) * height;
    return;
  }
  DamageGrid& changed = window3D_.changed;
  changed.reset(width, height);
  for (const DamageGrid* grid : {&damage3D_.grid, &footprint3D_, &window3D_.notesBefore}) changed.add(*grid);
  for (const gl::GlRect& r : window3D_.covered)  // GL window coordinates: origin bottom-left
    changed.mark(float(r.x - view.x), float(framebufferHeight - r.y - r.height - view.y),
                 float(r.x + r.width - view.x), float(framebufferHeight - r.y - view.y));
  std::vector<gl::CopyRect> rects;
  view3dCopiedPixels_ = 0;
  for (const PixelRect& r : changed.rects()) {
    rects.push_back({{r.x, height - r.y - r.height, r.width, r.height},
                     view.x + r.x,
                     framebufferHeight - view.y - r.y - r.height});
    view3dCopiedPixels_ += static_cast<long long>(r.width) * r.height;
  }
  copier_.copy(view3dTarget_, rects, framebufferWidth, framebufferHeight);
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
void SceneRenderer::drawHeatmap(const Model& model, const PixelRect& target, int targetWidth,
                                int targetHeight, const ValueRange& range,
                                const std::vector<gl::GlRect>* under) {
  const DisplayOptions& display = model.display;
  const View2D& view = model.view2d;
  InputKey& inputs = heatmapInputs_;
  inputs.clear();
  addHeatmapInputs(inputs, model, range);
  inputs.add(target.width).add(target.height);
  heatmapPixels_ = drawThroughCache(
      heatmapPicture_, inputs, copier_, target, targetWidth, targetHeight,
      [&](const PixelRect& where, int, int height) {
        heatmap_.draw(view, where, height, display, range, colormaps_.id());
      },
      under, heatmap_.fillsViewport());
}

const std::vector<gl::GlRect>* SceneRenderer::heatmapUnderLastFrame(const PixelRect& viewport,
                                                                    int framebufferHeight,
                                                                    const MapLayer& map) {
  const Window2D& last = window2D_;
  // A basin map is blended over the heatmap: where it was not drawn again it would be blended twice.
  if (windowKept_ == nullptr || map.texture != 0 || !(last.drawnBefore == viewport) ||
      last.overBefore.width() != viewport.width || last.overBefore.height() != viewport.height)
    return nullptr;
  std::vector<gl::GlRect>& under = window2D_.heatmapUnder;
  under.clear();
  for (const PixelRect& r : last.overBefore.rects())  // tiles: origin top-left in the view
    under.push_back({viewport.x + r.x, framebufferHeight - viewport.y - r.y - r.height, r.width, r.height});
  under.insert(under.end(), windowKept_->begin(), windowKept_->end());
  return &under;
}

void SceneRenderer::draw2D(const Model& model, const PixelRect& viewport, int framebufferWidth,
                           int framebufferHeight, const SceneStyle& style) {
  const ValueRange& range = visibleRange(model, viewport);
  PathStyle pathStyle = pathStyleFor(model, viewport, style);
  pathStyle.transform = transform2D(model, viewport);
  pathStyle.pixelsPerWorld = pixelsPerWorld2D(model, viewport);
  pathStyle.clipBox = clipBox2D(model, viewport);

  // New paths (a dragged slider, playing runs) change the view's picture whatever else does: it is then
  // drawn straight into the frame, and its heatmap and paths go to the rasterisers before the glyphs are
  // laid out here on the CPU. Otherwise the glyphs are laid out first, so that everything the view shows is
  // known before its picture is drawn or copied.
  const MapLayer& map = style.basinMap;
  const bool newPaths = paths_.version() != view2dPathsVersion_ || !frameCachesEnabled();
  view2dPathsVersion_ = paths_.version();
  if (newPaths) {
    setScissor(viewport, framebufferHeight);
    clearUnder(windowKept_, heatmap_.fillsViewport());
    renderUnderGlyphs2D(model, viewport, viewport, framebufferWidth, framebufferHeight, range, pathStyle, map,
                        heatmapUnderLastFrame(viewport, framebufferHeight, map));
    glFlush();
  }
  ScreenProjection projection;
  projection.viewport = viewport;
  projection.view = model.view2d;
  drawImportedPaths(model, viewport, style);
  drawGlyphs(model, projection, style);
  drawAxes(model.view2d, viewport, model.display.theme == Theme::Light);
  if (notesOn2D_) drawNotes(model, viewport, style);
  // What this frame draws over the heatmap, for the next one (see window2D_).
  if (windowKept_ != nullptr) {
    window2D_.drawn = viewport;
    window2D_.over.reset(viewport.width, viewport.height);
    paths_.markFootprint(model, pathStyle, window2D_.over);
    overlay_.markFootprint(window2D_.over, {double(viewport.x), double(viewport.y)});
  }

  InputKey& inputs = view2dInputs_;
  inputs.clear();
  addHeatmapInputs(inputs, model, range);
  inputs.add(viewport.x).add(viewport.y).add(viewport.width).add(viewport.height);
  inputs.add(paths_.version()).add(pathStyle.halfWidth).add(pathStyle.fadeLength);
  for (int column = 0; column < 4; ++column)
    for (int row = 0; row < 4; ++row) inputs.add(pathStyle.transform[column][row]);
  for (const Run& run : model.runner.runs()) {
    const RunLook& look = run.look();
    inputs.add(look.enabled).add(look.color[0]).add(look.color[1]).add(look.color[2]);
  }
  inputs.add(overlay_.textPixels()).addAll(overlay_.vertices()).addAll(overlay_.textVertices());
  inputs.addAll(overlay_.texts()).addAll(overlay_.layerEnds());
  inputs.add(map.texture).add(map.range.xMin).add(map.range.xMax).add(map.range.yMin).add(map.range.yMax);
  inputs.add(map.opacity).add(map.version);
  if (newPaths) {
    view2dPicture_.plan(inputs);  // new inputs (their paths): drawn straight, as it was
    setScissor(viewport, framebufferHeight);
    overlay_.flush(framebufferWidth, framebufferHeight);
  } else {
    drawThroughCache(
        view2dPicture_, inputs, copier_, viewport, framebufferWidth, framebufferHeight,
        [&](const PixelRect& where, int width, int height) {
          render2D(model, viewport, where, width, height, range, pathStyle, map);
        },
        windowKept_, heatmap_.fillsViewport());  // the heatmap, drawn first, covers the whole view
  }
  overlay_.discard();  // drawn, or in the copied picture
}

// What the heatmap shows besides its size: the surface, the view onto it, and its colouring.
void SceneRenderer::addHeatmapInputs(InputKey& inputs, const Model& model, const ValueRange& range) const {
  const View2D& view = model.view2d;
  const DisplayOptions& display = model.display;
  inputs.add(surfaceGeneration_).add(view.centerX).add(view.centerY).add(view.unitsPerPixel);
  inputs.add(range.min).add(range.max);
  inputs.add(display.colormap).add(display.logScale).add(display.contours).add(display.contourCount);
  inputs.add(display.theme);
}

void SceneRenderer::drawNotes(const Model& model, const PixelRect& viewport, const SceneStyle& style) {
  if (style.legend) drawLegend(model, viewport, style);
  drawCornerNotes(model, viewport, style);
  if (model.display.runLegend || style.runLegend) {
    const std::vector<RunLegendRow> rows = runLegendRows(model);
    drawRunLegend(model, rows, runLegendLayout(model, rows, viewport, style));
  }
}

double SceneRenderer::yAxisBand(const View2D& view, const PixelRect& viewport) const {
  return yAxisBandWidth(yAxisTicks(view, viewport, overlay_.textPixels()),
                        [this](std::string_view text) { return double(overlay_.textWidth(text)); });
}

HeightField SceneRenderer::heightField(const Model& model) const {
  const Surface& surface = model.runner.surface();
  HeightField field;
  field.domain = surface.domain;
  field.frame = frameOf(surface.domain);
  field.heightScale = model.view3d.heightScale;
  field.normalizedHeight = [evaluator = surface.evaluator, normalizer = meshNormalizer_](Vec2 p) {
    return normalizer.normalize(evaluator->value(p));
  };
  return field;
}

void SceneRenderer::render2D(const Model& model, const PixelRect& viewport, const PixelRect& target,
                             int targetWidth, int targetHeight, const ValueRange& range,
                             const PathStyle& pathStyle, const MapLayer& map) {
  renderUnderGlyphs2D(model, viewport, target, targetWidth, targetHeight, range, pathStyle, map);
  overlay_.flush(targetWidth, targetHeight, {double(viewport.x - target.x), double(viewport.y - target.y)});
}

void SceneRenderer::renderUnderGlyphs2D(const Model& model, const PixelRect& viewport,
                                        const PixelRect& target, int targetWidth, int targetHeight,
                                        const ValueRange& range, const PathStyle& pathStyle,
                                        const MapLayer& map, const std::vector<gl::GlRect>* heatmapUnder) {
  drawHeatmap(model, target, targetWidth, targetHeight, range, heatmapUnder);
  setScissor(target, targetHeight);  // glyphs near the edges stay inside the view
  glViewport(target.x, targetHeight - target.y - target.height, target.width, target.height);
  if (map.texture != 0) {  // corners from the view's place in the frame to the target's
    const Vec2 offset{double(viewport.x), double(viewport.y)};
    mapLayer_.draw(map.texture,
                   surfaceToScreen(model.view2d, viewport, {map.range.xMin, map.range.yMax}) - offset,
                   surfaceToScreen(model.view2d, viewport, {map.range.xMax, map.range.yMin}) - offset,
                   map.opacity, target.width, target.height);
  }
  paths_.draw(model, pathStyle);
}

bool SceneRenderer::draw3D(const Model& model, const PixelRect& viewport, int framebufferWidth,
                           int framebufferHeight, const SceneStyle& style) {
  view3dTarget_.setSamples(model.display.msaaSamples);
  if (!view3dTarget_.resize(viewport.width, viewport.height)) {
    // No target of this size: draw in place, with whatever depth buffer the frame has.
    setScissor(viewport, framebufferHeight);
    inTarget3D_ = false;
    render3D(model, viewport, viewport, framebufferWidth, framebufferHeight, style);
    return false;
  }
  inTarget3D_ = true;
  const gl::FramebufferBindings bindings;
  view3dTarget_.bind();
  glDisable(GL_SCISSOR_TEST);  // a whole-target clear is a fast fill; a scissored one is drawn
  render3D(model, viewport, {0, 0, viewport.width, viewport.height}, viewport.width, viewport.height, style);
  view3dTarget_.resolve();
  glFlush();  // start rasterising while the 2D view is laid out
  return true;
}

void SceneRenderer::render3D(const Model& model, const PixelRect& viewport, const PixelRect& target,
                             int targetWidth, int targetHeight, const SceneStyle& style) {
  glViewport(target.x, targetHeight - target.y - target.height, target.width, target.height);
  const float aspect = static_cast<float>(viewport.width) / static_cast<float>(viewport.height);
  const glm::mat4 viewProjection = cameraViewProjection(model.view3d, aspect);
  const float heightRange = kHeightRange * model.view3d.heightScale;
  // Only a whole single-sampled target can be kept: a multisampled one would need its samples copied.
  const bool cacheable = target.x == 0 && target.y == 0 && target.width == targetWidth &&
                         target.height == targetHeight && view3dTarget_.samples() == 0;

  PathStyle pathStyle = pathStyleFor(model, viewport, style);
  pathStyle.transform = viewProjection;
  pathStyle.heightRange = heightRange;
  pathStyle.lift = 0.01f;  // above the mesh, whose flat triangles cut under convex f
  pathStyle.pixelsPerWorld = pixelsPerWorld3D(model, viewport);
  const SurfaceFrame frame = frameOf(model.runner.surface().domain);
  const Domain& domain = model.runner.surface().domain;
  pathStyle.clipBox = worldBox(frame, domain);

  // The balls, depth-tested against the mesh: resting on the surface, hidden behind hills.
  const glm::vec3 eye = cameraEye(model.view3d);
  ballList_.clear();
  const float ballPixels = 1.3f * style.ballRadius;  // spheres read as balls a little larger than discs
  const Evaluator& evaluator = *model.runner.surface().evaluator;
  for (const Run& run : model.runner.runs()) {
    const Color& color = run.look().color;
    if (!run.look().enabled || run.path().empty()) continue;
    const Vec2 point = run.status() == RunStatus::Diverged ? run.path().back() : run.point();
    if (!contains(domain, point))
      continue;  // off the surface: its path ends at the edge with a marker instead
    glm::vec3 center =
        toWorld(frame, point, static_cast<float>(meshNormalizer_.normalize(evaluator.value(point))),
                model.view3d.heightScale);
    const float worldRadius =
        style.ballRadius * worldPerPixelAt(viewProjection, eye, center, pathStyle.viewportSize);
    center.z += worldRadius;  // resting on the surface
    ballList_.push_back({center, worldRadius, {color[0], color[1], color[2], 1.0f}});
  }

  // The mesh (copied back from its picture where the last frame drew over it), then the paths over it,
  // flushed: llvmpipe rasterises them while the axes and glyphs are laid out here on the CPU.
  const bool kept = cacheable && inTarget3D_;  // what view3dTarget_ will hold is known (damage3D_)
  drawMesh(model, viewProjection, eye, heightRange, targetWidth, targetHeight, cacheable, kept);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);
  paths_.draw(model, pathStyle);
  glDisable(GL_DEPTH_TEST);
  glFlush();

  ScreenProjection projection;
  projection.is3D = true;
  projection.viewport = viewport;
  projection.viewProjection = viewProjection;
  projection.frame = frameOf(model.runner.surface().domain);
  projection.heightScale = model.view3d.heightScale;
  projection.normalizer = &meshNormalizer_;
  projection.evaluator = model.runner.surface().evaluator.get();
  drawAxes3D(model, projection, eye, notesOver(model, viewport, style, false));
  drawGlyphs(model, projection, style);
  if (kept) {  // where the next frame copies the mesh back
    footprint3D_.reset(target.width, target.height);
    paths_.markFootprint(model, pathStyle, footprint3D_);
    BallRenderer::markFootprint(ballList_, viewProjection, pathStyle.viewportSize, ballPixels, footprint3D_);
    overlay_.markFootprint(footprint3D_, {double(viewport.x), double(viewport.y)});
  }
  balls_.draw(ballList_, viewProjection, eye, pathStyle.viewportSize, ballPixels);
  glViewport(0, 0, targetWidth, targetHeight);
  overlay_.flush(targetWidth, targetHeight, {double(viewport.x - target.x), double(viewport.y - target.y)});
  if (kept) {
    std::swap(damage3D_.grid, footprint3D_);  // drawMesh recorded the mesh's inputs
    damage3D_.generation = view3dTarget_.generation();
  } else {
    damage3D_.mesh.clear();
  }
}

// The background and the mesh, into the bound framebuffer (width x height, the viewport set). While the
// camera, the surface and its colouring hold still (a slider dragged, runs playing), they are copied with
// their depth from the last frame's picture instead of drawn: the paths, balls and glyphs drawn after
// them are depth-tested against the same depth, so the frame is the same, pixel for pixel.
void SceneRenderer::drawMesh(const Model& model, const glm::mat4& viewProjection, glm::vec3 eye,
                             float heightRange, int width, int height, bool cacheable, bool kept) {
  meshRestoredPixels_ = 0;
  meshCopiedBack_ = false;
  const DisplayOptions& display = model.display;
  const auto draw = [&] {
    const float* background = display.theme == Theme::Light ? kBackground3DLight : kBackground3D;
    glClearColor(background[0], background[1], background[2], 1.0f);
    glClearDepth(1.0);
    glDepthMask(GL_TRUE);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    mesh_.draw(viewProjection, eye, heightRange, display, colormaps_.id());
  };
  if (!cacheable) {
    meshPicture_.forget();
    draw();
    return;
  }
  InputKey& inputs = meshInputs_;
  inputs.clear();
  inputs.add(surfaceGeneration_).add(heightKey_).add(width).add(height).add(heightRange);
  for (int column = 0; column < 4; ++column)
    for (int row = 0; row < 4; ++row) inputs.add(viewProjection[column][row]);
  inputs.add(eye.x).add(eye.y).add(eye.z).add(display.theme).add(display.colormap);
  inputs.add(display.meshContours).add(display.contourCount).add(display.wireframe);
  const PixelRect whole{0, 0, width, height};
  GLint frame = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &frame);
  gl::ColorTarget& picture = meshPicture_.target();
  const auto copy = [&](GLuint from, GLuint to, const PixelRect& r) {  // r: origin top-left
    glBindFramebuffer(GL_READ_FRAMEBUFFER, from);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, to);
    glDisable(GL_SCISSOR_TEST);
    glDepthMask(GL_TRUE);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    const int y0 = height - r.y - r.height, y1 = height - r.y;
    glBlitFramebuffer(r.x, y0, r.x + r.width, y1, r.x, y0, r.x + r.width, y1,
                      GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT, GL_NEAREST);
    if (from == picture.framebuffer()) meshRestoredPixels_ += static_cast<long long>(r.width) * r.height;
  };
  // The target held this mesh with the last frame's footprint over it (and nothing else drew into it
  // since: a new size or sample count makes new buffers). Everywhere else it holds the mesh and its depth
  // already, so only that footprint is copied back.
  const bool partial = kept && !damage3D_.mesh.empty() && damage3D_.mesh == inputs.bytes() &&
                       damage3D_.generation == view3dTarget_.generation() &&
                       damage3D_.grid.width() == width && damage3D_.grid.height() == height;
  if (kept) damage3D_.mesh = inputs.bytes();
  switch (meshPicture_.plan(inputs)) {
    case PictureCache::Plan::Copy:
      meshCopiedBack_ = partial;
      if (partial) {
        for (const PixelRect& r : damage3D_.grid.rects())
          copy(picture.framebuffer(), static_cast<GLuint>(frame), r);
      } else {
        copy(picture.framebuffer(), static_cast<GLuint>(frame), whole);
      }
      break;
    case PictureCache::Plan::Render:
      draw();
      if (picture.resize(width, height)) {
        copy(static_cast<GLuint>(frame), picture.framebuffer(), whole);
        meshPicture_.held();
      }
      break;
    case PictureCache::Plan::DrawDirect:
      draw();
      break;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(frame));
  glViewport(0, 0, width, height);
}

// Imported CSV paths: dashed screen-space lines through the overlay (they never step, so there is
// nothing to upload incrementally), with a ring at their last point.
void SceneRenderer::drawImportedPaths(const Model& model, const PixelRect& viewport,
                                      const SceneStyle& style) {
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
