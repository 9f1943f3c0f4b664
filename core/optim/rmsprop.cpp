// torch.optim.RMSprop: parameters, state and explainer; the update rule and its code are in rmsprop.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/rmsprop.hpp"

#include "core/optim/explanation.hpp"

namespace gs::optim {

const std::vector<Field<Rmsprop::Hyper>>& Rmsprop::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::alpha>(
          betaParam("alpha", "Decay of the running mean of squared gradients (square_avg).")),
      field<&Hyper::eps>(epsParam("Added to the root mean square in the denominator so it never is zero.")),
      field<&Hyper::weightDecay>(weightDecayParam()),
      field<&Hyper::momentum>(realParam("momentum", 0.0, 0.999999, false,
                                        "Momentum on the normalised step g / avg (0 turns it off).")),
      field<&Hyper::centered>(boolParam(
          "centered",
          "Normalise by the estimated variance (square_avg - grad_avg^2) instead of the raw mean square.")),
  };
  return table;
}

std::vector<NamedVec> Rmsprop::namedState() const {
  std::vector<NamedVec> named = {{"square_avg", toVec2(state.squareAvg)}};
  if (hyper.centered) named.push_back({"grad_avg", toVec2(state.gradAvg)});
  if (hyper.momentum > 0.0) named.push_back({"momentum_buffer", toVec2(state.momentumBuffer)});
  return named;
}

void Rmsprop::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  if (t.firstMoment) {
    e.scaled("Momentum on the normalised step", "buf = momentum buf + g / avg = " + E::vec(*t.firstMoment),
             *t.firstMoment);
    e.say("The normalised step is accumulated in a velocity, " + E::vec(*t.firstMoment) + ".");
  }
  e.accumulator("Mean square", "square_avg = alpha square_avg + (1 - alpha) g^2 = " + E::vec(*t.secondMoment),
                sqrt(*t.secondMoment));
  e.say("A running mean of the squared gradient, " + E::vec(*t.secondMoment) +
        ", measures how steep each coordinate has been (bars: its square root per axis, on g's scale).");
  e.division();
  e.move("x_t - effective lr * " + E::vec(*t.direction));
}

}  // namespace gs::optim
