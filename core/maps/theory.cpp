// The local quadratic model and the classical stability results for gradient descent and heavy ball.
#include "core/maps/theory.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "core/math/text.hpp"

namespace gs {
namespace {

std::string twoDigits(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

}  // namespace

double LocalQuadratic::conditionNumber() const {
  if (!(smallest > 0.0) || !(largest > 0.0)) return std::numeric_limits<double>::infinity();
  return largest / smallest;
}

std::optional<double> LocalQuadratic::gradientDescentLimit() const {
  if (!(largest > 0.0)) return std::nullopt;
  return 2.0 / largest;
}

std::optional<double> LocalQuadratic::heavyBallLimit(double beta) const {
  if (!(largest > 0.0) || !(beta >= 0.0 && beta < 1.0)) return std::nullopt;
  return (2.0 + 2.0 * beta) / largest;
}

LocalQuadratic quadraticModel(const Sym2& h) {
  LocalQuadratic model;
  model.hessian = h;
  // Eigenvalues of a symmetric 2x2 matrix: mean +- radius, with hypot avoiding the cancellation of
  // sqrt(trace^2 - 4 det).
  const double mean = 0.5 * (h.xx + h.yy);
  const double radius = std::hypot(0.5 * (h.xx - h.yy), h.xy);
  model.largest = mean + radius;
  model.smallest = mean - radius;
  // The eigenvector of the largest eigenvalue, at angle theta with tan(2 theta) = 2 xy / (xx - yy).
  const double theta = 0.5 * std::atan2(2.0 * h.xy, h.xx - h.yy);
  model.largestDirection = {std::cos(theta), std::sin(theta)};
  model.smallestDirection = {-std::sin(theta), std::cos(theta)};
  return model;
}

std::optional<LocalQuadratic> localQuadratic(const Surface& surface, Vec2 point) {
  if (!surface.evaluator || !isFinite(point)) return std::nullopt;
  const ValueGradHessian here = surface.evaluator->valueGradHessian(point);
  if (!std::isfinite(here.value) || !isFinite(here.gradient) || !std::isfinite(here.hessian.xx) ||
      !std::isfinite(here.hessian.xy) || !std::isfinite(here.hessian.yy))
    return std::nullopt;
  LocalQuadratic model = quadraticModel(here.hessian);
  model.point = point;
  model.value = here.value;
  model.gradient = here.gradient;
  return model;
}

bool heavyBallConverges(double lr, double beta, double largest, double smallest) {
  if (!(beta >= 0.0 && beta < 1.0)) return false;
  const double limit = 2.0 + 2.0 * beta;
  for (const double lambda : {largest, smallest}) {
    const double product = lr * lambda;
    if (!(product > 0.0 && product < limit)) return false;
  }
  return true;
}

std::optional<OptimalSettings> optimalGradientDescent(double largest, double smallest) {
  if (!(smallest > 0.0) || !(largest >= smallest) || !std::isfinite(largest)) return std::nullopt;
  return OptimalSettings{2.0 / (largest + smallest), 0.0, (largest - smallest) / (largest + smallest)};
}

std::optional<OptimalSettings> optimalHeavyBall(double largest, double smallest) {
  if (!(smallest > 0.0) || !(largest >= smallest) || !std::isfinite(largest)) return std::nullopt;
  const double rootL = std::sqrt(largest), rootMu = std::sqrt(smallest);
  const double lr = 4.0 / ((rootL + rootMu) * (rootL + rootMu));
  const double ratio = (rootL - rootMu) / (rootL + rootMu);
  return OptimalSettings{lr, ratio * ratio, ratio};
}

std::optional<std::string> explainInstability(const LocalQuadratic& model, double lr, double momentum) {
  const double product = lr * model.largest;
  const double limit = 2.0 + 2.0 * momentum;
  if (model.largest > 0.0 && !(product < limit)) {
    if (momentum == 0.0)
      return concat("lr x L = ", twoDigits(product), " > 2: this step overshoots the valley along the ",
                    "steepest direction, further each step (stable for lr < 2/L = ",
                    twoDigits(2.0 / model.largest), ")");
    return concat(
        "lr x L = ", twoDigits(product), " > 2 + 2 x momentum = ", twoDigits(limit),
        ": even with momentum this step overshoots along the steepest direction, further each step ",
        "(stable for lr < ", twoDigits(limit / model.largest), ")");
  }
  if (model.smallest < 0.0)
    return concat("the curvature is negative here (mu = ", twoDigits(model.smallest),
                  "): the surface bends down, so along that direction every step moves further away");
  return std::nullopt;
}

}  // namespace gs
