// QHM and QHAdam (Ma & Yarats 2019): parameters and explainers; the update rules and their code are in
// qh.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/qh.hpp"

#include "core/optim/explanation.hpp"

namespace gs::optim {

const std::vector<Field<Qhm::Hyper>>& Qhm::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::momentum>(
          betaParam("momentum", "beta: decay of the momentum buffer (a dampened average).")),
      field<&Hyper::nu>(realParam(
          "nu", 0.0, 1.0, false,
          "Weight of the momentum buffer in the step; 1 - nu goes to the raw gradient. Defaults nu 0.7, "
          "momentum 0.999: the paper's recommendation (qhoptim's QHM has no defaults).")),
      field<&Hyper::weightDecay>(realParam(
          "weight_decay", 0.0, 10.0, false,
          "qhoptim's weight_decay: with weight_decay_type grad adds weight_decay * x to the gradient "
          "(L2, as torch.optim.SGD); with direct shrinks x by 1 - lr * weight_decay before the step.")),
      field<&Hyper::weightDecayType>(choiceParam(
          "weight_decay_type", {"grad", "direct"},
          "qhoptim's weight_decay_type: grad puts the decay into the gradient (and so into the buffer); "
          "direct applies it to x alone.")),
  };
  return table;
}

const std::vector<Field<QhAdam::Hyper>>& QhAdam::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(betaParam("beta1", "Decay of the first moment m.")),
      field<&Hyper::beta2>(betaParam("beta2", "Decay of the second moment v.")),
      field<&Hyper::nu1>(
          realParam("nu1", 0.0, 1.0, false,
                    "Weight of m_hat in the numerator; 1 - nu1 goes to the raw gradient. Defaults nu1 0.7, "
                    "nu2 1: the paper's recommended nus, with qhoptim's default betas (0.9, 0.999); "
                    "qhoptim's default nus (1, 1) make it Adam.")),
      field<&Hyper::nu2>(
          realParam("nu2", 0.0, 1.0, false,
                    "Weight of v_hat in the denominator; 1 - nu2 goes to the squared gradient.")),
      field<&Hyper::eps>(epsParam("Added to the denominator so the division never blows up.")),
      field<&Hyper::weightDecay>(realParam(
          "weight_decay", 0.0, 10.0, false,
          "qhoptim's weight_decay: adds weight_decay * x to the gradient (L2; into both moments), or "
          "with decouple_weight_decay shrinks x by 1 - lr * weight_decay before the step.")),
      field<&Hyper::decoupleWeightDecay>(
          boolParam("decouple_weight_decay",
                    "qhoptim's decouple_weight_decay (its QHAdamW): decay x directly, as AdamW does, instead "
                    "of through the gradient.")),
  };
  return table;
}

void Qhm::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  e.decoupledDecay(e.x());  // qhoptim decays x before the step: from x_t
  e.scaled("Momentum buffer", "buf = beta buf + (1 - beta) g = " + E::vec(*t.firstMoment), *t.firstMoment);
  e.say("The momentum buffer, a running mean of the gradient, is " + E::vec(*t.firstMoment) + ".");
  e.scaled("Quasi-hyperbolic mix", "nu buf + (1 - nu) g = " + E::vec(*t.interpolatedMoment),
           *t.interpolatedMoment);
  e.say("The step mixes the buffer and the raw gradient with weight nu: " + E::vec(*t.interpolatedMoment) +
        ".");
  e.move("x_t - lr (nu buf + (1 - nu) g)");
}

void QhAdam::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  e.decoupledDecay(e.x());  // qhoptim decays x before the step: from x_t
  e.scaled("First moment", "m_t = beta1 m_{t-1} + (1 - beta1) g = " + E::vec(*t.firstMoment), *t.firstMoment);
  e.say("The first moment m, a running mean of the gradient, is " + E::vec(*t.firstMoment) + ".");
  e.accumulator("Second moment", "v_t = beta2 v_{t-1} + (1 - beta2) g^2 = " + E::vec(*t.secondMoment),
                sqrt(*t.secondMoment));
  e.say("The second moment v, a running mean of g squared per coordinate, is " + E::vec(*t.secondMoment) +
        ".");
  e.biasCorrections("v_t");
  e.scaled("Quasi-hyperbolic mix", "nu1 m_hat + (1 - nu1) g = " + E::vec(*t.interpolatedMoment),
           *t.interpolatedMoment);
  e.say("The step direction mixes m_hat and the raw gradient with weight nu1: " +
        E::vec(*t.interpolatedMoment) + ".");
  e.division();
  e.move("x_t - effective lr * " + E::vec(*t.direction));
}

}  // namespace gs::optim
