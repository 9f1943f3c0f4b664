// torch.optim.Adadelta: parameters and explainer; the update rule and its code are in adadelta.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/adadelta.hpp"

#include "core/optim/explanation.hpp"

namespace gs::optim {

const std::vector<Field<Adadelta::Hyper>>& Adadelta::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam("Scales the AdaDelta step (1 is Zeiler's original method).")),
      field<&Hyper::rho>(
          betaParam("rho", "Decay of the running means of squared gradients and squared steps.")),
      field<&Hyper::eps>(
          epsParam("Added inside both square roots; it also sets the size of the first steps.")),
      field<&Hyper::weightDecay>(weightDecayParam()),
  };
  return table;
}

void Adadelta::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  e.text("Mean squared step", "acc_delta = rho acc_delta + (1 - rho) delta^2 = " + E::vec(*t.firstMoment));
  e.say("A running mean of the squared past steps, " + E::vec(*t.firstMoment) +
        ", gives the step its units.");
  e.accumulator("Mean square", "square_avg = rho square_avg + (1 - rho) g^2 = " + E::vec(*t.secondMoment),
                sqrt(*t.secondMoment));
  e.say("A running mean of the squared gradient, " + E::vec(*t.secondMoment) +
        ", measures how steep each coordinate has been.");
  e.division();
  e.move("x_t - effective lr * " + E::vec(*t.direction));
}

}  // namespace gs::optim
