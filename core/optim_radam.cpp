// torch.optim.RAdam; the update rule is at the top of optim_radam.hpp.
#include "optim_radam.hpp"

#include <cmath>

namespace gs::optim {

const std::vector<Field<Radam::Hyper>>& Radam::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(betaParam("beta1", "Decay of the first moment m; PyTorch's betas[0].")),
      field<&Hyper::beta2>(betaParam("beta2", "Decay of the second moment v; PyTorch's betas[1].")),
      field<&Hyper::eps>(epsParam("Added to sqrt(v) in the denominator so the division never blows up.")),
      field<&Hyper::weightDecay>(weightDecayParam()),
  };
  return table;
}

Vec2 Radam::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const auto t = static_cast<double>(state.step);
  const double biasCorrection1 = 1.0 - state.beta1Power(hyper.beta1, state.step);
  const double biasCorrection2 = 1.0 - state.beta2Power(hyper.beta2, state.step);
  const Vec2 gradient = addWeightDecay(observeGradient(x, oracle, terms), x, hyper.weightDecay, terms);
  terms.previousFirstMoment = state.expAvg;
  terms.previousSecondMoment = state.expAvgSq;
  state.expAvg = hyper.beta1 * state.expAvg + (1.0 - hyper.beta1) * gradient;
  state.expAvgSq = hyper.beta2 * state.expAvgSq + (1.0 - hyper.beta2) * square(gradient);
  const Vec2 correctedAvg = state.expAvg / biasCorrection1;
  const double rhoInf = 2.0 / (1.0 - hyper.beta2) - 1.0;
  const double rhoT = rhoInf - 2.0 * t * state.beta2Power(hyper.beta2, state.step) / biasCorrection2;
  terms.firstMoment = state.expAvg;
  terms.secondMoment = state.expAvgSq;
  terms.biasCorrection1 = biasCorrection1;
  terms.biasCorrection2 = biasCorrection2;
  terms.firstMomentHat = correctedAvg;
  terms.direction = correctedAvg;
  Vec2 scaled;
  if (rhoT > 5.0) {
    const double rect =
        std::sqrt((rhoT - 4.0) * (rhoT - 2.0) * rhoInf / ((rhoInf - 4.0) * (rhoInf - 2.0) * rhoT));
    const Vec2 adaptiveLr =
        div(splat(std::sqrt(biasCorrection2)), addScalar(sqrt(state.expAvgSq), hyper.eps));
    terms.rectification = rect;
    terms.effectiveLearningRate = lr * rect * adaptiveLr;
    scaled =
        mul(correctedAvg * lr, adaptiveLr) * rect;  // torch: bias_corrected_exp_avg * lr * adaptive_lr * rect
  } else {
    terms.effectiveLearningRate = splat(lr);
    scaled = correctedAvg * lr;
  }
  const Vec2 next = x + (-1.0) * scaled;
  terms.delta = next - x;
  return next;
}

void Radam::finishTerms(Terms& terms) const {
  // v_hat is shown only where the rectified, adaptive step used it.
  if (terms.rectification) terms.secondMomentHat = terms.secondMoment.value() / terms.biasCorrection2.value();
}

std::vector<NamedVec> Radam::namedState() const {
  return {{"exp_avg", state.expAvg}, {"exp_avg_sq", state.expAvgSq}};
}

}  // namespace gs::optim
