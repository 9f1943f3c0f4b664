// AdaGrad (Duchi et al. 2011).
// Convention: torch.optim.Adagrad (PyTorch 1.13 / 2.x, single-tensor dense path):
//   g    = grad f(x) + weight_decay * x
//   clr  = lr / (1 + (t - 1) * lr_decay)
//   sum  = sum + g^2                       (sum starts at initial_accumulator_value)
//   x   <- x - clr * g / (sqrt(sum) + eps) (eps outside the square root)
#pragma once
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Adagrad {
  struct Hyper {
    double lr = 1e-2;
    double lrDecay = 0.0;
    double eps = 1e-10;
    double initialAccumulatorValue = 0.0;
    double weightDecay = 0.0;
  };
  template <class T>
  struct State {
    std::int64_t step = 0;
    V2<T> sum;  // set to initial_accumulator_value on the first step (torch does it at construction)
  };
  Hyper hyper;
  State<double> state;

  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const { return {{"sum", toVec2(state.sum)}}; }
  void explain(Explanation& e) const;

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& grad, double lr,
                      const Record& record) {
    if (s.step == 0) s.sum = splat<T>(h.initialAccumulatorValue);
    ++s.step;
    const V2<T> g = withWeightDecay(grad, x, h.weightDecay, record);
    const double clr = lr / (1.0 + static_cast<double>(s.step - 1) * h.lrDecay);
    record(&Terms::previousSecondMoment, s.sum);
    s.sum = s.sum + square(g);
    const V2<T> std = sqrt(s.sum) + h.eps;
    record(&Terms::secondMoment, s.sum);
    record(&Terms::stepSize, clr);
    record(&Terms::direction, g);
    record(&Terms::denominator, std);
    if constexpr (Record::kRecords) record(&Terms::effectiveLearningRate, splat<T>(clr) / std);
    return x + (-clr) * (g / std);  // torch: param.addcdiv_(grad, std, value=-clr)
  }
};

}  // namespace gs::optim
