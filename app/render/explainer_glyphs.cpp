#include "render/explainer_glyphs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/optim/explain.hpp"
#include "render/run_markers.hpp"
#include "render/scene_projection.hpp"
#include "render/scene_renderer.hpp"
#include "view/ticks.hpp"

namespace gs {
namespace {

constexpr Rgba kInk{0.06f, 0.06f, 0.08f, 1.0f};
// Units of x: bright yellow, solid (no colormap uses it). Gradient units: light cyan, dashed, so the two
// differ in grey and in print by shape, not only by hue. The curvature ellipse: light violet.
constexpr Rgba kXColor{1.0f, 0.84f, 0.04f, 1.0f};
constexpr Rgba kGradientColor{0.45f, 0.9f, 1.0f, 1.0f};
constexpr Rgba kCurvatureColor{0.85f, 0.7f, 1.0f, 1.0f};
// A program's named values, each in units of its own: light pink, ticked.
constexpr Rgba kOwnColor{1.0f, 0.62f, 0.86f, 1.0f};

Rgba faded(Rgba color, float alpha) {
  color[3] *= alpha;
  return color;
}

std::string factorText(const char* units, double factor) {
  char text[64];
  std::snprintf(text, sizeof text, "%s, drawn x%.3g", units, factor);
  return text;
}

// The symbol a sub-step's formula gives its value ("g" in "g = grad f(...) = ..."), between bars; "size"
// when the formula does not start with a plain name.
std::string magnitudeSymbol(const std::string& formula) {
  const std::size_t equals = formula.find(" = ");
  if (equals == std::string::npos || equals == 0 || equals > 10) return "size";
  const std::string name = formula.substr(0, equals);
  if (name.find_first_of(" (") != std::string::npos) return "size";
  return "|" + name + "|";
}

// A solid arrow with a dark edge.
void solidArrow(OverlayRenderer& overlay, Vec2 from, Vec2 to, float width, const Rgba& color) {
  overlay.arrow(from, to, width + 3.0f, faded(kInk, color[3]));
  overlay.arrow(from, to, width, color);
}

// A dashed arrow with a dark edge: quantities in gradient units.
void dashedArrow(OverlayRenderer& overlay, Vec2 from, Vec2 to, float width, const Rgba& color) {
  const Vec2 along = to - from;
  const double length = norm(along);
  if (!(length > 1.0) || !std::isfinite(length)) return;
  const Vec2 direction = along / length;
  const double head = std::min(length, 3.5 * width);
  const double dash = std::max(3.0 * width, 8.0), gap = std::max(1.6 * width, 5.0);
  const Rgba edge = faded(kInk, color[3]);
  for (double done = 0.0; done < length - head; done += dash + gap) {
    const Vec2 a = from + direction * done, b = from + direction * std::min(done + dash, length - head);
    overlay.line(a - direction * 1.5, b + direction * 1.5, width + 3.0f, edge);
    overlay.line(a, b, width, color);
  }
  overlay.arrow(to - direction * (head + 1.0), to, width + 3.0f, edge);
  overlay.arrow(to - direction * (head + 1.0), to, width, color);
}

// The size of plate()'s plate, in pixels.
Vec2 plateSize(const OverlayRenderer& overlay, const std::string& title, const std::string& note) {
  const double line = overlay.textPixels() + 4.0;
  return {std::max(overlay.textWidth(title), overlay.textWidth(note)) + 12.0,
          (note.empty() ? 1.0 : 2.0) * line + 6.0};
}

// `at` moved as little as keeps a box of `size` inside `viewport` (4 pixels in), where it fits.
Vec2 insideView(Vec2 at, Vec2 size, const PixelRect& viewport) {
  return {std::clamp(at.x, viewport.x + 4.0,
                     std::max(viewport.x + viewport.width - size.x - 4.0, viewport.x + 4.0)),
          std::clamp(at.y, viewport.y + 4.0,
                     std::max(viewport.y + viewport.height - size.y - 4.0, viewport.y + 4.0))};
}

// The sub-step's title and, under it, the scale it is drawn at, on a plate whose top left is `at` (dark, or
// near-white on the light theme: see labelPalette).
void plate(OverlayRenderer& overlay, Vec2 at, const std::string& title, const std::string& note,
           const Rgba& color, const LabelPalette& palette) {
  const double size = overlay.textPixels(), line = size + 4.0;
  const auto [width, height] = plateSize(overlay, title, note);
  const double left = at.x, top = at.y;
  overlay.filledRect({left, top}, {left + width, top + height}, palette.plate);
  overlay.text({left + 6.0, top + 3.0 + 0.8 * size + 2.0}, title, color);
  if (!note.empty()) overlay.text({left + 6.0, top + 3.0 + line + 0.8 * size + 2.0}, note, palette.note);
}

}  // namespace

Vec2 placePlate(const std::vector<Vec2>& anchors, Vec2 size, Vec2 gap, const PixelRect& viewport,
                const std::vector<PixelRect>& keepClear, std::optional<Vec2> preferred,
                const DamageGrid* paths) {
  // Path tiles under a plate at `at` (0 without paths).
  const auto pathTilesUnder = [&](Vec2 at) {
    if (paths == nullptr || paths->empty()) return 0;
    constexpr int kTile = DamageGrid::kTile;
    const int columns = (paths->width() + kTile - 1) / kTile, rows = (paths->height() + kTile - 1) / kTile;
    const int c0 = std::max(0, int(std::floor((at.x - viewport.x) / kTile)));
    const int r0 = std::max(0, int(std::floor((at.y - viewport.y) / kTile)));
    const int c1 = std::min(columns - 1, int(std::floor((at.x + size.x - viewport.x) / kTile)));
    const int r1 = std::min(rows - 1, int(std::floor((at.y + size.y - viewport.y) / kTile)));
    int count = 0;
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c) count += paths->marked(c, r);
    return count;
  };
  struct Place {
    Vec2 at;
    double covered = std::numeric_limits<double>::infinity();
    int pathTiles = 0;
  };
  const auto place = [&](Vec2 candidate) {
    Place p{insideView(candidate, size, viewport), 0.0, 0};
    for (const PixelRect& r : keepClear) {
      const double w = std::min(p.at.x + size.x, double(r.x + r.width)) - std::max(p.at.x, double(r.x));
      const double h = std::min(p.at.y + size.y, double(r.y + r.height)) - std::max(p.at.y, double(r.y));
      if (w > 0.0 && h > 0.0) p.covered += w * h;
    }
    p.pathTiles = pathTilesUnder(p.at);
    return p;
  };
  // `shift` plate heights away from the anchor, up or down with the side.
  const auto beside = [&](Vec2 anchor, Vec2 side, int shift) {
    return Vec2{
        side.x > 0 ? anchor.x + gap.x : anchor.x - gap.x - size.x,
        (side.y > 0 ? anchor.y + gap.y : anchor.y - gap.y - size.y) + side.y * shift * (size.y + gap.y)};
  };
  constexpr Vec2 kSides[] = {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
  // Beside an anchor: the first place covering no note, else the one covering least; among equals, over the
  // fewest path tiles.
  Place best;
  std::vector<Vec2> near;
  if (preferred) near.push_back(*preferred);
  for (const Vec2 anchor : anchors)
    for (const Vec2 side : kSides) near.push_back(beside(anchor, side, 0));
  for (const Vec2 candidate : near) {
    const Place p = place(candidate);
    if (std::pair{p.covered, p.pathTiles} < std::pair{best.covered, best.pathTiles}) best = p;
    if (best.covered == 0.0 && best.pathTiles == 0) return best.at;
  }
  // Over paths there: one or two plate heights further up or down, where that covers fewer path tiles and no
  // more of the notes.
  for (int shift = 1; shift <= 2 && paths != nullptr && best.pathTiles > 0; ++shift)
    for (const Vec2 anchor : anchors)
      for (const Vec2 side : kSides) {
        const Place p = place(beside(anchor, side, shift));
        if (p.covered <= best.covered && p.pathTiles < best.pathTiles) best = p;
      }
  return best.at;
}

DamageGrid pathTiles(const Model& model, const ScreenProjection& projection, Vec2 ball, double ballRadius,
                     std::size_t pointsPerPath) {
  const PixelRect& view = projection.viewport;
  DamageGrid grid;
  grid.reset(view.width, view.height);
  const double longest = 4.0 * (view.width + view.height);  // a diverging run's jump: not followed
  const auto mark = [&](Vec2 a, Vec2 b) {
    const double length = norm(b - a);
    if (!(length <= longest) || (norm(a - ball) <= ballRadius && norm(b - ball) <= ballRadius)) return;
    const int pieces = std::max(1, int(std::ceil(length / DamageGrid::kTile)));
    for (int i = 0; i < pieces; ++i) {
      const Vec2 p = a + (double(i) / pieces) * (b - a), q = a + (double(i + 1) / pieces) * (b - a);
      grid.mark(float(std::min(p.x, q.x) - view.x), float(std::min(p.y, q.y) - view.y),
                float(std::max(p.x, q.x) - view.x), float(std::max(p.y, q.y) - view.y));
    }
  };
  for (const Run& run : model.runner.runs()) {
    const std::vector<Vec2>& path = run.path();
    if (!run.look().enabled || path.empty()) continue;
    const std::vector<double>& losses = run.losses();
    const bool recorded = losses.size() == path.size();  // heights for the 3D view without evaluating f
    const std::size_t stride =
        std::max<std::size_t>(1, path.size() / std::max<std::size_t>(pointsPerPath, 1));
    std::optional<Vec2> last;
    const auto follow = [&](std::size_t k) {
      const std::optional<Vec2> at = !projection.is3D ? projection.at(path[k])
                                     : recorded
                                         ? projection.at(path[k], projection.normalizer->normalize(losses[k]))
                                         : projection.at(path[k]);
      if (at && isFinite(*at) && last) mark(*last, *at);
      last = at && isFinite(*at) ? at : std::nullopt;
    };
    for (std::size_t k = 0; k < path.size(); k += stride) follow(k);
    if ((path.size() - 1) % stride != 0) follow(path.size() - 1);
  }
  return grid;
}

bool negligibleInView(double size, double viewSize) {
  return !(std::abs(size) >= kNegligibleOfView * viewSize);  // NaN too: nothing to draw
}

std::string scaleNote(const char* units, double factor, const char* symbol, double size, double viewSize) {
  if (!negligibleInView(size, viewSize)) return factorText(units, factor);
  char text[80];
  std::snprintf(text, sizeof text, "about 0 (%s = %.2g)", symbol, std::abs(size));
  return text;
}

std::string gradientNote(double arrowScale, double drawnSize, double cap, double viewSize, const char* symbol,
                         double size, bool legendShown) {
  char text[112];
  if (negligibleInView(drawnSize, viewSize)) {
    std::snprintf(text, sizeof text, "about 0 (%s = %.2g)", symbol, std::abs(size));
    return text;
  }
  const char* state = drawnSize > cap                          ? " (cut)"
                      : drawnSize < kTooShortOfView * viewSize ? ": too short (Fit arrows)"
                      : legendShown                            ? ", as the legend"
                                                               : "";
  std::snprintf(text, sizeof text, "gradient units x %.3g%s", arrowScale, state);
  return text;
}

ExplainerScales explainerScales(const Model& model, const std::vector<ExplainStep>& steps) {
  ExplainerScales scales;
  const Domain& domain = model.runner.surface().domain;
  const double domainSide = std::min(domain.xMax - domain.xMin, domain.yMax - domain.yMin);
  if (!negligibleInView(longestInUnitsOfX(steps), domainSide)) {
    const double fitted = commonArrowScale(
        steps, [](const Glyph& glyph) { return norm(glyph.to - glyph.from); }, domainSide / 4.0);
    scales.commonScale = std::max(1.0, niceAtMost(fitted));
  }
  const double arrowScale = model.display.arrowScale;
  scales.gradientUnits = std::isfinite(arrowScale) && arrowScale > 0.0 ? arrowScale : 1.0;
  return scales;
}

double barHalfCapSurface(const ScreenProjection& projection) {
  return projection.is3D ? 0.2 * projection.frame.halfExtent
                         : 0.12 * std::min(projection.viewport.width, projection.viewport.height) *
                               projection.view.unitsPerPixel;
}

Vec2 limitVector(Vec2 v, double maxLength) {
  const double length = norm(v);
  return length > maxLength ? v * (maxLength / length) : v;
}

double glyphCapSurface(const ScreenProjection& projection) {
  return projection.is3D ? 0.6 * projection.frame.halfExtent
                         : 0.35 * std::min(projection.viewport.width, projection.viewport.height) *
                               projection.view.unitsPerPixel;
}

std::optional<ValueArrow> valueArrow(Vec2 ball, Vec2 value, double scale, double maxLength) {
  if (!isFinite(ball) || !isFinite(value) || !std::isfinite(scale)) return std::nullopt;
  const Vec2 along = scale * value;
  const double length = norm(along);
  if (!(length > 0.0) || !std::isfinite(length)) return std::nullopt;  // an overflowing product too
  if (length <= maxLength) return ValueArrow{ball, ball + along, false};
  return ValueArrow{ball, ball + along * (maxLength / length), true};
}

void tickedArrow(OverlayRenderer& overlay, Vec2 from, Vec2 to, float width, const Rgba& color) {
  const Vec2 along = to - from;
  const double length = norm(along);
  if (!isFinite(from) || !(length > 2.0) || !std::isfinite(length)) return;
  const Vec2 direction = along / length, side{-direction.y, direction.x};
  const double head = std::min(length, 3.2 * width), headHalf = 1.5 * width;
  const float shaft = std::max(1.5f, 0.6f * width), edge = shaft + 2.5f;
  const double tick = 1.3 * width + 1.0, spacing = std::max(3.0 * width, 9.0);
  const Rgba ink = faded(kInk, color[3]);
  const Vec2 wingA = to - direction * head + side * headHalf, wingB = to - direction * head - side * headHalf;
  // Edges first, then the colour over them, so crossings stay clean.
  for (int pass = 0; pass < 2; ++pass) {
    const float w = pass == 0 ? edge : shaft;
    const Rgba& c = pass == 0 ? ink : color;
    overlay.line(from, to, w, c);
    for (double at = spacing; at < length - head - 0.5 * spacing; at += spacing) {
      const Vec2 p = from + direction * at;
      overlay.line(p - side * tick, p + side * tick, w, c);
    }
    overlay.line(wingA, to + direction * (pass == 0 ? 1.0 : 0.0), w + 0.5f, c);
    overlay.line(wingB, to + direction * (pass == 0 ? 1.0 : 0.0), w + 0.5f, c);
  }
}

namespace {

struct Layout {
  Layout(const ScreenProjection& projection_, Vec2 origin_) : projection(projection_), origin(origin_) {}
  const ScreenProjection& projection;
  Vec2 origin;                           // x_t
  Rgba curvatureText = kCurvatureColor;  // the curvature labels' colour (the theme's, see labelPalette)
  double height = 0.0;                   // 3D: the glyphs lie flat at x_t's height
  double commonScale = 1.0;              // units of x
  double gradientUnits = 0;              // surface units per gradient unit: Display's arrow scale
  double gradientCap = 0;                // the longest a glyph in gradient units is drawn (surface units)
  double barHalfCap = 0;                 // the longest half of a sqrt(v) bar (surface units)
  double curvatureUnits = 0;
  double ownUnits = 0;  // surface units per unit of the current sub-step's own value
  // Quantities negligible in the view (a converged run's) are not drawn: see kNegligibleOfView.
  bool xNegligible = false, gradientNegligible = false;

  std::optional<Vec2> at(Vec2 p) const {
    const auto pixel = projection.at(p, height);
    if (!pixel || !isFinite(*pixel)) return std::nullopt;
    return pixel;
  }
};

// Draws one sub-step's glyph; returns where its label goes (the arrow's tip, the bar's end...).
std::optional<Vec2> drawGlyph(OverlayRenderer& overlay, const Layout& layout, const Glyph& glyph, float width,
                              float alpha) {
  switch (glyph.kind) {
    case GlyphKind::Arrow: {
      if ((glyph.units == GlyphUnits::X && layout.xNegligible) ||
          (glyph.units == GlyphUnits::Gradient && layout.gradientNegligible))
        return std::nullopt;
      if (glyph.units == GlyphUnits::Own) {
        const auto drawn = valueArrow(glyph.from, glyph.to - glyph.from, layout.ownUnits,
                                      std::numeric_limits<double>::infinity());
        if (!drawn) return std::nullopt;
        const auto a = layout.at(drawn->from), b = layout.at(drawn->to);
        if (!a || !b) return std::nullopt;
        tickedArrow(overlay, *a, *b, width, faded(kOwnColor, alpha));
        return b;
      }
      const bool gradient = glyph.units == GlyphUnits::Gradient;
      Glyph drawn = gradient ? onGradientScale(glyph, layout.gradientUnits)
                             : onCommonScale(glyph, layout.origin, layout.commonScale);
      if (gradient) drawn.to = drawn.from + limitVector(drawn.to - drawn.from, layout.gradientCap);
      const auto a = layout.at(drawn.from), b = layout.at(drawn.to);
      if (!a || !b) return std::nullopt;
      if (gradient)
        dashedArrow(overlay, *a, *b, width, faded(kGradientColor, alpha));
      else
        solidArrow(overlay, *a, *b, width, faded(kXColor, alpha));
      return b;
    }
    case GlyphKind::Point: {
      const auto p = layout.projection.at(glyph.from);
      if (!p || !isFinite(*p)) return std::nullopt;
      overlay.disc(*p, 2.2f * width, faded(kInk, alpha));
      overlay.disc(*p, 1.6f * width, faded(kXColor, alpha));
      return p;
    }
    case GlyphKind::Bars: {
      // sqrt v per axis: a horizontal and a vertical bar through x_t, with end ticks, on g's scale.
      if (layout.gradientNegligible) return std::nullopt;
      const Glyph drawn = onGradientScale(glyph, layout.gradientUnits);
      std::optional<Vec2> labelAt;
      const Rgba color = faded(kGradientColor, alpha), edge = faded(kInk, alpha);
      for (const Vec2 axis : {Vec2{1.0, 0.0}, Vec2{0.0, 1.0}}) {
        const double half = std::min(std::abs(axis.x > 0.0 ? drawn.to.x : drawn.to.y), layout.barHalfCap);
        const auto a = layout.at(glyph.from - axis * half), b = layout.at(glyph.from + axis * half);
        if (!a || !b) continue;
        const Vec2 along = *b - *a;
        const double pixels = norm(along);
        overlay.line(*a, *b, width + 3.0f, edge);
        overlay.line(*a, *b, width, color);
        if (pixels > 1.0) {
          const Vec2 across = Vec2{-along.y, along.x} * ((2.0 * width + 3.0) / pixels);
          for (const Vec2 end : {*a, *b}) {
            overlay.line(end - across, end + across, width + 3.0f, edge);
            overlay.line(end - across, end + across, width, color);
          }
        }
        if (!labelAt || b->x > labelAt->x) labelAt = *b;
      }
      return labelAt;
    }
    case GlyphKind::Ellipse: {
      // The curvature ellipse and its two axes, each labelled with its curvature.
      const Rgba color = faded(kCurvatureColor, alpha), edge = faded(kInk, alpha);
      const Vec2 a = glyph.axisA * layout.curvatureUnits, b = glyph.axisB * layout.curvatureUnits;
      if (!isFinite(a) || !isFinite(b)) return std::nullopt;
      constexpr int kSegments = 48;
      std::vector<Vec2> outline;
      for (int i = 0; i <= kSegments; ++i) {
        const double angle = 2.0 * M_PI * i / kSegments;
        const auto p = layout.at(glyph.from + std::cos(angle) * a + std::sin(angle) * b);
        if (p) outline.push_back(*p);
      }
      for (std::size_t i = 1; i < outline.size(); ++i)
        overlay.line(outline[i - 1], outline[i], width + 3.0f, edge);
      for (std::size_t i = 1; i < outline.size(); ++i) overlay.line(outline[i - 1], outline[i], width, color);
      // Each axis labelled with its curvature at its far end (-axis), the plate goes right of the ellipse.
      const auto center = layout.at(glyph.from);
      for (const auto& [axis, curvature] : {std::pair{a, glyph.curvatureA}, std::pair{b, glyph.curvatureB}}) {
        const auto p = layout.at(glyph.from - axis), q = layout.at(glyph.from + axis);
        if (!p || !q) continue;
        overlay.line(*p, *q, 0.5f * width + 2.0f, edge);
        overlay.line(*p, *q, 0.5f * width, color);
        char text[48];
        std::snprintf(text, sizeof text, "curvature %.3g", curvature);
        const bool leftward = center && p->x < center->x;
        overlay.text(*p + Vec2{leftward ? -6.0 : 6.0, 0.0}, text, faded(layout.curvatureText, alpha),
                     leftward ? TextAlign::Right : TextAlign::Left);
      }
      std::optional<Vec2> labelAt;
      for (const Vec2& point : outline)
        if (!labelAt || point.x > labelAt->x) labelAt = point;
      return labelAt;
    }
    case GlyphKind::Rect:
    case GlyphKind::None:
      break;
  }
  return std::nullopt;
}

}  // namespace

std::optional<PixelRect> drawExplainer(OverlayRenderer& overlay, const Model& model,
                                       const ScreenProjection& projection, const SceneStyle& style,
                                       const std::vector<PixelRect>& keepClear) {
  if (style.explainRun < 0) return std::nullopt;
  const auto run = static_cast<std::size_t>(style.explainRun);
  if (run >= model.runner.size()) return std::nullopt;
  if (run < model.runner.size() && !model.runner.run(run).look().enabled) return std::nullopt;
  const std::vector<ExplainStep> steps = explainLastStep(model.runner.run(run).optimizer());
  if (steps.empty()) return std::nullopt;
  const int current = std::clamp(style.explainSubStep, 0, static_cast<int>(steps.size()) - 1);
  const Glyph& move = steps.back().glyph;
  Layout layout(projection, move.from);
  const LabelPalette& palette = labelPalette(model.display.theme == Theme::Light);
  layout.curvatureText = palette.curvature;
  if (projection.is3D) layout.height = projection.heightAt(move.from);
  if (!std::isfinite(layout.height)) return std::nullopt;
  const float width = style.lineWidth;
  const PixelRect& viewport = projection.viewport;
  // An update off the view (a diverging run's last one, far outside) is not drawn: its plate, pinned to the
  // view's corner, pointed at nothing. In 3D the mesh covers the domain only. The explainer's window still
  // states its numbers.
  const Domain& domain = model.runner.surface().domain;
  const bool onMesh = !projection.is3D || (move.from.x >= domain.xMin && move.from.x <= domain.xMax &&
                                           move.from.y >= domain.yMin && move.from.y <= domain.yMax);
  const std::optional<Vec2> origin = layout.at(move.from);
  if (!onMesh || !origin || !viewport.contains(origin->x, origin->y)) return std::nullopt;
  // The view's size in surface units, against which a quantity is negligible.
  const double viewSize = projection.is3D
                              ? 2.0 * projection.frame.halfExtent
                              : std::min(viewport.width, viewport.height) * projection.view.unitsPerPixel;
  const double largestGradient = largestInGradientUnits(steps);
  layout.xNegligible = negligibleInView(longestInUnitsOfX(steps), viewSize);
  const ExplainerScales scales = explainerScales(model, steps);
  if (!layout.xNegligible) layout.commonScale = scales.commonScale;
  layout.gradientUnits = scales.gradientUnits;
  layout.gradientCap = glyphCapSurface(projection);
  layout.barHalfCap = barHalfCapSurface(projection);
  layout.gradientNegligible = negligibleInView(largestGradient * layout.gradientUnits, viewSize);
  // Curvatures and a program's own values: the largest is a sixth of the view (in 3D, of the surface) long.
  const double targetSurface =
      projection.is3D ? 0.3 * projection.frame.halfExtent
                      : std::min(viewport.width, viewport.height) * projection.view.unitsPerPixel / 6.0;
  for (const ExplainStep& step : steps)
    if (step.glyph.kind == GlyphKind::Ellipse && norm(step.glyph.axisA) > 0.0)
      layout.curvatureUnits = 0.8 * targetSurface / norm(step.glyph.axisA);

  // A program's value, in units of its own: drawn as long as the largest gradient-units glyph is.
  const ExplainStep& step = steps[static_cast<std::size_t>(current)];
  const double ownSize = norm(step.glyph.to - step.glyph.from);
  if (step.glyph.units == GlyphUnits::Own)
    layout.ownUnits =
        !negligibleInView(ownSize, viewSize) && std::isfinite(ownSize) ? targetSurface / ownSize : 0.0;

  // The sub-steps already shown stay, thinner and fainter, so the sum builds up. A program's earlier
  // values do not: each has units of its own, and they add up to nothing.
  for (int i = 0; i < current; ++i)
    if (steps[static_cast<std::size_t>(i)].glyph.units != GlyphUnits::Own)
      drawGlyph(overlay, layout, steps[static_cast<std::size_t>(i)].glyph, 0.55f * width, 0.6f);
  // The ghost ball: where this update lands, on the surface, at its true place; see-through, so what it
  // lands on still shows.
  if (const auto ghost = projection.at(move.to); ghost && isFinite(*ghost)) {
    overlay.disc(*ghost, 1.6f * style.ballRadius, Rgba{kXColor[0], kXColor[1], kXColor[2], 0.3f});
    overlay.ring(*ghost, 1.6f * style.ballRadius, 4.0f, kInk);
    overlay.ring(*ghost, 1.6f * style.ballRadius, 2.0f, kXColor);
  }
  std::optional<Vec2> labelAt = drawGlyph(overlay, layout, step.glyph, width, 1.0f);
  if (!labelAt) labelAt = origin;
  std::string note;
  Rgba labelColor = palette.xUnits;
  const std::string symbol = magnitudeSymbol(step.formula);
  const Vec2 stepVector = step.glyph.to - step.glyph.from;
  const double stepSize = step.glyph.kind == GlyphKind::Bars
                              ? std::max(std::abs(step.glyph.to.x), std::abs(step.glyph.to.y))
                              : norm(stepVector);
  if (step.glyph.kind == GlyphKind::Arrow && step.glyph.units == GlyphUnits::X &&
      (layout.commonScale > 1.0 || layout.xNegligible))
    note = layout.xNegligible ? scaleNote("units of x", 1.0, symbol.c_str(), stepSize, viewSize)
                              : factorText("units of x", layout.commonScale);
  if (step.glyph.units == GlyphUnits::Gradient &&
      (step.glyph.kind == GlyphKind::Arrow || step.glyph.kind == GlyphKind::Bars)) {
    note = gradientNote(layout.gradientUnits, stepSize * layout.gradientUnits, layout.gradientCap, viewSize,
                        symbol.c_str(), stepSize, style.legend);
    labelColor = palette.gradientUnits;
  }
  if (step.glyph.units == GlyphUnits::Own && step.glyph.kind == GlyphKind::Arrow) {
    if (layout.ownUnits > 0.0)
      note = factorText("its own units", layout.ownUnits);
    else if (std::isfinite(ownSize))
      note = scaleNote("its own units", 1.0, symbol.c_str(), ownSize, viewSize);
    labelColor = palette.ownUnits;
  }
  if (step.glyph.kind == GlyphKind::Ellipse) {
    labelColor = palette.curvature;
    note = factorText("the level set d^T |H| d = 1", layout.curvatureUnits);
  }
  const Vec2 size = plateSize(overlay, step.title, note), gap{2.0 * width, 1.5 * width};
  // A program's value starts at x_t and may point anywhere: its plate goes beyond its tip, never over it.
  std::optional<Vec2> beyondTip;
  if (step.glyph.units == GlyphUnits::Own)
    beyondTip = Vec2{labelAt->x < origin->x ? labelAt->x - gap.x - size.x : labelAt->x + gap.x,
                     labelAt->y < origin->y ? labelAt->y - gap.y - size.y : labelAt->y + gap.y};
  // Off the run's own ball too, where the arrow's tip reaches away from it (beside a tip on the ball, every
  // side touches it).
  std::vector<PixelRect> keep = keepClear;
  const double reach = ballReach(style.ballRadius);
  if (norm(*labelAt - *origin) > reach + std::max(gap.x, gap.y)) keep.push_back(boxAround(*origin, reach));
  const DamageGrid paths = pathTiles(model, projection, *origin, reach);
  const Vec2 at = placePlate({*labelAt, *origin}, size, gap, viewport, keep, beyondTip, &paths);
  plate(overlay, at, step.title, note, labelColor, palette);
  return PixelRect{static_cast<int>(std::floor(at.x)), static_cast<int>(std::floor(at.y)),
                   static_cast<int>(std::ceil(size.x)), static_cast<int>(std::ceil(size.y))};
}

}  // namespace gs
