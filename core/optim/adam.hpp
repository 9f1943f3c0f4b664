// Adam, AMSGrad and AdamW.
// Convention: torch.optim.Adam and torch.optim.AdamW (PyTorch 1.13 / 2.x, single-tensor, non-capturable,
// non-maximize path), with one addition PyTorch lacks: Adam's bias_correction (false drops both).
//   g     = grad f(x) + weight_decay * x          (Adam: L2 in the gradient)
//   x    <- x * (1 - lr * weight_decay)           (AdamW instead: decoupled decay, before the update)
//   m_t   = beta1 m_{t-1} + (1 - beta1) g         v_t = beta2 v_{t-1} + (1 - beta2) g^2
//   vmax  = max(vmax, v_t)                        (amsgrad; the max replaces v_t below)
//   bc1   = 1 - beta1^t,  bc2 = 1 - beta2^t       (both 1 when bias_correction is false)
//   denom = sqrt(v_t) / sqrt(bc2) + eps           (eps outside the square root, after the correction)
//   x    <- x - (lr / bc1) * m_t / denom
// The step count t is stored, never powers of beta, so editing a beta mid-run cannot corrupt state;
// beta^t comes from StepPower (optim_power.hpp): within 64 ulp of torch's pow, a multiply per step.
#pragma once
#include <vector>

#include "core/optim/common.hpp"
#include "core/optim/power.hpp"

namespace gs::optim {

// The moments Adam-type methods share, as torch names them in state.
struct AdamMoments {
  std::int64_t step = 0;
  Vec2 expAvg;                            // exp_avg: m
  Vec2 expAvgSq;                          // exp_avg_sq: v
  Vec2 maxExpAvgSq;                       // max_exp_avg_sq (AMSGrad)
  StepPower beta1Power, beta2Power;       // beta1^t, beta2^t: a cache, not state torch has (optim_power.hpp)
  Vec2 previousExpAvg, previousExpAvgSq;  // m and v before the last step, for its terms (not torch state)
};

struct Adam {
  struct Hyper {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay = 0.0;
    bool amsgrad = false;
    bool biasCorrection = true;
  };
  Hyper hyper;
  AdamMoments state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  void finishTerms(Terms& terms) const;  // every optional term, when read (Optimizer::terms())
  std::vector<NamedVec> namedState() const;
};

struct AdamW {
  struct Hyper {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay = 1e-2;
    bool amsgrad = false;
  };
  Hyper hyper;
  AdamMoments state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  void finishTerms(Terms& terms) const;  // every optional term, when read (Optimizer::terms())
  std::vector<NamedVec> namedState() const;
};

}  // namespace gs::optim
