// Presentation mode: panels hidden, fonts enlarged (applyStyle scales them), and the scene's title and
// explanation and the explainer in windows the lecturer can fold and move, placed where they hide no path.
#include "ui/presentation.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "panel_common.hpp"
#include "render/run_markers.hpp"
#include "render/surface_sampling.hpp"
#include "ui/explainer_panel.hpp"
#include "ui/style.hpp"
#include "view/camera3d.hpp"
#include "view/run_legend.hpp"
#include "view/ticks.hpp"
#include "view/view2d.hpp"

namespace gs {
namespace {
// The explainer's font scales, largest first: smaller where that finds it a free place.
constexpr float kExplainerScales[3] = {1.0f, 0.8f, 0.65f};
int scaleIndex(float scale) { return scale > 0.9f ? 0 : scale > 0.7f ? 1 : 2; }
}  // namespace

// Where the windows were put, for what, and whether the lecturer has moved them since.
struct PresentationState {
  std::uint64_t key = 0;  // what the views showed when the windows were placed
  bool placed = false;
  PresentationPlacement placement;
  // The explainer's height as last drawn at a font scale (0: not drawn at it since its content changed),
  // its scale, and the frames drawn since it was placed (ImGui sizes a window to its content a frame late).
  float explainerHeight[3] = {0.0f, 0.0f, 0.0f};
  int framesSincePlaced = 0;
  float explainerReservedHeight = 0.0f;  // the height the explainer was placed for
  bool reservedFromEstimate = true;      // ... guessed before its first frame, not measured
  ImVec2 captionAt, explainerAt;         // where they were put (a move by the user differs)
  bool captionMoved = false, explainerMoved = false;
  bool applyPlacement = false;   // position (and fold) the windows this frame
  bool explainerFolded = false;  // folded by the lecturer: off its column, floating as a title bar
};

void togglePresentation(UiState& ui) {
  ui.presentation = !ui.presentation;
  ui.fontsDirty = true;  // applyStyle rebuilds the atlas at the presentation size before the next frame
}

std::optional<Rect> explainerDock(const Rect& area, float fontSize) {
  const float width = std::round(std::clamp(0.28f * area.width, 13.0f * fontSize, 20.0f * fontSize));
  if (width > 0.36f * area.width) return std::nullopt;
  return Rect{area.x + area.width - width, area.y, width, area.height};
}

namespace {
// Whether the explainer sits in its column: there is one and the lecturer has not folded the explainer.
std::optional<Rect> dockInUse(const UiState& ui, const Rect& area) {
  if (ui.presentationState && ui.presentationState->explainerFolded) return std::nullopt;
  return explainerDock(area, ImGui::GetFontSize());
}
}  // namespace

Rect presentationViews(const UiState& ui, const Rect& area) {
  const std::optional<Rect> dock = dockInUse(ui, area);
  return dock ? Rect{area.x, area.y, dock->x - area.x, area.height} : area;
}

float presentationTextPixels(float uiScale) { return 14.0f * std::max(uiScale, 0.5f) * 1.4f; }

float drawScale(const UiState& ui, float windowHeight) {
  if (!ui.presentation) return ui.uiScale;
  const float bySize = std::floor(4.0f * windowHeight / 1080.0f) / 4.0f;
  return std::max(ui.uiScale, std::min(bySize, 4.0f));
}

namespace {

bool overlaps(const Rect& a, const Rect& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
Rect grown(const Rect& r, float by) {
  return {r.x - by, r.y - by, r.width + 2.0f * by, r.height + 2.0f * by};
}
bool inside(const Rect& r, ImVec2 p) {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}
float distanceSquared(const Rect& r, ImVec2 p) {
  const float dx = std::max({r.x - p.x, 0.0f, p.x - (r.x + r.width)});
  const float dy = std::max({r.y - p.y, 0.0f, p.y - (r.y + r.height)});
  return dx * dx + dy * dy;
}
Rect toRect(const PixelRect& r) {
  return {static_cast<float>(r.x), static_cast<float>(r.y), static_cast<float>(r.width),
          static_cast<float>(r.height)};
}

// Boxes of width x height at the corners of each region, then at the middles of its edges.
std::vector<Rect> spots(const PresentationScene& scene, float width, float height, float margin) {
  std::vector<Rect> boxes;
  for (const Rect& region : scene.regions) {
    if (width > region.width - 2.0f * margin || height > region.height - 2.0f * margin) continue;
    const float left = region.x + margin, right = region.x + region.width - margin - width;
    const float top = region.y + margin, bottom = region.y + region.height - margin - height;
    const float centreX = 0.5f * (left + right), middleY = 0.5f * (top + bottom);
    for (const ImVec2 at :
         {ImVec2(left, top), ImVec2(right, top), ImVec2(left, bottom), ImVec2(right, bottom),
          ImVec2(centreX, top), ImVec2(centreX, bottom), ImVec2(left, middleY), ImVec2(right, middleY)})
      boxes.push_back({at.x, at.y, width, height});
  }
  return boxes;
}

struct Spot {
  Rect box;
  int covered = 0;  // path points under it
};

// The spot covering no start, note or `taken` box with the fewest path points under it; on a tie the one
// farthest from the paths (up to a few lines of text: beyond that the order of the spots decides).
std::optional<Spot> bestSpot(const PresentationScene& scene, const std::vector<Rect>& boxes,
                             const std::vector<Rect>& taken, float margin) {
  std::optional<Spot> best;
  float bestClearance = -1.0f;
  const float enough = 12.0f * margin;
  for (const Rect& box : boxes) {
    const Rect padded = grown(box, margin);
    bool blocked = false;
    for (const Rect& other : taken) blocked = blocked || overlaps(padded, other);
    for (const Rect& note : scene.obstacles) blocked = blocked || overlaps(padded, note);
    // The start marker with its ring and the label beside it.
    for (const ImVec2 start : scene.starts) blocked = blocked || inside(grown(box, 3.0f * margin), start);
    if (blocked) continue;
    int covered = 0;
    float clearance = enough * enough;
    for (const ImVec2 p : scene.pathPoints) {
      if (inside(padded, p)) ++covered;
      clearance = std::min(clearance, distanceSquared(box, p));
    }
    if (!best || covered < best->covered || (covered == best->covered && clearance > bestClearance)) {
      best = Spot{box, covered};
      bestClearance = clearance;
    }
  }
  return best;
}

float area(const Rect& r) { return r.width * r.height; }

// The caption, beside the `taken` boxes: whole where it is free (at its width, then narrower) and the
// windows cover at most half of the views, else folded to its title bar (the scene's title) where that
// hides the least.
PresentationPlacement placeCaption(const PresentationScene& scene, const PresentationSizes& sizes,
                                   PresentationPlacement placement, const std::vector<Rect>& taken) {
  const float margin = sizes.margin;
  const float half = 0.5f * area(scene.views);
  for (const float width : {sizes.captionWidth, 0.8f * sizes.captionWidth}) {
    const float height = sizes.captionHeight(width);
    if (width * height + area(placement.explainer) > half) continue;
    const auto spot = bestSpot(scene, spots(scene, width, height, margin), taken, margin);
    if (spot && spot->covered == 0) {
      placement.caption = spot->box;
      return placement;
    }
  }
  placement.captionFolded = true;
  const auto spot =
      bestSpot(scene, spots(scene, sizes.captionFolded.x, sizes.captionFolded.y, margin), taken, margin);
  if (spot) {
    placement.caption = spot->box;
    placement.coveredPoints += spot->covered;
  } else {
    placement.caption = {scene.views.x + margin, scene.views.y + margin, sizes.captionFolded.x,
                         sizes.captionFolded.y};
  }
  return placement;
}

}  // namespace

PresentationPlacement placePresentationWindows(const PresentationScene& scene,
                                               const PresentationSizes& sizes) {
  PresentationPlacement placement;
  if (sizes.explainerDocked) return placeCaption(scene, sizes, placement, {});  // the views are the caption's
  const float margin = sizes.margin;
  const float half = 0.5f * area(scene.views);
  // The explainer first, at full size where a free place holds it, else smaller: its formula must read
  // (unless the lecturer folded it).
  std::optional<Spot> explainer;
  for (const float scale : kExplainerScales) {
    if (sizes.explainerKeptFolded) break;
    const ImVec2 size = sizes.explainerSize(scale);
    if (size.x * size.y > 0.8f * half) continue;
    const auto spot = bestSpot(scene, spots(scene, size.x, size.y, margin), {}, margin);
    if (spot && (!explainer || spot->covered < explainer->covered)) {
      explainer = spot;
      placement.explainerScale = scale;
    }
    if (explainer && explainer->covered == 0) break;
  }
  if (explainer && explainer->covered == 0) {
    placement.explainer = explainer->box;
  } else {  // folded, or nowhere free even smaller: its title bar, where that hides the least
    placement.explainerFolded = true;
    placement.explainerScale = 1.0f;
    const auto folded =
        bestSpot(scene, spots(scene, sizes.explainerFolded.x, sizes.explainerFolded.y, margin), {}, margin);
    placement.explainer =
        folded ? folded->box
               : Rect{scene.views.x + scene.views.width - margin - sizes.explainerFolded.x,
                      scene.views.y + margin, sizes.explainerFolded.x, sizes.explainerFolded.y};
    placement.coveredPoints += folded ? folded->covered : 0;
  }
  return placeCaption(scene, sizes, placement, {grown(placement.explainer, margin)});
}

namespace {

// The width of the scene's `text` at `textPixels`, measured with the UI's font (the scene renderer's is
// another rasterisation of a similar face): as measured, and a little generously (what windows keep off).
double measuredTextWidth(std::string_view text, float textPixels) {
  return ImGui::GetFont()->CalcTextSizeA(textPixels, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
}
double sceneTextWidth(std::string_view text, float textPixels) {
  return 1.1 * measuredTextWidth(text, textPixels);
}

// The step counter and the hint, bottom right of the views (see drawPresentationOverlay): as wide as the
// counter will be at the last step the lecture reaches (playback's last, or the runs' own if they went past).
// They keep off the run legend (a narrow 3D view beside the 2D view): with the short hint "P: exit" where
// that leaves the legend room, else raised above the legend.
struct StatusPlate {
  Rect box;
  float right, hintTop, stepTop;
  const char* hint;
};
StatusPlate statusPlate(const Model& model, const Rect& views, const ViewLayout& layout, float textPixels,
                        const std::optional<Rect>& legend) {
  const float fontSize = ImGui::GetFontSize(), pad = fontSize * 0.6f;
  const PixelRect area{static_cast<int>(views.x), static_cast<int>(views.y), static_cast<int>(views.width),
                       static_cast<int>(views.height)};
  // Above the 3D view's buttons or the 2D view's x axis.
  const bool buttonsBelow = layout.view3d && layout.view3d->x + layout.view3d->width >= area.x + area.width &&
                            layout.view3d->y + layout.view3d->height >= area.y + area.height;
  const float below = buttonsBelow ? std::round(textPixels * 1.7f) + 8.0f : textPixels + 10.0f;
  const std::int64_t lastStep = std::max(model.runner.currentStep(), model.playback.maxSteps);
  const std::string widest = "step " + std::string(std::to_string(lastStep).size(), '0');
  const ImVec2 stepExtent = ImGui::GetFont()->CalcTextSizeA(fontSize * 2.0f, FLT_MAX, 0.0f, widest.c_str());
  // The plate with `hint`, its hint's bottom at `bottom`; its box reaches down to the views' edge.
  const auto place = [&](const char* hint, float bottom) {
    StatusPlate plate;
    plate.hint = hint;
    const ImVec2 hintSize = ImGui::CalcTextSize(hint);
    plate.right = views.x + views.width - pad;
    plate.hintTop = bottom - hintSize.y;
    plate.stepTop = plate.hintTop - stepExtent.y - pad * 0.25f;
    const float left = plate.right - std::max(stepExtent.x, hintSize.x) - pad;
    plate.box = {left, plate.stepTop - pad * 0.5f, views.x + views.width - left, 0.0f};
    plate.box.height = views.y + views.height - plate.box.y;
    return plate;
  };
  const float bottom = views.y + views.height - below - pad * 0.5f;
  StatusPlate plate = place("P: leave presentation", bottom);
  if (!legend || !overlaps(plate.box, *legend)) return plate;
  plate = place("P: exit", bottom);
  if (!overlaps(plate.box, *legend)) return plate;
  plate = place("P: leave presentation", legend->y - pad);
  plate.box.height = plate.hintTop + ImGui::GetTextLineHeight() + pad * 0.5f - plate.box.y;
  return plate;
}

// The run legend's box as the scene renderer lays it out (bottom-left of the view that carries the notes,
// or bottom-right off the balls, or off the paths where the step counter raised above it hides none; see
// SceneRenderer::runLegendLayout), measured with the UI's font at the scene's text size, a little generously.
// Its corner is chosen from the text's width as measured, and the scene is then told to use it
// (UiState::runLegendCorner): a ball on the edge of the box, measured a pixel apart by the two fonts, cannot
// send the legend under the step counter.
struct LegendBox {
  Rect box;
  LegendCorner corner;
};
std::optional<LegendBox> runLegendBox(const Model& model, const Rect& views, const ViewLayout& layout,
                                      float textPixels) {
  if (!model.display.runLegend || model.runner.size() == 0 || (!layout.view2d && !layout.view3d))
    return std::nullopt;
  const bool on2D = layout.view2d && !(layout.view3d && layout.view2d->width < layout.view2d->height);
  PixelRect viewport = on2D ? *layout.view2d : *layout.view3d;
  const std::vector<Vec2> avoid = on2D ? legendAvoidPoints(model, viewport) : std::vector<Vec2>{};
  const std::vector<std::vector<Vec2>> paths =
      on2D ? legendPaths(model, viewport) : std::vector<std::vector<Vec2>>{};
  const auto textWidth = [textPixels](std::string_view text) { return sceneTextWidth(text, textPixels); };
  if (on2D) {  // right of the y axis band (see SceneRenderer::drawNotes)
    const int band = static_cast<int>(
        std::ceil(yAxisBandWidth(yAxisTicks(model.view2d, viewport, textPixels), textWidth)));
    viewport.x += std::min(band, viewport.width);
    viewport.width -= std::min(band, viewport.width);
  }
  const double bottomMargin = on2D ? textPixels + 10.0 : std::round(textPixels * 1.7) + 8.0;
  const std::vector<RunLegendRow> rows = runLegendRows(model);
  const auto measuredWidth = [textPixels](std::string_view text) {
    return measuredTextWidth(text, textPixels);
  };
  const RunLegendLayout measured = layoutRunLegend(rows, viewport, bottomMargin, textPixels, measuredWidth,
                                                   0.0, avoid, LegendCorner::Choose, paths);
  if (measured.rows.empty() && !measured.more) return std::nullopt;
  LegendCorner corner = measured.atRight ? LegendCorner::BottomRight : LegendCorner::BottomLeft;
  // Where only the paths sent it to the right, the step counter goes up above it there: it stays at the
  // left unless the counter then hides no path either.
  if (corner == LegendCorner::BottomRight &&
      !layoutRunLegend(rows, viewport, bottomMargin, textPixels, measuredWidth, 0.0, avoid).atRight) {
    const RunLegendLayout right =
        layoutRunLegend(rows, viewport, bottomMargin, textPixels, textWidth, 0.0, {}, corner);
    const Rect counter = statusPlate(model, views, layout, textPixels, toRect(right.box)).box;
    const PixelRect covered{int(std::floor(counter.x)), int(std::floor(counter.y)),
                            int(std::ceil(counter.width)) + 1, int(std::ceil(counter.height)) + 1};
    if (segmentsIn(covered, paths) > 0) corner = LegendCorner::BottomLeft;
  }
  const RunLegendLayout legend =
      layoutRunLegend(rows, viewport, bottomMargin, textPixels, textWidth, 0.0, {}, corner);
  return LegendBox{toRect(legend.box), corner};
}

// The runs as they will be at playback's last step (a copy stepped on, at most about 40 000 run-steps),
// or as they are when they are already there.
Runner lookAhead(const Model& model) {
  Runner runner = model.runner;
  const std::int64_t runs = std::max<std::int64_t>(1, static_cast<std::int64_t>(runner.size()));
  const std::int64_t more =
      std::min(model.playback.maxSteps - runner.currentStep(), std::int64_t{40000} / runs);
  if (more > 0) runner.step(more);
  return runner;
}

// One point per occupied cell of `cell` pixels: what counts is how much of the paths a window would hide,
// not how many steps a stalled run piled up in one place.
void addThinned(std::vector<ImVec2>& out, std::set<std::pair<int, int>>& seen, Vec2 p, float cell) {
  if (!isFinite(p) || std::fabs(p.x) > 1e6 || std::fabs(p.y) > 1e6) return;
  const ImVec2 at(static_cast<float>(p.x), static_cast<float>(p.y));
  if (seen.insert({static_cast<int>(std::floor(at.x / cell)), static_cast<int>(std::floor(at.y / cell))})
          .second)
    out.push_back(at);
}

// Points along segment a-b every `cell` pixels, so a long step of a fast run counts where it is drawn.
void addSegment(std::vector<ImVec2>& out, std::set<std::pair<int, int>>& seen, Vec2 a, Vec2 b, float cell) {
  if (!isFinite(a) || !isFinite(b)) return;
  const double length = norm(b - a);
  const int pieces = std::clamp(static_cast<int>(length / cell), 1, 400);
  for (int k = 0; k <= pieces; ++k) addThinned(out, seen, a + (b - a) * (double(k) / pieces), cell);
}

}  // namespace

PresentationScene presentationScene(const Model& model, const UiState& ui, const Rect& views,
                                    float textPixels) {
  PresentationScene scene;
  scene.views = views;
  const PixelRect viewPixels{static_cast<int>(views.x), static_cast<int>(views.y),
                             static_cast<int>(views.width), static_cast<int>(views.height)};
  const ViewLayout layout = layoutViews(model.display.mode, viewPixels);
  const Runner runner = lookAhead(model);
  const Surface& surface = runner.surface();
  const float cell = 8.0f;
  std::set<std::pair<int, int>> seen;
  std::vector<ScreenProjection> screens;  // per view, as the scene renderer projects its glyphs
  std::vector<double> glyphReach;  // per view: how far the explainer's arrows reach from the run's point
  if (layout.view2d) {
    const PixelRect& v = *layout.view2d;
    // The tick labels along the left and bottom edges stay readable.
    const float left = 3.2f * textPixels, bottom = textPixels + 10.0f;
    const Rect r = toRect(v);
    scene.regions.push_back({r.x + left, r.y, r.width - left, r.height - bottom});
    glyphReach.push_back(std::min(v.width, v.height) / 4.0 + 40.0);
    ScreenProjection screen;
    screen.viewport = v;
    screen.view = model.view2d;
    screens.push_back(screen);
  }
  std::optional<ValueNormalizer> normalizer;
  if (layout.view3d) {
    const PixelRect& v = *layout.view3d;
    scene.regions.push_back(toRect(v));
    const Domain& domain = surface.domain;
    normalizer = ValueNormalizer{
        sampleValueRange(*surface.evaluator, {domain.xMin, domain.yMin}, {domain.xMax, domain.yMax}, 64),
        model.display.logScale};
    const glm::mat4 viewProjection =
        cameraViewProjection(model.view3d, static_cast<float>(v.width) / static_cast<float>(v.height));
    const SurfaceFrame frame = frameOf(domain);
    const float heightScale = model.view3d.heightScale;
    glyphReach.push_back(std::min(v.width, v.height) / 4.0 + 40.0);
    ScreenProjection screen;
    screen.is3D = true;
    screen.viewport = v;
    screen.viewProjection = viewProjection;
    screen.frame = frame;
    screen.heightScale = heightScale;
    screen.normalizer = &*normalizer;
    screen.evaluator = surface.evaluator.get();
    screens.push_back(screen);
    // The corners of the surface's base, where the x and y axes and their labels are drawn.
    for (const double x : {domain.xMin, domain.xMax})
      for (const double y : {domain.yMin, domain.yMax})
        if (const auto at = projectToScreen(viewProjection, v, toWorld(frame, {x, y}, 0.0f, heightScale)))
          addThinned(scene.pathPoints, seen, *at, cell);
  }
  for (std::size_t view = 0; view < screens.size(); ++view) {
    const auto project = [&screen = screens[view]](Vec2 p) { return screen.at(p); };
    if (const auto start = project(runner.start()); start && isFinite(*start))
      scene.starts.emplace_back(static_cast<float>(start->x), static_cast<float>(start->y));
    for (std::size_t r = 0; r < runner.size(); ++r) {
      if (!runner.run(r).look().enabled) continue;
      const std::vector<Vec2>& path = runner.run(r).path();
      // Long paths are followed every few steps: the cells they pass through are what matters.
      const std::size_t stride = std::max<std::size_t>(1, path.size() / 1500);
      std::optional<Vec2> last;
      for (std::size_t k = 0; k < path.size(); k += stride) {
        const auto at = project(path[k]);
        if (!at || !isFinite(*at)) continue;
        if (last) addSegment(scene.pathPoints, seen, *last, *at, cell);
        last = at;
      }
      if (!path.empty())
        if (const auto end = project(path.back()); end && last)
          addSegment(scene.pathPoints, seen, *last, *end, cell);
    }
    // The known minima, where the paths are going.
    for (const CriticalPoint& minimum : surface.minima)
      if (const auto at = project(minimum.point)) addThinned(scene.pathPoints, seen, *at, cell);
    // The explainer's glyph grows from the selected run's point, its longest arrow a quarter of the view
    // (see render/explainer_glyphs), its label at a tip: leave it that room all round, in one view (side
    // by side, the 2D view's; the 3D view shows the same picture).
    if (view == 0 && ui.explainGlyph && ui.panelOpen[kTeachPanel] &&
        static_cast<std::size_t>(ui.selectedRun) < model.runner.size())
      if (const auto at = project(model.runner.run(static_cast<std::size_t>(ui.selectedRun)).path().back())) {
        const double reach = glyphReach[view];
        const int rings = static_cast<int>(reach / 30.0);
        for (int i = -rings; i <= rings; ++i)
          for (int j = -rings; j <= rings; ++j)
            if (30.0 * std::hypot(i, j) <= reach)
              addThinned(scene.pathPoints, seen, *at + Vec2{30.0 * i, 30.0 * j}, cell);
      }
  }
  if (const auto legend = runLegendBox(model, views, layout, textPixels)) scene.runLegend = legend->box;
  scene.statusPlate = statusPlate(model, views, layout, textPixels, scene.runLegend).box;
  scene.obstacles.push_back(scene.statusPlate);
  if (scene.runLegend) scene.obstacles.push_back(*scene.runLegend);
  // The "diverged at step k" plates (see SceneRenderer::drawRunMarkers), with balls of the window's size.
  const double ballRadius = ballRadiusPixels(ui.scale());
  for (const ScreenProjection& screen : screens)
    for (const Run& run : runner.runs())
      if (const auto mark = runEndMark(run, surface.domain, screen, ballRadius); mark && mark->labelAt) {
        const PlateBox plate =
            plateBox(*mark->labelAt, sceneTextWidth(mark->label, textPixels), textPixels, screen.viewport);
        scene.obstacles.push_back({static_cast<float>(plate.left), static_cast<float>(plate.top),
                                   static_cast<float>(plate.width), static_cast<float>(plate.height)});
      }
  if (layout.view3d) {  // the 3D view's buttons (see SceneRenderer::drawViewButtons)
    const Rect v = toRect(*layout.view3d);
    const float buttons = std::round(textPixels * 1.7f) + 8.0f;
    scene.obstacles.push_back(
        {v.x + v.width - 16.0f * textPixels, v.y + v.height - buttons, 16.0f * textPixels, buttons});
  }
  return scene;
}

namespace {

ImU32 plateColor() { return lightTheme() ? IM_COL32(248, 248, 246, 215) : IM_COL32(10, 12, 16, 180); }
ImU32 plateInk(int alpha) {
  return lightTheme() ? IM_COL32(15, 15, 20, alpha) : IM_COL32(255, 255, 255, alpha);
}

// What the placement depends on: the views, what they show, and the caption's text.
std::uint64_t placementKey(const Model& model, const UiState& ui, const Rect& views, const std::string& title,
                           const std::string& explanation) {
  std::uint64_t key = 1469598103934665603ull;
  const auto mix = [&key](const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) key = (key ^ bytes[i]) * 1099511628211ull;
  };
  const auto add = [&mix](const auto& value) { mix(&value, sizeof value); };
  add(views.x), add(views.y), add(views.width), add(views.height), add(model.display.mode);
  add(model.display.runLegend), add(model.view2d.centerX), add(model.view2d.centerY);
  add(model.view2d.unitsPerPixel), add(model.view3d.yaw), add(model.view3d.pitch), add(model.view3d.distance);
  add(model.view3d.targetX), add(model.view3d.targetY), add(model.view3d.heightScale);
  add(model.surfaceVersion), add(model.runner.start()), add(model.playback.maxSteps), add(ui.selectedRun);
  add(ui.explainGlyph), add(ImGui::GetFontSize());
  mix(title.data(), title.size());
  mix(explanation.data(), explanation.size());
  // The runs' first steps say whether their settings changed (a what-if edit recomputes the whole path).
  for (const Run& run : model.runner.runs()) {
    add(run.id()), add(run.look().enabled);
    const std::vector<Vec2>& path = run.path();
    if (!path.empty()) add(path[std::min<std::size_t>(path.size() - 1, 3)]);
  }
  return key;
}

}  // namespace

void drawPresentationOverlay(Model& model, UiState& ui, const Rect& area) {
  if (area.width < 50.0f || area.height < 50.0f) return;
  if (!ui.presentationState) ui.presentationState = std::make_shared<PresentationState>();
  PresentationState& state = *ui.presentationState;
  const std::optional<Rect> dock = explainerDock(area, ImGui::GetFontSize());
  const std::optional<Rect> docked = dockInUse(ui, area);
  const Rect views = presentationViews(ui, area);
  const float fontSize = ImGui::GetFontSize();
  const float pad = fontSize * 0.6f;
  const PixelRect viewPixels{static_cast<int>(views.x), static_cast<int>(views.y),
                             static_cast<int>(views.width), static_cast<int>(views.height)};
  const ViewLayout layout = layoutViews(model.display.mode, viewPixels);
  const float textPixels = presentationTextPixels(ui.scale());
  const ImGuiStyle& style = ImGui::GetStyle();

  // No scene loaded (the default runs, or the user's own): the surface's title and its lesson.
  const Surface& surface = model.runner.surface();
  const bool fromScene = !ui.sceneTitle.empty();
  const std::string title = fromScene        ? ui.sceneTitle
                            : surface.custom ? std::string("gradscape")
                                             : surface.title;
  const std::string& explanation = fromScene ? ui.sceneExplanation : surface.lesson;
  const char* foldHint = "Drag the title bar to move; its arrow folds this.";

  // Re-placed when what the views show changes, or when the explainer outgrows the room it was given.
  const std::uint64_t key = placementKey(model, ui, views, title, explanation);
  const float widthLimit = views.width - 2.0f * pad;
  const float boxWidth =
      std::min(std::clamp(views.width * 0.34f, fontSize * 16.0f, fontSize * 30.0f), widthLimit);
  // Placed again when the explainer outgrows its room by a line, or (once) when its first measure differs
  // from the guess it was placed with: not each time a sub-step's sentence is a line shorter.
  const float measured = state.explainerHeight[scaleIndex(state.placement.explainerScale)];
  const float drift = measured - state.explainerReservedHeight;
  const bool resize = state.placed && !docked && !state.explainerMoved && !state.placement.explainerFolded &&
                      measured > 0.0f &&
                      (drift > fontSize || (state.reservedFromEstimate && std::fabs(drift) > fontSize));
  if (!state.placed || key != state.key || resize) {
    if (key != state.key) state.captionMoved = state.explainerMoved = false;
    const PresentationScene scene = presentationScene(model, ui, views, textPixels);
    PresentationSizes sizes;
    sizes.margin = pad;
    sizes.captionWidth = boxWidth;
    const float titleBar = fontSize + 2.0f * style.FramePadding.y;
    sizes.captionHeight = [&](float width) {
      const float wrap = width - 2.0f * style.WindowPadding.x;
      ImFont* font = ImGui::GetFont();
      float height = titleBar + 2.0f * style.WindowPadding.y;
      height += font->CalcTextSizeA(fontSize * 1.25f, FLT_MAX, wrap, title.c_str()).y;
      if (!explanation.empty())  // wrapped at spaces, as drawn
        height += style.ItemSpacing.y +
                  font->CalcTextSizeA(fontSize, FLT_MAX, 0.0f, wrappedAtSpaces(explanation, wrap).c_str()).y;
      height += style.ItemSpacing.y + font->CalcTextSizeA(fontSize, FLT_MAX, wrap, foldHint).y;
      return height;
    };
    sizes.captionFolded =
        ImVec2(std::min(ImGui::CalcTextSize(title.c_str()).x + fontSize * 2.0f + 2.0f * style.FramePadding.x,
                        widthLimit),
               titleBar);
    // Its content scales with the font, its title bar and padding do not. Before its first frame its
    // height is not known: about a dozen lines.
    sizes.explainerSize = [&](float scale) {
      const float known = state.explainerHeight[scaleIndex(scale)];
      if (known > 0.0f) return ImVec2(boxWidth * scale, known);
      for (int k = 0; k < 3; ++k)  // drawn at another scale: its lines scale alike
        if (state.explainerHeight[k] > 0.0f)
          return ImVec2(boxWidth * scale, state.explainerHeight[k] * scale / kExplainerScales[k]);
      return ImVec2(boxWidth * scale, fontSize * 16.0f * scale);
    };
    sizes.explainerFolded = ImVec2(boxWidth, titleBar);  // as wide as unfolded, to read well when unfolded
    sizes.explainerDocked = docked.has_value();
    sizes.explainerKeptFolded = dock && state.explainerFolded;
    state.placement = placePresentationWindows(scene, sizes);
    state.explainerReservedHeight = state.placement.explainer.height;
    state.reservedFromEstimate = state.explainerHeight[scaleIndex(state.placement.explainerScale)] <= 0.0f;
    state.framesSincePlaced = 0;
    state.key = key;
    state.placed = true;
    state.applyPlacement = true;
  }
  const PresentationPlacement& placement = state.placement;
  const bool apply = state.applyPlacement;
  state.applyPlacement = false;

  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing;
  // Positioned only when placed (a move by the lecturer then stays); the width fixed, the height that of
  // the content, so that nothing (the explainer's formula) is ever scrolled out of sight.
  const auto place = [&](const Rect& box, bool folded, bool moved, bool bottomAnchored) {
    if (apply && !moved) {
      ImGui::SetNextWindowPos(ImVec2(box.x, bottomAnchored ? box.y + box.height : box.y), ImGuiCond_Always,
                              ImVec2(0.0f, bottomAnchored ? 1.0f : 0.0f));
      ImGui::SetNextWindowCollapsed(folded, ImGuiCond_Always);
    }
  };
  const float viewsBottom = views.y + views.height;
  const auto anchoredBelow = [&](const Rect& box) {
    return box.y + 0.5f * box.height > views.y + 0.5f * views.height;
  };

  // The caption, titled with the scene's title, so that folded it still says what the scene is.
  place(placement.caption, placement.captionFolded, state.captionMoved, false);
  // Folded, as wide as its title (and as wide when the lecturer unfolds it).
  ImGui::SetNextWindowSizeConstraints(ImVec2(placement.caption.width, 0.0f),
                                      ImVec2(placement.caption.width, views.height - 2.0f * pad));
  ImGui::SetNextWindowBgAlpha(0.85f);
  const std::string captionName = title + "###caption";
  if (ImGui::Begin(captionName.c_str(), nullptr, flags)) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::SetWindowFontScale(1.25f);
    ImGui::TextUnformatted(title.c_str());
    ImGui::SetWindowFontScale(1.0f);
    if (!explanation.empty()) textWrappedAtSpaces(explanation);  // "0.999" stays whole
    ImGui::TextDisabled("%s", foldHint);
    ImGui::PopTextWrapPos();
  }
  if (!apply && (std::fabs(ImGui::GetWindowPos().x - state.captionAt.x) > 0.5f ||
                 std::fabs(ImGui::GetWindowPos().y - state.captionAt.y) > 0.5f))
    state.captionMoved = true;
  // Unfolded where it sat folded (at the bottom of the views), it would grow past their bottom: it moves up
  // as far as it takes (not counted as the lecturer's move).
  const ImVec2 captionAt = ImGui::GetWindowPos(), captionSize = ImGui::GetWindowSize();
  if (!ImGui::IsWindowCollapsed() && captionAt.y + captionSize.y > viewsBottom)
    ImGui::SetWindowPos(ImVec2(captionAt.x, std::max(views.y, viewsBottom - captionSize.y)));
  state.captionAt = ImGui::GetWindowPos();
  ui.overViews.push_back(
      {state.captionAt.x, state.captionAt.y, ImGui::GetWindowWidth(), ImGui::GetWindowHeight()});
  ImGui::End();

  // The explainer, as the Teach panel shows it (its own drawing, so the two never disagree), in large type:
  // filling its column, or floating (smaller where that found it a free place), grown from the corner it
  // was placed in.
  ImGuiWindowFlags explainerFlags = flags;
  if (docked) {
    ImGui::SetNextWindowPos(ImVec2(docked->x, docked->y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(docked->width, docked->height), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(1.0f);  // the column is the window's: nothing else draws there
    explainerFlags = (flags & ~ImGuiWindowFlags_AlwaysAutoResize) | ImGuiWindowFlags_NoMove;
  } else {
    const bool explainerBelow = anchoredBelow(placement.explainer) && !placement.explainerFolded;
    place(placement.explainer, placement.explainerFolded, state.explainerMoved, explainerBelow);
    const float explainerWidth = placement.explainerFolded ? boxWidth : placement.explainer.width;
    ImGui::SetNextWindowSizeConstraints(ImVec2(explainerWidth, 0.0f),
                                        ImVec2(explainerWidth, views.height - 2.0f * pad));
    ImGui::SetNextWindowBgAlpha(0.88f);
  }
  if (ImGui::Begin("Explainer###present-explainer", nullptr, explainerFlags)) {
    ImGui::SetWindowFontScale(placement.explainerScale);
    ImGui::PushTextWrapPos(0.0f);  // the presentation fonts are already half as large again
    drawExplainerSection(model, ui, ExplainerLayout::Presentation);
    ImGui::PopTextWrapPos();
    ImGui::SetWindowFontScale(1.0f);
  }
  // Folded by its arrow, it leaves its column (the views take the width); unfolded, it goes back.
  if (dock) state.explainerFolded = ImGui::IsWindowCollapsed();
  if (!docked && !ImGui::IsWindowCollapsed() && ++state.framesSincePlaced > 2) {
    float& height = state.explainerHeight[scaleIndex(placement.explainerScale)];
    if (std::fabs(ImGui::GetWindowSize().y - height) > 0.5f * fontSize)  // new content: other scales stale
      for (float& other : state.explainerHeight) other = 0.0f;
    height = ImGui::GetWindowSize().y;
  }
  if (!docked)
    ui.overViews.push_back({ImGui::GetWindowPos().x, ImGui::GetWindowPos().y, ImGui::GetWindowWidth(),
                            ImGui::GetWindowHeight()});
  if (!apply && !docked &&
      (std::fabs(ImGui::GetWindowPos().x - state.explainerAt.x) > 0.5f ||
       std::fabs(ImGui::GetWindowPos().y - state.explainerAt.y) > 0.5f))
    state.explainerMoved = true;
  state.explainerAt = ImGui::GetWindowPos();
  ImGui::End();
  (void)viewsBottom;

  // The step counter and the hint, on a plate each, so they read on any view and in either theme.
  const std::optional<LegendBox> legend = runLegendBox(model, views, layout, textPixels);
  if (legend) ui.runLegendCorner = legend->corner;  // the scene draws it where the plate made room for it
  const StatusPlate plate =
      statusPlate(model, views, layout, textPixels, legend ? std::optional<Rect>(legend->box) : std::nullopt);
  ImDrawList* list = ImGui::GetForegroundDrawList();
  ImFont* font = ImGui::GetFont();
  // Each plate keeps the 3D view's axes and the explainer's plate from under it, no more (the caption keeps
  // off all of plate.box, the room the counter can need: presentationScene).
  const auto platePiece = [&](ImVec2 low, ImVec2 high, float rounding) {
    list->AddRectFilled(low, high, plateColor(), rounding);
    ui.overViews.push_back({low.x, low.y, high.x - low.x, high.y - low.y});
  };
  const char* hint = plate.hint;
  const ImVec2 hintSize = ImGui::CalcTextSize(hint);
  const ImVec2 hintAt(plate.right - hintSize.x, plate.hintTop);
  platePiece(ImVec2(hintAt.x - pad * 0.3f, hintAt.y), ImVec2(plate.right + pad * 0.3f, hintAt.y + hintSize.y),
             fontSize * 0.2f);
  list->AddText(hintAt, plateInk(190), hint);
  const std::string step = "step " + std::to_string(model.runner.currentStep());
  const float stepSize = fontSize * 2.0f;
  const ImVec2 stepText = font->CalcTextSizeA(stepSize, FLT_MAX, 0.0f, step.c_str());
  const ImVec2 stepAt(plate.right - stepText.x, plate.stepTop);
  platePiece(ImVec2(stepAt.x - pad * 0.4f, stepAt.y), ImVec2(plate.right + pad * 0.4f, stepAt.y + stepText.y),
             fontSize * 0.3f);
  list->AddText(font, stepSize, stepAt, plateInk(240), step.c_str());
}

}  // namespace gs
