// AdaDelta (Zeiler 2012).
// Convention: torch.optim.Adadelta (PyTorch 1.13 / 2.x, single-tensor path):
//   g          = grad f(x) + weight_decay * x
//   square_avg = rho * square_avg + (1 - rho) * g^2
//   delta      = sqrt(acc_delta + eps) / sqrt(square_avg + eps) * g     (eps inside both square roots)
//   acc_delta  = rho * acc_delta + (1 - rho) * delta^2
//   x         <- x - lr * delta
#pragma once
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Adadelta {
  struct Hyper {
    double lr = 1.0;
    double rho = 0.9;
    double eps = 1e-6;
    double weightDecay = 0.0;
  };
  struct State {
    std::int64_t step = 0;
    Vec2 squareAvg;  // square_avg
    Vec2 accDelta;   // acc_delta
  };
  Hyper hyper;
  State state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  std::vector<NamedVec> namedState() const;
};

}  // namespace gs::optim
