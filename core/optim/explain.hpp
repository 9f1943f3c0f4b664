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
};

// The sub-steps of `optimizer`'s last update, ending with the move. Empty before its first step.
std::vector<ExplainStep> explainLastStep(const Optimizer& optimizer);

}  // namespace gs
