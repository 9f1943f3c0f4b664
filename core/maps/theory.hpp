// The local quadratic model at a point and what it predicts for gradient descent and heavy-ball
// momentum: f(x + d) ~ f(x) + g.d + d.H d / 2, with H's eigenvalues L >= mu. For a quadratic these are
// exact statements; elsewhere they describe the next few steps.
//   Gradient descent x+ = x - lr g is stable along eigenvalue lambda > 0 iff 0 < lr lambda < 2, so for
//   lr < 2/L; 1/L is the largest step that never overshoots a minimum along any direction.
//   Heavy ball (torch's SGD with momentum beta) is stable along lambda iff 0 < lr lambda < 2 + 2 beta
//   and 0 <= beta < 1 (Polyak 1964; Goh, "Why Momentum Really Works", Distill 2017).
//   Optimal on a quadratic: GD lr = 2/(L + mu) with rate (kappa - 1)/(kappa + 1); heavy ball
//   lr = (2/(sqrt L + sqrt mu))^2, beta = ((sqrt L - sqrt mu)/(sqrt L + sqrt mu))^2, rate sqrt(beta).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/maps/map.hpp"
#include "core/math/vec2.hpp"
#include "core/surface/surface.hpp"

namespace gs {

struct LocalQuadratic {
  Vec2 point;
  double value = 0.0;
  Vec2 gradient;
  Sym2 hessian;
  double largest = 0.0;    // L, the largest curvature (eigenvalue)
  double smallest = 0.0;   // mu, the smallest curvature (may be negative: a saddle or a maximum)
  Vec2 largestDirection;   // unit eigenvector of L
  Vec2 smallestDirection;  // unit eigenvector of mu (orthogonal to the other)
  // L / mu where both are positive, else +infinity (no minimum of the model).
  double conditionNumber() const;
  // 2 / L where L > 0 (gradient descent overshoots and grows along L's direction above it), else none.
  std::optional<double> gradientDescentLimit() const;
  // The largest lr at which heavy ball with momentum `beta` in [0, 1) is stable: (2 + 2 beta) / L.
  std::optional<double> heavyBallLimit(double beta) const;
  bool convex() const { return smallest > 0.0; }
};

// The model at `point` from the surface's exact Hessian (automatic differentiation); nullopt where f,
// its gradient or Hessian is not finite there.
std::optional<LocalQuadratic> localQuadratic(const Surface& surface, Vec2 point);
// The same from a Hessian alone.
LocalQuadratic quadraticModel(const Sym2& hessian);

// Whether the heavy-ball iteration on a quadratic with these curvatures converges:
// 0 < lr lambda < 2 + 2 beta for lambda = L and mu, and 0 <= beta < 1. beta = 0 is gradient descent.
bool heavyBallConverges(double lr, double beta, double largest, double smallest);

struct OptimalSettings {
  double lr = 0.0;
  double momentum = 0.0;
  double rate = 0.0;  // the error's factor per step (the spectral radius)
};
// Gradient descent's best constant lr on a quadratic with 0 < mu <= L: 2 / (L + mu).
std::optional<OptimalSettings> optimalGradientDescent(double largest, double smallest);
// Polyak's / Distill's optimal heavy ball on a quadratic with 0 < mu <= L.
std::optional<OptimalSettings> optimalHeavyBall(double largest, double smallest);

// Why a step of gradient descent / heavy ball with this lr (and momentum) is unstable at the model, in
// its terms: "lr x L = 3.1 > 2: this step overshoots along the steepest direction and each step grows";
// nullopt when the model predicts no instability.
std::optional<std::string> explainInstability(const LocalQuadratic& model, double lr, double momentum = 0.0);

// The theory a hyperparameter map of torch's SGD (no Nesterov) is drawn with: the edge of the region
// where heavy ball / gradient descent converges, and Polyak's optimal (lr, momentum). It applies to maps
// with lr on one axis and on the other momentum (heavy ball), or, for plain gradient descent (momentum
// 0), any hyperparameter; weight decay is folded into the curvatures (torch adds wd x to the gradient,
// so the model's Hessian is H + wd I). Not for minibatches (noise) or a learning-rate schedule.
struct HyperMapTheory {
  double largest = 0.0, smallest = 0.0;  // L and mu of H (weight decay not included)
  // True when the Hessian is the same at the start, the domain's corners and its centre (a quadratic:
  // the theory is exact for every pixel); false: the Hessian at the map's start, a local guide.
  bool constantHessian = false;
  // The edge of the convergent region: polylines of (x value, y value) in the map's axes, where
  // lr (L + wd) = 2 + 2 momentum; the region lies on the side of smaller lr. A piece ends where the edge
  // leaves the map's ranges (or the model has no minimum there).
  std::vector<std::vector<Vec2>> boundary;
  // Polyak's optimal heavy ball (lr x momentum maps only) as (x value, y value); nullopt elsewhere or
  // when it lies outside the map's ranges.
  std::optional<Vec2> optimum;
  OptimalSettings optimalSettings;  // its lr, momentum and rate (set with `optimum`)
};

// The theory for `request` (a hyper map), or nullopt when it does not apply: not lr on an axis, an
// optimizer other than SGD / momentum, Nesterov, dampening with momentum, a schedule, minibatches, or no
// positive curvature at the start.
std::optional<HyperMapTheory> hyperMapTheory(const MapRequest& request);

}  // namespace gs
