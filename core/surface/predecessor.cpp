// The six surfaces of the predecessor app (gradient_descent_viz), with its formulas (its z is our y).
// Critical points were located independently (sympy derivatives, Newton's method in 40-digit mpmath).
#include "core/surface/catalog.hpp"

namespace gs {
namespace {

using namespace gs::ad;

std::optional<Surface> localMinimum(const SurfaceParams&) {
  return Surface{
      .name = "local_minimum",
      .title = "Local minimum",
      .formula = "-2*exp(-((x-1)^2 + (1.4*y)^2)/0.2) - 6*exp(-((x+1)^2 + (1.4*y)^2)/0.2) + x^2 + (1.4*y)^2",
      .lesson =
          "Two basins: plain gradient descent settles in the nearer, shallower one; momentum can roll on "
          "into the deeper one.",
      .domain = {-2.0, 2.0, -2.0, 2.0},
      .start = {1.8, 0.6},
      .minima = {{{-0.96757744645545978, 0.0}, -5.0323399686584346, true},
                 {{0.90531786060084824, 0.0}, -1.0927320384810152, false}},
      .saddles = {{{0.12025036405942183, 0.0}, -0.038564009860319119, false}},
      .evaluator = makeFunctionEvaluator([]<class T>(const T& x, const T& y) -> T {
        const T y14 = square(1.4 * y);
        return -2.0 * exp(-(square(x - 1.0) + y14) / 0.2) - 6.0 * exp(-(square(x + 1.0) + y14) / 0.2) +
               square(x) + y14;
      }),
  };
}

std::optional<Surface> globalMinimum(const SurfaceParams&) {
  return Surface{
      .name = "global_minimum",
      .title = "Global minimum",
      .formula = "x^2 + y^2",
      .lesson = "A round bowl: every method finds its single minimum; compare how fast.",
      .domain = {-2.0, 2.0, -2.0, 2.0},
      .start = {-1.6, 1.2},
      .minima = {{{0.0, 0.0}, 0.0, true}},
      .saddles = {},
      .evaluator =
          makeFunctionEvaluator([]<class T>(const T& x, const T& y) -> T { return square(x) + square(y); }),
  };
}

std::optional<Surface> saddlePoint(const SurfaceParams&) {
  return Surface{
      .name = "saddle_point",
      .title = "Saddle point",
      .formula = "sin(x) + y^2",
      .lesson =
          "Gradient descent slides down to the saddle at (pi/2, 0), then crawls away along x where the "
          "slope vanishes; RMSProp and Adam escape much sooner.",
      .domain = {-3.0, 3.0, -3.0, 3.0},
      .start = {1.45, 1.5},
      .minima = {{{-1.5707963267948966, 0.0}, -1.0, true}},
      .saddles = {{{1.5707963267948966, 0.0}, 1.0, false}},
      .evaluator =
          makeFunctionEvaluator([]<class T>(const T& x, const T& y) -> T { return sin(x) + square(y); }),
  };
}

std::optional<Surface> ellipticBowl(const SurfaceParams&) {
  return Surface{
      .name = "elliptic_bowl",
      .title = "Elliptic bowl",
      .formula = "-exp(-((x/2)^2 + 5*(y/2)^2)) + (x/2)^2 + 0.5*(y/2)^2",
      .lesson =
          "Curvature differs by direction: gradient descent zig-zags across the narrow axis while per-"
          "coordinate methods (RMSProp, Adam) go straighter.",
      .domain = {-4.0, 4.0, -4.0, 4.0},
      .start = {-3.5, 3.0},
      .minima = {{{0.0, 0.0}, -1.0, true}},
      .saddles = {},
      .evaluator = makeFunctionEvaluator([]<class T>(const T& x, const T& y) -> T {
        const T u2 = square(x / 2.0);
        const T v2 = square(y / 2.0);
        return -exp(-(u2 + 5.0 * v2)) + u2 + 0.5 * v2;
      }),
  };
}

std::optional<Surface> hills(const SurfaceParams&) {
  return Surface{
      .name = "hills",
      .title = "Hills",
      .formula =
          "2*exp(-((x-1)^2 + (1.4*y)^2)/0.2) + 6*exp(-((x+1)^2 + (1.4*y)^2)/0.2) - 2*exp(-((x-1)^2 + "
          "(1.4*y+1)^2)/0.2) + x^2 + (1.4*y)^2",
      .lesson =
          "Two hills and a hollow: paths bend around the hills, and a shallow basin between them can trap "
          "a run.",
      .domain = {-2.0, 2.0, -2.0, 2.0},
      .start = {-1.8, 1.2},
      .minima = {{{0.90030652229930732, -0.65340115830394858}, -0.15880861003441460, true},
                 {{0.041507125699561809, -0.00064037763765430414}, 0.048284960796130925, false}},
      .saddles = {{{0.45829297372301094, -0.44998075616155377}, 0.43776865189343133, false},
                  {{1.4852458636525214, 0.0065611916934556123}, 2.8182018464271113, false},
                  {{-1.7102729723408801, 0.0}, 3.4066155215177796, false}},
      .evaluator = makeFunctionEvaluator([]<class T>(const T& x, const T& y) -> T {
        const T y14 = square(1.4 * y);
        return 2.0 * exp(-(square(x - 1.0) + y14) / 0.2) + 6.0 * exp(-(square(x + 1.0) + y14) / 0.2) -
               2.0 * exp(-(square(x - 1.0) + square(1.4 * y + 1.0)) / 0.2) + square(x) + y14;
      }),
  };
}

// r = sqrt((10x)^2 + (10y)^2) + 0.01 has a cone tip at the origin: the minimum there is a kink.
std::optional<Surface> plateau(const SurfaceParams&) {
  return Surface{
      .name = "plateau",
      .title = "Plateau",
      .formula =
          "-sin(sqrt((10*x)^2 + (10*y)^2) + 0.01)/(sqrt((10*x)^2 + (10*y)^2) + 0.01) + "
          "0.01*(sqrt((10*x)^2 + (10*y)^2) + 0.01)^2",
      .lesson =
          "A deep well ringed by a flat shelf and a shallow moat: from outside, a small learning rate "
          "leaves even momentum stuck in the moat, short of the well.",
      .domain = {-1.0, 1.0, -1.0, 1.0},
      .start = {0.75, 0.6},
      .minima = {{{0.0, 0.0}, -0.99998233341666647, true}},
      .saddles = {},
      .evaluator = makeFunctionEvaluator([]<class T>(const T& x, const T& y) -> T {
        const T r = sqrt(square(10.0 * x) + square(10.0 * y)) + 0.01;
        return -sin(r) / r + 0.01 * square(r);
      }),
  };
}

constexpr CatalogEntry kEntries[] = {
    {"local_minimum", localMinimum},
    {"global_minimum", globalMinimum},
    {"saddle_point", saddlePoint},
    {"elliptic_bowl", ellipticBowl},
    {"hills", hills},
    {"plateau", plateau},
};

}  // namespace

std::span<const CatalogEntry> predecessorSurfaces() { return kEntries; }

}  // namespace gs
