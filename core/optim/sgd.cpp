// torch.optim.SGD: its parameters, state and explainer; the update rule and its code are in sgd.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/sgd.hpp"

#include "core/optim/explanation.hpp"

namespace gs::optim {

const std::vector<Field<Sgd::Hyper>>& Sgd::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::momentum>(
          realParam("momentum", 0.0, 0.999999, false,
                    "Momentum factor: how much of the previous velocity each step keeps.")),
      field<&Hyper::dampening>(
          realParam("dampening", 0.0, 1.0, false,
                    "Scales the new gradient's share of the velocity by (1 - dampening).")),
      field<&Hyper::nesterov>(boolParam(
          "nesterov", "Nesterov momentum: step with the gradient plus the updated velocity (looks ahead).")),
      field<&Hyper::weightDecay>(weightDecayParam()),
  };
  return table;
}

std::vector<NamedVec> Sgd::namedState() const {
  if (!state.hasMomentumBuffer) return {};
  return {{"momentum_buffer", toVec2(state.momentumBuffer)}};
}

void Sgd::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  const double momentum = hyper.momentum;
  const bool nesterov = hyper.nesterov && t.lookahead;
  if (nesterov && t.previousFirstMoment) {
    // torch's iterate x_t is the classical look-ahead theta_t + mu v_t; theta_t lies lr mu b_{t-1} behind.
    const Vec2 classical = e.x() + e.lr() * momentum * *t.previousFirstMoment;
    e.point("Look-ahead first",
            "the gradient is taken at the look-ahead point theta_t + mu v_t = x_t = " + E::vec(e.x()) +
                " (theta_t = " + E::vec(classical) + ")",
            *t.lookahead);
    e.say("Nesterov measures the slope where the velocity is about to carry x, at " + E::vec(e.x()) +
          ", not where it is now.");
  }
  e.gradient();
  if (!t.firstMoment) {
    e.move("x_t - lr g = " + E::vec(e.x()) + " - " + E::num(e.lr()) + " * " + E::vec(*t.direction));
    return;
  }
  // Every arrow from here on is in units of x (a vector times -lr, the move it makes): drawn on one
  // scale and tip to tail, the decayed velocity plus the gradient's share visibly is the new velocity.
  const Vec2 g = t.regularizedGradient.value_or(t.gradient);
  const Vec2 previous = t.previousFirstMoment.value_or(Vec2{});
  if (t.step == 1 || previous == Vec2{}) {
    e.scaled("First velocity",
             "b_1 = g = " + E::vec(*t.firstMoment) + " (PyTorch: no dampening on the first step)",
             *t.firstMoment);
    e.say("On the first step the velocity is simply the gradient, " + E::vec(*t.firstMoment) +
          " (drawn as the move it makes, -lr b_1).");
  } else {
    e.scaled("Previous velocity", "b_{t-1} = " + E::vec(previous) + " (drawn as -lr b_{t-1})", previous);
    e.say("The velocity carried over from the last step, " + E::vec(previous) +
          ", drawn as the move it would make: -lr b_{t-1}.");
    const Vec2 decayedTip = e.contribution("Its decay by beta",
                                           E::num(momentum) + " * b_{t-1} = " + E::num(momentum) + " * " +
                                               E::vec(previous) + " = " + E::vec(momentum * previous),
                                           e.x(), -e.lr() * (momentum * previous));
    e.say("The previous velocity " + E::vec(previous) + " shrinks by beta = " + E::num(momentum) + " to " +
          E::vec(momentum * previous) + ".");
    const double share = 1.0 - hyper.dampening;
    e.contribution("The gradient added at its tip",
                   (share == 1.0 ? std::string("+ g = ") : "+ (1 - dampening) g = " + E::num(share) + " * ") +
                       E::vec(g) + " (drawn as -lr g)",
                   decayedTip, -e.lr() * (share * g));
    e.say("The gradient is added at the tip of the shrunk velocity, as the move it makes alone, -lr g.");
    e.scaled("Their sum, the new velocity",
             "b_t = mu b_{t-1} + (1 - dampening) g = " + E::vec(*t.firstMoment), *t.firstMoment);
    e.say("From x_t to the gradient's tip: the new velocity is " + E::vec(*t.firstMoment) + ".");
  }
  if (nesterov) {
    const Vec2 gradientTip =
        e.contribution("Nesterov: the gradient", "-lr g = " + E::vec(-e.lr() * g), e.x(), -e.lr() * g);
    e.say("Nesterov steps along the gradient first, -lr g = " + E::vec(-e.lr() * g) + "...");
    e.contribution("Nesterov: plus mu b_t at its tip",
                   "d = g + mu b_t = " + E::vec(*t.direction) +
                       "; -lr mu b_t = " + E::vec(-e.lr() * (momentum * *t.firstMoment)),
                   gradientTip, -e.lr() * (momentum * *t.firstMoment));
    e.say("...then beta times the new velocity at its tip: together d = " + E::vec(*t.direction) + ".");
    e.move("x_t - lr d = " + E::vec(e.x()) + " - " + E::num(e.lr()) + " * " + E::vec(*t.direction));
    return;
  }
  e.move("x_t - lr b_t = " + E::vec(e.x()) + " - " + E::num(e.lr()) + " * " + E::vec(*t.firstMoment));
}

}  // namespace gs::optim
