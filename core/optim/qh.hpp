// Quasi-hyperbolic momentum (QHM) and QHAdam (Ma & Yarats 2019, "Quasi-hyperbolic momentum and Adam for
// deep learning"), with the parameter names of their reference code (facebookresearch/qhoptim, qhoptim.pyt).
// Weight decay first, as qhoptim applies it (skipped when 0):
//   QHM weight_decay_type "grad" (default), QHAdam decouple_weight_decay = false (default):
//           g <- g + weight_decay * x             (L2 in the gradient, as torch.optim.SGD)
//   QHM "direct", QHAdam decouple_weight_decay = true (qhoptim's QHAdamW):
//           x <- x * (1 - lr * weight_decay)      (before the update; g stays the gradient at the old x)
// QHM:    buf = beta buf + (1 - beta) g            (buf starts at 0; beta is `momentum`)
//         x  <- x - lr nu buf,  then  x <- x - lr (1 - nu) g      (two moves, in qhoptim's order)
//         nu = 1 is momentum with dampening = beta; nu = 0 is plain SGD.
// QHAdam: m_hat = m_t / (1 - beta1^t),  v_hat = v_t / (1 - beta2^t)   (m_t, v_t as in Adam)
//         x <- x - lr (nu1 m_hat + (1 - nu1) g) / (sqrt(nu2 v_hat + (1 - nu2) g^2) + eps)
// qhoptim normalises with running weights w_t = 1 + beta w_{t-1}; for fixed betas that is exactly the
// bias correction above, which we use so the step count t, not a running weight, is the only state
// that depends on the betas. Defaults: the paper's recommended nu = 0.7, beta = 0.999 for QHM;
// qhoptim's betas (0.9, 0.999) with the paper's nu1 = 0.7, nu2 = 1 for QHAdam (nus = (1, 1) is Adam);
// qhoptim's weight_decay = 0 for both.
#pragma once
#include <cmath>
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

// qhoptim's direct (decoupled) weight decay: p.data.mul_(1 - lr * weight_decay) where `direct` and the
// decay is not 0; x itself otherwise. Recorded as Terms::decayStep.
template <class T, class Record>
V2<T> decayedPoint(const V2<T>& x, bool direct, double weightDecay, double lr, const Record& record) {
  if (!direct || weightDecay == 0.0) return x;
  const V2<T> decayed = x * (1.0 - lr * weightDecay);
  record(&Terms::decayStep, decayed - x);
  return decayed;
}

struct Qhm {
  struct Hyper {
    double lr = 0.01;  // qhoptim requires lr; as for sgd
    double momentum = 0.999;
    double nu = 0.7;
    double weightDecay = 0.0;  // weight_decay
    enum class DecayType { Grad, Direct };
    DecayType weightDecayType = DecayType::Grad;  // weight_decay_type: "grad" or "direct"
  };
  template <class T>
  struct State {
    std::int64_t step = 0;
    V2<T> momentumBuffer;  // momentum_buffer
  };
  Hyper hyper;
  State<double> state;

  static const std::vector<Field<Hyper>>& fields();
  std::vector<NamedVec> namedState() const { return {{"momentum_buffer", toVec2(state.momentumBuffer)}}; }
  void explain(Explanation& e) const;

  template <class T, class Record>
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& grad, double lr,
                      const Record& record) {
    ++s.step;
    const bool direct = h.weightDecayType == Hyper::DecayType::Direct;
    const V2<T> decayed = decayedPoint(x, direct, h.weightDecay, lr, record);
    const V2<T> g = direct ? grad : withWeightDecay(grad, x, h.weightDecay, record);
    record(&Terms::previousFirstMoment, s.momentumBuffer);
    s.momentumBuffer = h.momentum * s.momentumBuffer + (1.0 - h.momentum) * g;
    record(&Terms::firstMoment, s.momentumBuffer);
    if constexpr (Record::kRecords) {
      const V2<T> mix = h.nu * s.momentumBuffer + (1.0 - h.nu) * g;
      record(&Terms::interpolatedMoment, mix);
      record(&Terms::direction, mix);
    }
    record(&Terms::effectiveLearningRate, splat<T>(lr));
    const V2<T> afterMomentum = decayed + (-lr * h.nu) * s.momentumBuffer;
    return afterMomentum + (-lr * (1.0 - h.nu)) * g;
  }
};

struct QhAdam {
  struct Hyper {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double nu1 = 0.7;
    double nu2 = 1.0;
    double eps = 1e-8;
    double weightDecay = 0.0;          // weight_decay
    bool decoupleWeightDecay = false;  // decouple_weight_decay (qhoptim's QHAdamW when true)
  };
  template <class T>
  struct State {
    std::int64_t step = 0;
    V2<T> expAvg;    // exp_avg (un-normalised; see the note above)
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
    const V2<T> decayed = decayedPoint(x, h.decoupleWeightDecay, h.weightDecay, lr, record);
    const V2<T> g = h.decoupleWeightDecay ? grad : withWeightDecay(grad, x, h.weightDecay, record);
    record(&Terms::previousFirstMoment, s.expAvg);
    record(&Terms::previousSecondMoment, s.expAvgSq);
    s.expAvg = h.beta1 * s.expAvg + (1.0 - h.beta1) * g;
    s.expAvgSq = h.beta2 * s.expAvgSq + (1.0 - h.beta2) * square(g);
    const double bc1 = 1.0 - std::pow(h.beta1, t);
    const double bc2 = 1.0 - std::pow(h.beta2, t);
    const V2<T> mHat = s.expAvg / bc1;
    const V2<T> vHat = s.expAvgSq / bc2;
    const V2<T> numerator = h.nu1 * mHat + (1.0 - h.nu1) * g;
    const V2<T> denominator = sqrt(h.nu2 * vHat + (1.0 - h.nu2) * square(g)) + h.eps;
    record(&Terms::firstMoment, s.expAvg);
    record(&Terms::secondMoment, s.expAvgSq);
    record(&Terms::biasCorrection1, bc1);
    record(&Terms::biasCorrection2, bc2);
    record(&Terms::firstMomentHat, mHat);
    record(&Terms::secondMomentHat, vHat);
    record(&Terms::interpolatedMoment, numerator);
    record(&Terms::direction, numerator);
    record(&Terms::denominator, denominator);
    if constexpr (Record::kRecords) record(&Terms::effectiveLearningRate, splat<T>(lr) / denominator);
    return decayed + (-lr) * (numerator / denominator);
  }
};

}  // namespace gs::optim
