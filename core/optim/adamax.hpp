// Adamax, Adam's infinity-norm variant (Kingma & Ba 2015, section 7.1).
// Convention: torch.optim.Adamax (PyTorch 1.13 / 2.x, single-tensor path):
//   g       = grad f(x) + weight_decay * x
//   m_t     = beta1 m_{t-1} + (1 - beta1) g
//   exp_inf = max(beta2 * exp_inf, |g| + eps)       (eps inside the max, as torch does)
//   x      <- x - lr / (1 - beta1^t) * m_t / exp_inf
#pragma once
#include <vector>

#include "core/optim/common.hpp"
#include "core/optim/power.hpp"

namespace gs::optim {

struct Adamax {
  struct Hyper {
    double lr = 2e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay = 0.0;
  };
  struct State {
    std::int64_t step = 0;
    Vec2 expAvg;                          // exp_avg
    Vec2 expInf;                          // exp_inf
    StepPower beta1Power;                 // beta1^t: a cache, not state torch has (optim_power.hpp)
    Vec2 previousExpAvg, previousExpInf;  // m and u before the last step, for its terms (not torch state)
  };
  Hyper hyper;
  State state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  void finishTerms(Terms& terms) const;  // every optional term, when read (Optimizer::terms())
  std::vector<NamedVec> namedState() const;
};

}  // namespace gs::optim
