// Lion: evolved sign momentum (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms",
// Algorithm 2), with decoupled weight decay as in the paper and its reference PyTorch code:
//   c  = beta1 m + (1 - beta1) g          (the interpolation whose sign is the update)
//   x <- x (1 - lr weight_decay)
//   x <- x - lr sign(c)                   (sign(0) = 0, as torch.sign)
//   m  = beta2 m + (1 - beta2) g          (m starts at 0)
#pragma once
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Lion {
  struct Hyper {
    double lr = 1e-4;
    double beta1 = 0.9;
    double beta2 = 0.99;
    double weightDecay = 0.0;
  };
  struct State {
    std::int64_t step = 0;
    Vec2 expAvg;  // exp_avg: m
  };
  Hyper hyper;
  State state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  std::vector<NamedVec> namedState() const;
};

}  // namespace gs::optim
