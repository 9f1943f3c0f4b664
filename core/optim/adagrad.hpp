// AdaGrad (Duchi et al. 2011).
// Convention: torch.optim.Adagrad (PyTorch 1.13 / 2.x, single-tensor dense path):
//   g    = grad f(x) + weight_decay * x
//   clr  = lr / (1 + (t - 1) * lr_decay)
//   sum  = sum + g^2                       (sum starts at initial_accumulator_value)
//   x   <- x - clr * g / (sqrt(sum) + eps) (eps outside the square root)
#pragma once
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Adagrad {
  struct Hyper {
    double lr = 1e-2;
    double lrDecay = 0.0;
    double eps = 1e-10;
    double initialAccumulatorValue = 0.0;
    double weightDecay = 0.0;
  };
  struct State {
    std::int64_t step = 0;
    Vec2 sum;          // set to initial_accumulator_value on the first step (torch does it at construction)
    Vec2 previousSum;  // sum before the last step, for its terms (not torch state)
  };
  Hyper hyper;
  State state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  void finishTerms(Terms& terms) const;  // every optional term, when read (Optimizer::terms())
  std::vector<NamedVec> namedState() const;
};

}  // namespace gs::optim
