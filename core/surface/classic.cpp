// Classic optimisation test functions (Surjanovic and Bingham's Virtual Library of Simulation
// Experiments gives the definitions and global minima), plus the textbook saddles and an adjustable
// quadratic. Other critical points were located independently (sympy, Newton's method in mpmath).
#include <cmath>
#include <numbers>

#include "core/surface/catalog.hpp"
#include "core/surface/formulas.hpp"

namespace gs {
namespace {

using namespace gs::ad;

std::optional<Surface> rosenbrock(const SurfaceParams&) {
  return Surface{
      .name = "rosenbrock",
      .title = "Rosenbrock",
      .formula = "(1 - x)^2 + 100*(y - x^2)^2",
      .lesson =
          "A long curved valley: finding it is easy, following it to (1, 1) is slow without momentum or "
          "curvature information.",
      .domain = {-2.0, 2.0, -1.0, 3.0},
      .start = {-1.2, 1.0},
      .minima = {{{1.0, 1.0}, 0.0, true}},
      .saddles = {},
      .evaluator = makeFunctionEvaluator(formulas::Rosenbrock{}),
  };
}

std::optional<Surface> beale(const SurfaceParams&) {
  return Surface{
      .name = "beale",
      .title = "Beale",
      .formula = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
      .lesson =
          "Flat arms and steep walls: gradients span orders of magnitude, where adaptive learning rates "
          "shine.",
      .domain = {-4.5, 4.5, -4.5, 4.5},
      .start = {1.0, 1.4},
      .minima = {{{3.0, 0.5}, 0.0, true}},
      .saddles = {{{0.0, 1.0}, 14.203125, false},
                  {{0.10053793732415836, -2.6445135850231250}, 9.8645122847555602, false}},
      .evaluator = makeFunctionEvaluator(formulas::Beale{}),
  };
}

std::optional<Surface> himmelblau(const SurfaceParams&) {
  return Surface{
      .name = "himmelblau",
      .title = "Himmelblau",
      .formula = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
      .lesson = "Four equal minima: which one a run reaches depends on where it starts and on its momentum.",
      .domain = {-5.0, 5.0, -5.0, 5.0},
      .start = {-0.3, -0.9},
      .minima = {{{3.0, 2.0}, 0.0, true},
                 {{-2.8051180869527449, 3.1313125182505730}, 0.0, true},
                 {{-3.7793102533777469, -3.2831859912861694}, 0.0, true},
                 {{3.5844283403304917, -1.8481265269644036}, 0.0, true}},
      .saddles = {{{3.3851541836070209, 0.073851879837749288}, 13.311926270405590, false},
                  {{0.086677504555396352, 2.8842547011747761}, 67.719150087526140, false},
                  {{-3.0730257507643896, -0.081353044287967512}, 104.01516291755811, false},
                  {{-0.12796134673068007, -1.9537149802445764}, 178.33723920192746, false}},
      .evaluator = makeFunctionEvaluator(formulas::Himmelblau{}),
  };
}

std::optional<Surface> booth(const SurfaceParams&) {
  return Surface{
      .name = "booth",
      .title = "Booth",
      .formula = "(x + 2*y - 7)^2 + (2*x + y - 5)^2",
      .lesson =
          "A tilted quadratic bowl: the easy case where every method converges, some faster than others.",
      .domain = {-10.0, 10.0, -10.0, 10.0},
      .start = {-8.0, -6.0},
      .minima = {{{1.0, 3.0}, 0.0, true}},
      .saddles = {},
      .evaluator = makeFunctionEvaluator(formulas::Booth{}),
  };
}

std::optional<Surface> rastrigin(const SurfaceParams&) {
  return Surface{
      .name = "rastrigin",
      .title = "Rastrigin",
      .formula = "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
      .lesson =
          "A bowl covered in regularly spaced local minima: local methods stop in the first one they meet.",
      .domain = {-5.12, 5.12, -5.12, 5.12},
      .start = {3.3, -2.6},
      .minima = {{{0.0, 0.0}, 0.0, true}},
      .saddles = {},
      .evaluator = makeFunctionEvaluator([]<class T>(const T& x, const T& y) -> T {
        constexpr double kTwoPi = 2.0 * std::numbers::pi;
        return 20.0 + square(x) - 10.0 * cos(kTwoPi * x) + square(y) - 10.0 * cos(kTwoPi * y);
      }),
  };
}

// The minimum at the origin is a cone tip (the sqrt term): gradient 0 there, but no finite Hessian.
std::optional<Surface> ackley(const SurfaceParams&) {
  return Surface{
      .name = "ackley",
      .title = "Ackley",
      .formula = "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
      .lesson = "A nearly flat outer region full of ripples around one deep funnel.",
      .domain = {-5.0, 5.0, -5.0, 5.0},
      .start = {3.2, 2.7},
      .minima = {{{0.0, 0.0}, 0.0, true}},
      .saddles = {},
      .evaluator = makeFunctionEvaluator([]<class T>(const T& x, const T& y) -> T {
        constexpr double kTwoPi = 2.0 * std::numbers::pi;
        return -20.0 * exp(-0.2 * sqrt(0.5 * (square(x) + square(y)))) -
               exp(0.5 * (cos(kTwoPi * x) + cos(kTwoPi * y))) + std::numbers::e + 20.0;
      }),
  };
}

std::optional<Surface> goldsteinPrice(const SurfaceParams&) {
  return Surface{
      .name = "goldstein_price",
      .title = "Goldstein-Price",
      .formula =
          "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))*(30 + (2*x - 3*y)^2*(18 - "
          "32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))",
      .lesson =
          "Values from 3 to a million: a fixed learning rate is far too large on the walls or far too "
          "small in the valleys (view it on a log scale).",
      .domain = {-2.0, 2.0, -2.0, 2.0},
      .start = {-1.0, 1.2},
      .minima = {{{0.0, -1.0}, 3.0, true},
                 {{-0.6, -0.4}, 30.0, false},
                 {{1.8, 0.2}, 84.0, false},
                 {{1.2, 0.8}, 840.0, false}},
      .saddles = {{{-0.4, -0.6}, 35.0, false},
                  {{1.2, -0.2}, 99.0, false},
                  {{1.4, 0.6}, 980.0, false},
                  {{0.6, 0.4}, 990.0, false}},
      .evaluator = makeFunctionEvaluator(formulas::GoldsteinPrice{}),
  };
}

std::optional<Surface> sixHumpCamel(const SurfaceParams&) {
  return Surface{
      .name = "six_hump_camel",
      .title = "Six-hump camel",
      .formula = "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
      .lesson = "Six minima, two of them global and mirror images: the start decides the answer.",
      .domain = {-3.0, 3.0, -2.0, 2.0},
      .start = {-1.5, -1.5},
      .minima = {{{0.089842013100318062, -0.71265640302073963}, -1.0316284534898774, true},
                 {{-0.089842013100318062, 0.71265640302073963}, -1.0316284534898774, true},
                 {{-1.7036067149699808, 0.79608356867262512}, -0.21546382438371764, false},
                 {{1.7036067149699808, -0.79608356867262512}, -0.21546382438371764, false},
                 {{-1.6071047529201972, -0.56865145488413137}, 2.1042503103112583, false},
                 {{1.6071047529201972, 0.56865145488413137}, 2.1042503103112583, false}},
      .saddles = {{{0.0, 0.0}, 0.0, false},
                  {{-1.1092053368047864, 0.76826809250953984}, 0.54371860097818514, false},
                  {{1.1092053368047864, -0.76826809250953984}, 0.54371860097818514, false}},
      .evaluator = makeFunctionEvaluator(formulas::SixHumpCamel{}),
  };
}

std::optional<Surface> styblinskiTang(const SurfaceParams&) {
  constexpr double kLow = -2.9035340277711771;
  constexpr double kHigh = 2.7468027709908370;
  constexpr double kRidge = 0.15673125678034010;
  return Surface{
      .name = "styblinski_tang",
      .title = "Styblinski-Tang",
      .formula = "0.5*(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)",
      .lesson = "Four minima of different depths, one per quadrant: the deepest is not the nearest.",
      .domain = {-5.0, 5.0, -5.0, 5.0},
      .start = {3.5, 4.2},
      .minima = {{{kLow, kLow}, -78.332331407542831, true},
                 {{kLow, kHigh}, -64.195612359055358, false},
                 {{kHigh, kLow}, -64.195612359055358, false},
                 {{kHigh, kHigh}, -50.058893310567885, false}},
      .saddles = {{{kRidge, kLow}, -38.970553344716057, false},
                  {{kLow, kRidge}, -38.970553344716057, false},
                  {{kRidge, kHigh}, -24.833834296228585, false},
                  {{kHigh, kRidge}, -24.833834296228585, false}},
      .evaluator = makeFunctionEvaluator(formulas::StyblinskiTang{}),
  };
}

// A degenerate saddle: the Hessian at the origin is zero, so second-order tests say nothing there.
std::optional<Surface> monkeySaddle(const SurfaceParams&) {
  return Surface{
      .name = "monkey_saddle",
      .title = "Monkey saddle",
      .formula = "x^3 - 3*x*y^2",
      .lesson =
          "Three valleys meet at a flat point where gradient and Hessian both vanish: a saddle no "
          "second-order test can see.",
      .domain = {-2.0, 2.0, -2.0, 2.0},
      .start = {1.5, 0.05},
      .minima = {},
      .saddles = {{{0.0, 0.0}, 0.0, false}},
      .evaluator = makeFunctionEvaluator(formulas::MonkeySaddle{}),
  };
}

std::optional<Surface> saddle(const SurfaceParams&) {
  return Surface{
      .name = "saddle",
      .title = "Saddle",
      .formula = "x^2 - y^2",
      .lesson =
          "Started almost on the ridge, gradient descent stalls near the saddle before it slides off; "
          "pure Newton jumps straight onto it.",
      .domain = {-2.0, 2.0, -2.0, 2.0},
      .start = {-1.8, 0.001},
      .minima = {},
      .saddles = {{{0.0, 0.0}, 0.0, false}},
      .evaluator = makeFunctionEvaluator(formulas::Saddle{}),
  };
}

// f = (u^2 + v^2 / kappa) / 2 in axes rotated by theta: Hessian eigenvalues 1 and 1/kappa, so L = 1
// and gradient descent is stable for lr < 2 whatever the condition number.
std::optional<Surface> quadratic(const SurfaceParams& params) {
  const double kappa = params.conditionNumber;
  const double theta = params.rotationDegrees * std::numbers::pi / 180.0;
  const double c = std::cos(theta), s = std::sin(theta);
  const double xx = c * c + s * s / kappa;
  const double xy = c * s * (1.0 - 1.0 / kappa);
  const double yy = s * s + c * c / kappa;
  return Surface{
      .name = "quadratic",
      .title = "Quadratic",
      .formula = "0.5*(" + formulaNumber(xx) + "*x^2 + 2*" + formulaNumber(xy) + "*x*y + " +
                 formulaNumber(yy) + "*y^2)",
      .lesson =
          "A convex quadratic with L = 1: gradient descent converges for lr <= 1/L, and the condition "
          "number sets how slowly.",
      .domain = {-3.0, 3.0, -3.0, 3.0},
      .start = {-2.5, 2.0},
      .minima = {{{0.0, 0.0}, 0.0, true}},
      .saddles = {},
      .evaluator = makeFunctionEvaluator([xx, xy, yy]<class T>(const T& x, const T& y) -> T {
        return 0.5 * (xx * square(x) + 2.0 * xy * x * y + yy * square(y));
      }),
  };
}

constexpr CatalogEntry kEntries[] = {
    {"rosenbrock", rosenbrock},
    {"beale", beale},
    {"himmelblau", himmelblau},
    {"booth", booth},
    {"rastrigin", rastrigin},
    {"ackley", ackley},
    {"goldstein_price", goldsteinPrice},
    {"six_hump_camel", sixHumpCamel},
    {"styblinski_tang", styblinskiTang},
    {"monkey_saddle", monkeySaddle},
    {"saddle", saddle},
    {"quadratic", quadratic},
};

}  // namespace

std::span<const CatalogEntry> classicSurfaces() { return kEntries; }

}  // namespace gs
