// The step-by-step explainer's picture, the same in the 2D view and on the 3D surface (where it lies
// flat at x_t's height): the sub-steps so far, the current one thick and labelled, a ghost ring where
// the update lands. Contributions in units of x share one scale and are drawn tip to tail, so they
// visibly add up to the move; g, m and sqrt v share a scale of their own; both are stated.
#pragma once
#include "model.hpp"
#include "render/overlay_renderer.hpp"

namespace gs {

struct ScreenProjection;
struct SceneStyle;

void drawExplainer(OverlayRenderer& overlay, const Model& model, const ScreenProjection& projection,
                   const SceneStyle& style);

}  // namespace gs
