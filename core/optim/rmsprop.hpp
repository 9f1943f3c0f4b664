// RMSProp (Hinton's lecture 6e), optionally centered (Graves 2013) and with momentum.
// Convention: torch.optim.RMSprop (PyTorch 1.13 / 2.x, single-tensor path):
//   g          = grad f(x) + weight_decay * x
//   square_avg = alpha * square_avg + (1 - alpha) * g^2
//   grad_avg   = alpha * grad_avg + (1 - alpha) * g                        (centered only)
//   avg        = sqrt(square_avg - grad_avg^2) + eps  (centered)  or  sqrt(square_avg) + eps
//   buf        = momentum * buf + g / avg,  x <- x - lr * buf             (momentum > 0; buf starts at 0)
//   x         <- x - lr * g / avg                                          (momentum = 0)
#pragma once
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Rmsprop {
  struct Hyper {
    double lr = 1e-2;
    double alpha = 0.99;
    double eps = 1e-8;
    double weightDecay = 0.0;
    double momentum = 0.0;
    bool centered = false;
  };
  struct State {
    std::int64_t step = 0;
    Vec2 squareAvg;                                  // square_avg
    Vec2 gradAvg;                                    // grad_avg (centered)
    Vec2 momentumBuffer;                             // momentum_buffer
    Vec2 previousSquareAvg, previousMomentumBuffer;  // before the last step, for its terms (not torch state)
  };
  Hyper hyper;
  State state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  void finishTerms(Terms& terms) const;  // every optional term, when read (Optimizer::terms())
  std::vector<NamedVec> namedState() const;
};

}  // namespace gs::optim
