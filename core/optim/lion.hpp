// Lion: evolved sign momentum (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms",
// Algorithm 2), with decoupled weight decay as in the paper and its reference PyTorch code:
//   c  = beta1 m + (1 - beta1) g          (the interpolation whose sign is the update)
//   x <- x (1 - lr weight_decay)
//   x <- x - lr sign(c)                   (sign(0) = 0, as torch.sign)
//   m  = beta2 m + (1 - beta2) g          (m starts at 0)
#pragma once
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Lion {
  struct Hyper {
    double lr = 1e-4;
    double beta1 = 0.9;
    double beta2 = 0.99;
    double weightDecay = 0.0;
  };
  template <class T>
  struct State {
    std::int64_t step = 0;
    V2<T> expAvg;  // exp_avg: m
  };
  Hyper hyper;
  State<double> state;

  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const { return {{"exp_avg", toVec2(state.expAvg)}}; }
  void explain(Explanation& e) const;

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& g, double lr,
                      const Record& record) {
    ++s.step;
    const V2<T> c = h.beta1 * s.expAvg + (1.0 - h.beta1) * g;
    const V2<T> update = sign(c);
    const V2<T> decayed = x * (1.0 - lr * h.weightDecay);
    record(&Terms::previousFirstMoment, s.expAvg);
    s.expAvg = h.beta2 * s.expAvg + (1.0 - h.beta2) * g;
    record(&Terms::firstMoment, s.expAvg);
    record(&Terms::interpolatedMoment, c);
    record(&Terms::direction, update);
    record(&Terms::effectiveLearningRate, splat<T>(lr));
    if (h.weightDecay != 0.0) record(&Terms::decayStep, decayed - x);
    return decayed + (-lr) * update;
  }
};

}  // namespace gs::optim
