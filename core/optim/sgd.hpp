// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay.
// Convention: torch.optim.SGD (PyTorch 1.13 / 2.x, single-tensor, non-maximize path):
//   g   = grad f(x) + weight_decay * x
//   b_1 = g                                   (first momentum step: the buffer is the gradient, undampened)
//   b_t = momentum * b_{t-1} + (1 - dampening) * g
//   d   = g + momentum * b_t  if nesterov,  b_t  if momentum != 0,  g  otherwise
//   x  <- x - lr * d
// Nesterov here is PyTorch's reformulation (Sutskever et al. 2013 rewritten in the look-ahead variable):
// the iterate x_t is the classical look-ahead point theta_t + mu v_t, so the gradient is taken at x_t
// itself. Terms::lookahead therefore reports x_t; the classical iterate theta_t lies lr * momentum *
// b_{t-1} behind it.
#pragma once
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Sgd {
  struct Hyper {
    double lr = 0.01;  // torch requires lr; 0.01 suits the catalog's surfaces
    double momentum = 0.0;
    double dampening = 0.0;
    bool nesterov = false;
    double weightDecay = 0.0;
  };
  struct State {
    std::int64_t step = 0;
    bool hasMomentumBuffer = false;  // torch creates the buffer on the first step with momentum != 0
    Vec2 momentumBuffer;
  };

  Hyper hyper;
  State state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  std::vector<NamedVec> namedState() const;
};

}  // namespace gs::optim
