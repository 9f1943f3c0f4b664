// Newton and saddle-free Newton: parameters and explainer; the update rules and their code are in newton.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/newton.hpp"

#include "core/optim/explanation.hpp"

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

SymEigenVectors eigenDecompose(const Sym2& m) {
  const SymEigenOf<double> eigen = eigenDecompose(S2<double>{m.xx, m.xy, m.yy});
  return {{eigen.values[0], eigen.values[1]}, {toVec2(eigen.vectors[0]), toVec2(eigen.vectors[1])}};
}

void Newton::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  const bool saddleFree = hyper.mode == Mode::SaddleFree;
  e.gradient();
  if (t.hessian) {
    e.ellipse("Hessian",
              "H = [[" + E::num(t.hessian->xx) + ", " + E::num(t.hessian->xy) + "], [" +
                  E::num(t.hessian->xy) + ", " + E::num(t.hessian->yy) + "]]",
              *t.hessian);
    e.say(
        "The Hessian is the curvature here; its ellipse (d^T |H| d = 1) is long where the surface is flat "
        "and "
        "short where it is steep, with curvatures " +
        E::num(t.hessian->xx) + " and " + E::num(t.hessian->yy) + " along the axes.");
  }
  e.scaled(saddleFree ? "Solve with |H|" : "Solve with H",
           std::string(saddleFree ? "|H|^-1 g" : "H^-1 g") + " = " + E::vec(*t.direction) +
               " (drawn as -lr H^-1 g)",
           *t.direction);
  e.say(std::string(saddleFree ? "Dividing the gradient by the absolute curvature"
                               : "Dividing the gradient by the curvature") +
        " gives the step to the model's minimum, " + E::vec(*t.direction) + ".");
  e.move("x_t - lr H^-1 g");
}

}  // namespace gs::optim
