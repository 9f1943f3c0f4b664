// torch.optim.Adamax; the update rule is at the top of optim_adamax.hpp.
#include "core/optim/adamax.hpp"

#include <cmath>

namespace gs::optim {

const std::vector<Field<Adamax::Hyper>>& Adamax::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(betaParam("beta1", "Decay of the first moment m; PyTorch's betas[0].")),
      field<&Hyper::beta2>(betaParam("beta2", "Decay of the infinity norm exp_inf; PyTorch's betas[1].")),
      field<&Hyper::eps>(epsParam("Added to |g| inside the max so exp_inf is never zero.")),
      field<&Hyper::weightDecay>(weightDecayParam()),
  };
  return table;
}

Vec2 Adamax::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const Vec2 gradient = l2Regularized(observeGradient(x, oracle, terms), x, hyper.weightDecay);
  state.previousExpAvg = state.expAvg;
  state.previousExpInf = state.expInf;
  state.expAvg = hyper.beta1 * state.expAvg + (1.0 - hyper.beta1) * gradient;
  state.expInf = maxElementwise(hyper.beta2 * state.expInf, addScalar(abs(gradient), hyper.eps));
  const double clr = lr / (1.0 - state.beta1Power(hyper.beta1, state.step));
  const Vec2 next = x + (-clr) * div(state.expAvg, state.expInf);  // param.addcdiv_(exp_avg, exp_inf, -clr)
  terms.delta = next - x;
  return next;
}

void Adamax::finishTerms(Terms& terms) const {
  finishWeightDecayTerm(terms, hyper.weightDecay);
  const double biasCorrection = 1.0 - state.beta1Power.at(hyper.beta1, state.step);
  terms.previousFirstMoment = state.previousExpAvg;
  terms.previousSecondMoment = state.previousExpInf;
  terms.firstMoment = state.expAvg;
  terms.secondMoment = state.expInf;
  terms.biasCorrection1 = biasCorrection;
  terms.stepSize = terms.learningRate / biasCorrection;
  terms.denominator = state.expInf;
  terms.firstMomentHat = state.expAvg / biasCorrection;
  terms.direction = terms.firstMomentHat;
  finishEffectiveLearningRate(terms, terms.learningRate);
}

std::vector<NamedVec> Adamax::namedState() const {
  return {{"exp_avg", state.expAvg}, {"exp_inf", state.expInf}};
}

}  // namespace gs::optim
