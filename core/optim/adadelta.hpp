// AdaDelta (Zeiler 2012).
// Convention: torch.optim.Adadelta (PyTorch 1.13 / 2.x, single-tensor path):
//   g          = grad f(x) + weight_decay * x
//   square_avg = rho * square_avg + (1 - rho) * g^2
//   delta      = sqrt(acc_delta + eps) / sqrt(square_avg + eps) * g     (eps inside both square roots)
//   acc_delta  = rho * acc_delta + (1 - rho) * delta^2
//   x         <- x - lr * delta
#pragma once
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Adadelta {
  struct Hyper {
    double lr = 1.0;
    double rho = 0.9;
    double eps = 1e-6;
    double weightDecay = 0.0;
  };
  template <class T>
  struct State {
    std::int64_t step = 0;
    V2<T> squareAvg;  // square_avg
    V2<T> accDelta;   // acc_delta
  };
  Hyper hyper;
  State<double> state;

  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const {
    return {{"square_avg", toVec2(state.squareAvg)}, {"acc_delta", toVec2(state.accDelta)}};
  }
  void explain(Explanation& e) const;

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& grad, double lr,
                      const Record& record) {
    ++s.step;
    const V2<T> g = withWeightDecay(grad, x, h.weightDecay, record);
    record(&Terms::previousSecondMoment, s.squareAvg);
    record(&Terms::previousFirstMoment, s.accDelta);
    s.squareAvg = h.rho * s.squareAvg + (1.0 - h.rho) * square(g);
    const V2<T> std = sqrt(s.squareAvg + h.eps);
    const V2<T> ratio = sqrt(s.accDelta + h.eps) / std;
    const V2<T> delta = ratio * g;
    s.accDelta = h.rho * s.accDelta + (1.0 - h.rho) * square(delta);
    // AdaDelta's "first moment" slot shows acc_delta, the running mean of squared steps (its numerator).
    record(&Terms::firstMoment, s.accDelta);
    record(&Terms::secondMoment, s.squareAvg);
    record(&Terms::direction, g);
    record(&Terms::effectiveLearningRate, lr * ratio);
    return x + (-lr) * delta;  // torch: param.add_(delta, alpha=-lr)
  }
};

}  // namespace gs::optim
