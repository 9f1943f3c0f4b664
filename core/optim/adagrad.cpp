// torch.optim.Adagrad; the update rule is at the top of optim_adagrad.hpp.
#include "core/optim/adagrad.hpp"

namespace gs::optim {

const std::vector<Field<Adagrad::Hyper>>& Adagrad::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::lrDecay>(
          realParam("lr_decay", 0.0, 10.0, false, "Shrinks lr over time: lr / (1 + (t - 1) * lr_decay).")),
      field<&Hyper::eps>(epsParam("Added to sqrt(sum) in the denominator so the division never blows up.")),
      field<&Hyper::initialAccumulatorValue>(
          realParam("initial_accumulator_value", 0.0, 100.0, false,
                    "Starting value of the sum of squared gradients (applies from the next reset).")),
      field<&Hyper::weightDecay>(weightDecayParam()),
  };
  return table;
}

namespace {

// torch's clr = lr / (1 + (t - 1) lr_decay) and std = sqrt(sum) + eps; the step and its terms share them.
double adagradStepSize(double lr, double lrDecay, std::int64_t step) {
  return lr / (1.0 + static_cast<double>(step - 1) * lrDecay);
}
Vec2 adagradDenominator(Vec2 sum, double eps) { return addScalar(sqrt(sum), eps); }

}  // namespace

Vec2 Adagrad::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  if (state.step == 0) state.sum = splat(hyper.initialAccumulatorValue);
  ++state.step;
  const Vec2 gradient = l2Regularized(observeGradient(x, oracle, terms), x, hyper.weightDecay);
  const double clr = adagradStepSize(lr, hyper.lrDecay, state.step);
  state.previousSum = state.sum;
  state.sum += square(gradient);
  const Vec2 std = adagradDenominator(state.sum, hyper.eps);
  const Vec2 next = x + (-clr) * div(gradient, std);  // torch: param.addcdiv_(grad, std, value=-clr)
  terms.delta = next - x;
  return next;
}

void Adagrad::finishTerms(Terms& terms) const {
  const Vec2 gradient = finishWeightDecayTerm(terms, hyper.weightDecay);
  terms.previousSecondMoment = state.previousSum;
  terms.secondMoment = state.sum;
  terms.stepSize = adagradStepSize(terms.learningRate, hyper.lrDecay, state.step);
  terms.direction = gradient;
  terms.denominator = adagradDenominator(state.sum, hyper.eps);
  finishEffectiveLearningRate(terms, *terms.stepSize);
}

std::vector<NamedVec> Adagrad::namedState() const { return {{"sum", state.sum}}; }

}  // namespace gs::optim
