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
// The state is the step count t and the moments, never powers of beta, so editing a beta mid-run is safe.
#pragma once
#include <cmath>
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

// The state Adam and AdamW share, as torch names it.
template <class T>
struct AdamState {
  std::int64_t step = 0;
  V2<T> expAvg;       // exp_avg: m
  V2<T> expAvgSq;     // exp_avg_sq: v
  V2<T> maxExpAvgSq;  // max_exp_avg_sq (AMSGrad)
};

// The moment update and move Adam and AdamW share; `x` is the point the move starts from (AdamW: after
// its decay).
template <class T, class Record>
V2<T> adamMove(AdamState<T>& s, const V2<T>& x, const V2<T>& g, double lr, double beta1, double beta2,
               double eps, bool amsgrad, bool biasCorrection, const Record& record) {
  ++s.step;
  const auto t = static_cast<double>(s.step);
  record(&Terms::previousFirstMoment, s.expAvg);
  record(&Terms::previousSecondMoment, s.expAvgSq);
  s.expAvg = beta1 * s.expAvg + (1.0 - beta1) * g;
  s.expAvgSq = beta2 * s.expAvgSq + (1.0 - beta2) * square(g);
  const double bc1 = biasCorrection ? 1.0 - stepPower<T>(beta1, t) : 1.0;
  const double bc2 = biasCorrection ? 1.0 - stepPower<T>(beta2, t) : 1.0;
  V2<T> v = s.expAvgSq;
  if (amsgrad) {
    s.maxExpAvgSq = maximum(s.maxExpAvgSq, s.expAvgSq);
    v = s.maxExpAvgSq;
  }
  const double stepSize = lr / bc1;
  const V2<T> denom = sqrt(v) / std::sqrt(bc2) + eps;
  record(&Terms::firstMoment, s.expAvg);
  record(&Terms::secondMoment, s.expAvgSq);
  record(&Terms::biasCorrection1, bc1);
  record(&Terms::biasCorrection2, bc2);
  record(&Terms::stepSize, stepSize);
  record(&Terms::denominator, denom);
  if constexpr (Record::kRecords) {
    record(&Terms::firstMomentHat, s.expAvg / bc1);
    record(&Terms::secondMomentHat, v / bc2);  // max v for AMSGrad
    record(&Terms::direction, s.expAvg / bc1);
    record(&Terms::effectiveLearningRate, splat<T>(lr) / denom);
  }
  return x + (-stepSize) * (s.expAvg / denom);  // torch: param.addcdiv_(exp_avg, denom, value=-step_size)
}

std::vector<NamedVec> adamNamedState(const AdamState<double>& state, bool amsgrad);
void explainAdam(Explanation& e, bool amsgrad);

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
  template <class T>
  using State = AdamState<T>;
  Hyper hyper;
  State<double> state;

  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const { return adamNamedState(state, hyper.amsgrad); }
  void explain(Explanation& e) const { explainAdam(e, hyper.amsgrad); }

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& grad, double lr,
                      const Record& record) {
    const V2<T> g = withWeightDecay(grad, x, h.weightDecay, record);
    return adamMove(s, x, g, lr, h.beta1, h.beta2, h.eps, h.amsgrad, h.biasCorrection, record);
  }
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
  template <class T>
  using State = AdamState<T>;
  Hyper hyper;
  State<double> state;

  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const { return adamNamedState(state, hyper.amsgrad); }
  void explain(Explanation& e) const { explainAdam(e, hyper.amsgrad); }

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& g, double lr,
                      const Record& record) {
    const V2<T> decayed = x * (1.0 - lr * h.weightDecay);  // torch: param.mul_(1 - lr * weight_decay)
    record(&Terms::decayStep, decayed - x);
    return adamMove(s, decayed, g, lr, h.beta1, h.beta2, h.eps, h.amsgrad, true, record);
  }
};

}  // namespace gs::optim
