// Where a run's end is marked on a view, without GL: a cross at a diverged run's last finite point, or an
// arrow on the view's edge toward a run that left it, and where the "diverged at step k" plate goes. The
// scene renderer draws these (SceneRenderer::drawRunMarkers); presentation mode keeps its windows off the
// plates (presentationScene).
#pragma once
#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/runner.hpp"
#include "render/scene_projection.hpp"
#include "view/edge_markers.hpp"

namespace gs {

// The runs' balls' radius in window pixels at UI scale `uiScale` (the app's SceneStyle::ballRadius, times
// the framebuffer's pixels per window pixel): the marks below are placed around balls of this size.
inline float ballRadiusPixels(float uiScale) { return 6.5f * std::max(uiScale, 1.0f); }

struct RunEndMark {
  std::optional<Vec2> cross;        // a diverged run's last finite point, inside the view
  std::optional<EdgeMarker> arrow;  // on the view's edge, toward where the run went
  std::optional<Vec2> labelAt;      // a diverged run's plate: its left end, vertically centred
  std::string label;                // "diverged at step k" (empty unless diverged)
};
// The marks of `run` in `projection`'s view with balls of radius `ballRadius` pixels; nullopt when it
// needs none (a disabled or empty run, or one whose ball is in the view).
std::optional<RunEndMark> runEndMark(const Run& run, const Domain& domain, const ScreenProjection& projection,
                                     double ballRadius);

// The box of a label plate anchored at `at` (left end, vertically centred) whose text is `textWidth` wide
// at `textPixels`, kept inside `viewport`.
struct PlateBox {
  double left = 0.0, top = 0.0, width = 0.0, height = 0.0;
};
PlateBox plateBox(Vec2 at, double textWidth, double textPixels, const PixelRect& viewport);

// How far a ball of `ballRadius` (drawn as a disc, or as a sphere 1.3 times as wide in 3D) reaches from its
// centre with its outline: half the side of the box a plate keeps off.
inline double ballReach(double ballRadius) { return 1.3 * ballRadius + 2.0; }
// A square of half-side `reach` around `centre`, in whole pixels.
PixelRect boxAround(Vec2 centre, double reach);

// Where the runs of `runner` shown in `projection`'s view are, in its pixels: a box around each ball in the
// view, or else around its end marks (edge arrow, cross) and its "diverged at step k" plate (text measured
// by `textWidth` at `textPixels`). What a plate laid over the view (the explainer's) keeps off, to hide no
// run.
std::vector<PixelRect> runBoxes(const Runner& runner, const ScreenProjection& projection, double ballRadius,
                                const std::function<double(std::string_view)>& textWidth, double textPixels);

// Boxes around the start marker and, with `minima` (Display's "minima"), the surface's known minima and
// saddles, where `projection` draws them (stars and crosses a little larger than a ball, with their
// outlines): where the paths start and are going, which a plate over the view keeps off too.
std::vector<PixelRect> landmarkBoxes(const Runner& runner, const ScreenProjection& projection,
                                     double ballRadius, bool minima);

}  // namespace gs
