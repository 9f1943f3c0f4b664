// The local quadratic model and the classical stability results for gradient descent and heavy ball.
#include "core/maps/theory.hpp"

#include <algorithm>
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

namespace {

bool sameHessian(const Sym2& a, const Sym2& b) {
  const double scale = std::max({std::fabs(a.xx), std::fabs(a.xy), std::fabs(a.yy), 1e-300});
  const double tolerance = 1e-12 * scale;
  return std::fabs(a.xx - b.xx) <= tolerance && std::fabs(a.xy - b.xy) <= tolerance &&
         std::fabs(a.yy - b.yy) <= tolerance;
}

// Whether the Hessian at `model.point` is also the Hessian at the domain's corners and centre: true on a
// quadratic, false on any surface whose curvature changes (where the theory is the start's local model).
bool hessianLooksConstant(const Surface& surface, const LocalQuadratic& model) {
  const Domain& d = surface.domain;
  const Vec2 probes[] = {{d.xMin, d.yMin},
                         {d.xMax, d.yMin},
                         {d.xMin, d.yMax},
                         {d.xMax, d.yMax},
                         {0.5 * (d.xMin + d.xMax), 0.5 * (d.yMin + d.yMax)}};
  for (const Vec2 probe : probes) {
    const auto there = localQuadratic(surface, probe);
    if (!there || !sameHessian(there->hessian, model.hessian)) return false;
  }
  return true;
}

// The axis value at sample t in [0, 1] (log axes sampled evenly in log).
double sampleAxis(const HyperAxis& axis, double t) {
  return axis.log ? axis.lo * std::pow(axis.hi / axis.lo, t) : axis.lo + (axis.hi - axis.lo) * t;
}

bool inside(const HyperAxis& axis, double value) { return value >= axis.lo && value <= axis.hi; }

}  // namespace

std::optional<HyperMapTheory> hyperMapTheory(const MapRequest& request) {
  if (request.kind != MapKind::Hyper) return std::nullopt;
  const bool lrOnX = request.x.name == "lr";
  if (!lrOnX && request.y.name != "lr") return std::nullopt;
  const HyperAxis& lrAxis = lrOnX ? request.x : request.y;
  const HyperAxis& other = lrOnX ? request.y : request.x;
  const Optimizer& optimizer = request.settings.optimizer;
  const auto momentum = optimizer.param("momentum"), dampening = optimizer.param("dampening"),
             nesterov = optimizer.param("nesterov"), weightDecay = optimizer.param("weight_decay");
  // torch's SGD has exactly these hyperparameters; any other optimizer is not what the theory is about.
  if (!momentum || !dampening || !nesterov || !weightDecay || optimizer.params().size() != 5)
    return std::nullopt;
  if (*nesterov != 0.0 || request.settings.batchSize != 0) return std::nullopt;
  const Schedule& schedule = request.settings.schedule;
  if (schedule.kind != Schedule::Kind::Constant || schedule.warmupSteps != 0) return std::nullopt;
  // Dampening scales the gradient's share of the velocity: the heavy-ball results hold without it, and
  // with momentum 0 it has no effect at all.
  const bool dampingMatters = other.name == "dampening"  ? *momentum != 0.0
                              : other.name == "momentum" ? *dampening != 0.0
                                                         : *dampening != 0.0 && *momentum != 0.0;
  if (dampingMatters) return std::nullopt;
  if (other.name != "momentum" && other.name != "dampening" && other.name != "weight_decay")
    return std::nullopt;
  if (!request.surface.evaluator) return std::nullopt;
  const auto model = localQuadratic(request.surface, request.start);
  if (!model || !(model->largest > 0.0)) return std::nullopt;

  HyperMapTheory theory;
  theory.largest = model->largest;
  theory.smallest = model->smallest;
  theory.constantHessian = hessianLooksConstant(request.surface, *model);
  const auto point = [&](double lr, double value) { return lrOnX ? Vec2{lr, value} : Vec2{value, lr}; };
  constexpr int kSamples = 257;
  std::vector<Vec2> piece;
  for (int i = 0; i < kSamples; ++i) {
    const double value = sampleAxis(other, static_cast<double>(i) / (kSamples - 1));
    const double beta = other.name == "momentum" ? value : *momentum;
    const double decay = other.name == "weight_decay" ? value : *weightDecay;
    const double largest = model->largest + decay, smallest = model->smallest + decay;
    const double edge = (2.0 + 2.0 * beta) / largest;
    const bool onMap = largest > 0.0 && smallest > 0.0 && beta >= 0.0 && beta < 1.0 && std::isfinite(edge) &&
                       inside(lrAxis, edge);
    if (onMap) {
      piece.push_back(point(edge, value));
    } else if (!piece.empty()) {
      theory.boundary.push_back(std::move(piece));
      piece.clear();
    }
  }
  if (!piece.empty()) theory.boundary.push_back(std::move(piece));
  if (other.name == "momentum") {
    const double decay = *weightDecay;
    if (const auto best = optimalHeavyBall(model->largest + decay, model->smallest + decay)) {
      theory.optimalSettings = *best;
      if (inside(lrAxis, best->lr) && inside(other, best->momentum))
        theory.optimum = point(best->lr, best->momentum);
    }
  }
  return theory;
}

}  // namespace gs
