// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay.
// Convention: torch.optim.SGD (PyTorch 1.13 / 2.x, single-tensor, non-maximize path):
//   g   = grad f(x) + weight_decay * x
//   b_1 = g                                   (first momentum step: the buffer is the gradient, undampened)
//   b_t = momentum * b_{t-1} + (1 - dampening) * g
//   d   = g + momentum * b_t  if nesterov,  b_t  if momentum != 0,  g  otherwise
//   x  <- x - lr * d
// Nesterov here is PyTorch's reformulation (Sutskever et al. 2013 rewritten in the look-ahead variable):
// the iterate x_t is the classical look-ahead point theta_t + mu v_t, so the gradient is taken at x_t
// itself. Terms::lookahead therefore reports x_t; the classical iterate theta_t lies lr * momentum *
// b_{t-1} behind it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Sgd {
  struct Hyper {
    double lr = 0.01;  // torch requires lr; 0.01 suits the catalog's surfaces
    double momentum = 0.0;
    double dampening = 0.0;
    bool nesterov = false;
    double weightDecay = 0.0;
  };
  template <class T>
  struct State {
    std::int64_t step = 0;
    bool hasMomentumBuffer = false;  // torch creates momentum_buffer on the first step with momentum != 0
    V2<T> momentumBuffer;            // momentum_buffer
  };

  Hyper hyper;
  State<double> state;

  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const;
  void explain(Explanation& e) const;
  // torch.optim.SGD's own refusal, in its words.
  static std::optional<std::string> settingsError(const Hyper& h) {
    if (h.nesterov && (h.momentum <= 0.0 || h.dampening != 0.0))
      return "Nesterov momentum requires a momentum and zero dampening";
    return std::nullopt;
  }

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& grad, double lr,
                      const Record& record) {
    ++s.step;
    const V2<T> g = withWeightDecay(grad, x, h.weightDecay, record);
    V2<T> d = g;
    if (h.momentum != 0.0) {
      record(&Terms::previousFirstMoment, s.momentumBuffer);  // zero before the first step
      if (s.hasMomentumBuffer) {
        s.momentumBuffer = h.momentum * s.momentumBuffer + (1.0 - h.dampening) * g;
      } else {
        s.momentumBuffer = g;
        s.hasMomentumBuffer = true;
      }
      record(&Terms::firstMoment, s.momentumBuffer);
      if (h.nesterov) {
        d = g + h.momentum * s.momentumBuffer;
        record(&Terms::lookahead, x);  // see above: torch's iterate is already the look-ahead point
      } else {
        d = s.momentumBuffer;
      }
    }
    record(&Terms::direction, d);
    record(&Terms::effectiveLearningRate, splat<T>(lr));
    return x + (-lr) * d;  // torch: param.add_(d_p, alpha=-lr)
  }
};

}  // namespace gs::optim
