// The whole scene of a Model (2D heatmap and/or 3D surface, runs, arrows, markers, axes, legend) drawn
// into a rectangle of the currently bound framebuffer. The window, `gradscape bench`, PNG/GIF export and
// headless `render` all call this one function, so what is exported is what is seen.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "gl/gl.hpp"
#include "gl/offscreen.hpp"
#include "model.hpp"
#include "render/heatmap_renderer.hpp"
#include "render/mesh_renderer.hpp"
#include "render/overlay_renderer.hpp"
#include "render/path_renderer.hpp"
#include "render/surface_sampling.hpp"
#include "view/view2d.hpp"

namespace gs {

struct ScreenProjection;

struct SceneStyle {
  float textPixels = 14.0f;  // axis labels and legend
  float lineWidth = 3.0f;    // paths and arrows, pixels
  float ballRadius = 6.5f;
  bool legend = true;
  // Export extras, drawn with the overlay's quads and text: run names with their hyperparameters
  // (bottom left) and the step counter (top left).
  bool runLegend = false;
  bool stepCounter = false;
};

class SceneRenderer {
 public:
  // Needs a current OpenGL 3.3 core context (window or headless).
  SceneRenderer();
  // Draws `model` into `area` (framebuffer pixels, origin top-left) of the bound framebuffer, whose
  // size is framebufferWidth x framebufferHeight. An empty area draws nothing.
  void draw(const Model& model, const PixelRect& area, int framebufferWidth, int framebufferHeight,
            const SceneStyle& style = {});
  // Why the heatmap shader for the current surface could not be built (empty when it could).
  const std::string& surfaceError() const { return surfaceError_; }
  // The f range the heatmap coloured by in the last frame (the legend's scale).
  const ValueRange& heatmapRange() const { return heatmapRange_; }

 private:
  void syncSurface(const Model& model);
  void draw2D(const Model& model, const PixelRect& viewport, int framebufferWidth, int framebufferHeight,
              const SceneStyle& style);
  void draw3D(const Model& model, const PixelRect& viewport, int framebufferWidth, int framebufferHeight,
              const SceneStyle& style);
  void drawGlyphs(const Model& model, const ScreenProjection& projection, const SceneStyle& style);
  void drawAxes(const View2D& view, const PixelRect& viewport, const SceneStyle& style);
  void drawLegend(const Model& model, const PixelRect& viewport, const SceneStyle& style);
  void drawImportedPaths(const Model& model, const PixelRect& viewport, const SceneStyle& style);
  void drawExportNotes(const Model& model, const PixelRect& viewport, const SceneStyle& style);
  const ValueRange& visibleRange(const Model& model, const PixelRect& viewport);
  void drawHeatmapCached(const Model& model, const PixelRect& viewport, int framebufferHeight);

  gl::Texture colormaps_;
  HeatmapRenderer heatmap_;
  MeshRenderer mesh_;
  PathRenderer paths_;
  OverlayRenderer overlay_;
  std::uint64_t surfaceVersion_ = ~std::uint64_t{0};
  bool meshLogScale_ = false;
  const Evaluator* evaluator_ = nullptr;  // the surface whose shader and mesh are uploaded
  ValueNormalizer meshNormalizer_;
  std::uint64_t heightKey_ = 0;
  std::string surfaceError_;
  ValueRange heatmapRange_;
  struct RangeKey {
    double centerX = 0, centerY = 0, unitsPerPixel = 0;
    int width = 0, height = 0;
    std::uint64_t surface = ~std::uint64_t{0};
    bool operator==(const RangeKey&) const = default;
  } rangeKey_;
  struct HeatmapKey {
    RangeKey view;
    double min = 0, max = 0;
    int colormap = -1;
    bool logScale = false, contours = false;
    int contourCount = 0;
    bool operator==(const HeatmapKey&) const = default;
  } heatmapKey_;
  gl::OffscreenTarget heatmapCache_;
};

}  // namespace gs
