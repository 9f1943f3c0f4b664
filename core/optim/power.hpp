// base^(t * scale) for step-indexed schedules, without a std::pow per step.
//
// torch computes `beta ** step` (Adam-type bias corrections) and `0.96 ** (step * momentum_decay)` (NAdam's
// momentum schedule) with the C library's pow every step; those pows were most of an Adam or NAdam step's
// time. StepPower returns the same numbers at the cost of one multiplication per step:
//   base^(t scale) = pow(base, t0 * scale) * f * f * ... * f   (t - t0 factors f = pow(base, scale); f = base
//                                                             when scale is 1), t0 = t rounded down to a
//                                                             multiple of 64, always rounded in that order.
// At t0 it is torch's own pow, bit for bit. In between, for scale 1 it stays within 64 ulp of pow (relative
// error below 1.5e-14); for a fractional scale within 128 ulp plus the rounding torch itself makes of
// t * scale. Both are far inside the 1e-10 agreement the tests demand of torch trajectories. The result is a
// function of (base, t, scale) alone, whatever came before, so a replayed, sought or forked run computes
// exactly the same numbers, and editing a beta mid-run is safe (the cache is keyed by base and scale).
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace gs::optim {

class StepPower {
 public:
  static constexpr std::int64_t kBlock = 64;

  // The common cases, inline: the same t again, or the next t with the same base and scale.
  double operator()(double base, std::int64_t t, double scale = 1.0) {
    if (base == base_ && scale == scale_) {
      if (t == t_) return value_;
      if (t == t_ + 1 && t % kBlock != 0) {
        value_ *= factor_;
        t_ = t;
        return value_;
      }
    }
    return recompute(base, t, scale);
  }

  // The same number without touching the cache (for terms derived after the step).
  double at(double base, std::int64_t t, double scale = 1.0) const {
    if (base == base_ && scale == scale_ && t == t_) return value_;
    return blockPower(base, t, scale, factorOf(base, scale));
  }

 private:
  static double factorOf(double base, double scale) { return scale == 1.0 ? base : std::pow(base, scale); }
  static double blockPower(double base, std::int64_t t, double scale, double factor) {
    const std::int64_t t0 = t - t % kBlock;
    double value = std::pow(base, static_cast<double>(t0) * scale);
    for (std::int64_t i = t0; i < t; ++i) value *= factor;
    return value;
  }
  [[gnu::noinline]] double recompute(double base, std::int64_t t, double scale) {
    if (base != base_ || scale != scale_) {
      factor_ = factorOf(base, scale);
      zeroFrom_ = -1;
    }
    const std::int64_t t0 = t - t % kBlock;
    if (zeroFrom_ >= 0 && t0 >= zeroFrom_) {
      // pow underflowed to 0 at an earlier block start; for 0 < base < 1 and scale > 0 every later one
      // does too, and the C library's underflow path is slow (beta1 = 0.9 underflows after 7 000 steps).
      value_ = 0.0;
    } else {
      value_ = blockPower(base, t, scale, factor_);
      if (value_ == 0.0 && t % kBlock == 0 && base > 0.0 && base < 1.0 && scale > 0.0) zeroFrom_ = t0;
    }
    base_ = base;
    scale_ = scale;
    t_ = t;
    return value_;
  }

  double base_ = std::numeric_limits<double>::quiet_NaN();  // NaN never compares equal: first call computes
  double scale_ = 1.0;
  double factor_ = 1.0;         // pow(base, scale)
  std::int64_t zeroFrom_ = -1;  // a block start where pow(base, t0 scale) was 0 (-1: none seen)
  std::int64_t t_ = -1;
  double value_ = 1.0;
};

// A running product of factors in (0, 1) (NAdam's mu_product) sinks below the normal range after about a
// thousand steps and sticks at the smallest subnormal, 5e-324: 5e-324 * 0.52 rounds back to 5e-324, in
// torch as here. A multiply that produces a subnormal costs x86 cores a microcode assist, on every step
// from then on (NAdam's step took 70 ns instead of 50). These give the hardware's results bit for bit
// without that: the tests compare them with the plain operations.

// a * b, rounded as the hardware rounds it. The stuck value is one unit of the subnormal grid, and 1 * b for
// b in (0, 1) rounds to 1 unit above one half, else (ties to even too) to 0. Anything else is the plain
// product (the few dozen steps on the way down to the stuck value included).
inline double runningProduct(double a, double b) {
  if (std::bit_cast<std::uint64_t>(a) == 1 && b > 0.0 && b < 1.0) return b > 0.5 ? a : 0.0;
  return a * b;
}

// n / (1 - p) for 0 <= p (a running product), as the hardware rounds it: 1 - p is exactly 1 whenever
// p <= 2^-54, and n / 1 is n, so the division is skipped there.
inline double divideByOneMinus(double n, double p) {
  constexpr std::uint64_t kTwoToMinus54Bits = 0x3C90000000000000;  // 2^-54; compared as integers
  return std::bit_cast<std::uint64_t>(p) <= kTwoToMinus54Bits ? n : n / (1.0 - p);
}

}  // namespace gs::optim
