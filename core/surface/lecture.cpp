// The lecture notes' own examples: finding sqrt 8 by gradient descent, and a bumpy x cos(pi x)
// landscape with several local minima. Critical points located independently (sympy, mpmath Newton).
#include <cmath>
#include <numbers>

#include "core/surface/catalog.hpp"

namespace gs {
namespace {

using namespace gs::ad;

std::optional<Surface> sqrt8(const SurfaceParams&) {
  const double root = std::sqrt(8.0);
  return Surface{
      .name = "sqrt8",
      .title = "Finding sqrt 8",
      .formula = "(x^2 - 8)^2 + y^2",
      .lesson =
          "Root finding as optimisation: gradient descent on (x^2 - 8)^2 from x = 3 with lr 0.01 finds "
          "sqrt 8 = 2.828...",
      .domain = {-4.0, 4.0, -3.0, 3.0},
      .start = {3.0, 1.0},
      .minima = {{{root, 0.0}, 0.0, true}, {{-root, 0.0}, 0.0, true}},
      .saddles = {{{0.0, 0.0}, 64.0, false}},
      .evaluator = makeFunctionEvaluator(
          []<class T>(const T& x, const T& y) -> T { return square(square(x) - 8.0) + square(y); }),
  };
}

// g(t) = t cos(pi t) + t^2 / 4 in each coordinate, f = g(x) + g(y). In [-2.6, 1.8] g has minima at
// -2 (exactly: g'(-2) = 1 - 1 = 0), -0.2540 and 1.0454 and maxima at -1.1359 and 0.2961; f's minima
// are their pairs, its saddles a minimum of one coordinate with a maximum of the other.
struct Critical1D {
  double at;
  double value;  // g(at)
};
constexpr Critical1D kBumpyMinima[] = {
    {-2.0, -1.0},
    {-0.25398125446558169, -0.16120501761001757},
    {1.0454266664671357, -0.76156952846057379},
};
constexpr Critical1D kBumpyMaxima[] = {
    {-1.1359400341664418, 1.3565044048257039},
    {0.29608254668134892, 0.19888389639339584},
};

std::optional<Surface> bumpy(const SurfaceParams&) {
  Surface surface{
      .name = "bumpy",
      .title = "Bumpy",
      .formula = "x*cos(pi*x) + y*cos(pi*y) + 0.25*(x^2 + y^2)",
      .lesson =
          "Nine hollows of different depths: gradient descent stops in the nearest, momentum can roll "
          "over a bump into a deeper one.",
      .domain = {-2.6, 1.8, -2.6, 1.8},
      .start = {1.5, 1.6},
      .minima = {},
      .saddles = {},
      .evaluator = makeFunctionEvaluator([]<class T>(const T& x, const T& y) -> T {
        constexpr double kPi = std::numbers::pi;
        return x * cos(kPi * x) + y * cos(kPi * y) + 0.25 * (square(x) + square(y));
      }),
  };
  for (const Critical1D& a : kBumpyMinima) {
    for (const Critical1D& b : kBumpyMinima)
      surface.minima.push_back({{a.at, b.at}, a.value + b.value, a.at == -2.0 && b.at == -2.0});
    for (const Critical1D& m : kBumpyMaxima) {
      surface.saddles.push_back({{a.at, m.at}, a.value + m.value, false});
      surface.saddles.push_back({{m.at, a.at}, m.value + a.value, false});
    }
  }
  return surface;
}

constexpr CatalogEntry kEntries[] = {{"sqrt8", sqrt8}, {"bumpy", bumpy}};

}  // namespace

std::span<const CatalogEntry> lectureSurfaces() { return kEntries; }

}  // namespace gs
