// torch.optim.RAdam: parameters and explainer; the update rule and its code are in radam.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/radam.hpp"

#include "core/optim/explanation.hpp"

namespace gs::optim {

const std::vector<Field<Radam::Hyper>>& Radam::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(betaParam("beta1", "Decay of the first moment m; PyTorch's betas[0].")),
      field<&Hyper::beta2>(betaParam("beta2", "Decay of the second moment v; PyTorch's betas[1].")),
      field<&Hyper::eps>(epsParam("Added to sqrt(v) in the denominator so the division never blows up.")),
      field<&Hyper::weightDecay>(weightDecayParam()),
  };
  return table;
}

void Radam::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  e.pushes("First moment", "m_t = beta1 m_{t-1} + (1 - beta1) g = " + E::vec(*t.firstMoment), *t.firstMoment);
  e.say("The first moment m, a running mean of the gradient, is " + E::vec(*t.firstMoment) + ".");
  e.accumulator("Second moment", "v_t = beta2 v_{t-1} + (1 - beta2) g^2 = " + E::vec(*t.secondMoment),
                sqrt(*t.secondMoment));
  e.say("The second moment v, a running mean of g squared per coordinate, is " + E::vec(*t.secondMoment) +
        ".");
  e.biasCorrections("v_t");
  if (t.rectification) {
    e.text("Variance rectification", "r_t = " + E::num(*t.rectification) + " (rho_t > 5)");
    e.say("Early on the variance of v is too uncertain to trust; RAdam scales the step by r_t = " +
          E::num(*t.rectification) + ".");
  }
  e.division();
  e.say("Each coordinate gets its own learning rate, " + E::vec(*t.effectiveLearningRate) +
        ", rectified while v is still uncertain: y's step is added at the tip of x's.");
  e.move("x_t - effective lr * " + E::vec(*t.direction));
}

}  // namespace gs::optim
