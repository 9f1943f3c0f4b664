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
// mu_product is torch's own running product of the mu actually used, so it is state. NAdam's look-ahead lives
// in the mu_{t+1} weighting of m_t, not at a separate point, so Terms::lookahead stays empty;
// Terms::direction is the combined Nesterov numerator.
#pragma once
#include <cmath>
#include <vector>

#include "core/optim/common.hpp"

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
  template <class T>
  struct State {
    std::int64_t step = 0;
    double muProduct = 1.0;  // mu_product (the same in every lane: it depends on t and the betas only)
    V2<T> expAvg;            // exp_avg
    V2<T> expAvgSq;          // exp_avg_sq
  };
  Hyper hyper;
  State<double> state;

  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const;
  void explain(Explanation& e) const;

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& grad, double lr,
                      const Record& record) {
    ++s.step;
    const auto t = static_cast<double>(s.step);
    const double bc2 = 1.0 - stepPower<T>(h.beta2, t);
    const V2<T> g = withWeightDecay(grad, x, h.weightDecay, record);
    const double mu = h.beta1 * (1.0 - 0.5 * stepPower<T>(0.96, t * h.momentumDecay));
    const double muNext = h.beta1 * (1.0 - 0.5 * stepPower<T>(0.96, (t + 1.0) * h.momentumDecay));
    s.muProduct *= mu;
    const double muProductNext = s.muProduct * muNext;
    record(&Terms::previousFirstMoment, s.expAvg);
    record(&Terms::previousSecondMoment, s.expAvgSq);
    s.expAvg = h.beta1 * s.expAvg + (1.0 - h.beta1) * g;
    s.expAvgSq = h.beta2 * s.expAvgSq + (1.0 - h.beta2) * square(g);
    const V2<T> denom = sqrt(s.expAvgSq / bc2) + h.eps;
    const double gradientWeight = (1.0 - mu) / (1.0 - s.muProduct);
    const double momentWeight = muNext / (1.0 - muProductNext);
    record(&Terms::firstMoment, s.expAvg);
    record(&Terms::secondMoment, s.expAvgSq);
    record(&Terms::biasCorrection2, bc2);
    record(&Terms::denominator, denom);
    if constexpr (Record::kRecords) {
      record(&Terms::secondMomentHat, s.expAvgSq / bc2);
      record(&Terms::direction, gradientWeight * g + momentWeight * s.expAvg);
      record(&Terms::effectiveLearningRate, splat<T>(lr) / denom);
    }
    // Two moves, in torch's order and with its grouping, so the rounding matches:
    // param.addcdiv_(grad, denom, value=-lr * (1 - mu) / (1 - mu_product)), then the same for exp_avg.
    const V2<T> afterGradient = x + (-lr * (1.0 - mu) / (1.0 - s.muProduct)) * (g / denom);
    return afterGradient + (-lr * muNext / (1.0 - muProductNext)) * (s.expAvg / denom);
  }
};

}  // namespace gs::optim
