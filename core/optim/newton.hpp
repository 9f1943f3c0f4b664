// Newton's method and the saddle-free Newton method (Dauphin et al. 2014), with lr as a step scale.
//   pure:        x <- x - lr (H + damping I)^-1 g
//   saddle_free: x <- x - lr (|H| + damping I)^-1 g,  |H| = Q |Lambda| Q^T (absolute eigenvalues), so
//                negative-curvature directions are descended instead of climbed.
// H and g are exact (automatic differentiation) at x. A zero eigenvalue (after damping) would make the
// step infinite: that direction is left out instead (the Moore-Penrose pseudo-inverse), so a singular
// Hessian gives a finite step, and the optional `damping` (default 0, Levenberg style) makes steps on
// nearly singular Hessians shorter. Pure Newton jumps straight to any critical point of a quadratic,
// saddles included: the lecture notes' warning.
#pragma once
#include <cmath>
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

// Eigen-decomposition of a symmetric 2x2 matrix: eigenvalues (largest first) and unit eigenvectors.
template <class T>
struct SymEigenOf {
  T values[2];
  V2<T> vectors[2];
};

// The eigenvalues are mean +- radius. The one of the larger magnitude, mean + sign(mean) radius, adds two
// numbers of the same sign and is accurate; the other is det / that one, not mean -+ radius, which would
// cancel (on [[1, 1e-4], [1e-4, 2e-8]] mean - radius keeps only 8 of its 16 digits). The eigenvectors are
// the rotation by half of atan2(2 xy, xx - yy).
template <class T>
SymEigenOf<T> eigenDecompose(const S2<T>& m) {
  const T mean = 0.5 * (m.xx + m.yy);
  const T radius =
      perLane<T>([](double a, double b) { return std::hypot(a, b); }, T(0.5 * (m.xx - m.yy)), m.xy);
  const T det = m.xx * m.yy - m.xy * m.xy;
  const MaskOf<T> meanNonNegative = mean >= T(0.0);
  const T dominant = select<T>(meanNonNegative, mean + radius, mean - radius);  // the larger magnitude
  const T other = select<T>(dominant == T(0.0), T(0.0), det / dominant);        // the zero matrix: both 0
  const T angle =
      0.5 * perLane<T>([](double a, double b) { return std::atan2(a, b); }, T(2.0 * m.xy), T(m.xx - m.yy));
  const V2<T> first{perLane<T>([](double a) { return std::cos(a); }, angle),
                    perLane<T>([](double a) { return std::sin(a); }, angle)};
  // `first` belongs to mean + radius: `dominant` where the mean is not negative, else `other`.
  return {{select<T>(meanNonNegative, dominant, other), select<T>(meanNonNegative, other, dominant)},
          {first, V2<T>{-first.y, first.x}}};
}

// Where the Hessian (plus damping) is safely invertible by Cramer's rule: a determinant that is finite
// and not negligible against the entries.
template <class T>
MaskOf<T> invertibleByCramer(const T& det, const T& scale) {
  return absolute(det) > 1e-14 * scale * scale && isFiniteNumber(det);
}

// The Newton direction -(M)^-1 g, where M is H or |H| (by mode), plus damping on the eigenvalues.
template <class T>
V2<T> newtonDirection(const S2<T>& hessian, const V2<T>& g, bool saddleFree, double damping) {
  const SymEigenOf<T> eigen = eigenDecompose(hessian);
  const T largest = larger(absolute(eigen.values[0]), absolute(eigen.values[1])) + std::fabs(damping);
  V2<T> direction;
  for (int k = 0; k < 2; ++k) {
    const T lambda = (saddleFree ? absolute(eigen.values[k]) : eigen.values[k]) + damping;
    // The pseudo-inverse: a flat direction (lambda ~ 0) is left out instead of giving an infinite step.
    const MaskOf<T> flat = absolute(lambda) <= 1e-14 * largest;
    const V2<T> along = direction - (dot(eigen.vectors[k], g) / lambda) * eigen.vectors[k];
    direction = select<T>(flat, direction, along);
  }
  if (saddleFree) return direction;
  // Pure Newton by Cramer's rule, exact to rounding, so it lands on a quadratic's critical point; the
  // eigen-decomposition above only where H + damping is singular.
  const S2<T> m{hessian.xx + damping, hessian.xy, hessian.yy + damping};
  const T det = m.xx * m.yy - m.xy * m.xy;
  const T scale = larger(larger(absolute(m.xx), absolute(m.yy)), absolute(m.xy));
  const V2<T> cramer = -V2<T>{(m.yy * g.x - m.xy * g.y) / det, (m.xx * g.y - m.xy * g.x) / det};
  return select<T>(invertibleByCramer(det, scale), cramer, direction);
}

struct Newton {
  enum class Mode { Pure, SaddleFree };
  struct Hyper {
    double lr = 1.0;
    Mode mode = Mode::Pure;
    double damping = 0.0;
  };
  template <class T>
  struct State {
    std::int64_t step = 0;
  };
  Hyper hyper;
  State<double> state;

  static constexpr bool kUsesHessian = true;  // the step is given H at x besides g
  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const { return {}; }
  void explain(Explanation& e) const;

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& g, const S2<T>& hessian,
                      double lr, const Record& record) {
    ++s.step;
    record(&Terms::hessian, hessian);
    const V2<T> direction = newtonDirection(hessian, g, h.mode == Mode::SaddleFree, h.damping);
    record(&Terms::direction, -direction);  // H^-1 g: what the step moves against
    const V2<T> next = x + lr * direction;
    if constexpr (Record::kRecords)
      record(&Terms::effectiveLearningRate, toV2(stepPerGradient(toVec2(next - x), toVec2(g))));
    return next;
  }
};

// For tests: the decomposition of one matrix.
struct SymEigenVectors {
  double values[2];
  Vec2 vectors[2];
};
SymEigenVectors eigenDecompose(const Sym2& m);

}  // namespace gs::optim
