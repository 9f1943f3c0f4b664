// torch.optim.RAdam; the update rule is at the top of optim_radam.hpp.
#include "core/optim/radam.hpp"

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

namespace {

// What step t of RAdam computes from its state besides the moments; the step and its terms share it, so
// the terms see the very numbers the move used.
struct RadamFactors {
  double biasCorrection1, biasCorrection2;
  bool rectified;  // rho_t > 5: the adaptive, rectified step
  double rectification;
  Vec2 adaptiveLr;  // sqrt(bc2) / (sqrt(v_t) + eps), where rectified
};

[[gnu::always_inline]] inline RadamFactors radamFactors(const Radam::Hyper& hyper, std::int64_t step,
                                                        double beta1Power, double beta2Power, Vec2 expAvgSq) {
  RadamFactors f{1.0 - beta1Power, 1.0 - beta2Power, false, 0.0, {}};
  const double rhoInf = 2.0 / (1.0 - hyper.beta2) - 1.0;
  const auto t = static_cast<double>(step);
  const double rhoT = rhoInf - 2.0 * t * beta2Power / f.biasCorrection2;
  if (rhoT > 5.0) {
    f.rectified = true;
    f.rectification =
        std::sqrt((rhoT - 4.0) * (rhoT - 2.0) * rhoInf / ((rhoInf - 4.0) * (rhoInf - 2.0) * rhoT));
    f.adaptiveLr = div(splat(std::sqrt(f.biasCorrection2)), addScalar(sqrt(expAvgSq), hyper.eps));
  }
  return f;
}

}  // namespace

Vec2 Radam::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const double beta1Power = state.beta1Power(hyper.beta1, state.step);
  const double beta2Power = state.beta2Power(hyper.beta2, state.step);
  const Vec2 gradient = l2Regularized(observeGradient(x, oracle, terms), x, hyper.weightDecay);
  state.previousExpAvg = state.expAvg;
  state.previousExpAvgSq = state.expAvgSq;
  state.expAvg = hyper.beta1 * state.expAvg + (1.0 - hyper.beta1) * gradient;
  state.expAvgSq = hyper.beta2 * state.expAvgSq + (1.0 - hyper.beta2) * square(gradient);
  const RadamFactors f = radamFactors(hyper, state.step, beta1Power, beta2Power, state.expAvgSq);
  const Vec2 correctedAvg = state.expAvg / f.biasCorrection1;
  // torch: bias_corrected_exp_avg * lr * adaptive_lr * rect, or without the last two where not rectified
  const Vec2 scaled =
      f.rectified ? mul(correctedAvg * lr, f.adaptiveLr) * f.rectification : correctedAvg * lr;
  const Vec2 next = x + (-1.0) * scaled;
  terms.delta = next - x;
  return next;
}

void Radam::finishTerms(Terms& terms) const {
  finishWeightDecayTerm(terms, hyper.weightDecay);
  const RadamFactors f = radamFactors(hyper, state.step, state.beta1Power.at(hyper.beta1, state.step),
                                      state.beta2Power.at(hyper.beta2, state.step), state.expAvgSq);
  const double lr = terms.learningRate;
  terms.previousFirstMoment = state.previousExpAvg;
  terms.previousSecondMoment = state.previousExpAvgSq;
  terms.firstMoment = state.expAvg;
  terms.secondMoment = state.expAvgSq;
  terms.biasCorrection1 = f.biasCorrection1;
  terms.biasCorrection2 = f.biasCorrection2;
  terms.firstMomentHat = state.expAvg / f.biasCorrection1;
  terms.direction = terms.firstMomentHat;
  if (f.rectified) {
    terms.rectification = f.rectification;
    terms.secondMomentHat = state.expAvgSq / f.biasCorrection2;  // v_hat is shown where the step used it
    terms.effectiveLearningRate = lr * f.rectification * f.adaptiveLr;
  } else {
    terms.effectiveLearningRate = splat(lr);
  }
}

std::vector<NamedVec> Radam::namedState() const {
  return {{"exp_avg", state.expAvg}, {"exp_avg_sq", state.expAvgSq}};
}

}  // namespace gs::optim
