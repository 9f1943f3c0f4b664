// torch.optim.NAdam: parameters, state and explainer; the update rule and its code are in nadam.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/nadam.hpp"

#include "core/optim/explanation.hpp"

namespace gs::optim {

const std::vector<Field<Nadam::Hyper>>& Nadam::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(betaParam("beta1", "Decay of the first moment m; PyTorch's betas[0].")),
      field<&Hyper::beta2>(betaParam("beta2", "Decay of the second moment v; PyTorch's betas[1].")),
      field<&Hyper::eps>(epsParam("Added to sqrt(v_hat) in the denominator so the division never blows up.")),
      field<&Hyper::weightDecay>(weightDecayParam()),
      field<&Hyper::momentumDecay>(
          realParam("momentum_decay", 0.0, 1.0, false,
                    "How fast the momentum coefficient mu_t warms up towards beta1.")),
  };
  return table;
}

std::vector<NamedVec> Nadam::namedState() const {
  return {{"exp_avg", toVec2(state.expAvg)},
          {"exp_avg_sq", toVec2(state.expAvgSq)},
          {"mu_product", Vec2{state.muProduct, state.muProduct}}};
}

void Nadam::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  e.pushes("First moment", "m_t = beta1 m_{t-1} + (1 - beta1) g = " + E::vec(*t.firstMoment), *t.firstMoment);
  e.say("The first moment m, a running mean of the gradient, is " + E::vec(*t.firstMoment) +
        "; NAdam also looks one momentum step ahead.");
  e.accumulator("Second moment", "v_t = beta2 v_{t-1} + (1 - beta2) g^2 = " + E::vec(*t.secondMoment),
                sqrt(*t.secondMoment));
  e.say("The second moment v, a running mean of g squared per coordinate, is " + E::vec(*t.secondMoment) +
        ".");
  e.biasCorrections("v_t");
  e.division();
  e.move("x_t - effective lr * " + E::vec(*t.direction));
}

}  // namespace gs::optim
