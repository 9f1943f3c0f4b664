#include "maps/theory_overlay.hpp"

#include <cmath>
#include <cstdio>

#include "core/math/text.hpp"

namespace gs {
namespace {

// Picture fraction of `value` on `axis` sampled `n` times: sample i's pixel spans [i, i + 1) / n and its
// value sits at its centre.
double fractionOf(const HyperAxis& axis, double value, int n) {
  return (axisPosition(axis, value, n) + 0.5) / static_cast<double>(n);
}

double valueAt(const HyperAxis& axis, double fraction, int n) {
  const double t = n > 1 ? (fraction * n - 0.5) / static_cast<double>(n - 1) : 0.0;
  return axis.log ? axis.lo * std::pow(axis.hi / axis.lo, t) : axis.lo + t * (axis.hi - axis.lo);
}

std::string shortNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

}  // namespace

Vec2 overlayValues(const MapRequest& request, Vec2 fraction) {
  return {valueAt(request.x, fraction.x, request.width),
          valueAt(request.y, 1.0 - fraction.y, request.height)};
}

std::optional<TheoryOverlay> theoryOverlay(const MapRequest& request) {
  const auto theory = hyperMapTheory(request);
  if (!theory) return std::nullopt;
  const auto place = [&](Vec2 values) {
    return Vec2{fractionOf(request.x, values.x, request.width),
                1.0 - fractionOf(request.y, values.y, request.height)};
  };
  TheoryOverlay overlay;
  for (const auto& piece : theory->boundary) {
    std::vector<Vec2> line;
    line.reserve(piece.size());
    for (const Vec2 values : piece) line.push_back(place(values));
    overlay.boundary.push_back(std::move(line));
  }
  const bool momentumAxis = request.x.name == "momentum" || request.y.name == "momentum";
  const std::string source = theory->constantHessian ? "exact: the Hessian is the same everywhere"
                                                     : "from the Hessian at the start (a local guide here)";
  overlay.notes.push_back(
      concat("L = ", shortNumber(theory->largest), ", mu = ", shortNumber(theory->smallest), ", ", source));
  overlay.notes.push_back(momentumAxis ? "line: lr L = 2 + 2 momentum; heavy ball converges on the side of "
                                         "smaller lr (Polyak 1964)"
                                       : "line: lr L = 2 + 2 momentum (2 for gradient descent); it "
                                         "converges on the side of smaller lr");
  if (momentumAxis && theory->optimalSettings.lr > 0.0) {
    const OptimalSettings& best = theory->optimalSettings;
    overlay.optimumLabel = "optimum lr " + shortNumber(best.lr) + ", momentum " + shortNumber(best.momentum);
    overlay.notes.push_back("optimal (Polyak; Distill's \"Why Momentum Really Works\"): lr " +
                            shortNumber(best.lr) + ", momentum " + shortNumber(best.momentum) + ", error x " +
                            shortNumber(best.rate) + " per step" +
                            (theory->optimum ? "" : " (off this map)"));
    if (theory->optimum) overlay.optimum = place(*theory->optimum);
  }
  if (overlay.boundary.empty()) overlay.notes.push_back("the line lies outside this map's ranges");
  return overlay;
}

}  // namespace gs
