// torch.optim.RMSprop; the update rule is at the top of optim_rmsprop.hpp.
#include "core/optim/rmsprop.hpp"

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

namespace {

// sqrt(square_avg) + eps, or sqrt(square_avg - grad_avg^2) + eps when centered; the step and its terms
// share it.
Vec2 rmspropDenominator(const Rmsprop::Hyper& hyper, const Rmsprop::State& state) {
  const Vec2 root = hyper.centered ? sqrt(state.squareAvg - square(state.gradAvg)) : sqrt(state.squareAvg);
  return addScalar(root, hyper.eps);
}

}  // namespace

Vec2 Rmsprop::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const Vec2 gradient = l2Regularized(observeGradient(x, oracle, terms), x, hyper.weightDecay);
  state.previousSquareAvg = state.squareAvg;
  state.squareAvg = hyper.alpha * state.squareAvg + (1.0 - hyper.alpha) * square(gradient);
  if (hyper.centered) state.gradAvg = hyper.alpha * state.gradAvg + (1.0 - hyper.alpha) * gradient;
  const Vec2 avg = rmspropDenominator(hyper, state);
  Vec2 next;
  if (hyper.momentum > 0.0) {
    state.previousMomentumBuffer = state.momentumBuffer;
    state.momentumBuffer = hyper.momentum * state.momentumBuffer + div(gradient, avg);
    next = x + (-lr) * state.momentumBuffer;
  } else {
    next = x + (-lr) * div(gradient, avg);
  }
  terms.delta = next - x;
  return next;
}

void Rmsprop::finishTerms(Terms& terms) const {
  const Vec2 gradient = finishWeightDecayTerm(terms, hyper.weightDecay);
  terms.previousSecondMoment = state.previousSquareAvg;
  terms.secondMoment = state.squareAvg;
  terms.denominator = rmspropDenominator(hyper, state);
  if (hyper.momentum > 0.0) {
    terms.previousFirstMoment = state.previousMomentumBuffer;
    terms.firstMoment = state.momentumBuffer;
    terms.direction = state.momentumBuffer;
  } else {
    terms.direction = gradient;
  }
  finishEffectiveLearningRate(terms, terms.learningRate);
}

std::vector<NamedVec> Rmsprop::namedState() const {
  std::vector<NamedVec> named = {{"square_avg", state.squareAvg}};
  if (hyper.centered) named.push_back({"grad_avg", state.gradAvg});
  if (hyper.momentum > 0.0) named.push_back({"momentum_buffer", state.momentumBuffer});
  return named;
}

}  // namespace gs::optim
