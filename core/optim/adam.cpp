// torch.optim.Adam / AdamW: parameters, state and explainer; the update rule and its code are in adam.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/adam.hpp"

#include "core/optim/explanation.hpp"

namespace gs::optim {
namespace {

ParamInfo beta1Param() {
  return betaParam("beta1",
                   "Decay of the first moment m (the running mean of gradients); PyTorch's betas[0].");
}
ParamInfo beta2Param() {
  return betaParam("beta2",
                   "Decay of the second moment v (the running mean of squared gradients); betas[1].");
}
ParamInfo adamEpsParam() {
  return epsParam("Added to sqrt(v_hat) in the denominator so the division never blows up.");
}
ParamInfo amsgradParam() {
  return boolParam("amsgrad", "AMSGrad: divide by the largest v seen so far, so steps never grow back.");
}

}  // namespace

const std::vector<Field<Adam::Hyper>>& Adam::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(beta1Param()),
      field<&Hyper::beta2>(beta2Param()),
      field<&Hyper::eps>(adamEpsParam()),
      field<&Hyper::weightDecay>(weightDecayParam()),
      field<&Hyper::amsgrad>(amsgradParam()),
      field<&Hyper::biasCorrection>(
          boolParam("bias_correction",
                    "Divide m and v by 1 - beta^t so early steps are not shrunk towards zero "
                    "(not a PyTorch option; false drops both corrections).")),
  };
  return table;
}

const std::vector<Field<AdamW::Hyper>>& AdamW::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(beta1Param()),
      field<&Hyper::beta2>(beta2Param()),
      field<&Hyper::eps>(adamEpsParam()),
      field<&Hyper::weightDecay>(realParam(
          "weight_decay", 0.0, 10.0, false,
          "Decoupled weight decay: shrinks x by the factor 1 - lr * weight_decay before each Adam step.")),
      field<&Hyper::amsgrad>(amsgradParam()),
  };
  return table;
}

std::vector<NamedVec> adamNamedState(const AdamState<double>& state, bool amsgrad) {
  std::vector<NamedVec> named = {{"exp_avg", toVec2(state.expAvg)}, {"exp_avg_sq", toVec2(state.expAvgSq)}};
  if (amsgrad) named.push_back({"max_exp_avg_sq", toVec2(state.maxExpAvgSq)});
  return named;
}

void explainAdam(Explanation& e, bool amsgrad) {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  e.pushes("First moment", "m_t = beta1 m_{t-1} + (1 - beta1) g = " + E::vec(*t.firstMoment), *t.firstMoment);
  e.say("The first moment m, a running mean of the gradient, is " + E::vec(*t.firstMoment) +
        ": it smooths the direction.");
  e.accumulator("Second moment", "v_t = beta2 v_{t-1} + (1 - beta2) g^2 = " + E::vec(*t.secondMoment),
                sqrt(*t.secondMoment));
  e.say("The second moment v, a running mean of g squared per coordinate, is " + E::vec(*t.secondMoment) +
        " (bars: sqrt v per axis, on g's scale).");
  e.biasCorrections(amsgrad ? "max v" : "v_t");
  e.decoupledDecay(e.division());
  e.move("x_t - effective lr * " + E::vec(*t.direction));
}

}  // namespace gs::optim
