// Lion (Chen et al. 2023): parameters and explainer; the update rule and its code are in lion.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/lion.hpp"

#include "core/optim/explanation.hpp"

namespace gs::optim {

const std::vector<Field<Lion::Hyper>>& Lion::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam("Size of every step: each coordinate moves by exactly lr (the sign of c).")),
      field<&Hyper::beta1>(betaParam("beta1", "Blend of m and the new gradient whose sign is the update.")),
      field<&Hyper::beta2>(betaParam("beta2", "Decay of the momentum m carried to the next step.")),
      field<&Hyper::weightDecay>(
          realParam("weight_decay", 0.0, 10.0, false,
                    "Decoupled weight decay: shrinks x by 1 - lr * weight_decay each step.")),
  };
  return table;
}

void Lion::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  e.pushes("Interpolation", "c = beta1 m_{t-1} + (1 - beta1) g = " + E::vec(*t.interpolatedMoment),
           *t.interpolatedMoment);
  e.say("Lion blends the old momentum with the new gradient: c = " + E::vec(*t.interpolatedMoment) + ".");
  e.pushes("Momentum for next time", "m_t = beta2 m_{t-1} + (1 - beta2) g = " + E::vec(*t.firstMoment),
           *t.firstMoment);
  e.say("The momentum kept for the next step blends with beta2 instead: " + E::vec(*t.firstMoment) + ".");
  const Vec2 signTip =
      e.contribution("Sign", "sign(c) = " + E::vec(*t.direction) + ": every coordinate moves by lr", e.x(),
                     -e.lr() * *t.direction);
  e.say("Only the sign of c counts, " + E::vec(*t.direction) + ": every coordinate moves by exactly lr.");
  e.decoupledDecay(signTip);
  e.move("x_t - lr sign(c)");
}

}  // namespace gs::optim
