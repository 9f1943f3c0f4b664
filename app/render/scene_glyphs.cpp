// The scene's screen-space glyphs: balls, arrows from each optimizer's Terms, second-moment rectangles,
// look-ahead points, minima, the start marker, fork markers, the hovered step, axes and the legend.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

#include "render/scene_projection.hpp"
#include "render/scene_renderer.hpp"
#include "view/ticks.hpp"

namespace gs {

namespace {

constexpr Rgba kWhite{0.97f, 0.97f, 0.97f, 1.0f};
constexpr Rgba kInk{0.06f, 0.06f, 0.08f, 1.0f};
constexpr Rgba kShade{0.0f, 0.0f, 0.0f, 0.55f};

Rgba opaque(const Color& c) { return {c[0], c[1], c[2], 1.0f}; }

// Shortens `to` so the arrow is at most `maxLength` pixels, keeping its direction.
Vec2 limitLength(Vec2 from, Vec2 to, double maxLength) {
  const double length = norm(to - from);
  if (!(length > maxLength)) return to;
  return from + (to - from) * (maxLength / length);
}

// `v` shortened to at most `maxLength` (surface units), so glyphs of huge moments stay on screen.
Vec2 limitVector(Vec2 v, double maxLength) {
  const double length = norm(v);
  return length > maxLength ? v * (maxLength / length) : v;
}

// Where a run's stored history holds `step` (the path thins out on very long runs).
std::optional<Vec2> pathPointAt(const Run& run, std::int64_t step) {
  if (step < 0 || run.path().empty()) return std::nullopt;
  const auto index = static_cast<std::size_t>(step / std::max<std::int64_t>(run.stride(), 1));
  return run.path()[std::min(index, run.path().size() - 1)];
}

void outlinedArrow(OverlayRenderer& overlay, Vec2 from, Vec2 to, float width, const Rgba& fill,
                   const Rgba& edge) {
  const Vec2 along = to - from;
  const double length = norm(along);
  if (!(length > 2.0)) return;
  const Vec2 direction = along / length;
  overlay.arrow(from, to + direction * 1.5, width + 2.5f, edge);
  overlay.arrow(from, to, width, fill);
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

}  // namespace

void SceneRenderer::drawGlyphs(const Model& model, const ScreenProjection& projection,
                               const SceneStyle& style) {
  const DisplayOptions& display = model.display;
  const Surface& surface = model.runner.surface();
  const double maxArrow = 0.35 * std::min(projection.viewport.width, projection.viewport.height);
  const double scale = std::isfinite(display.arrowScale) ? display.arrowScale : 1.0;
  // The same bound in surface units, applied before projecting (far points project badly in 3D).
  const double maxSurface =
      projection.is3D ? 0.6 * projection.frame.halfExtent : maxArrow * projection.view.unitsPerPixel;
  const float r = style.ballRadius;

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

  for (std::size_t i = 0; i < model.runner.size() && i < model.runViews.size(); ++i) {
    const RunView& runView = model.runViews[i];
    if (!runView.enabled) continue;
    const Run& run = model.runner.run(i);
    const Rgba color = opaque(runView.color);
    const Vec2 point = run.point();
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

    if (stepped && display.secondMomentRects && terms.secondMoment && isFinite(*terms.secondMoment)) {
      const Vec2 side = sqrt(abs(*terms.secondMoment)) * scale;
      const Vec2 half{std::min(side.x, maxSurface), std::min(side.y, maxSurface)};
      const Vec2 corners[4] = {point + Vec2{-half.x, -half.y}, point + Vec2{half.x, -half.y},
                               point + Vec2{half.x, half.y}, point + Vec2{-half.x, half.y}};
      for (int k = 0; k < 4; ++k) {
        const auto a = projection.at(corners[k], height), b = projection.at(corners[(k + 1) % 4], height);
        if (a && b) {
          overlay_.line(*a, *b, 3.5f, kInk);
          overlay_.line(*a, *b, 1.5f, color);
        }
      }
    }
    if (stepped && display.lookahead && terms.lookahead && isFinite(*terms.lookahead)) {
      if (const auto look = projection.at(*terms.lookahead)) {
        if (const auto from = projection.at(terms.point)) overlay_.line(*from, *look, 1.5f, color);
        overlay_.ring(*look, r - 1.5f, 4.0f, kInk);
        overlay_.ring(*look, r - 1.5f, 2.0f, color);
      }
    }
    if (display.gradientArrows) {
      const ValueGrad here_ = surface.evaluator->valueGrad(point);
      if (isFinite(here_.gradient))
        if (const auto tip = arrowTo(-scale * here_.gradient))
          outlinedArrow(overlay_, *here, *tip, style.lineWidth, kWhite, kInk);
    }
    if (stepped && display.momentumArrows && terms.firstMoment && isFinite(*terms.firstMoment))
      if (const auto tip = arrowTo(-scale * *terms.firstMoment))
        outlinedArrow(overlay_, *here, *tip, style.lineWidth, kInk, kWhite);
    if (stepped && display.stepArrows && isFinite(terms.delta)) {
      // Divided by lr, the step reads on the gradient's scale (for SGD the two coincide).
      const double lr = terms.learningRate > 0.0 ? terms.learningRate : 1.0;
      if (const auto tip = arrowTo((scale / lr) * terms.delta))
        outlinedArrow(overlay_, *here, *tip, style.lineWidth, color, kInk);
    }
    if (runView.forkedFrom >= 0)
      if (const auto fork = pathPointAt(run, runView.forkStep))
        if (const auto p = projection.at(*fork)) {
          diamond(overlay_, *p, r + 3.0f, kInk);
          diamond(overlay_, *p, r + 1.0f, color);
        }
    overlay_.disc(*here, r + 1.5f, kInk);
    overlay_.disc(*here, r, color);
    if (model.hoveredRun == static_cast<int>(i))
      if (const auto hovered = pathPointAt(run, model.hoveredStep))
        if (const auto p = projection.at(*hovered)) {
          overlay_.ring(*p, r + 5.0f, 5.0f, kInk);
          overlay_.ring(*p, r + 5.0f, 2.5f, kWhite);
        }
  }
}

void SceneRenderer::drawAxes(const View2D& view, const PixelRect& viewport, const SceneStyle& style) {
  const double text = overlay_.textPixels();
  const double band = text + 10.0;
  const Vec2 low =
      screenToSurface(view, viewport, {double(viewport.x), double(viewport.y + viewport.height)});
  const Vec2 high =
      screenToSurface(view, viewport, {double(viewport.x + viewport.width), double(viewport.y)});
  const double bottom = viewport.y + viewport.height, right = viewport.x + viewport.width;
  // The y axis band on the left, as wide as its widest label.
  const Ticks yTicks = chooseTicks(low.y, high.y, std::max(2, viewport.height / 70));
  double labelWidth = 0.0;
  for (const double y : yTicks.values)
    labelWidth = std::max(labelWidth, double(overlay_.textWidth(formatTick(y, yTicks.step))));
  const double left = viewport.x + labelWidth + 10.0;
  overlay_.filledRect({double(viewport.x), double(viewport.y)}, {left, bottom - band}, kShade);
  for (const double y : yTicks.values) {
    const double py = surfaceToScreen(view, viewport, {0.0, y}).y;
    if (py > bottom - band - 0.5 * text || py < viewport.y + 0.5 * text) continue;
    overlay_.line({left, py}, {left + 6.0, py}, 1.5f, kWhite);
    overlay_.text({left - 5.0, py + 0.35 * text}, formatTick(y, yTicks.step), kWhite, TextAlign::Right);
  }
  overlay_.filledRect({double(viewport.x), bottom - band}, {right, bottom}, kShade);
  const Ticks xTicks = chooseTicks(low.x, high.x, std::max(2, viewport.width / 70));
  for (const double x : xTicks.values) {
    const std::string label = formatTick(x, xTicks.step);
    const double px = surfaceToScreen(view, viewport, {x, 0.0}).x;
    const double halfLabel = 0.5 * overlay_.textWidth(label);
    if (px - halfLabel < left || px + halfLabel > right - 2.0 * text)
      continue;  // keep clear of "x" and the y band
    overlay_.line({px, bottom - band}, {px, bottom - band - 6.0}, 1.5f, kWhite);
    overlay_.text({px, bottom - 6.0}, label, kWhite, TextAlign::Center);
  }
  overlay_.text({right - 8.0, bottom - 6.0}, "x", kWhite, TextAlign::Right);
  overlay_.text({left + 10.0, viewport.y + text + 4.0}, "y", kWhite);
  (void)style;
}

void SceneRenderer::drawLegend(const Model& model, const PixelRect& viewport, const SceneStyle& style) {
  const DisplayOptions& display = model.display;
  char scaleText[32];
  std::snprintf(scaleText, sizeof scaleText, " x %.3g", static_cast<double>(display.arrowScale));
  struct Entry {
    int glyph;
    std::string text;
  };
  std::vector<Entry> entries = {{0, "current point and path"}, {1, "start (drag or click to restart)"}};
  if (display.minima) entries.push_back({2, "known minimum"});
  if (display.gradientArrows) entries.push_back({3, std::string("-gradient") + scaleText});
  if (display.momentumArrows) entries.push_back({4, std::string("-first moment") + scaleText});
  if (display.stepArrows) entries.push_back({5, std::string("step / lr") + scaleText});
  if (display.secondMomentRects) entries.push_back({6, std::string("sqrt(second moment)") + scaleText});
  if (display.lookahead) entries.push_back({7, "look-ahead point"});
  bool anyFork = false;
  for (const RunView& view : model.runViews) anyFork = anyFork || view.forkedFrom >= 0;
  if (anyFork) entries.push_back({8, "fork"});

  const float text = overlay_.textPixels();
  const double rowHeight = text + 6.0, glyphWidth = 34.0;
  float widest = 0.0f;
  for (const Entry& e : entries) widest = std::max(widest, overlay_.textWidth(e.text));
  const double width = glyphWidth + widest + 16.0, height = rowHeight * double(entries.size()) + 10.0;
  const double right = viewport.x + viewport.width - 8.0, top = viewport.y + 8.0;
  if (width > viewport.width - 16.0 || height > viewport.height * 0.6) return;  // too small to help
  overlay_.filledRect({right - width, top}, {right, top + height}, kShade);
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
        star(overlay_, g, r + 2.0f, kWhite);
        break;
      case 3:
        outlinedArrow(overlay_, g - Vec2{14, 0}, g + Vec2{14, 0}, 3.0f, kWhite, kInk);
        break;
      case 4:
        outlinedArrow(overlay_, g - Vec2{14, 0}, g + Vec2{14, 0}, 3.0f, kInk, kWhite);
        break;
      case 5:
        outlinedArrow(overlay_, g - Vec2{14, 0}, g + Vec2{14, 0}, 3.0f, sample, kInk);
        break;
      case 6:
        overlay_.rectOutline(g - Vec2{12, 6}, g + Vec2{12, 6}, 1.5f, sample);
        break;
      case 7:
        overlay_.ring(g, r - 1.0f, 2.0f, sample);
        break;
      default:
        diamond(overlay_, g, r + 1.0f, sample);
        break;
    }
    overlay_.text({right - width + 8.0 + glyphWidth + 4.0, y + 0.35 * text}, entries[k].text, kWhite);
  }
}

}  // namespace gs

namespace gs {

namespace {
// "adam lr=0.1 beta1=0.9 ..." from the optimizer's live hyperparameters.
std::string runNote(const Run& run) {
  // Labels like "sgd lr=0.01" already start with the optimizer; others ("fork of ...") get it added.
  const std::string& name = run.optimizer().name();
  std::string text =
      run.label().empty() || run.label().rfind(name, 0) == 0 ? name : run.label() + ": " + name;
  for (const ParamInfo& info : run.optimizer().params()) {
    const std::optional<double> value = run.optimizer().param(info.name);
    if (!value) continue;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, " %s=%.4g", info.name.c_str(), *value);
    text += buffer;
  }
  return text;
}
}  // namespace

void SceneRenderer::drawExportNotes(const Model& model, const PixelRect& viewport, const SceneStyle& style) {
  const double text = overlay_.textPixels();
  const Rgba white{0.97f, 0.97f, 0.97f, 1.0f}, shade{0.0f, 0.0f, 0.0f, 0.55f};
  if (style.stepCounter) {
    const std::string label = "step " + std::to_string(model.runner.currentStep());
    const double width = overlay_.textWidth(label) + 16.0;
    const double left = viewport.x + 8.0, top = viewport.y + 8.0;
    overlay_.filledRect({left, top}, {left + width, top + text + 10.0}, shade);
    overlay_.text({left + 8.0, top + 5.0 + 0.85 * text}, label, white);
  }
  if (style.runLegend) {
    std::vector<std::pair<std::string, Rgba>> rows;
    for (std::size_t i = 0; i < model.runner.size() && i < model.runViews.size(); ++i) {
      if (!model.runViews[i].enabled) continue;
      const Color& c = model.runViews[i].color;
      rows.emplace_back(runNote(model.runner.run(i)), Rgba{c[0], c[1], c[2], 1.0f});
    }
    for (const ImportedOverlay& path : model.importedPaths)
      rows.emplace_back(path.label + " (imported)", Rgba{path.color[0], path.color[1], path.color[2], 1.0f});
    if (rows.empty()) return;
    const double rowHeight = text + 6.0;
    float widest = 0.0f;
    for (const auto& row : rows) widest = std::max(widest, overlay_.textWidth(row.first));
    const double width = 30.0 + widest + 12.0, height = rowHeight * double(rows.size()) + 10.0;
    const double left = viewport.x + 8.0, bottom = viewport.y + viewport.height - 8.0;
    overlay_.filledRect({left, bottom - height}, {left + width, bottom}, shade);
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const double y = bottom - height + 5.0 + rowHeight * (double(k) + 0.5);
      overlay_.line({left + 8.0, y}, {left + 24.0, y}, std::max(style.lineWidth, 3.0f), rows[k].second);
      overlay_.text({left + 30.0, y + 0.35 * text}, rows[k].first, white);
    }
  }
}

}  // namespace gs
