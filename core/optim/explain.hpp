// The step-by-step explainer: the last update of an optimizer broken into sub-steps, each with a title,
// its formula with the live numbers put in, and one glyph to draw on the surface. It only reads the
// optimizer's Terms (filled by the update itself) and hyperparameters: nothing is recomputed.
#pragma once
#include <string>
#include <vector>

#include "core/optim/optimizer.hpp"

namespace gs {

enum class GlyphKind { None, Arrow, Point, Rect, Bars, Ellipse };

// What a glyph's lengths are measured in. The contributions that add up to the move are in units of x
// and share one scale (common with the move: drawn tip to tail, they visibly sum to it); quantities in
// the gradient's units (g, m, sqrt v) share a second scale of their own, which the view states. A
// user-written optimizer's named value (m, v, denom...) has units the explainer cannot know: each is
// drawn on a scale of its own, also stated.
enum class GlyphUnits { X, Gradient, Own };

// Surface coordinates.
//   Arrow    from -> to. In units of x it is a contribution to the move, often starting at the tip of the
//            one before; in gradient units it starts at x_t and `to - from` is the vector (-g, -m);
//            in its own units it starts at x_t and `to - from` is the value itself.
//   Point    at `from`.
//   Rect     centred on `from`, with width and height `to` (units of x, true size).
//   Bars     a per-axis magnitude through `from`: a horizontal bar `to.x` long and a vertical one `to.y`
//            long (sqrt v per coordinate, in gradient units).
//   Ellipse  centred on `from`: the curvature ellipse d^T |H| d = 1, with semi-axes `axisA` and `axisB`
//            (eigenvectors of H over sqrt |eigenvalue|, larger first) and the curvatures along them.
struct Glyph {
  GlyphKind kind = GlyphKind::None;
  Vec2 from;
  Vec2 to;
  GlyphUnits units = GlyphUnits::X;
  Vec2 axisA, axisB;
  double curvatureA = 0.0, curvatureB = 0.0;
};

struct ExplainStep {
  std::string title;    // e.g. "Scaled previous velocity"
  std::string formula;  // e.g. "0.9 * b_{t-1} = 0.9 * (1.2, -3.4) = (1.08, -3.06)"
  Glyph glyph;
  std::string sentence;  // one plain sentence with the live numbers, e.g. "The velocity shrinks by 0.9."
};

// The sub-steps of `optimizer`'s last update, ending with the move. Empty before its first step.
std::vector<ExplainStep> explainLastStep(const Optimizer& optimizer);

// One scale for every glyph of a step in units of x, so that arrows which add up on the surface still
// add up when drawn: the factor (at least 1) by which they are all enlarged about x_t (the step's
// origin) so that the longest is `minimumLength` long on screen. `screenLength(glyph)` is an arrow's
// drawn length; a step without such arrows, or whose longest is already long enough, is drawn at 1.
template <class ScreenLength>
double commonArrowScale(const std::vector<ExplainStep>& steps, ScreenLength screenLength,
                        double minimumLength) {
  double longest = 0.0;
  for (const ExplainStep& step : steps)
    if (step.glyph.kind == GlyphKind::Arrow && step.glyph.units == GlyphUnits::X) {
      const double length = screenLength(step.glyph);
      if (length > longest) longest = length;  // NaN never wins
    }
  return longest > 0.0 && longest < minimumLength ? minimumLength / longest : 1.0;
}

// The size of the largest quantity in gradient units (an arrow's length, a bar's), 0 when the step has none
// (or none that is finite and non-zero): what fitting the one scale they share (the app's arrow scale)
// measures.
double largestInGradientUnits(const std::vector<ExplainStep>& steps);
// The length of the longest arrow in units of x (a contribution to the move, or the move), 0 when none.
double longestInUnitsOfX(const std::vector<ExplainStep>& steps);

// A glyph in units of x enlarged `scale` times about `origin` (x_t): tip-to-tail chains stay chained
// and their sum stays their sum. Glyphs in gradient units are returned unchanged.
Glyph onCommonScale(const Glyph& glyph, Vec2 origin, double scale);
// A glyph in gradient units drawn in surface units: its vector (or bar lengths) times `surfaceUnits`,
// from its own `from`. Glyphs in units of x are returned unchanged.
Glyph onGradientScale(const Glyph& glyph, double surfaceUnits);

}  // namespace gs
