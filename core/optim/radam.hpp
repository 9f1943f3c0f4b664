// RAdam: Adam with the variance of the adaptive learning rate rectified (Liu et al. 2020).
// Convention: torch.optim.RAdam (PyTorch 1.13 / 2.x, single-tensor path):
//   g = grad f(x) + weight_decay * x
//   m_t = beta1 m + (1 - beta1) g,   v_t = beta2 v + (1 - beta2) g^2,   m_hat = m_t / (1 - beta1^t)
//   rho_inf = 2 / (1 - beta2) - 1,   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
//   if rho_t > 5:  r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
//                  x <- x - m_hat * lr * sqrt(1 - beta2^t) / (sqrt(v_t) + eps) * r_t
//   else:          x <- x - m_hat * lr                   (SGD with momentum while v is unreliable)
// rho_t depends on t and beta2 alone, so the choice is the same for every run of a batch: a plain `if`.
#pragma once
#include <cmath>
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Radam {
  struct Hyper {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay = 0.0;
  };
  template <class T>
  struct State {
    std::int64_t step = 0;
    V2<T> expAvg;    // exp_avg
    V2<T> expAvgSq;  // exp_avg_sq
  };
  Hyper hyper;
  State<double> state;

  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const {
    return {{"exp_avg", toVec2(state.expAvg)}, {"exp_avg_sq", toVec2(state.expAvgSq)}};
  }
  void explain(Explanation& e) const;

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& grad, double lr,
                      const Record& record) {
    ++s.step;
    const auto t = static_cast<double>(s.step);
    const double beta2Power = stepPower<T>(h.beta2, t);
    const double bc1 = 1.0 - stepPower<T>(h.beta1, t);
    const double bc2 = 1.0 - beta2Power;
    const V2<T> g = withWeightDecay(grad, x, h.weightDecay, record);
    record(&Terms::previousFirstMoment, s.expAvg);
    record(&Terms::previousSecondMoment, s.expAvgSq);
    s.expAvg = h.beta1 * s.expAvg + (1.0 - h.beta1) * g;
    s.expAvgSq = h.beta2 * s.expAvgSq + (1.0 - h.beta2) * square(g);
    const V2<T> correctedAvg = s.expAvg / bc1;  // bias_corrected_exp_avg
    record(&Terms::firstMoment, s.expAvg);
    record(&Terms::secondMoment, s.expAvgSq);
    record(&Terms::biasCorrection1, bc1);
    record(&Terms::biasCorrection2, bc2);
    record(&Terms::firstMomentHat, correctedAvg);
    record(&Terms::direction, correctedAvg);
    const double rhoInf = 2.0 / (1.0 - h.beta2) - 1.0;
    const double rhoT = rhoInf - 2.0 * t * beta2Power / bc2;
    if (rhoT > 5.0) {
      const double rect =
          std::sqrt((rhoT - 4.0) * (rhoT - 2.0) * rhoInf / ((rhoInf - 4.0) * (rhoInf - 2.0) * rhoT));
      const V2<T> adaptiveLr = splat<T>(std::sqrt(bc2)) / (sqrt(s.expAvgSq) + h.eps);
      record(&Terms::rectification, rect);
      if constexpr (Record::kRecords) {
        record(&Terms::secondMomentHat, s.expAvgSq / bc2);  // v_hat is shown where the step used it
        record(&Terms::effectiveLearningRate, lr * rect * adaptiveLr);
      }
      // torch: param.add_(bias_corrected_exp_avg * lr * adaptive_lr * rect, alpha=-1.0)
      return x + (-1.0) * ((correctedAvg * lr) * adaptiveLr * rect);
    }
    record(&Terms::effectiveLearningRate, splat<T>(lr));
    return x + (-1.0) * (correctedAvg * lr);  // torch: param.add_(bias_corrected_exp_avg * lr, alpha=-1.0)
  }
};

}  // namespace gs::optim
