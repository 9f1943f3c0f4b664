// torch.optim.SGD; the update rule is at the top of optim_sgd.hpp.
#include "core/optim/sgd.hpp"

namespace gs::optim {

const std::vector<Field<Sgd::Hyper>>& Sgd::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::momentum>(
          realParam("momentum", 0.0, 0.999999, false,
                    "Momentum factor: how much of the previous velocity each step keeps.")),
      field<&Hyper::dampening>(
          realParam("dampening", 0.0, 1.0, false,
                    "Scales the new gradient's share of the velocity by (1 - dampening).")),
      field<&Hyper::nesterov>(boolParam(
          "nesterov", "Nesterov momentum: step with the gradient plus the updated velocity (looks ahead).")),
      field<&Hyper::weightDecay>(weightDecayParam()),
  };
  return table;
}

Vec2 Sgd::step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms) {
  const double lr = hyper.lr * lrScale;
  ++state.step;
  const Vec2 gradient = addWeightDecay(observeGradient(x, oracle, terms), x, hyper.weightDecay, terms);
  Vec2 direction = gradient;
  if (hyper.momentum != 0.0) {
    if (state.hasMomentumBuffer) {
      terms.previousFirstMoment = state.momentumBuffer;
      state.momentumBuffer = hyper.momentum * state.momentumBuffer + (1.0 - hyper.dampening) * gradient;
    } else {
      terms.previousFirstMoment = Vec2{};
      state.momentumBuffer = gradient;
      state.hasMomentumBuffer = true;
    }
    terms.firstMoment = state.momentumBuffer;
    if (hyper.nesterov) {
      direction = gradient + hyper.momentum * state.momentumBuffer;
      terms.lookahead = x;  // see the header: torch's iterate is already the look-ahead point
    } else {
      direction = state.momentumBuffer;
    }
  }
  terms.direction = direction;
  terms.effectiveLearningRate = splat(lr);
  const Vec2 next = x + (-lr) * direction;  // torch: param.add_(d_p, alpha=-lr)
  terms.delta = next - x;
  return next;
}

std::vector<NamedVec> Sgd::namedState() const {
  if (!state.hasMomentumBuffer) return {};
  return {{"momentum_buffer", state.momentumBuffer}};
}

}  // namespace gs::optim
