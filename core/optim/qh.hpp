// Quasi-hyperbolic momentum (QHM) and QHAdam (Ma & Yarats 2019, "Quasi-hyperbolic momentum and Adam for
// deep learning"), with the parameter names of their reference code (facebookresearch/qhoptim).
// QHM:    buf = beta buf + (1 - beta) g            (buf starts at 0; beta is `momentum`)
//         x  <- x - lr nu buf,  then  x <- x - lr (1 - nu) g      (two moves, in qhoptim's order)
//         nu = 1 is momentum with dampening = beta; nu = 0 is plain SGD.
// QHAdam: m_hat = m_t / (1 - beta1^t),  v_hat = v_t / (1 - beta2^t)   (m_t, v_t as in Adam)
//         x <- x - lr (nu1 m_hat + (1 - nu1) g) / (sqrt(nu2 v_hat + (1 - nu2) g^2) + eps)
// qhoptim normalises with running weights w_t = 1 + beta w_{t-1}; for fixed betas that is exactly the
// bias correction above, which we use so the step count t, not a running weight, is the only state
// that depends on the betas. Defaults: the paper's recommended nu = 0.7, beta = 0.999 for QHM;
// qhoptim's betas (0.9, 0.999) with the paper's nu1 = 0.7, nu2 = 1 for QHAdam (nus = (1, 1) is Adam).
#pragma once
#include <cmath>
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Qhm {
  struct Hyper {
    double lr = 0.01;  // qhoptim requires lr; as for sgd
    double momentum = 0.999;
    double nu = 0.7;
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
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& g, double lr,
                      const Record& record) {
    ++s.step;
    record(&Terms::previousFirstMoment, s.momentumBuffer);
    s.momentumBuffer = h.momentum * s.momentumBuffer + (1.0 - h.momentum) * g;
    record(&Terms::firstMoment, s.momentumBuffer);
    if constexpr (Record::kRecords) {
      const V2<T> mix = h.nu * s.momentumBuffer + (1.0 - h.nu) * g;
      record(&Terms::interpolatedMoment, mix);
      record(&Terms::direction, mix);
    }
    record(&Terms::effectiveLearningRate, splat<T>(lr));
    const V2<T> afterMomentum = x + (-lr * h.nu) * s.momentumBuffer;
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
  static V2<T> update(const Hyper& h, State<T>& s, const V2<T>& x, const V2<T>& g, double lr,
                      const Record& record) {
    ++s.step;
    const auto t = static_cast<double>(s.step);
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
    return x + (-lr) * (numerator / denominator);
  }
};

}  // namespace gs::optim
