// NAdam: Adam with Nesterov momentum (Dozat 2016), with the momentum warm-up schedule mu_t.
// Convention: torch.optim.NAdam (PyTorch 1.13 / 2.x, single-tensor path):
//   g         = grad f(x) + weight_decay * x
//   mu_t      = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay))
//   mu_{t+1}  = beta1 * (1 - 0.5 * 0.96^((t + 1) * momentum_decay))
//   mu_product = mu_product * mu_t                         (state; starts at 1)
//   m_t = beta1 m + (1 - beta1) g,   v_t = beta2 v + (1 - beta2) g^2
//   denom = sqrt(v_t / (1 - beta2^t)) + eps
//   x <- x - lr (1 - mu_t) / (1 - mu_product) * g / denom
//   x <- x - lr mu_{t+1} / (1 - mu_product * mu_{t+1}) * m_t / denom
// mu_product is torch's own running product of the mu actually used (not a cached power), so it is
// state. 0.96^(t psi) comes from StepPower (optim_power.hpp): torch's pow every 64 steps, a multiply
// in between. NAdam's look-ahead lives in the mu_{t+1} weighting of m_t, not at a separate point, so
// Terms::lookahead stays empty; Terms::direction is the combined Nesterov numerator.
#pragma once
#include <vector>

#include "core/optim/common.hpp"
#include "core/optim/power.hpp"

namespace gs::optim {

struct Nadam {
  struct Hyper {
    double lr = 2e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay = 0.0;
    double momentumDecay = 4e-3;
  };
  struct State {
    std::int64_t step = 0;
    double muProduct = 1.0;  // mu_product
    Vec2 expAvg;             // exp_avg
    Vec2 expAvgSq;           // exp_avg_sq
    StepPower beta2Power;    // beta2^t (optim_power.hpp)
    StepPower decayPower;    // 0.96^(t psi) and 0.96^((t+1) psi) (optim_power.hpp): a multiply per step
    Vec2 previousExpAvg, previousExpAvgSq;  // m and v before the last step, for its terms (not torch state)
  };
  Hyper hyper;
  State state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  void finishTerms(Terms& terms) const;  // every optional term, when read (Optimizer::terms())
  std::vector<NamedVec> namedState() const;
};

}  // namespace gs::optim
