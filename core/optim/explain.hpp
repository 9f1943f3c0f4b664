// The step-by-step explainer: the last update of an optimizer broken into sub-steps, each with a title,
// its formula with the live numbers put in, and one glyph to draw on the surface. It only reads the
// optimizer's Terms (filled by the update itself) and hyperparameters: nothing is recomputed.
#pragma once
#include <string>
#include <vector>

#include "core/optim/optimizer.hpp"

namespace gs {

enum class GlyphKind { None, Arrow, Point, Rect };

// Surface coordinates. Arrow: from -> to. Point: at `from`. Rect: centred on `from`, with width and
// height `to`. Arrows of vectors that are not moves (g, m, the velocity) are drawn as the move they
// would make alone: from x_t to x_t - lr * vector, so every arrow shares the step's scale.
struct Glyph {
  GlyphKind kind = GlyphKind::None;
  Vec2 from;
  Vec2 to;
};

struct ExplainStep {
  std::string title;    // e.g. "Scaled previous velocity"
  std::string formula;  // e.g. "0.9 * b_{t-1} = 0.9 * (1.2, -3.4) = (1.08, -3.06)"
  Glyph glyph;
  std::string sentence;  // one plain sentence with the live numbers, e.g. "The velocity shrinks by 0.9."
};

// The sub-steps of `optimizer`'s last update, ending with the move. Empty before its first step.
std::vector<ExplainStep> explainLastStep(const Optimizer& optimizer);

// One scale for every arrow of a step, so that arrows which add up on the surface still add up when
// drawn: the factor (at least 1) by which all arrows are lengthened about their tails so that the
// longest is `minimumLength` long on screen. `screenLength(glyph)` is an arrow's drawn length; a step
// without arrows, or whose longest arrow is already long enough, is drawn at 1.
template <class ScreenLength>
double commonArrowScale(const std::vector<ExplainStep>& steps, ScreenLength screenLength,
                        double minimumLength) {
  double longest = 0.0;
  for (const ExplainStep& step : steps)
    if (step.glyph.kind == GlyphKind::Arrow) {
      const double length = screenLength(step.glyph);
      if (length > longest) longest = length;  // NaN never wins
    }
  return longest > 0.0 && longest < minimumLength ? minimumLength / longest : 1.0;
}

// An arrow lengthened `scale` times about its tail (other glyphs are returned unchanged).
Glyph scaledArrow(const Glyph& glyph, double scale);

}  // namespace gs
