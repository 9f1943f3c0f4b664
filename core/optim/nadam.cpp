// torch.optim.NAdam; the update rule is at the top of optim_nadam.hpp.
#include "core/optim/nadam.hpp"

#include <cmath>

namespace gs::optim {

const std::vector<Field<Nadam::Hyper>>& Nadam::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(betaParam("beta1", "Decay of the first moment m; PyTorch's betas[0].")),
      field<&Hyper::beta2>(betaParam("beta2", "Decay of the second moment v; PyTorch's betas[1].")),
      field<&Hyper::eps>(epsParam("Added to sqrt(v_hat) in the denominator so the division never blows up.")),
      field<&Hyper::weightDecay>(weightDecayParam()),
      field<&Hyper::momentumDecay>(
          realParam("momentum_decay", 0.0, 1.0, false,
                    "How fast the momentum coefficient mu_t warms up towards beta1.")),
  };
  return table;
}

namespace {

// mu_t, mu_{t+1} and the two weights of step t, given mu_product after it. The step and its terms both
// use this, so the terms see the very numbers the move used.
struct NadamWeights {
  double mu, muNext, gradientWeight, momentWeight;
};

NadamWeights nadamWeights(double mu, double muNext, double muProduct) {
  const double muProductNext = runningProduct(muProduct, muNext);
  return {mu, muNext, divideByOneMinus(1.0 - mu, muProduct), divideByOneMinus(muNext, muProductNext)};
}

double nadamMu(const Nadam::Hyper& hyper, double decay) { return hyper.beta1 * (1.0 - 0.5 * decay); }

// denom = sqrt(v_t / bc2) + eps, torch's order of operations.
Vec2 nadamDenominator(Vec2 secondHat, double eps) { return addScalar(sqrt(secondHat), eps); }

}  // namespace

Vec2 Nadam::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const double biasCorrection2 = 1.0 - state.beta2Power(hyper.beta2, state.step);
  const Vec2 gradient = l2Regularized(observeGradient(x, oracle, terms), x, hyper.weightDecay);
  const double mu = nadamMu(hyper, state.decayPower(0.96, state.step, hyper.momentumDecay));
  const double muNext = nadamMu(hyper, state.decayPower(0.96, state.step + 1, hyper.momentumDecay));
  // torch's products bit for bit; runningProduct keeps its stuck subnormal tail off microcode.
  state.muProduct = runningProduct(state.muProduct, mu);
  const NadamWeights weights = nadamWeights(mu, muNext, state.muProduct);
  state.previousExpAvg = state.expAvg;
  state.previousExpAvgSq = state.expAvgSq;
  state.expAvg = hyper.beta1 * state.expAvg + (1.0 - hyper.beta1) * gradient;
  state.expAvgSq = hyper.beta2 * state.expAvgSq + (1.0 - hyper.beta2) * square(gradient);
  const Vec2 denom = nadamDenominator(state.expAvgSq / biasCorrection2, hyper.eps);
  // Two separate moves, in torch's order, so the rounding matches.
  const Vec2 afterGradient = x + (-lr * weights.gradientWeight) * div(gradient, denom);
  const Vec2 next = afterGradient + (-lr * weights.momentWeight) * div(state.expAvg, denom);
  terms.delta = next - x;
  return next;
}

void Nadam::finishTerms(Terms& terms) const {
  const Vec2 gradient = finishWeightDecayTerm(terms, hyper.weightDecay);
  const double biasCorrection2 = 1.0 - state.beta2Power.at(hyper.beta2, state.step);
  const double mu = nadamMu(hyper, state.decayPower.at(0.96, state.step, hyper.momentumDecay));
  const double muNext = nadamMu(hyper, state.decayPower.at(0.96, state.step + 1, hyper.momentumDecay));
  const NadamWeights weights = nadamWeights(mu, muNext, state.muProduct);
  terms.previousFirstMoment = state.previousExpAvg;
  terms.previousSecondMoment = state.previousExpAvgSq;
  terms.firstMoment = state.expAvg;
  terms.secondMoment = state.expAvgSq;
  terms.biasCorrection2 = biasCorrection2;
  terms.secondMomentHat = state.expAvgSq / biasCorrection2;
  terms.direction = weights.gradientWeight * gradient + weights.momentWeight * state.expAvg;
  terms.denominator = nadamDenominator(*terms.secondMomentHat, hyper.eps);
  finishEffectiveLearningRate(terms, terms.learningRate);
}

std::vector<NamedVec> Nadam::namedState() const {
  return {{"exp_avg", state.expAvg},
          {"exp_avg_sq", state.expAvgSq},
          {"mu_product", Vec2{state.muProduct, state.muProduct}}};
}

}  // namespace gs::optim
