// Newton and saddle-free Newton; the update rules are at the top of optim_newton.hpp.
#include "core/optim/newton.hpp"

#include <algorithm>
#include <cmath>

namespace gs::optim {

const std::vector<Field<Newton::Hyper>>& Newton::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(
          lrParam("Fraction of the Newton step taken (1 jumps to a quadratic's critical point).")),
      field<&Hyper::mode>(choiceParam("mode", {"pure", "saddle_free"},
                                      "pure: solve H p = g (attracted to saddles); saddle_free: use |H|, "
                                      "the absolute eigenvalues, so it escapes them.")),
      field<&Hyper::damping>(realParam("damping", 0.0, 100.0, false,
                                       "Added to the (absolute) eigenvalues: shorter, safer steps where the "
                                       "curvature is nearly zero.")),
  };
  return table;
}

SymEigen eigenDecompose(const Sym2& m) {
  const double mean = 0.5 * (m.xx + m.yy);
  const double radius = std::hypot(0.5 * (m.xx - m.yy), m.xy);
  const double angle = 0.5 * std::atan2(2.0 * m.xy, m.xx - m.yy);
  const Vec2 first{std::cos(angle), std::sin(angle)};
  return {{mean + radius, mean - radius}, {first, Vec2{-first.y, first.x}}};
}

Vec2 newtonDirection(const Sym2& hessian, Vec2 gradient, Newton::Mode mode, double damping) {
  if (mode == Newton::Mode::Pure) {
    // Cramer's rule is exact to rounding, so pure Newton lands on a quadratic's critical point.
    const Sym2 m{hessian.xx + damping, hessian.xy, hessian.yy + damping};
    const double det = m.xx * m.yy - m.xy * m.xy;
    const double scale = std::max({std::fabs(m.xx), std::fabs(m.yy), std::fabs(m.xy)});
    if (std::fabs(det) > 1e-14 * scale * scale && std::isfinite(det)) {
      return -Vec2{(m.yy * gradient.x - m.xy * gradient.y) / det,
                   (m.xx * gradient.y - m.xy * gradient.x) / det};
    }
  }
  const SymEigen eigen = eigenDecompose(hessian);
  const double largest =
      std::max(std::fabs(eigen.values[0]), std::fabs(eigen.values[1])) + std::fabs(damping);
  Vec2 direction;
  for (int k = 0; k < 2; ++k) {
    const double lambda =
        (mode == Newton::Mode::SaddleFree ? std::fabs(eigen.values[k]) : eigen.values[k]) + damping;
    if (std::fabs(lambda) <= 1e-14 * largest) continue;  // pseudo-inverse: skip a flat direction
    direction -= (dot(eigen.vectors[k], gradient) / lambda) * eigen.vectors[k];
  }
  return direction;
}

Vec2 Newton::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const Vec2 gradient = observeGradient(x, oracle, terms);  // counted as a gradient, minibatch-aware
  const Sym2 hessian = oracle.hessian(x).hessian;
  terms.hessian = hessian;
  const Vec2 direction = newtonDirection(hessian, gradient, hyper.mode, hyper.damping);
  terms.direction = -direction;  // H^-1 g: what the step moves against
  const Vec2 next = x + lr * direction;
  terms.delta = next - x;
  terms.effectiveLearningRate = stepPerGradient(terms.delta, gradient);
  return next;
}

}  // namespace gs::optim
