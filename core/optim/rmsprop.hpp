// RMSProp (Hinton's lecture 6e), optionally centered (Graves 2013) and with momentum.
// Convention: torch.optim.RMSprop (PyTorch 1.13 / 2.x, single-tensor path):
//   g          = grad f(x) + weight_decay * x
//   square_avg = alpha * square_avg + (1 - alpha) * g^2
//   grad_avg   = alpha * grad_avg + (1 - alpha) * g                        (centered only)
//   avg        = sqrt(square_avg - grad_avg^2) + eps  (centered)  or  sqrt(square_avg) + eps
//   buf        = momentum * buf + g / avg,  x <- x - lr * buf             (momentum > 0; buf starts at 0)
//   x         <- x - lr * g / avg                                          (momentum = 0)
#pragma once
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Rmsprop {
  struct Hyper {
    double lr = 1e-2;
    double alpha = 0.99;
    double eps = 1e-8;
    double weightDecay = 0.0;
    double momentum = 0.0;
    bool centered = false;
  };
  template <class T>
  struct State {
    std::int64_t step = 0;
    V2<T> squareAvg;       // square_avg
    V2<T> gradAvg;         // grad_avg (centered)
    V2<T> momentumBuffer;  // momentum_buffer
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
    const V2<T> g = withWeightDecay(grad, x, h.weightDecay, record);
    record(&Terms::previousSecondMoment, s.squareAvg);
    s.squareAvg = h.alpha * s.squareAvg + (1.0 - h.alpha) * square(g);
    V2<T> avg;
    if (h.centered) {
      s.gradAvg = h.alpha * s.gradAvg + (1.0 - h.alpha) * g;
      avg = sqrt(s.squareAvg - square(s.gradAvg)) + h.eps;
    } else {
      avg = sqrt(s.squareAvg) + h.eps;
    }
    record(&Terms::secondMoment, s.squareAvg);
    record(&Terms::denominator, avg);
    if constexpr (Record::kRecords) record(&Terms::effectiveLearningRate, splat<T>(lr) / avg);
    if (h.momentum > 0.0) {
      record(&Terms::previousFirstMoment, s.momentumBuffer);
      s.momentumBuffer = h.momentum * s.momentumBuffer + g / avg;
      record(&Terms::firstMoment, s.momentumBuffer);
      record(&Terms::direction, s.momentumBuffer);
      return x + (-lr) * s.momentumBuffer;  // torch: param.add_(buf, alpha=-lr)
    }
    record(&Terms::direction, g);
    return x + (-lr) * (g / avg);  // torch: param.addcdiv_(grad, avg, value=-lr)
  }
};

}  // namespace gs::optim
