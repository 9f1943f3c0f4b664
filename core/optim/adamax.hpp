// Adamax, Adam's infinity-norm variant (Kingma & Ba 2015, section 7.1).
// Convention: torch.optim.Adamax (PyTorch 1.13 / 2.x, single-tensor path):
//   g       = grad f(x) + weight_decay * x
//   m_t     = beta1 m_{t-1} + (1 - beta1) g
//   exp_inf = max(beta2 * exp_inf, |g| + eps)       (eps inside the max, as torch does)
//   x      <- x - lr / (1 - beta1^t) * m_t / exp_inf
#pragma once
#include <cmath>
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Adamax {
  struct Hyper {
    double lr = 2e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay = 0.0;
  };
  template <class T>
  struct State {
    std::int64_t step = 0;
    V2<T> expAvg;  // exp_avg
    V2<T> expInf;  // exp_inf
  };
  Hyper hyper;
  State<double> state;

  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const {
    return {{"exp_avg", toVec2(state.expAvg)}, {"exp_inf", toVec2(state.expInf)}};
  }
  void explain(Explanation& e) const;

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& grad, double lr,
                      const Record& record) {
    ++s.step;
    const V2<T> g = withWeightDecay(grad, x, h.weightDecay, record);
    record(&Terms::previousFirstMoment, s.expAvg);
    record(&Terms::previousSecondMoment, s.expInf);
    s.expAvg = h.beta1 * s.expAvg + (1.0 - h.beta1) * g;
    s.expInf = maximum(h.beta2 * s.expInf, abs(g) + h.eps);
    const double bc1 = 1.0 - stepPower<T>(h.beta1, static_cast<double>(s.step));
    const double clr = lr / bc1;
    record(&Terms::firstMoment, s.expAvg);
    record(&Terms::secondMoment, s.expInf);
    record(&Terms::biasCorrection1, bc1);
    record(&Terms::stepSize, clr);
    record(&Terms::denominator, s.expInf);
    if constexpr (Record::kRecords) {
      record(&Terms::firstMomentHat, s.expAvg / bc1);
      record(&Terms::direction, s.expAvg / bc1);
      record(&Terms::effectiveLearningRate, splat<T>(lr) / s.expInf);
    }
    return x + (-clr) * (s.expAvg / s.expInf);  // torch: param.addcdiv_(exp_avg, exp_inf, value=-clr)
  }
};

}  // namespace gs::optim
