// The theory of a hyperparameter map (core/maps/theory.hpp: the edge of the region where heavy ball /
// gradient descent converges, Polyak's optimum) in the map's picture coordinates, shared by the Maps
// panel (drawn over the map with ImGui) and `gradscape map hyper --png` (drawn on the CPU), so both show
// the same lines in the same places.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/maps/map.hpp"
#include "core/maps/theory.hpp"

namespace gs {

struct TheoryOverlay {
  // Polylines in fractions of the map's picture: u from its left edge, v from its top, both 0 to 1 (a
  // pixel's value sits at its centre, as the crosshair's does).
  std::vector<std::vector<Vec2>> boundary;
  std::optional<Vec2> optimum;  // where Polyak's optimum lies on the picture, when on the map
  std::string optimumLabel;     // "optimum lr 2.31, momentum 0.27" (short: it sits beside the mark)
  // What the lines are, one line each: the edge's rule and where it comes from (exact on a quadratic,
  // else the Hessian at the start), and the optimum's settings and rate (also when off the map).
  std::vector<std::string> notes;
};

// The overlay for `request`, or nullopt where the theory does not apply (hyperMapTheory).
std::optional<TheoryOverlay> theoryOverlay(const MapRequest& request);

// The inverse of the overlay's placement: the (x, y) hyperparameter values at picture fraction (u, v)
// (tests check that the drawn edge lies on the bound).
Vec2 overlayValues(const MapRequest& request, Vec2 fraction);

}  // namespace gs
