// The step-by-step explainer's picture, the same in the 2D view and on the 3D surface (where it lies
// flat at x_t's height): the sub-steps so far, the current one thick and labelled, a ghost ring where
// the update lands. Contributions in units of x share one scale (the same in both views) and are drawn
// tip to tail, so they visibly add up to the move; g, m and sqrt v are drawn at Display's arrow scale,
// the one the glyph legend states and the runs' own arrows use; both are stated on the plate.
//
// Also the shape of a user-written optimizer's named vectors (m, mhat, update...), in the explainer's
// walk of a program's lines and at a run's ball (RunLook::glyphName): a ticked shaft with an open head.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/optim/explain.hpp"
#include "model.hpp"
#include "render/damage_grid.hpp"
#include "render/overlay_renderer.hpp"

namespace gs {

struct ScreenProjection;
struct SceneStyle;

// A program's named vector drawn at its run's ball, in surface units: from `ball` to
// ball + scale * value, shortened to at most `maxLength` in the same direction (`cut` then says so).
// nullopt, and nothing drawn, when the ball, the value or the scale is not finite or the arrow has no
// length: a non-finite number never reaches the GPU.
struct ValueArrow {
  Vec2 from, to;
  bool cut = false;
};
std::optional<ValueArrow> valueArrow(Vec2 ball, Vec2 value, double scale, double maxLength);

// The named vectors' shape, in pixels: a thin shaft crossed by ticks and an open head (a chevron), with a
// dark edge. Shape, not only hue, tells it from the gradient (solid), momentum (dashed) and step (hollow)
// arrows, so it reads in grey and in print. Nothing is drawn for a non-finite or sub-pixel arrow.
void tickedArrow(OverlayRenderer& overlay, Vec2 from, Vec2 to, float width, const Rgba& color);

// A quantity below this fraction of the view's size is drawn as nothing, not scaled up: a converged run's
// gradient of 3e-23 would need a factor of 1e22 to be seen, and such an arrow says nothing true.
inline constexpr double kNegligibleOfView = 1e-9;
bool negligibleInView(double size, double viewSize);
// The note under a sub-step's title: "gradient units, drawn x62.1", or, for a quantity negligible in the
// view (nothing drawn), "about 0 (|g| = 3e-23)" with `symbol` naming it.
std::string scaleNote(const char* units, double factor, const char* symbol, double size, double viewSize);

// Below this fraction of the view a glyph in gradient units is drawn but too short to read: the note says
// so and points to the Teach panel's "Fit arrows".
inline constexpr double kTooShortOfView = 0.02;
// The note under a sub-step in gradient units, drawn at Display's `arrowScale` (the glyph legend's) as
// `drawnSize` surface units: "gradient units x 0.1, as the legend" (without the legend, as in presentation
// mode, "gradient units x 0.1"), "gradient units x 0.1 (cut)" past
// `cap`, "gradient units x 0.1: too short (Fit arrows)" below kTooShortOfView of the view (the Teach
// panel's button); "about 0 (|g| = 3e-23)" when negligible (nothing drawn), `symbol` naming the quantity and
// `size` its size in gradient units.
std::string gradientNote(double arrowScale, double drawnSize, double cap, double viewSize, const char* symbol,
                         double size, bool legendShown = true);
// The longest a glyph in gradient units is drawn, in surface units, in the runs' arrows and the
// explainer alike: 0.35 of the 2D view's shorter side, 0.6 of the surface's half extent in 3D.
double glyphCapSurface(const ScreenProjection& projection);
// The explainer's two scales, which depend on the surface and the settings only (so the 2D and 3D views
// state the same): contributions in units of x enlarged about x_t by `commonScale` (1, 2 or 5 times a
// power of ten, at least 1) until the longest is a quarter of the domain's shorter side (at least four
// tenths of that); quantities in gradient units drawn at `gradientUnits`, Display's arrow scale.
struct ExplainerScales {
  double commonScale = 1.0;
  double gradientUnits = 1.0;
};
ExplainerScales explainerScales(const Model& model, const std::vector<ExplainStep>& steps);
// The longest half of a sqrt(v) bar (a bar runs sqrt(v_i) x arrow scale each way from the ball along axis i),
// in surface units, in the runs' bars and the explainer's alike: 0.12 of the 2D view's shorter side, 0.2 of
// the surface's half extent in 3D.
double barHalfCapSurface(const ScreenProjection& projection);
// `v` shortened to at most `maxLength` (surface units), so glyphs of huge moments stay on screen.
Vec2 limitVector(Vec2 v, double maxLength);

// The explainer's picture of style.explainRun's last update at style.explainSubStep. Its plate (the
// sub-step's title and scale) goes beside the current glyph's tip, on whichever side covers the least of
// `keepClear` (pixels: legends, axis bands and labels, the step counter, windows over the view), inside the
// view. Returns the plate's box (none where nothing is drawn).
std::optional<PixelRect> drawExplainer(OverlayRenderer& overlay, const Model& model,
                                       const ScreenProjection& projection, const SceneStyle& style,
                                       const std::vector<PixelRect>& keepClear = {});

// Where a plate of `size` (pixels) goes beside the first of `anchors` (the glyph's tip, then its foot),
// `gap` away from it: the first of below right, above right, below left and above left of each anchor in
// turn (or `preferred` first, where given) that, kept inside `viewport`, covers nothing of `keepClear`;
// else the one covering least of it. With `paths` (the tiles over `viewport` the runs' paths cross), the one
// over the fewest of those tiles among places that cover as little of `keepClear`, looking one and two plate
// heights further up or down where every place beside the anchors has paths under it. Its top-left corner.
Vec2 placePlate(const std::vector<Vec2>& anchors, Vec2 size, Vec2 gap, const PixelRect& viewport,
                const std::vector<PixelRect>& keepClear, std::optional<Vec2> preferred = std::nullopt,
                const DamageGrid* paths = nullptr);
// The tiles of a grid over `projection`'s view that the shown runs' paths cross, each path followed at up
// to `pointsPerPath` of its points, but for pieces within `ballRadius` pixels of `ball` (the explained run's
// ball, which the plate goes beside anyway): what the explainer's plate keeps off.
DamageGrid pathTiles(const Model& model, const ScreenProjection& projection, Vec2 ball, double ballRadius,
                     std::size_t pointsPerPath = 48);

}  // namespace gs
