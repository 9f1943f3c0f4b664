// QHM and QHAdam (Ma & Yarats 2019); the update rules are at the top of optim_qh.hpp.
#include "core/optim/qh.hpp"

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

namespace {

// QHAdam's bias-corrected moments, numerator and denominator at step t; the step and its terms share them.
struct QhAdamParts {
  double biasCorrection1, biasCorrection2;
  Vec2 firstHat, secondHat, numerator, denominator;
};

QhAdamParts qhAdamParts(const QhAdam::Hyper& hyper, double beta1Power, double beta2Power, Vec2 expAvg,
                        Vec2 expAvgSq, Vec2 gradient) {
  QhAdamParts p;
  p.biasCorrection1 = 1.0 - beta1Power;
  p.biasCorrection2 = 1.0 - beta2Power;
  p.firstHat = expAvg / p.biasCorrection1;
  p.secondHat = expAvgSq / p.biasCorrection2;
  p.numerator = hyper.nu1 * p.firstHat + (1.0 - hyper.nu1) * gradient;
  p.denominator = addScalar(sqrt(hyper.nu2 * p.secondHat + (1.0 - hyper.nu2) * square(gradient)), hyper.eps);
  return p;
}

}  // namespace

Vec2 QhAdam::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const Vec2 gradient = observeGradient(x, oracle, terms);
  state.previousExpAvg = state.expAvg;
  state.previousExpAvgSq = state.expAvgSq;
  state.expAvg = hyper.beta1 * state.expAvg + (1.0 - hyper.beta1) * gradient;
  state.expAvgSq = hyper.beta2 * state.expAvgSq + (1.0 - hyper.beta2) * square(gradient);
  const QhAdamParts p =
      qhAdamParts(hyper, state.beta1Power(hyper.beta1, state.step), state.beta2Power(hyper.beta2, state.step),
                  state.expAvg, state.expAvgSq, gradient);
  const Vec2 next = x + (-lr) * div(p.numerator, p.denominator);
  terms.delta = next - x;
  return next;
}

void QhAdam::finishTerms(Terms& terms) const {
  const QhAdamParts p =
      qhAdamParts(hyper, state.beta1Power.at(hyper.beta1, state.step),
                  state.beta2Power.at(hyper.beta2, state.step), state.expAvg, state.expAvgSq, terms.gradient);
  terms.previousFirstMoment = state.previousExpAvg;
  terms.previousSecondMoment = state.previousExpAvgSq;
  terms.firstMoment = state.expAvg;
  terms.secondMoment = state.expAvgSq;
  terms.biasCorrection1 = p.biasCorrection1;
  terms.biasCorrection2 = p.biasCorrection2;
  terms.firstMomentHat = p.firstHat;
  terms.secondMomentHat = p.secondHat;
  terms.interpolatedMoment = p.numerator;
  terms.direction = p.numerator;
  terms.denominator = p.denominator;
  finishEffectiveLearningRate(terms, terms.learningRate);
}

std::vector<NamedVec> QhAdam::namedState() const {
  return {{"exp_avg", state.expAvg}, {"exp_avg_sq", state.expAvgSq}};
}

}  // namespace gs::optim
