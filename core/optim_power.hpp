// beta^t for bias corrections, without a std::pow per step.
//
// torch computes `beta ** step` with the C library's pow every step; two of those were most of an Adam
// step's time. StepPower returns the same number to within 64 ulp (relative error below 1e-14, far
// inside the 1e-10 agreement the tests demand of torch trajectories) at the cost of one multiplication:
//   beta^t = pow(beta, t0) * beta * beta * ... * beta   (t - t0 factors), t0 = t rounded down to a multiple of 64,
// always rounded in that order. The result is a function of (beta, t) alone, whatever came before, so a
// replayed, sought or forked run computes exactly the same numbers, and editing beta mid-run is safe (the
// cache is keyed by beta and recomputed when it changes).
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>

namespace gs::optim {

class StepPower {
 public:
  static constexpr std::int64_t kBlock = 64;

  double operator()(double base, std::int64_t t) {
    if (base == base_ && t == t_) return value_;
    if (base == base_ && t == t_ + 1 && t % kBlock != 0) {
      value_ *= base;  // the common case: the next step with the same beta
    } else {
      const std::int64_t t0 = t - t % kBlock;
      value_ = std::pow(base, static_cast<double>(t0));
      for (std::int64_t i = t0; i < t; ++i) value_ *= base;
    }
    base_ = base;
    t_ = t;
    return value_;
  }

 private:
  double base_ = std::numeric_limits<double>::quiet_NaN();  // NaN never compares equal: first call computes
  std::int64_t t_ = -1;
  double value_ = 1.0;
};

// An exact one-entry memo of std::pow(base, exponent): NAdam needs 0.96^(t psi) and 0.96^((t+1) psi) each
// step, and the second is the next step's first, bit for bit.
class PowMemo {
 public:
  double operator()(double base, double exponent) {
    if (base != base_ || exponent != exponent_) {
      base_ = base;
      exponent_ = exponent;
      value_ = std::pow(base, exponent);
    }
    return value_;
  }

 private:
  double base_ = std::numeric_limits<double>::quiet_NaN();
  double exponent_ = std::numeric_limits<double>::quiet_NaN();
  double value_ = 1.0;
};

}  // namespace gs::optim
