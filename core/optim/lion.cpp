// Lion (Chen et al. 2023); the update rule is at the top of optim_lion.hpp.
#include "core/optim/lion.hpp"

namespace gs::optim {

const std::vector<Field<Lion::Hyper>>& Lion::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam("Size of every step: each coordinate moves by exactly lr (the sign of c).")),
      field<&Hyper::beta1>(betaParam("beta1", "Blend of m and the new gradient whose sign is the update.")),
      field<&Hyper::beta2>(betaParam("beta2", "Decay of the momentum m carried to the next step.")),
      field<&Hyper::weightDecay>(
          realParam("weight_decay", 0.0, 10.0, false,
                    "Decoupled weight decay: shrinks x by 1 - lr * weight_decay each step.")),
  };
  return table;
}

Vec2 Lion::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const Vec2 gradient = observeGradient(x, oracle, terms);
  const Vec2 interpolation = hyper.beta1 * state.expAvg + (1.0 - hyper.beta1) * gradient;
  const Vec2 update = sign(interpolation);
  const Vec2 decayed = x * (1.0 - lr * hyper.weightDecay);
  terms.previousFirstMoment = state.expAvg;
  state.expAvg = hyper.beta2 * state.expAvg + (1.0 - hyper.beta2) * gradient;
  terms.firstMoment = state.expAvg;
  terms.interpolatedMoment = interpolation;
  terms.direction = update;
  terms.effectiveLearningRate = splat(lr);
  if (hyper.weightDecay != 0.0) terms.decayStep = decayed - x;
  const Vec2 next = decayed + (-lr) * update;
  terms.delta = next - x;
  return next;
}

std::vector<NamedVec> Lion::namedState() const { return {{"exp_avg", state.expAvg}}; }

}  // namespace gs::optim
