// torch.optim.RMSprop; the update rule is at the top of optim_rmsprop.hpp.
#include "optim_rmsprop.hpp"

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

Vec2 Rmsprop::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const Vec2 gradient = addWeightDecay(observeGradient(x, oracle, terms), x, hyper.weightDecay, terms);
  terms.previousSecondMoment = state.squareAvg;
  state.squareAvg = hyper.alpha * state.squareAvg + (1.0 - hyper.alpha) * square(gradient);
  terms.secondMoment = state.squareAvg;
  Vec2 avg;
  if (hyper.centered) {
    state.gradAvg = hyper.alpha * state.gradAvg + (1.0 - hyper.alpha) * gradient;
    avg = sqrt(state.squareAvg - square(state.gradAvg));
  } else {
    avg = sqrt(state.squareAvg);
  }
  avg = addScalar(avg, hyper.eps);
  terms.denominator = avg;
  Vec2 next;
  if (hyper.momentum > 0.0) {
    terms.previousFirstMoment = state.momentumBuffer;
    state.momentumBuffer = hyper.momentum * state.momentumBuffer + div(gradient, avg);
    terms.firstMoment = state.momentumBuffer;
    terms.direction = state.momentumBuffer;
    next = x + (-lr) * state.momentumBuffer;
  } else {
    terms.direction = gradient;
    next = x + (-lr) * div(gradient, avg);
  }
  terms.delta = next - x;
  return next;
}

void Rmsprop::finishTerms(Terms& terms) const { finishEffectiveLearningRate(terms, terms.learningRate); }

std::vector<NamedVec> Rmsprop::namedState() const {
  std::vector<NamedVec> named = {{"square_avg", state.squareAvg}};
  if (hyper.centered) named.push_back({"grad_avg", state.gradAvg});
  if (hyper.momentum > 0.0) named.push_back({"momentum_buffer", state.momentumBuffer});
  return named;
}

}  // namespace gs::optim
