// RAdam: Adam with the variance of the adaptive learning rate rectified (Liu et al. 2020).
// Convention: torch.optim.RAdam (PyTorch 1.13 / 2.x, single-tensor path):
//   g = grad f(x) + weight_decay * x
//   m_t = beta1 m + (1 - beta1) g,   v_t = beta2 v + (1 - beta2) g^2,   m_hat = m_t / (1 - beta1^t)
//   rho_inf = 2 / (1 - beta2) - 1,   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
//   if rho_t > 5:  r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
//                  x <- x - m_hat * lr * sqrt(1 - beta2^t) / (sqrt(v_t) + eps) * r_t
//   else:          x <- x - m_hat * lr                   (SGD with momentum while v is unreliable)
#pragma once
#include <vector>

#include "core/optim/common.hpp"
#include "core/optim/power.hpp"

namespace gs::optim {

struct Radam {
  struct Hyper {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay = 0.0;
  };
  struct State {
    std::int64_t step = 0;
    Vec2 expAvg;                       // exp_avg
    Vec2 expAvgSq;                     // exp_avg_sq
    StepPower beta1Power, beta2Power;  // beta1^t, beta2^t (a cache, not state torch has; optim_power.hpp)
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
