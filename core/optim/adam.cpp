// torch.optim.Adam / AdamW; the update rule is at the top of optim_adam.hpp.
#include "core/optim/adam.hpp"

#include <cmath>

namespace gs::optim {
namespace {

ParamInfo beta1Param() {
  return betaParam("beta1",
                   "Decay of the first moment m (the running mean of gradients); PyTorch's betas[0].");
}
ParamInfo beta2Param() {
  return betaParam("beta2",
                   "Decay of the second moment v (the running mean of squared gradients); betas[1].");
}
ParamInfo adamEpsParam() {
  return epsParam("Added to sqrt(v_hat) in the denominator so the division never blows up.");
}
ParamInfo amsgradParam() {
  return boolParam("amsgrad", "AMSGrad: divide by the largest v seen so far, so steps never grow back.");
}

struct MomentSettings {
  double lr, beta1, beta2, eps;
  bool amsgrad, biasCorrection;
};

// denom = sqrt(v_t) / sqrt(bc2) + eps, torch's order of operations; the move and its terms share it.
Vec2 adamDenominator(Vec2 secondMoment, double biasCorrection2, double eps) {
  return addScalar(sqrt(secondMoment) / std::sqrt(biasCorrection2), eps);
}

// The shared moment update and move; `x` is the point the move starts from (AdamW: after its decay).
// It writes no terms: finishAdamTerms derives all of them, with the same arithmetic, when they are read.
Vec2 adamMove(Vec2 x, Vec2 gradient, const MomentSettings& s, AdamMoments& state) {
  ++state.step;
  state.previousExpAvg = state.expAvg;
  state.previousExpAvgSq = state.expAvgSq;
  state.expAvg = s.beta1 * state.expAvg + (1.0 - s.beta1) * gradient;
  state.expAvgSq = s.beta2 * state.expAvgSq + (1.0 - s.beta2) * square(gradient);
  const double biasCorrection1 = s.biasCorrection ? 1.0 - state.beta1Power(s.beta1, state.step) : 1.0;
  const double biasCorrection2 = s.biasCorrection ? 1.0 - state.beta2Power(s.beta2, state.step) : 1.0;
  const double stepSize = s.lr / biasCorrection1;
  Vec2 secondMoment = state.expAvgSq;
  if (s.amsgrad) {
    state.maxExpAvgSq = maxElementwise(state.maxExpAvgSq, state.expAvgSq);
    secondMoment = state.maxExpAvgSq;
  }
  const Vec2 denom = adamDenominator(secondMoment, biasCorrection2, s.eps);
  // torch: param.addcdiv_(exp_avg, denom, value=-step_size)
  return x + (-stepSize) * div(state.expAvg, denom);
}

// The terms of the last adamMove, from its state and settings (Optimizer::terms()): the same operations
// on the same numbers, so the same bits as if the move had written them.
void finishAdamTerms(const MomentSettings& s, const AdamMoments& state, Terms& terms) {
  const double biasCorrection1 = s.biasCorrection ? 1.0 - state.beta1Power.at(s.beta1, state.step) : 1.0;
  const double biasCorrection2 = s.biasCorrection ? 1.0 - state.beta2Power.at(s.beta2, state.step) : 1.0;
  const Vec2 secondMoment = s.amsgrad ? state.maxExpAvgSq : state.expAvgSq;
  terms.previousFirstMoment = state.previousExpAvg;
  terms.previousSecondMoment = state.previousExpAvgSq;
  terms.firstMoment = state.expAvg;
  terms.secondMoment = state.expAvgSq;
  terms.biasCorrection1 = biasCorrection1;
  terms.biasCorrection2 = biasCorrection2;
  terms.stepSize = s.lr / biasCorrection1;
  terms.denominator = adamDenominator(secondMoment, biasCorrection2, s.eps);
  terms.firstMomentHat = state.expAvg / biasCorrection1;
  terms.secondMomentHat = secondMoment / biasCorrection2;
  terms.direction = terms.firstMomentHat;
  finishEffectiveLearningRate(terms, s.lr);
}

// AdamW: torch's param.mul_(1 - lr * weight_decay), before the Adam move.
Vec2 decoupledDecay(Vec2 x, double lr, double weightDecay) { return x * (1.0 - lr * weightDecay); }

MomentSettings adamSettings(const Adam::Hyper& hyper, double lr) {
  return {lr, hyper.beta1, hyper.beta2, hyper.eps, hyper.amsgrad, hyper.biasCorrection};
}

MomentSettings adamWSettings(const AdamW::Hyper& hyper, double lr) {
  return {lr, hyper.beta1, hyper.beta2, hyper.eps, hyper.amsgrad, true};
}

std::vector<NamedVec> adamState(const AdamMoments& state, bool amsgrad) {
  std::vector<NamedVec> named = {{"exp_avg", state.expAvg}, {"exp_avg_sq", state.expAvgSq}};
  if (amsgrad) named.push_back({"max_exp_avg_sq", state.maxExpAvgSq});
  return named;
}

}  // namespace

const std::vector<Field<Adam::Hyper>>& Adam::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(beta1Param()),
      field<&Hyper::beta2>(beta2Param()),
      field<&Hyper::eps>(adamEpsParam()),
      field<&Hyper::weightDecay>(weightDecayParam()),
      field<&Hyper::amsgrad>(amsgradParam()),
      field<&Hyper::biasCorrection>(
          boolParam("bias_correction",
                    "Divide m and v by 1 - beta^t so early steps are not shrunk towards zero "
                    "(not a PyTorch option; false drops both corrections).")),
  };
  return table;
}

Vec2 Adam::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const Vec2 gradient = l2Regularized(observeGradient(x, oracle, terms), x, hyper.weightDecay);
  const Vec2 next = adamMove(x, gradient, adamSettings(hyper, hyper.lr * lrScale), state);
  terms.delta = next - x;
  return next;
}

void Adam::finishTerms(Terms& terms) const {
  finishWeightDecayTerm(terms, hyper.weightDecay);
  finishAdamTerms(adamSettings(hyper, terms.learningRate), state, terms);
}

std::vector<NamedVec> Adam::namedState() const { return adamState(state, hyper.amsgrad); }

const std::vector<Field<AdamW::Hyper>>& AdamW::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::beta1>(beta1Param()),
      field<&Hyper::beta2>(beta2Param()),
      field<&Hyper::eps>(adamEpsParam()),
      field<&Hyper::weightDecay>(realParam(
          "weight_decay", 0.0, 10.0, false,
          "Decoupled weight decay: shrinks x by the factor 1 - lr * weight_decay before each Adam step.")),
      field<&Hyper::amsgrad>(amsgradParam()),
  };
  return table;
}

Vec2 AdamW::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  const Vec2 gradient = observeGradient(x, oracle, terms);
  const Vec2 next =
      adamMove(decoupledDecay(x, lr, hyper.weightDecay), gradient, adamWSettings(hyper, lr), state);
  terms.delta = next - x;
  return next;
}

void AdamW::finishTerms(Terms& terms) const {
  terms.decayStep = decoupledDecay(terms.point, terms.learningRate, hyper.weightDecay) - terms.point;
  finishAdamTerms(adamWSettings(hyper, terms.learningRate), state, terms);
}

std::vector<NamedVec> AdamW::namedState() const { return adamState(state, hyper.amsgrad); }

}  // namespace gs::optim
