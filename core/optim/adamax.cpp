// torch.optim.Adamax: parameters and explainer; the update rule and its code are in adamax.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/adamax.hpp"

#include "core/optim/explanation.hpp"

namespace gs::optim {

const std::vector<Field<Adamax::Hyper>>& Adamax::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(betaParam("beta1", "Decay of the first moment m; PyTorch's betas[0].")),
      field<&Hyper::beta2>(betaParam("beta2", "Decay of the infinity norm exp_inf; PyTorch's betas[1].")),
      field<&Hyper::eps>(epsParam("Added to |g| inside the max so exp_inf is never zero.")),
      field<&Hyper::weightDecay>(weightDecayParam()),
  };
  return table;
}

void Adamax::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  e.pushes("First moment", "m_t = beta1 m_{t-1} + (1 - beta1) g = " + E::vec(*t.firstMoment), *t.firstMoment);
  e.say("The first moment m, a running mean of the gradient, is " + E::vec(*t.firstMoment) + ".");
  // The infinity norm is already a magnitude: the sides are lr u.
  e.accumulator("Infinity norm", "u_t = max(beta2 u_{t-1}, |g| + eps) = " + E::vec(*t.secondMoment),
                *t.secondMoment);
  e.say("u keeps the largest recent |g| per coordinate, " + E::vec(*t.secondMoment) + ", decayed by beta2.");
  e.biasCorrections("v_t");
  e.division();
  e.move("x_t - effective lr * " + E::vec(*t.direction));
}

}  // namespace gs::optim
