// torch.optim.NAdam; the update rule is at the top of optim_nadam.hpp.
#include "optim_nadam.hpp"

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

Vec2 Nadam::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const double biasCorrection2 = 1.0 - state.beta2Power(hyper.beta2, state.step);
  const Vec2 gradient = addWeightDecay(observeGradient(x, oracle, terms), x, hyper.weightDecay, terms);
  const double mu = hyper.beta1 * (1.0 - 0.5 * state.decayPower(0.96, state.step, hyper.momentumDecay));
  const double muNext = hyper.beta1 * (1.0 - 0.5 * state.decayPower(0.96, state.step + 1, hyper.momentumDecay));
  // torch's products bit for bit; runningProduct and oneMinus keep its stuck subnormal tail off microcode.
  state.muProduct = runningProduct(state.muProduct, mu);
  const double muProductNext = runningProduct(state.muProduct, muNext);
  terms.previousFirstMoment = state.expAvg;
  terms.previousSecondMoment = state.expAvgSq;
  state.expAvg = hyper.beta1 * state.expAvg + (1.0 - hyper.beta1) * gradient;
  state.expAvgSq = hyper.beta2 * state.expAvgSq + (1.0 - hyper.beta2) * square(gradient);
  const Vec2 secondHat = state.expAvgSq / biasCorrection2;
  const Vec2 denom = addScalar(sqrt(secondHat), hyper.eps);
  const double gradientWeight = (1.0 - mu) / oneMinus(state.muProduct);
  const double momentWeight = muNext / oneMinus(muProductNext);
  terms.firstMoment = state.expAvg;
  terms.secondMoment = state.expAvgSq;
  terms.biasCorrection2 = biasCorrection2;
  terms.secondMomentHat = secondHat;
  terms.direction = gradientWeight * gradient + momentWeight * state.expAvg;
  terms.denominator = denom;
  // Two separate moves, in torch's order, so the rounding matches.
  const Vec2 afterGradient = x + (-lr * gradientWeight) * div(gradient, denom);
  const Vec2 next = afterGradient + (-lr * momentWeight) * div(state.expAvg, denom);
  terms.delta = next - x;
  return next;
}

void Nadam::finishTerms(Terms& terms) const { finishEffectiveLearningRate(terms, terms.learningRate); }

std::vector<NamedVec> Nadam::namedState() const {
  return {{"exp_avg", state.expAvg},
          {"exp_avg_sq", state.expAvgSq},
          {"mu_product", Vec2{state.muProduct, state.muProduct}}};
}

}  // namespace gs::optim
