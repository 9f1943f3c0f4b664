// QHM and QHAdam (Ma & Yarats 2019); the update rules are at the top of optim_qh.hpp.
#include "optim_qh.hpp"

#include <cmath>

namespace gs::optim {

const std::vector<Field<Qhm::Hyper>>& Qhm::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::momentum>(
          betaParam("momentum", "beta: decay of the momentum buffer (a dampened average).")),
      field<&Hyper::nu>(
          realParam("nu", 0.0, 1.0, false,
                    "Weight of the momentum buffer in the step; 1 - nu goes to the raw gradient.")),
  };
  return table;
}

Vec2 Qhm::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const Vec2 gradient = observeGradient(x, oracle, terms);
  terms.previousFirstMoment = state.momentumBuffer;
  state.momentumBuffer = hyper.momentum * state.momentumBuffer + (1.0 - hyper.momentum) * gradient;
  terms.firstMoment = state.momentumBuffer;
  const Vec2 mix = hyper.nu * state.momentumBuffer + (1.0 - hyper.nu) * gradient;
  terms.interpolatedMoment = mix;
  terms.direction = mix;
  terms.effectiveLearningRate = splat(lr);
  const Vec2 afterMomentum = x + (-lr * hyper.nu) * state.momentumBuffer;
  const Vec2 next = afterMomentum + (-lr * (1.0 - hyper.nu)) * gradient;
  terms.delta = next - x;
  return next;
}

std::vector<NamedVec> Qhm::namedState() const { return {{"momentum_buffer", state.momentumBuffer}}; }

const std::vector<Field<QhAdam::Hyper>>& QhAdam::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(betaParam("beta1", "Decay of the first moment m.")),
      field<&Hyper::beta2>(betaParam("beta2", "Decay of the second moment v.")),
      field<&Hyper::nu1>(realParam("nu1", 0.0, 1.0, false,
                                   "Weight of m_hat in the numerator; 1 - nu1 goes to the raw gradient.")),
      field<&Hyper::nu2>(
          realParam("nu2", 0.0, 1.0, false,
                    "Weight of v_hat in the denominator; 1 - nu2 goes to the squared gradient.")),
      field<&Hyper::eps>(epsParam("Added to the denominator so the division never blows up.")),
  };
  return table;
}

Vec2 QhAdam::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const Vec2 gradient = observeGradient(x, oracle, terms);
  terms.previousFirstMoment = state.expAvg;
  terms.previousSecondMoment = state.expAvgSq;
  state.expAvg = hyper.beta1 * state.expAvg + (1.0 - hyper.beta1) * gradient;
  state.expAvgSq = hyper.beta2 * state.expAvgSq + (1.0 - hyper.beta2) * square(gradient);
  const double biasCorrection1 = 1.0 - state.beta1Power(hyper.beta1, state.step);
  const double biasCorrection2 = 1.0 - state.beta2Power(hyper.beta2, state.step);
  const Vec2 firstHat = state.expAvg / biasCorrection1;
  const Vec2 secondHat = state.expAvgSq / biasCorrection2;
  const Vec2 numerator = hyper.nu1 * firstHat + (1.0 - hyper.nu1) * gradient;
  const Vec2 denom = addScalar(sqrt(hyper.nu2 * secondHat + (1.0 - hyper.nu2) * square(gradient)), hyper.eps);
  terms.firstMoment = state.expAvg;
  terms.secondMoment = state.expAvgSq;
  terms.biasCorrection1 = biasCorrection1;
  terms.biasCorrection2 = biasCorrection2;
  terms.firstMomentHat = firstHat;
  terms.secondMomentHat = secondHat;
  terms.interpolatedMoment = numerator;
  terms.direction = numerator;
  terms.denominator = denom;
  const Vec2 next = x + (-lr) * div(numerator, denom);
  terms.delta = next - x;
  return next;
}

void QhAdam::finishTerms(Terms& terms) const { finishEffectiveLearningRate(terms, terms.learningRate); }

std::vector<NamedVec> QhAdam::namedState() const {
  return {{"exp_avg", state.expAvg}, {"exp_avg_sq", state.expAvgSq}};
}

}  // namespace gs::optim
