// The scene's screen-space glyphs: balls, arrows from each optimizer's Terms, second-moment rectangles,
// look-ahead points, minima, the start marker, fork markers, the hovered step, axes and the legend.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/optim/program.hpp"
#include "render/explainer_glyphs.hpp"
#include "render/run_markers.hpp"
#include "render/scene_projection.hpp"
#include "render/scene_renderer.hpp"
#include "render/seed_band_glyphs.hpp"
#include "view/edge_markers.hpp"
#include "view/run_legend.hpp"
#include "view/ticks.hpp"

namespace gs {

namespace {

constexpr Rgba kWhite{0.97f, 0.97f, 0.97f, 1.0f};
constexpr Rgba kInk{0.06f, 0.06f, 0.08f, 1.0f};
constexpr Rgba kShade{0.0f, 0.0f, 0.0f, 0.55f};

Rgba opaque(const Color& c) { return {c[0], c[1], c[2], 1.0f}; }

// Legend rows from this glyph number on are program runs' named vectors: the row's run is the number
// minus this, drawn in that run's colour.
constexpr int kValueGlyphRow = 100;

// Shortens `to` so the arrow is at most `maxLength` pixels, keeping its direction.
Vec2 limitLength(Vec2 from, Vec2 to, double maxLength) {
  const double length = norm(to - from);
  if (!(length > maxLength)) return to;
  return from + (to - from) * (maxLength / length);
}

// Where a run's stored history holds `step` (the path thins out on very long runs).
std::optional<Vec2> pathPointAt(const Run& run, std::int64_t step) {
  if (step < 0 || run.path().empty()) return std::nullopt;
  const auto index = static_cast<std::size_t>(step / std::max<std::int64_t>(run.stride(), 1));
  return run.path()[std::min(index, run.path().size() - 1)];
}

// An arrow whose edge follows its outline at `edgeWidth` pixels: shaft and head share one geometry, so
// the edge never shows as a second, larger head.
void edgedArrow(OverlayRenderer& overlay, Vec2 from, Vec2 to, float width, const Rgba& fill, const Rgba& edge,
                double edgeWidth = 1.25) {
  const Vec2 along = to - from;
  const double length = norm(along);
  if (!(length > 2.0) || !std::isfinite(length)) return;
  const Vec2 direction = along / length, side{-direction.y, direction.x};
  const double headLength = std::min(length, 3.5 * width), headHalf = 1.6 * width;
  const Vec2 headBase = to - direction * headLength;
  const double e = edgeWidth;
  // The edge: the shaft widened by e on each side, the head grown by e along its sides.
  overlay.line(from - direction * e, headBase + direction * e, float(width + 2.0 * e), edge);
  const double tipReach = e * std::sqrt(1.0 + (headLength / headHalf) * (headLength / headHalf));
  overlay.triangle(to + direction * tipReach, headBase + side * (headHalf + 1.8 * e) - direction * e,
                   headBase - side * (headHalf + 1.8 * e) - direction * e, edge);
  overlay.line(from, headBase + direction * 0.5, width, fill);
  overlay.triangle(to, headBase + side * headHalf, headBase - side * headHalf, fill);
}

void outlinedArrow(OverlayRenderer& overlay, Vec2 from, Vec2 to, float width, const Rgba& fill,
                   const Rgba& edge) {
  edgedArrow(overlay, from, to, width, fill, edge);
}

Rgba shade(const Rgba& c, float factor) { return {c[0] * factor, c[1] * factor, c[2] * factor, c[3]}; }
Rgba tint(const Rgba& c, float towardWhite) {
  return {c[0] + (1.0f - c[0]) * towardWhite, c[1] + (1.0f - c[1]) * towardWhite,
          c[2] + (1.0f - c[2]) * towardWhite, c[3]};
}

// The arrow kinds, told apart by shape first (so they read in grey and in print) and by shade second,
// all in their run's colour:
//   gradient  solid shaft, the run's colour
//   momentum  dashed shaft, the colour darkened, with a light edge
//   step      hollow: a dark outline around a light tint, wider than the others
enum class ArrowKind { Gradient, Momentum, Step };

void kindArrow(OverlayRenderer& overlay, ArrowKind kind, Vec2 from, Vec2 to, float width, const Rgba& color) {
  const Vec2 along = to - from;
  const double length = norm(along);
  if (!(length > 2.0) || !std::isfinite(length)) return;
  const Vec2 direction = along / length;
  switch (kind) {
    case ArrowKind::Gradient:
      outlinedArrow(overlay, from, to, width, color, kInk);
      return;
    case ArrowKind::Step:
      edgedArrow(overlay, from, to, width * 1.5f, tint(color, 0.65f), kInk, 1.75);
      return;
    case ArrowKind::Momentum: {
      // Dashes of the darkened colour, each with a light edge, then the head.
      const Rgba dark = shade(color, 0.55f);
      const double head = std::min(length, 3.5 * width);
      const double shaft = length - head;
      const double dash = std::max(3.0 * width, 8.0), gap = std::max(1.5 * width, 4.5);
      for (double done = 0.0; done < shaft; done += dash + gap) {
        const Vec2 a = from + direction * done, b = from + direction * std::min(done + dash, shaft);
        overlay.line(a - direction * 1.25, b + direction * 1.25, width + 2.5f, kWhite);
        overlay.line(a, b, width, dark);
      }
      edgedArrow(overlay, to - direction * head, to, width, dark, kWhite);
      return;
    }
  }
}

void crossMarker(OverlayRenderer& overlay, Vec2 c, float r, const Rgba& color) {
  overlay.line(c - Vec2{r, r}, c + Vec2{r, r}, 5.5f, kInk);
  overlay.line(c - Vec2{r, -r}, c + Vec2{r, -r}, 5.5f, kInk);
  overlay.line(c - Vec2{r, r}, c + Vec2{r, r}, 2.5f, color);
  overlay.line(c - Vec2{r, -r}, c + Vec2{r, -r}, 2.5f, color);
}

// A label on a dark plate, kept inside `viewport`.
void plateText(OverlayRenderer& overlay, Vec2 at, const std::string& text, const PixelRect& viewport,
               const LabelPalette& palette) {
  const double size = overlay.textPixels();
  const PlateBox box = plateBox(at, overlay.textWidth(text), size, viewport);
  overlay.filledRect({box.left, box.top}, {box.left + box.width, box.top + box.height}, palette.plate);
  overlay.text({box.left + 5.0, box.top + 4.0 + 0.8 * size}, text, palette.ink);
}

// A triangle on the view's edge pointing at something outside it.
void edgeArrow(OverlayRenderer& overlay, const EdgeMarker& marker, float r, const Rgba& color) {
  const Vec2 d = marker.direction, side{-d.y, d.x};
  const Vec2 tip = marker.at + d * r, back = marker.at - d * r;
  overlay.triangle(tip + d * 2.0, back + side * (r + 2.0) - d * 1.5, back - side * (r + 2.0) - d * 1.5, kInk);
  overlay.triangle(tip, back + side * r, back - side * r, color);
}

void diamond(OverlayRenderer& overlay, Vec2 c, float r, const Rgba& color) {
  overlay.quad({c.x, c.y - r}, {c.x + r, c.y}, {c.x, c.y + r}, {c.x - r, c.y}, color);
}

void star(OverlayRenderer& overlay, Vec2 c, float r, const Rgba& color) {
  for (int i = 0; i < 5; ++i) {
    const double a = -M_PI / 2 + 2 * M_PI * i / 5;
    const Vec2 tip = c + r * Vec2{std::cos(a), std::sin(a)};
    const Vec2 left = c + 0.38 * r * Vec2{std::cos(a - M_PI / 5), std::sin(a - M_PI / 5)};
    const Vec2 right = c + 0.38 * r * Vec2{std::cos(a + M_PI / 5), std::sin(a + M_PI / 5)};
    overlay.triangle(tip, left, right, color);
    overlay.triangle(c, left, right, color);
  }
}

void startMarker(OverlayRenderer& overlay, Vec2 c, float r) {
  overlay.ring(c, r, 4.5f, kInk);
  overlay.ring(c, r, 2.0f, kWhite);
  overlay.line({c.x - r - 4, c.y}, {c.x + r + 4, c.y}, 2.0f, kWhite);
  overlay.line({c.x, c.y - r - 4}, {c.x, c.y + r + 4}, 2.0f, kWhite);
}

// "mhat x 10": a named vector's name and the scale it is drawn at.
std::string valueGlyphText(const RunLook& look) {
  char scale[32];
  std::snprintf(scale, sizeof scale, " x %.3g", look.glyphScale);
  return look.glyphName + scale;
}

// The run's chosen named vector, when its optimizer is a program that has it; else nullopt.
std::optional<Vec2> chosenValue(const Run& run) {
  const ProgramRun* program = run.optimizer().programRun();
  if (!program || run.look().glyphName.empty()) return std::nullopt;
  return program->vectorValue(run.look().glyphName);
}

// Run `run`'s named vector from its ball (`here` on the screen, lying flat at `height`), labelled at its
// tip with its name and scale; nothing when a number on the way is not finite.
void drawValueGlyph(OverlayRenderer& overlay, const Run& run, Vec2 point, double height, Vec2 here,
                    double maxSurface, double maxArrow, const ScreenProjection& projection,
                    const SceneStyle& style, const Rgba& color, const LabelPalette& palette) {
  const std::optional<Vec2> value = chosenValue(run);
  if (!value) return;
  const auto arrow = valueArrow(point, *value, run.look().glyphScale, maxSurface);
  if (!arrow) return;
  const auto tip = projection.at(arrow->to, height);
  if (!tip || !isFinite(*tip)) return;
  const Vec2 end = limitLength(here, *tip, maxArrow);
  tickedArrow(overlay, here, end, style.lineWidth, color);
  const Vec2 along = end - here;
  const double length = norm(along);
  if (!(length > 2.0)) return;
  std::string label = valueGlyphText(run.look());
  if (arrow->cut || norm(*tip - here) > maxArrow) label += " (cut)";
  const Vec2 away = along / length * (0.6 * overlay.textPixels() + 4.0);
  const double width = overlay.textWidth(label);
  // Beyond the tip, on the side the arrow points to, so the label never covers its own shaft.
  const Vec2 at = end + away + Vec2{along.x < 0.0 ? -width - 10.0 : 0.0, 0.0};
  plateText(overlay, at, label, projection.viewport, palette);
}

}  // namespace

void SceneRenderer::drawGlyphs(const Model& model, const ScreenProjection& projection,
                               const SceneStyle& style) {
  const DisplayOptions& display = model.display;
  const Surface& surface = model.runner.surface();
  const double maxArrow = 0.35 * std::min(projection.viewport.width, projection.viewport.height);
  const double scale = std::isfinite(display.arrowScale) ? display.arrowScale : 1.0;
  // The same bound in surface units, applied before projecting (far points project badly in 3D).
  const double maxSurface = glyphCapSurface(projection);
  const float r = style.ballRadius;
  drawSeedBands(overlay_, model, projection);  // under every other glyph

  if (display.minima) {
    for (const CriticalPoint& minimum : surface.minima) {
      const auto p = projection.at(minimum.point);
      if (!p) continue;
      star(overlay_, *p, minimum.global ? r + 4.5f : r + 2.5f, kInk);
      star(overlay_, *p, minimum.global ? r + 2.0f : r,
           minimum.global ? kWhite : Rgba{0.75f, 0.75f, 0.78f, 1.0f});
    }
    for (const CriticalPoint& saddle : surface.saddles) {
      const auto p = projection.at(saddle.point);
      if (!p) continue;
      const Vec2 c = *p;
      overlay_.line(c - Vec2{r, r}, c + Vec2{r, r}, 4.0f, kInk);
      overlay_.line(c - Vec2{r, -r}, c + Vec2{r, -r}, 4.0f, kInk);
      overlay_.line(c - Vec2{r, r}, c + Vec2{r, r}, 2.0f, kWhite);
      overlay_.line(c - Vec2{r, -r}, c + Vec2{r, -r}, 2.0f, kWhite);
    }
  }
  if (const auto start = projection.at(model.runner.start())) startMarker(overlay_, *start, r + 3.0f);
  drawRunMarkers(model, projection, style);

  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    const Run& run = model.runner.run(i);
    if (!run.look().enabled) continue;
    const Rgba color = opaque(run.look().color);
    const Vec2 point = run.point();
    if (run.status() == RunStatus::Diverged) continue;  // marked where it was last seen (drawRunMarkers)
    const Domain& domain = surface.domain;
    if (projection.is3D && !contains(domain, point))
      continue;  // off the surface: its path ends at the edge with a marker
    const double height = projection.heightAt(point);
    const auto here = projection.at(point, height);
    if (!here) continue;
    const Terms& terms = run.optimizer().terms();
    const bool stepped = run.step() > 0 && terms.step > 0;
    auto arrowTo = [&](Vec2 surfaceVector) -> std::optional<Vec2> {
      // Arrows lie flat at the ball's height.
      const auto tip = projection.at(point + limitVector(surfaceVector, maxSurface), height);
      if (!tip) return std::nullopt;
      return limitLength(*here, *tip, maxArrow);
    };

    // L-BFGS with max_iter > 1: small dots where the last step's inner iterations ended, between its two
    // points (in 3D only those over the surface).
    // The strong-Wolfe line search's trials: small rings where it evaluated f along the direction.
    const auto onSurface = [&](Vec2 p) -> std::optional<Vec2> {
      if (projection.is3D && !contains(domain, p)) return std::nullopt;
      const double pointHeight = projection.heightAt(p);
      if (!std::isfinite(pointHeight)) return std::nullopt;
      return projection.at(p, pointHeight);
    };
    if (stepped) {
      for (const Vec2 inner : terms.innerPoints)
        if (const auto at = onSurface(inner)) {
          overlay_.disc(*at, 3.5f, kInk);
          overlay_.disc(*at, 2.2f, color);
        }
      for (const Vec2 trial : terms.trialPoints)
        if (const auto at = onSurface(trial)) {
          overlay_.ring(*at, 4.5f, 3.0f, kInk);
          overlay_.ring(*at, 4.5f, 1.5f, color);
        }
    }
    if (stepped && display.secondMomentRects && terms.secondMoment && isFinite(*terms.secondMoment)) {
      // sqrt(v) per axis as bars through the ball, capped (a capped bar ends without its tick).
      const double cap = barHalfCapSurface(projection);
      const Vec2 side = sqrt(abs(*terms.secondMoment)) * scale;
      const Vec2 half{std::min(side.x, cap), std::min(side.y, cap)};
      const auto bar = [&](Vec2 axis, double length, bool capped) {
        const auto a = projection.at(point - axis * length, height),
                   b = projection.at(point + axis * length, height);
        if (!a || !b) return;
        const Vec2 along = *b - *a;
        const double pixels = norm(along);
        overlay_.line(*a, *b, 5.0f, kInk);
        overlay_.line(*a, *b, 2.0f, tint(color, 0.3f));
        if (capped || !(pixels > 1.0)) return;
        const Vec2 across = Vec2{-along.y, along.x} * (5.0 / pixels);
        for (const Vec2 end : {*a, *b}) {
          overlay_.line(end - across, end + across, 4.5f, kInk);
          overlay_.line(end - across, end + across, 2.0f, tint(color, 0.3f));
        }
      };
      bar({1.0, 0.0}, half.x, side.x > cap);
      bar({0.0, 1.0}, half.y, side.y > cap);
    }
    if (stepped && display.lookahead && terms.lookahead && isFinite(*terms.lookahead)) {
      if (const auto look = projection.at(*terms.lookahead)) {
        if (const auto from = projection.at(terms.point)) {
          // Dotted, so it never reads as one of the arrows.
          const Vec2 along = *look - *from;
          const double length = norm(along);
          if (length > 1.0 && std::isfinite(length))
            for (double d = 0.0; d < length; d += 7.0)
              overlay_.disc(*from + along * (d / length), 1.6f, color);
        }
        overlay_.ring(*look, r - 1.0f, 4.5f, kInk);
        overlay_.ring(*look, r - 1.0f, 2.0f, tint(color, 0.65f));
      }
    }
    // Each vector as one arrow, or as its x and y components (what the per-coordinate methods scale).
    const auto drawVector = [&](ArrowKind kind, Vec2 vector) {
      if (display.componentArrows) {
        for (const Vec2 component : {Vec2{vector.x, 0.0}, Vec2{0.0, vector.y}})
          if (const auto tip = arrowTo(component))
            kindArrow(overlay_, kind, *here, *tip, style.lineWidth, color);
      } else if (const auto tip = arrowTo(vector)) {
        kindArrow(overlay_, kind, *here, *tip, style.lineWidth, color);
      }
    };
    // The widest (hollow step) first, so the momentum and gradient along the same line stay visible on it.
    if (stepped && display.stepArrows && isFinite(terms.delta)) {
      // Divided by lr, the step reads on the gradient's scale (for SGD the two coincide).
      const double lr = terms.learningRate > 0.0 ? terms.learningRate : 1.0;
      drawVector(ArrowKind::Step, (scale / lr) * terms.delta);
    }
    if (stepped && display.momentumArrows && terms.firstMoment && isFinite(*terms.firstMoment))
      drawVector(ArrowKind::Momentum, -scale * *terms.firstMoment);
    if (display.gradientArrows) {
      const ValueGrad here_ = surface.evaluator->valueGrad(point);
      if (isFinite(here_.gradient)) drawVector(ArrowKind::Gradient, -scale * here_.gradient);
    }
    // A program's named vector (the Program tab's choice), ticked, on its own stated scale, on top.
    if (stepped)
      drawValueGlyph(overlay_, run, point, height, *here, maxSurface, maxArrow, projection, style, color,
                     labelPalette(display.theme == Theme::Light));
    if (run.forkedFrom())
      if (const auto fork = pathPointAt(run, run.forkStep()))
        if (const auto p = projection.at(*fork)) {
          diamond(overlay_, *p, r + 3.0f, kInk);
          diamond(overlay_, *p, r + 1.0f, color);
        }
    if (!projection.is3D) {  // the 3D view's balls are lit spheres, drawn with depth (BallRenderer)
      overlay_.disc(*here, r + 1.5f, kInk);
      overlay_.disc(*here, r, color);
    }
    if (model.hoveredRun == static_cast<int>(i))
      if (const auto hovered = pathPointAt(run, model.hoveredStep))
        if (const auto p = projection.at(*hovered)) {
          overlay_.ring(*p, r + 5.0f, 5.0f, kInk);
          overlay_.ring(*p, r + 5.0f, 2.5f, kWhite);
        }
  }
  if (style.explainRun >= 0)  // over the runs' own arrows, its plate off the notes, balls and end marks
    if (const auto plate =
            drawExplainer(overlay_, model, projection, style, explainerKeepsOff(model, projection, style)))
      explainerPlates_.push_back(*plate);
}

std::vector<PixelRect> SceneRenderer::explainerKeepsOff(const Model& model,
                                                        const ScreenProjection& projection,
                                                        const SceneStyle& style) const {
  std::vector<PixelRect> marks = runBoxes(
      model.runner, projection, style.ballRadius,
      [this](std::string_view text) { return double(overlay_.textWidth(text)); }, overlay_.textPixels());
  const std::vector<PixelRect> landmarks =
      landmarkBoxes(model.runner, projection, style.ballRadius, model.display.minima);
  marks.insert(marks.end(), landmarks.begin(), landmarks.end());
  // What sits on the explained run's ball (the ball, a run that stopped with it, the saddle it stopped at):
  // the plate goes beside it (drawExplainer keeps it off the ball where the arrow reaches away from it).
  if (static_cast<std::size_t>(style.explainRun) < model.runner.size())
    if (const auto ball = projection.at(model.runner.run(static_cast<std::size_t>(style.explainRun)).point()))
      std::erase_if(marks, [&](const PixelRect& r) { return r.contains(ball->x, ball->y); });
  std::vector<PixelRect> covered = notesOver(model, projection.viewport, style, !projection.is3D);
  covered.insert(covered.end(), marks.begin(), marks.end());
  // The 3D view's axis labels, laid out before the glyphs (render3D).
  if (projection.is3D) covered.insert(covered.end(), axisLabels3D_.begin(), axisLabels3D_.end());
  return covered;
}

void SceneRenderer::drawRunMarkers(const Model& model, const ScreenProjection& projection,
                                   const SceneStyle& style) {
  const Domain& domain = model.runner.surface().domain;
  const float r = style.ballRadius;
  for (const Run& run : model.runner.runs()) {
    const std::optional<RunEndMark> mark = runEndMark(run, domain, projection, r);
    if (!mark) continue;
    const Rgba color = opaque(run.look().color);
    if (mark->cross) crossMarker(overlay_, *mark->cross, r, color);
    if (mark->arrow) edgeArrow(overlay_, *mark->arrow, r + 1.0f, color);
    if (mark->labelAt)
      plateText(overlay_, *mark->labelAt, mark->label, projection.viewport,
                labelPalette(model.display.theme == Theme::Light));
  }
}

void SceneRenderer::drawAxes(const View2D& view, const PixelRect& viewport, bool light) {
  // The bands under the labels: dark with white labels, or (light theme) near-white with ink.
  const Rgba shade = light ? Rgba{0.97f, 0.97f, 0.96f, 0.82f} : kShade;
  const Rgba ink = light ? kInk : kWhite;
  const double text = overlay_.textPixels();
  const double band = text + 10.0;
  const Vec2 low =
      screenToSurface(view, viewport, {double(viewport.x), double(viewport.y + viewport.height)});
  const Vec2 high =
      screenToSurface(view, viewport, {double(viewport.x + viewport.width), double(viewport.y)});
  const double bottom = viewport.y + viewport.height, right = viewport.x + viewport.width;
  // The y axis band on the left, as wide as its widest label.
  const Ticks yTicks = yAxisTicks(view, viewport, text);
  const double left = viewport.x + yAxisBandWidth(yTicks, [this](std::string_view label) {
                        return double(overlay_.textWidth(label));
                      });
  overlay_.filledRect({double(viewport.x), double(viewport.y)}, {left, bottom - band}, shade);
  for (const double y : yTicks.values) {
    const double py = surfaceToScreen(view, viewport, {0.0, y}).y;
    if (py > bottom - band - 0.5 * text || py < viewport.y + 0.5 * text) continue;
    overlay_.line({left, py}, {left + 6.0, py}, 1.5f, ink);
    overlay_.text({left - 5.0, py + 0.35 * text}, formatTick(y, yTicks.step), ink, TextAlign::Right);
  }
  overlay_.filledRect({double(viewport.x), bottom - band}, {right, bottom}, shade);
  const Ticks xTicks = chooseTicks(low.x, high.x, axisTickCount(viewport.width, text));
  for (const double x : xTicks.values) {
    const std::string label = formatTick(x, xTicks.step);
    const double px = surfaceToScreen(view, viewport, {x, 0.0}).x;
    const double halfLabel = 0.5 * overlay_.textWidth(label);
    if (px - halfLabel < left || px + halfLabel > right - 2.0 * text)
      continue;  // keep clear of "x" and the y band
    overlay_.line({px, bottom - band}, {px, bottom - band - 6.0}, 1.5f, ink);
    overlay_.text({px, bottom - 6.0}, label, ink, TextAlign::Center);
  }
  overlay_.text({right - 8.0, bottom - 6.0}, "x", ink, TextAlign::Right);
  overlay_.text({left + 10.0, viewport.y + text + 4.0}, "y", ink);
}

SceneRenderer::LegendLayout SceneRenderer::layoutLegend(const Model& model, const PixelRect& viewport) const {
  const DisplayOptions& display = model.display;
  char scaleText[32];
  std::snprintf(scaleText, sizeof scaleText, " x %.3g", static_cast<double>(display.arrowScale));
  LegendLayout layout;
  std::vector<LegendEntry>& entries = layout.entries;
  entries = {{0, "current point and path"}, {1, "start (drag or click to restart)"}};
  if (display.minima) entries.push_back({2, "known minimum"});
  const std::string parts = display.componentArrows ? " (x, y parts)" : "";
  if (display.gradientArrows) entries.push_back({3, std::string("-gradient (solid)") + scaleText + parts});
  if (display.momentumArrows)
    entries.push_back({4, std::string("-first moment (dashed)") + scaleText + parts});
  if (display.stepArrows) entries.push_back({5, std::string("step / lr (hollow)") + scaleText + parts});
  if (display.secondMomentRects)
    entries.push_back({6, std::string("sqrt(second moment) per axis") + scaleText});
  if (display.lookahead) entries.push_back({7, "look-ahead point (dotted)"});
  // Each program run's chosen vector in its own colour (glyph kValueGlyphRow + the run's index).
  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    const Run& run = model.runner.run(i);
    if (run.look().enabled && chosenValue(run))
      entries.push_back({kValueGlyphRow + static_cast<int>(i),
                         valueGlyphText(run.look()) + " (" + run.label() + ", ticked)"});
  }
  bool anyFork = false;
  for (const Run& run : model.runner.runs()) anyFork = anyFork || run.forkedFrom().has_value();
  if (anyFork) entries.push_back({8, "fork"});

  const float text = overlay_.textPixels();
  const double rowHeight = text + 6.0, glyphWidth = 34.0;
  const auto size = [&] {
    float widest = 0.0f;
    for (const LegendEntry& e : entries) widest = std::max(widest, overlay_.textWidth(e.text));
    return std::pair{glyphWidth + widest + 16.0, rowHeight * double(entries.size()) + 10.0};
  };
  auto [width, height] = size();
  // The legend may take a fifth of the view at most: past that the rows every lecture explains once
  // (the ball and path, the start, the minimum) go first, then the whole legend.
  const double room = 0.2 * double(viewport.width) * double(viewport.height);
  if (width * height > room) {
    std::erase_if(entries, [](const LegendEntry& e) { return e.glyph <= 2; });
    std::tie(width, height) = size();
  }
  if (entries.empty() || width > viewport.width - 16.0 || width * height > room) {
    entries.clear();
    return layout;
  }
  const double right = viewport.x + viewport.width - 8.0, top = viewport.y + 8.0;
  layout.box = {right - width, top, width, height};
  layout.rowHeight = rowHeight;
  layout.glyphWidth = glyphWidth;
  return layout;
}

void SceneRenderer::drawLegend(const Model& model, const PixelRect& viewport, const SceneStyle& style) {
  const LegendLayout layout = layoutLegend(model, viewport);
  if (layout.entries.empty()) return;
  const std::vector<LegendEntry>& entries = layout.entries;
  const float text = overlay_.textPixels();
  const double width = layout.box.width, height = layout.box.height, rowHeight = layout.rowHeight,
               glyphWidth = layout.glyphWidth;
  const double right = layout.box.x + width, top = layout.box.y;
  const LabelPalette& palette = labelPalette(model.display.theme == Theme::Light);
  overlay_.filledRect({right - width, top}, {right, top + height}, palette.plate);
  const Rgba sample{0.95f, 0.62f, 0.0f, 1.0f};  // a run colour for the samples
  const float r = style.ballRadius * 0.8f;
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const double y = top + 5.0 + rowHeight * (double(k) + 0.5);
    const Vec2 g{right - width + 8.0 + glyphWidth * 0.5, y};
    switch (entries[k].glyph) {
      case 0:
        overlay_.line(g - Vec2{14, 0}, g, 3.0f, sample);
        overlay_.disc(g, r, sample);
        break;
      case 1:
        startMarker(overlay_, g, r);
        break;
      case 2:
        star(overlay_, g, r + 4.0f, kInk);
        star(overlay_, g, r + 2.0f, kWhite);
        break;
      case 3:
        kindArrow(overlay_, ArrowKind::Gradient, g - Vec2{14, 0}, g + Vec2{14, 0}, 3.0f, sample);
        break;
      case 4:
        kindArrow(overlay_, ArrowKind::Momentum, g - Vec2{14, 0}, g + Vec2{14, 0}, 3.0f, sample);
        break;
      case 5:
        kindArrow(overlay_, ArrowKind::Step, g - Vec2{14, 0}, g + Vec2{14, 0}, 3.0f, sample);
        break;
      case 6:
        for (const Vec2 axis : {Vec2{12, 0}, Vec2{0, 7}}) {
          overlay_.line(g - axis, g + axis, 5.0f, kInk);
          overlay_.line(g - axis, g + axis, 2.0f, tint(sample, 0.3f));
        }
        break;
      case 7:
        overlay_.ring(g, r - 1.0f, 4.5f, kInk);
        overlay_.ring(g, r - 1.0f, 2.0f, tint(sample, 0.65f));
        break;
      default:
        if (entries[k].glyph >= kValueGlyphRow) {
          const auto run = static_cast<std::size_t>(entries[k].glyph - kValueGlyphRow);
          const Rgba color = run < model.runner.size() ? opaque(model.runner.run(run).look().color) : sample;
          tickedArrow(overlay_, g - Vec2{14, 0}, g + Vec2{14, 0}, 3.0f, color);
          break;
        }
        diamond(overlay_, g, r + 1.0f, sample);
        break;
    }
    overlay_.text({right - width + 8.0 + glyphWidth + 4.0, y + 0.35 * text}, entries[k].text, palette.ink);
  }
}

}  // namespace gs

namespace gs {

void SceneRenderer::drawCornerNotes(const Model& model, const PixelRect& viewport, const SceneStyle& style) {
  const double text = overlay_.textPixels();
  const LabelPalette& palette = labelPalette(model.display.theme == Theme::Light);
  const double left = viewport.x + 8.0;
  double top = viewport.y + 8.0;
  const auto plate = [&](const std::string& label) {
    const double width = overlay_.textWidth(label) + 16.0;
    overlay_.filledRect({left, top}, {left + width, top + text + 10.0}, palette.plate);
    overlay_.text({left + 8.0, top + 5.0 + 0.85 * text}, label, palette.ink);
    top += text + 14.0;
  };
  // The step counter of exports, where glyphLegendDepth and notesOver expect it.
  if (style.stepCounter) plate("step " + std::to_string(model.runner.currentStep()));
  // A what-if edit of long paths, computed over the next frames (Model::pathBudget): the slowest run's step,
  // below the glyph legend (top right) where the view is too narrow for both side by side. It lasts a few
  // frames; nothing else makes room for it.
  std::optional<std::int64_t> slowest;
  for (const Run& run : model.runner.runs())
    if (model.runner.behind(run)) slowest = std::min(slowest.value_or(run.step()), run.step());
  if (!slowest) return;
  const std::string label = "recomputing paths: step " + std::to_string(*slowest) + " of " +
                            std::to_string(model.runner.currentStep());
  if (style.legend)
    if (const LegendLayout legend = layoutLegend(model, viewport);
        !legend.entries.empty() && legend.box.x < left + overlay_.textWidth(label) + 24.0)
      top = std::max(top, legend.box.y + legend.box.height + 8.0);
  plate(label);
}

}  // namespace gs

namespace gs {

// Axes on the 3D view: x and y along the two bottom edges of the surface's box nearest the viewer, f up
// the side corner further left on the screen, each with ticks, labels and its title.
std::vector<PixelRect> SceneRenderer::notesOver(const Model& model, const PixelRect& viewport,
                                                const SceneStyle& style, bool view2D) const {
  std::vector<PixelRect> covered;
  const auto add = [&](double x, double y, double width, double height) {
    covered.push_back({int(std::floor(x)) - 4, int(std::floor(y)) - 4, int(std::ceil(width)) + 8,
                       int(std::ceil(height)) + 8});
  };
  const double text = overlay_.textPixels();
  const double buttons = style.interactive ? std::round(text * 1.7) + 8.0 : 0.0;
  // The 2D view's axis bands (see drawAxes), the 3D view's buttons (drawViewButtons).
  const double yBand = view2D ? std::min(yAxisBand(model.view2d, viewport), double(viewport.width)) : 0.0;
  if (view2D) {
    const double xBand = text + 10.0;
    covered.push_back({viewport.x, viewport.y, int(std::ceil(yBand)), viewport.height});
    covered.push_back({viewport.x, viewport.y + viewport.height - int(std::ceil(xBand)), viewport.width,
                       int(std::ceil(xBand))});
  } else if (style.interactive) {
    add(viewport.x + viewport.width - 16.0 * text, viewport.y + viewport.height - buttons, 16.0 * text,
        buttons);
  }
  if (notesOn2D_ != view2D) return covered;  // the legends and the step counter are on the other view
  if (style.legend) {
    const LegendLayout legend = layoutLegend(model, viewport);
    if (!legend.entries.empty()) add(legend.box.x, legend.box.y, legend.box.width, legend.box.height);
  }
  if (model.display.runLegend || style.runLegend) {  // as drawNotes lays it out
    const RunLegendLayout layout = runLegendLayout(model, runLegendRows(model), viewport, style);
    if (!layout.rows.empty() || layout.more)
      add(layout.box.x, layout.box.y, layout.box.width, layout.box.height);
  }
  if (style.stepCounter) add(viewport.x + 8.0, viewport.y + 8.0, 12.0 * text, text + 10.0);
  covered.insert(covered.end(), style.keepClear.begin(), style.keepClear.end());
  return covered;
}

void SceneRenderer::drawAxes3D(const Model& model, const ScreenProjection& projection, glm::vec3 eye,
                               const std::vector<PixelRect>& keepClear) {
  // Nothing of the axes goes under the notes drawn over the view (legends, buttons): at small sizes
  // they share the corners.
  const auto clear = [&](Vec2 p, double halfWidth, double halfHeight) {
    for (const PixelRect& r : keepClear)
      if (p.x + halfWidth > r.x && p.x - halfWidth < r.x + r.width && p.y + halfHeight > r.y &&
          p.y - halfHeight < r.y + r.height)
        return false;
    return true;
  };
  const auto clearLine = [&](Vec2 a, Vec2 b, float width, const Rgba& color) {
    constexpr int kPieces = 24;
    for (int i = 0; i < kPieces; ++i) {
      const Vec2 p = a + (b - a) * (double(i) / kPieces), q = a + (b - a) * (double(i + 1) / kPieces);
      if (clear(0.5 * (p + q), 1.0, 1.0)) overlay_.line(p, q, width, color);
    }
  };
  const Domain& domain = model.runner.surface().domain;
  const SurfaceFrame& frame = projection.frame;
  const float heightScale = projection.heightScale;
  const glm::mat4& viewProjection = projection.viewProjection;
  const PixelRect& viewport = projection.viewport;
  // Axes and their labels lie on the 3D view's background: light on the dark one, ink on the light one.
  const bool light = model.display.theme == Theme::Light;
  const Rgba axisColor = light ? Rgba{0.22f, 0.22f, 0.26f, 1.0f} : Rgba{0.82f, 0.82f, 0.86f, 1.0f};
  const Rgba labelColor = light ? kInk : kWhite;
  const double text = overlay_.textPixels();
  const std::function<double(std::string_view)> textWidth = [&](std::string_view label) {
    return double(overlay_.textWidth(label));
  };
  const auto world = [&](double x, double y, double t) {
    return toWorld(frame, {x, y}, static_cast<float>(t), heightScale);
  };
  const auto screen = [&](glm::vec3 p) { return projectToScreen(viewProjection, viewport, p); };
  const glm::vec3 center = world(0.5 * (domain.xMin + domain.xMax), 0.5 * (domain.yMin + domain.yMax), 0.0);
  const double nearX = eye.x > center.x ? domain.xMax : domain.xMin,
               farX = nearX == domain.xMax ? domain.xMin : domain.xMax;
  const double nearY = eye.y > center.y ? domain.yMax : domain.yMin,
               farY = nearY == domain.yMax ? domain.yMin : domain.yMax;
  axisLabels3D_.clear();
  const auto centerPixel = screen(center);
  if (!centerPixel) return;

  // The labels and titles drawn so far, of every axis: where two axes' ends meet on the screen (f's lowest
  // tick beside x's first), the later axis's label that would touch an earlier one is left out.
  std::vector<LabelBox> drawn;
  const auto offLabels = [&](const LabelBox& box) {
    return std::none_of(drawn.begin(), drawn.end(),
                        [&](const LabelBox& d) { return boxesMeet(box, d, 3.0); });
  };
  // One axis: from `a` to `b` (world), ticks at `values` placed by `at`, labels pushed away from `away`;
  // labels that would overlap one drawn before them, of this axis or another, are left out
  // (placeTickLabels).
  const auto axis = [&](glm::vec3 a, glm::vec3 b, const AxisTicks& ticks,
                        const std::function<glm::vec3(double)>& at, Vec2 away, const char* title) {
    const auto pa = screen(a), pb = screen(b);
    if (!pa || !pb) return;
    clearLine(*pa, *pb, 1.5f, axisColor);
    const auto outward = [&](Vec2 p) {
      const Vec2 d = p - away;
      const double length = norm(d);
      return length > 1e-6 ? d / length : Vec2{0.0, 1.0};
    };
    // Ticks and labels under the notes over the view are left out before the spacing is decided.
    const auto pixelOf = [&](double value) -> std::optional<Vec2> {
      const auto p = screen(at(value));
      if (!p || !clear(*p, 6.0, 6.0)) return std::nullopt;
      return p;
    };
    std::vector<double> values;
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < ticks.values.size(); ++i) {
      const auto p = pixelOf(ticks.values[i]);
      if (!p) continue;
      overlay_.line(*p, *p + outward(*p) * 6.0, 1.5f, axisColor);
      const PlacedTick one =
          placeTickLabels({ticks.values[i]}, {ticks.labels[i]}, pixelOf, away, text, textWidth).front();
      if (!clear(one.box.center, one.box.halfWidth + 2.0, 0.6 * text)) continue;
      // Nor one cut by the view's edge ("00000" for "0.00805" at the left of a narrow view).
      if (one.box.center.x - one.box.halfWidth < viewport.x ||
          one.box.center.x + one.box.halfWidth > viewport.x + viewport.width ||
          one.box.center.y - 0.6 * text < viewport.y ||
          one.box.center.y + 0.6 * text > viewport.y + viewport.height)
        continue;
      values.push_back(ticks.values[i]);
      labels.push_back(ticks.labels[i]);
    }
    for (const PlacedTick& placed : placeTickLabels(values, labels, pixelOf, away, text, textWidth, drawn)) {
      overlay_.text(placed.baseline, placed.label, labelColor, TextAlign::Center);
      drawn.push_back(placed.box);
    }
    const auto middle = screen(0.5f * (a + b));
    if (!middle) return;
    const Vec2 out = outward(*middle);
    const Vec2 titleAt = *middle + out * (2.4 * text + 10.0);
    const LabelBox titleBox{titleAt, 0.5 * overlay_.textWidth(title) + 2.0, 0.6 * text};
    if (clear(titleAt, titleBox.halfWidth, titleBox.halfHeight) && offLabels(titleBox)) {
      overlay_.text(titleAt + Vec2{0.0, 0.35 * text}, title, axisColor, TextAlign::Center);
      drawn.push_back(titleBox);
    }
  };
  const auto niceTicks = [](double low, double high, int count) {
    const Ticks nice = chooseTicks(low, high, count);
    AxisTicks ticks;
    ticks.values = nice.values;
    for (const double value : nice.values) ticks.labels.push_back(formatTick(value, nice.step));
    return ticks;
  };
  // f up the side corner further left on the screen, first: its few labels keep their place where an end
  // of x or y comes near them.
  const auto fAxis = [&] {
    const glm::vec3 cornerA = world(nearX, farY, 0.0), cornerB = world(farX, nearY, 0.0);
    const auto pa = screen(cornerA), pb = screen(cornerB);
    if (!pa || !pb || !projection.normalizer) return;
    const bool useA = pa->x < pb->x;
    const double fx = useA ? nearX : farX, fy = useA ? farY : nearY;
    const ValueNormalizer& normalizer = *projection.normalizer;
    const glm::vec3 bottom = world(fx, fy, 0.0), top = world(fx, fy, 1.0);
    const auto bottomPixel = screen(bottom), topPixel = screen(top);
    if (!bottomPixel || !topPixel) return;
    // As many f ticks as the axis's length on screen holds, log-spaced on a log-scaled height.
    const AxisTicks fTicks = fAxisTicks(normalizer.range.min, normalizer.range.max, normalizer.logScale,
                                        normalizer.floorValue(), norm(*topPixel - *bottomPixel), 2.5 * text);
    const auto middlePixel =
        screen(world(0.5 * (domain.xMin + domain.xMax), 0.5 * (domain.yMin + domain.yMax), 0.5));
    if (!middlePixel) return;
    // Labels to the side, away from the surface's middle at mid height.
    const Vec2 away = *middlePixel;
    axis(
        bottom, top, fTicks, [&](double f) { return world(fx, fy, normalizer.normalize(f)); }, away, "f");
  };
  fAxis();
  // The corner where the x and y axes meet keeps the y axis's label only.
  AxisTicks xTicks = niceTicks(domain.xMin, domain.xMax, 5);
  const AxisTicks yTicks = niceTicks(domain.yMin, domain.yMax, 5);
  for (std::size_t i = xTicks.values.size(); i-- > 0;)
    if (std::abs(xTicks.values[i] - nearX) < 1e-9 * (1.0 + std::abs(xTicks.values[i]))) {
      xTicks.values.erase(xTicks.values.begin() + static_cast<std::ptrdiff_t>(i));
      xTicks.labels.erase(xTicks.labels.begin() + static_cast<std::ptrdiff_t>(i));
    }
  axis(
      world(domain.xMin, nearY, 0.0), world(domain.xMax, nearY, 0.0), xTicks,
      [&](double x) { return world(x, nearY, 0.0); }, *centerPixel, "x");
  axis(
      world(nearX, domain.yMin, 0.0), world(nearX, domain.yMax, 0.0), yTicks,
      [&](double y) { return world(nearX, y, 0.0); }, *centerPixel, "y");
  for (const LabelBox& box : drawn)
    axisLabels3D_.push_back({static_cast<int>(std::floor(box.center.x - box.halfWidth)),
                             static_cast<int>(std::floor(box.center.y - box.halfHeight)),
                             static_cast<int>(std::ceil(2.0 * box.halfWidth)),
                             static_cast<int>(std::ceil(2.0 * box.halfHeight))});
}

// Small buttons in the 3D view's bottom-right corner: zoom in, zoom out, reset the camera, fit the view.
void SceneRenderer::drawViewButtons(const PixelRect& viewport) {
  const double text = overlay_.textPixels();
  // Padding and gaps grow with the text past the presentation size (a 4K slide), so "fit" keeps its room.
  const double size = std::round(text * 1.7), gap = std::max(4.0, 0.2 * text),
               pad = std::max(12.0, 0.6 * text);
  struct Button {
    const char* label;
    HotspotAction action;
    double width;
  };
  const Button buttons[] = {{"+", HotspotAction::ZoomIn, size},
                            {"-", HotspotAction::ZoomOut, size},
                            {"reset", HotspotAction::ResetCamera, overlay_.textWidth("reset") + pad},
                            {"fit", HotspotAction::FitView, overlay_.textWidth("fit") + pad}};
  double total = 0.0;
  for (const Button& b : buttons) total += b.width + gap;
  if (total + 16.0 > viewport.width || size * 3.0 > viewport.height) return;
  double x = viewport.x + viewport.width - 8.0 - total + gap;
  const double y = viewport.y + viewport.height - 8.0 - size;
  for (const Button& b : buttons) {
    overlay_.filledRect({x, y}, {x + b.width, y + size}, {0.0f, 0.0f, 0.0f, 0.6f});
    overlay_.rectOutline({x, y}, {x + b.width, y + size}, 1.0f, {0.75f, 0.75f, 0.8f, 0.9f});
    overlay_.text({x + 0.5 * b.width, y + 0.5 * size + 0.35 * text}, b.label, kWhite, TextAlign::Center);
    hotspots_.push_back({PixelRect{int(x), int(y), int(std::ceil(b.width)), int(size)}, b.action, 0});
    x += b.width + gap;
  }
}

double SceneRenderer::glyphLegendDepth(const Model& model, const PixelRect& viewport,
                                       const SceneStyle& style) const {
  // The step counter of exports sits at the top left (see drawCornerNotes).
  double depth = style.stepCounter ? 8.0 + overlay_.textPixels() + 10.0 : 0.0;
  if (style.legend) {
    const LegendLayout legend = layoutLegend(model, viewport);
    if (!legend.entries.empty()) depth = std::max(depth, legend.box.y + legend.box.height - viewport.y);
  }
  return depth;
}

RunLegendLayout SceneRenderer::runLegendLayout(const Model& model, const std::vector<RunLegendRow>& rows,
                                               const PixelRect& viewport, const SceneStyle& style) const {
  const double text = overlay_.textPixels();
  PixelRect room = viewport;
  if (notesOn2D_) {  // right of the y axis band, so that no tick label is hidden
    const int band = std::min(static_cast<int>(std::ceil(yAxisBand(model.view2d, viewport))), viewport.width);
    room.x += band;
    room.width -= band;
  }
  const double bottomMargin =
      notesOn2D_ ? text + 10.0 : (style.interactive ? std::round(text * 1.7) + 8.0 : 0.0);  // x band, buttons
  return layoutRunLegend(
      rows, room, bottomMargin, text, [this](std::string_view t) { return double(overlay_.textWidth(t)); },
      glyphLegendDepth(model, viewport, style),
      notesOn2D_ ? legendAvoidPoints(model, viewport) : std::vector<Vec2>{}, style.runLegendCorner,
      notesOn2D_ && style.runLegendCorner == LegendCorner::Choose ? legendPaths(model, viewport)
                                                                  : std::vector<std::vector<Vec2>>{});
}

void SceneRenderer::drawRunLegend(const Model& model, const std::vector<RunLegendRow>& rows,
                                  const RunLegendLayout& layout) {
  if (layout.rows.empty() && !layout.more) return;
  const PixelRect& box = layout.box;
  // Dark, or near-white with dark text on the light theme (see labelPalette).
  const LabelPalette& palette = labelPalette(model.display.theme == Theme::Light);
  overlay_.filledRect({double(box.x), double(box.y)}, {double(box.x + box.width), double(box.y + box.height)},
                      palette.plate);
  const Rgba& dim = palette.note;
  for (std::size_t k = 0; k < layout.rows.size(); ++k) {
    const RunLegendLayout::Row& row = layout.rows[k];
    const RunLegendRow& entry = rows[k];
    const Rgba color =
        entry.shown ? opaque(entry.color) : Rgba{entry.color[0], entry.color[1], entry.color[2], 0.35f};
    const double half = 0.45 * overlay_.textPixels();
    overlay_.line(row.swatch - Vec2{1.8 * half, 0.0}, row.swatch + Vec2{1.8 * half, 0.0}, 3.0f, color);
    overlay_.disc(row.swatch, float(half * 0.75) + 1.5f, kInk);
    overlay_.disc(row.swatch, float(half * 0.75), color);
    for (const auto& line : row.lines)
      overlay_.text(line.baseline, line.text, entry.shown ? palette.ink : dim);
    if (interactive_ && entry.run != RunLegendRow::kImported)
      hotspots_.push_back({row.box, HotspotAction::ToggleRun, entry.run});
  }
  if (layout.more) overlay_.text(layout.more->baseline, layout.more->text, dim);
}

}  // namespace gs
