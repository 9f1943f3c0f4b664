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
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Newton {
  enum class Mode { Pure, SaddleFree };
  struct Hyper {
    double lr = 1.0;
    Mode mode = Mode::Pure;
    double damping = 0.0;
  };
  struct State {
    std::int64_t step = 0;
  };
  Hyper hyper;
  State state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  std::vector<NamedVec> namedState() const { return {}; }
};

// Eigen-decomposition of a symmetric 2x2 matrix: eigenvalues (largest first) and unit eigenvectors.
struct SymEigen {
  double values[2];
  Vec2 vectors[2];
};
SymEigen eigenDecompose(const Sym2& m);

// The Newton direction -(M)^-1 g, where M is H or |H| (by mode), plus damping on the eigenvalues.
Vec2 newtonDirection(const Sym2& hessian, Vec2 gradient, Newton::Mode mode, double damping);

}  // namespace gs::optim
