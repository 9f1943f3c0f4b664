// Quasi-hyperbolic momentum (QHM) and QHAdam (Ma & Yarats 2019, "Quasi-hyperbolic momentum and Adam for
// deep learning"), with the parameter names of their reference code (facebookresearch/qhoptim).
// QHM:    buf = beta buf + (1 - beta) g            (buf starts at 0; beta is `momentum`)
//         x  <- x - lr nu buf,  then  x <- x - lr (1 - nu) g      (two moves, in qhoptim's order)
//         nu = 1 is momentum with dampening = beta; nu = 0 is plain SGD.
// QHAdam: m_hat = m_t / (1 - beta1^t),  v_hat = v_t / (1 - beta2^t)   (m_t, v_t as in Adam)
//         x <- x - lr (nu1 m_hat + (1 - nu1) g) / (sqrt(nu2 v_hat + (1 - nu2) g^2) + eps)
// qhoptim normalises with running weights w_t = 1 + beta w_{t-1}; for fixed betas that is exactly the
// bias correction above, which we use so the step count t, not a running weight, is the only state
// that depends on the betas. Defaults: the paper's recommended nu = 0.7, beta = 0.999 for QHM;
// qhoptim's betas (0.9, 0.999) with the paper's nu1 = 0.7, nu2 = 1 for QHAdam (nus = (1, 1) is Adam).
#pragma once
#include <vector>

#include "core/optim/common.hpp"
#include "core/optim/power.hpp"

namespace gs::optim {

struct Qhm {
  struct Hyper {
    double lr = 0.01;  // qhoptim requires lr; as for sgd
    double momentum = 0.999;
    double nu = 0.7;
  };
  struct State {
    std::int64_t step = 0;
    Vec2 momentumBuffer;  // momentum_buffer
  };
  Hyper hyper;
  State state;

  static const std::vector<Field<Hyper>>& fields();
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale, Terms& terms);
  std::vector<NamedVec> namedState() const;
};

struct QhAdam {
  struct Hyper {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double nu1 = 0.7;
    double nu2 = 1.0;
    double eps = 1e-8;
  };
  struct State {
    std::int64_t step = 0;
    Vec2 expAvg;                       // exp_avg (un-normalised; see the note above)
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
