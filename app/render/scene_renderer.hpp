// The whole scene of a Model (2D heatmap and/or 3D surface, runs, arrows, markers, axes, legend) drawn
// into a rectangle of the currently bound framebuffer. The window, `gradscape bench`, PNG/GIF export and
// headless `render` all call this one function, so what is exported is what is seen.
//
// The bound framebuffer needs no depth buffer: the 3D view is drawn into its own target (with depth) and
// copied. The 2D view, and the heatmap within it, are kept in targets of their own while they hold still
// (see PictureCache), so an orbiting 3D view does not pay for f per pixel, paths and glyphs every frame.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gl/color_target.hpp"
#include "gl/gl.hpp"
#include "model.hpp"
#include "render/ball_renderer.hpp"
#include "render/damage_grid.hpp"
#include "render/heatmap_renderer.hpp"
#include "render/image_layer.hpp"
#include "render/mesh_renderer.hpp"
#include "render/overlay_renderer.hpp"
#include "render/path_renderer.hpp"
#include "render/picture_cache.hpp"
#include "render/surface_sampling.hpp"
#include "view/picking.hpp"
#include "view/run_legend.hpp"
#include "view/view2d.hpp"
#include "view/view_actions.hpp"

namespace gs {

struct ScreenProjection;

struct SceneStyle {
  float textPixels = 14.0f;  // axis labels and legend
  float lineWidth = 3.0f;    // paths and arrows, pixels
  float ballRadius = 6.5f;
  bool legend = true;
  // The runs' legend (bottom left) is drawn when the model's display asks for it or this is set (the
  // export panel's choice); the step counter (top left) only when this asks.
  bool runLegend = false;
  bool stepCounter = false;
  // The window's own view (not an export): buttons on the 3D view, and what a click hits is recorded
  // (hotspots()).
  bool interactive = false;
  // The explainer's sub-step drawn on the 3D view: the run it explains (-1: none) and the sub-step.
  int explainRun = -1;
  int explainSubStep = 0;
  // A basin map (the Maps panel's) over the 2D view's heatmap, under its paths, glyphs and notes.
  MapLayer basinMap;
  // What else is drawn over the views (the window's presentation caption and step counter), framebuffer
  // pixels: the explainer's plate keeps out of it as it keeps out of the scene's own notes.
  std::vector<PixelRect> keepClear;
  // The run legend's corner: chosen by the renderer, or fixed by the window's presentation mode (its step
  // counter made room for the legend where it measured it).
  LegendCorner runLegendCorner = LegendCorner::Choose;
};

// The colour under the scene and the panels: a window's clear colour, and an exported picture's.
inline constexpr std::array<float, 3> kWindowBackground{0.09f, 0.09f, 0.1f};

class SceneRenderer {
 public:
  // Needs a current OpenGL 3.3 core context (window or headless).
  SceneRenderer();
  // Draws `model` into `area` (framebuffer pixels, origin top-left) of the bound framebuffer, whose
  // size is framebufferWidth x framebufferHeight. An empty area draws nothing. `windowHoldsLastFrame`:
  // the framebuffer was not cleared; it holds what the last draw() left in the same area, except in
  // these rectangles (GL window coordinates: origin bottom-left), where something else was drawn over it
  // since (Window::keepsBackBuffer). A view whose picture did not change is then left as it is, but for
  // those rectangles. nullptr: the framebuffer was cleared.
  void draw(const Model& model, const PixelRect& area, int framebufferWidth, int framebufferHeight,
            const SceneStyle& style = {}, const std::vector<gl::GlRect>* windowHoldsLastFrame = nullptr);
  // draw() in two parts, for a caller with work of its own on the CPU (the window's panels): the first
  // draws the 3D view into its target and the 2D view, and lets llvmpipe's threads rasterise them
  // meanwhile; the second, with the same model, area, sizes and style, copies the 3D view in and draws the
  // notes over it. draw() is the two.
  void drawFirst(const Model& model, const PixelRect& area, int framebufferWidth, int framebufferHeight,
                 const SceneStyle& style, const std::vector<gl::GlRect>* windowHoldsLastFrame = nullptr);
  void drawRest(const Model& model, const PixelRect& area, int framebufferWidth, int framebufferHeight,
                const SceneStyle& style);
  // Why the heatmap shader for the current surface could not be built (empty when it could).
  const std::string& surfaceError() const { return surfaceError_; }
  // The f range the heatmap coloured by in the last frame (the legend's scale).
  const ValueRange& heatmapRange() const { return heatmapRange_; }
  // What the last frame drew that answers a click (legend rows, the 3D view's buttons), topmost last.
  const std::vector<Hotspot>& hotspots() const { return hotspots_; }
  // Pixels of the 3D view's mesh (with their depth) the last frame copied back from its picture: the whole
  // view, or while the camera holds still only where paths, balls and glyphs were drawn over it in the frame
  // before; 0 when the mesh was drawn.
  long long meshRestoredPixels() const { return meshRestoredPixels_; }
  // Pixels of the 3D view the last frame copied from its target into the frame: the whole view, or where
  // the window keeps its last frame only what changed; 0 when the view was drawn in place or not at all.
  long long view3dCopiedPixels() const { return view3dCopiedPixels_; }
  // Pixels of the 2D view's heatmap the last frame drew or copied into the frame: the whole view, or with
  // new paths over an unchanged heatmap in a window that keeps its last frame, only where the last frame drew
  // over the heatmap; 0 when the view's whole picture was copied.
  long long heatmapPixels() const { return heatmapPixels_; }
  // The boxes of the last frame's 3D axis labels and titles (pixels), and of the explainer's plates in its
  // views: the plates keep off the labels where they can.
  const std::vector<PixelRect>& axisLabels3D() const { return axisLabels3D_; }
  const std::vector<PixelRect>& explainerPlates() const { return explainerPlates_; }
  // The surface as the 3D view draws it (for picking a point under the cursor).
  HeightField heightField(const Model& model) const;
  // The width of the 2D view's y axis band (its tick labels) at the scene's text size: the run legend is
  // laid out right of it.
  double yAxisBand(const View2D& view, const PixelRect& viewport) const;

 private:
  void syncSurface(const Model& model);
  void draw2D(const Model& model, const PixelRect& viewport, int framebufferWidth, int framebufferHeight,
              const SceneStyle& style);
  // Returns true when the view was drawn into view3dTarget_, still to be copied to `viewport`.
  bool draw3D(const Model& model, const PixelRect& viewport, int framebufferWidth, int framebufferHeight,
              const SceneStyle& style);
  // The views drawn into `target`, a rectangle of the bound framebuffer (targetWidth x targetHeight):
  // the view itself when drawing straight into the frame, or {0, 0, size} of the view's own target.
  // `viewport` stays the view's place in the frame, where glyphs are laid out.
  void render2D(const Model& model, const PixelRect& viewport, const PixelRect& target, int targetWidth,
                int targetHeight, const ValueRange& range, const PathStyle& pathStyle, const MapLayer& map);
  // render2D without the overlay (glyphs, axes, notes) drawn over it: the heatmap, the map, the paths.
  // `heatmapUnder` (drawing straight into a window that keeps its last frame): the window shows this
  // heatmap but in these rectangles (GL coordinates), where alone it is copied in again if unchanged.
  void renderUnderGlyphs2D(const Model& model, const PixelRect& viewport, const PixelRect& target,
                           int targetWidth, int targetHeight, const ValueRange& range,
                           const PathStyle& pathStyle, const MapLayer& map,
                           const std::vector<gl::GlRect>* heatmapUnder = nullptr);
  // Where the window, keeping its last frame, shows the 2D view's heatmap but for what the last frame drew
  // over it there (see window2D_); nullptr where it may not show the heatmap at all.
  const std::vector<gl::GlRect>* heatmapUnderLastFrame(const PixelRect& viewport, int framebufferHeight,
                                                       const MapLayer& map);
  void render3D(const Model& model, const PixelRect& viewport, const PixelRect& target, int targetWidth,
                int targetHeight, const SceneStyle& style);
  void drawGlyphs(const Model& model, const ScreenProjection& projection, const SceneStyle& style);
  void drawAxes(const View2D& view, const PixelRect& viewport, bool light);
  void drawAxes3D(const Model& model, const ScreenProjection& projection, glm::vec3 eye,
                  const std::vector<PixelRect>& keepClear);
  void drawViewButtons(const PixelRect& viewport);
  // The run legend of `rows` on `viewport`, the view that carries the notes: above the 2D view's x axis
  // band and right of its y axis band, or above the 3D view's buttons; below the glyph legend; off the
  // balls and the start on the 2D view (legendAvoidPoints), then off its paths where fewer of their
  // segments cross the other corner (legendPaths), at the corner style.runLegendCorner fixes.
  RunLegendLayout runLegendLayout(const Model& model, const std::vector<RunLegendRow>& rows,
                                  const PixelRect& viewport, const SceneStyle& style) const;
  void drawRunLegend(const Model& model, const std::vector<RunLegendRow>& rows,
                     const RunLegendLayout& layout);
  // The pixels at the top of `viewport` the glyph legend and an export's step counter take (0 without
  // them): the run legend keeps below.
  double glyphLegendDepth(const Model& model, const PixelRect& viewport, const SceneStyle& style) const;
  void drawRunMarkers(const Model& model, const ScreenProjection& projection, const SceneStyle& style);
  void drawLegend(const Model& model, const PixelRect& viewport, const SceneStyle& style);
  // The glyph legend's rows and place (top right of `viewport`); no entries when it does not fit.
  struct LegendEntry {
    int glyph;
    std::string text;
  };
  struct LegendLayout {
    std::vector<LegendEntry> entries;
    struct {
      double x = 0, y = 0, width = 0, height = 0;
    } box;
    double rowHeight = 0, glyphWidth = 0;
  };
  LegendLayout layoutLegend(const Model& model, const PixelRect& viewport) const;
  // What the notes drawn over a view will cover (glyph legend, run legend, step counter, the 3D view's
  // buttons) and the windows over it (style.keepClear: presentation's caption and step counter), so its
  // axes and the explainer's plate keep out of them.
  std::vector<PixelRect> notesOver(const Model& model, const PixelRect& viewport, const SceneStyle& style,
                                   bool view2D) const;
  // What the explainer's plate keeps off: the notes over the view, every shown run's ball (but what sits on
  // the explained run's, which it goes beside) or end marks (edge arrow, cross, "diverged at step k" plate),
  // the start marker and the known minima and saddles.
  std::vector<PixelRect> explainerKeepsOff(const Model& model, const ScreenProjection& projection,
                                           const SceneStyle& style) const;
  void drawImportedPaths(const Model& model, const PixelRect& viewport, const SceneStyle& style);
  // Top left: the step counter (exports) and, while paths are recomputed over frames, how far they are.
  void drawCornerNotes(const Model& model, const PixelRect& viewport, const SceneStyle& style);
  void drawNotes(const Model& model, const PixelRect& viewport, const SceneStyle& style);  // both above
  bool copy3D_ = false;    // drawFirst() drew the 3D view into its target, for drawRest() to copy in
  bool notesOn2D_ = true;  // this frame's legend and export notes go on the 2D view (see draw())
  const ValueRange& visibleRange(const Model& model, const PixelRect& viewport);
  // `kept`: the bound target is view3dTarget_, which keeps what it holds from frame to frame (damage3D_):
  // while the mesh holds still it is copied back only where the last frame drew over it.
  void drawMesh(const Model& model, const glm::mat4& viewProjection, glm::vec3 eye, float heightRange,
                int width, int height, bool cacheable, bool kept);
  void addHeatmapInputs(InputKey& inputs, const Model& model, const ValueRange& range) const;
  void drawHeatmap(const Model& model, const PixelRect& target, int targetWidth, int targetHeight,
                   const ValueRange& range, const std::vector<gl::GlRect>* under);

  // What view3dTarget_ holds over its mesh after the last frame drawn into it: the tiles its paths, balls
  // and glyphs may have touched, and the inputs of that mesh ("": unknown). While the camera holds still
  // the mesh is then copied back with its depth only there (everywhere else the target holds the mesh and
  // its depth already), not over the whole view: llvmpipe copies a blit's rows on the calling thread, the
  // one that lays out the frame.
  struct TargetDamage {
    DamageGrid grid;
    std::string mesh;
    std::uint64_t generation = 0;  // view3dTarget_'s buffers then
  };
  TargetDamage damage3D_;
  // This frame's footprint for the next one; after render3D swaps it into damage3D_, the last frame's.
  DamageGrid footprint3D_;
  long long view3dCopiedPixels_ = 0;
  // What the window shows of the 2D view, while it keeps its last frame: where this frame and the last drew
  // the view, and the tiles they drew over its heatmap (paths, glyphs, axes, notes). New paths over an
  // unchanged heatmap then get the heatmap back only where the last frame drew over it (and where ImGui did),
  // not over the whole view: a full-view copy was about 0.85 ms of llvmpipe's time in an explore frame.
  struct Window2D {
    PixelRect drawn, drawnBefore;
    DamageGrid over, overBefore;
    std::vector<gl::GlRect> heatmapUnder;  // scratch: heatmapUnderLastFrame's answer
  };
  Window2D window2D_;
  long long heatmapPixels_ = 0;
  std::vector<PixelRect> axisLabels3D_, explainerPlates_;
  bool meshCopiedBack_ = false;  // this frame's mesh was copied back only under the last frame's footprint
  // Copies view3dTarget_ into `view` of the bound framebuffer: all of it, or where the window keeps its last
  // frame only what changed (see window3D_).
  void copy3D(const PixelRect& view, int framebufferWidth, int framebufferHeight);
  // What the window shows of the 3D view, while it keeps its last frame (draw's windowHoldsLastFrame).
  struct Window3D {
    bool kept = false;                // this frame is drawn over the last one
    std::vector<gl::GlRect> covered;  // where something else was drawn over it since (GL coordinates)
    PixelRect copied, copiedBefore;   // where this frame and the last copied the view in (empty: none)
    DamageGrid notesBefore;           // the tiles the notes over the view covered in the last frame
    DamageGrid changed;               // scratch: what copy3D copies
  };
  Window3D window3D_;
  bool inTarget3D_ = false;  // the 3D view is being drawn into view3dTarget_ (not in place)
  long long meshRestoredPixels_ = 0;
  gl::Texture colormaps_;
  const std::vector<gl::GlRect>* windowKept_ = nullptr;  // draw()'s windowHoldsLastFrame, while it draws
  gl::TextureCopier copier_;
  HeatmapRenderer heatmap_;
  ImageLayer mapLayer_;
  MeshRenderer mesh_;
  PathRenderer paths_;
  OverlayRenderer overlay_;
  BallRenderer balls_;
  std::vector<Ball> ballList_;
  std::vector<Hotspot> hotspots_;
  bool interactive_ = false;  // this frame records hotspots
  std::uint64_t surfaceVersion_ = ~std::uint64_t{0};
  std::uint64_t surfaceGeneration_ = 0;  // counts surfaces uploaded (a new Model may reuse a version)
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
  gl::ColorTarget view3dTarget_{true};
  PictureCache heatmapPicture_;  // f per pixel, reused while only paths and glyphs change
  PictureCache view2dPicture_;   // the whole 2D view
  std::uint64_t view2dPathsVersion_ = ~std::uint64_t{0};  // paths_.version() when the 2D view was last drawn
  PictureCache meshPicture_{true};                      // the 3D view's background and mesh, with their depth
  InputKey heatmapInputs_, view2dInputs_, meshInputs_;  // rebuilt every frame, storage kept
};

}  // namespace gs
