// torch.optim.Adadelta; the update rule is at the top of optim_adadelta.hpp.
#include "core/optim/adadelta.hpp"

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

Vec2 Adadelta::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const Vec2 gradient = addWeightDecay(observeGradient(x, oracle, terms), x, hyper.weightDecay, terms);
  terms.previousSecondMoment = state.squareAvg;
  terms.previousFirstMoment = state.accDelta;
  state.squareAvg = hyper.rho * state.squareAvg + (1.0 - hyper.rho) * square(gradient);
  const Vec2 std = sqrt(addScalar(state.squareAvg, hyper.eps));
  const Vec2 ratio = div(sqrt(addScalar(state.accDelta, hyper.eps)), std);
  const Vec2 delta = mul(ratio, gradient);
  state.accDelta = hyper.rho * state.accDelta + (1.0 - hyper.rho) * square(delta);
  // AdaDelta's "first moment" slot shows acc_delta, the running mean of squared steps (its numerator).
  terms.firstMoment = state.accDelta;
  terms.secondMoment = state.squareAvg;
  terms.direction = gradient;
  terms.effectiveLearningRate = lr * ratio;
  const Vec2 next = x + (-lr) * delta;
  terms.delta = next - x;
  return next;
}

std::vector<NamedVec> Adadelta::namedState() const {
  return {{"square_avg", state.squareAvg}, {"acc_delta", state.accDelta}};
}

}  // namespace gs::optim
