// The number type an update is written over: `double` (one run, for the app) or a pack of lanes,
// std::experimental::simd<double, Abi> (one run per lane, for the batch kernel in batch.cpp). Every
// optimizer's update is one template over T, so both are the same source: the same operations in the same
// order, each rounded once per lane (+ - * / and sqrt are correctly rounded, and the project builds with
// -ffp-contract=off, so no lane fuses a multiply-add). What depends only on the step count and the
// hyperparameters (beta^t by std::pow, NAdam's mu) is a plain double shared by every lane.
//
// Per-lane choices are selects named for what they choose (maximum, sign, and the ones Newton defines);
// a branch on a hyperparameter or on the step count is an ordinary `if`, since it is the same in every lane.
#pragma once
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <experimental/simd>
#include <optional>
#include <type_traits>

#include "core/math/vec2.hpp"

namespace gs::optim {

namespace stdx = std::experimental;

// True for a pack of lanes, false for double.
template <class T>
inline constexpr bool kIsLanes = !std::is_same_v<T, double>;

// What a comparison of two T gives: bool for double, a simd_mask for lanes.
template <class T>
using MaskOf = decltype(T{} < T{});

// The powers of one batch step (beta^t for Adam's bias corrections and the like): they depend only on
// the step count and the hyperparameters, the same for every pack, so the batch kernel gives each step
// one table (ActiveStepPowers, set for the step by batch_kernel.hpp) and every pack after the first
// reads the value the first one computed: the same std::pow call with the same arguments, made once per
// step instead of once per pack. A plain aggregate without constructors: batch_kernel.hpp's rule that
// nothing non-template is compiled per instruction set (the kernel sets count to 0 itself).
struct StepPowers {
  struct Entry {
    std::uint64_t base, exponent;  // the arguments' bits
    double value;
  };
  static constexpr int kCapacity = 8;
  int count;
  Entry entries[kCapacity];
};
// The table of the step being taken on this thread, one per lane type: a template, so each kernel
// file's copy is its own symbol (batch_kernel.hpp's rule; a plain inline variable would be defined by
// every kernel object once their COMDAT groups are dropped).
template <class Lanes>
struct ActiveStepPowers {
  static inline thread_local StepPowers* table = nullptr;
};

// The powers a thread has computed for batch steps, kept across steps and batches: a map steps many rows
// (each its own batch) through the same step counts, so beta^t is asked again for every row. The same
// std::pow result for the same arguments' bits, looked up instead of recomputed. One per lane type, as
// ActiveStepPowers.
template <class Lanes>
struct StepPowerCache {
  struct Entry {
    std::uint64_t base, exponent;  // the arguments' bits
    double value;
    bool filled;
  };
  static constexpr std::size_t kSize = 1024;  // direct-mapped by a hash of the arguments
  static inline thread_local Entry entries[kSize] = {};
  static double power(double base, double exponent) {
    const auto baseBits = std::bit_cast<std::uint64_t>(base);
    const auto exponentBits = std::bit_cast<std::uint64_t>(exponent);
    Entry& entry = entries[((baseBits * 0x9E3779B97F4A7C15u) ^ exponentBits * 0xC2B2AE3D27D4EB4Fu) >> 54];
    if (!entry.filled || entry.base != baseBits || entry.exponent != exponentBits)
      entry = {baseBits, exponentBits, std::pow(base, exponent), true};
    return entry.value;
  }
};

// std::pow(base, exponent) for an update over T; for lanes inside a batch step, from its table (and the
// thread's cache, StepPowerCache).
template <class T>
double stepPower(double base, double exponent) {
  if constexpr (kIsLanes<T>) {
    if (StepPowers* table = ActiveStepPowers<T>::table) {
      const auto baseBits = std::bit_cast<std::uint64_t>(base);
      const auto exponentBits = std::bit_cast<std::uint64_t>(exponent);
      for (int i = 0; i < table->count; ++i) {
        const StepPowers::Entry& entry = table->entries[i];
        if (entry.base == baseBits && entry.exponent == exponentBits) return entry.value;
      }
      const double value = StepPowerCache<T>::power(base, exponent);
      if (table->count < StepPowers::kCapacity)
        table->entries[table->count++] = {baseBits, exponentBits, value};
      return value;
    }
  }
  return std::pow(base, exponent);
}

// A 2D vector of T: a point, a gradient or a moment of one run (double) or of one run per lane.
template <class T>
struct V2 {
  T x{};
  T y{};
};

template <class T>
V2<T> operator+(const V2<T>& a, const V2<T>& b) {
  return {a.x + b.x, a.y + b.y};
}
template <class T>
V2<T> operator-(const V2<T>& a, const V2<T>& b) {
  return {a.x - b.x, a.y - b.y};
}
template <class T>
V2<T> operator-(const V2<T>& a) {
  return {-a.x, -a.y};
}
template <class T>
V2<T> operator*(double s, const V2<T>& a) {
  return {s * a.x, s * a.y};
}
template <class T>
V2<T> operator*(const V2<T>& a, double s) {
  return {a.x * s, a.y * s};
}
template <class T>
requires kIsLanes<T> V2<T>
operator*(const T& s, const V2<T>& a) {  // a number per lane times a vector per lane
  return {s * a.x, s * a.y};
}
template <class T>
V2<T> operator*(const V2<T>& a, const V2<T>& b) {  // element-wise, as torch's tensor ops
  return {a.x * b.x, a.y * b.y};
}
template <class T>
V2<T> operator/(const V2<T>& a, const V2<T>& b) {  // element-wise
  return {a.x / b.x, a.y / b.y};
}
template <class T>
V2<T> operator/(const V2<T>& a, double s) {
  return {a.x / s, a.y / s};
}
template <class T>
V2<T> operator+(const V2<T>& a, double s) {  // torch's tensor + scalar, e.g. sqrt(v) + eps
  return {a.x + s, a.y + s};
}

template <class T>
V2<T> splat(double v) {
  return {T(v), T(v)};
}

inline V2<double> toV2(Vec2 v) { return {v.x, v.y}; }
inline Vec2 toVec2(const V2<double>& v) { return {v.x, v.y}; }

// Element-wise functions of one number, for double and for lanes.
template <class T>
T squareRoot(const T& a) {
  if constexpr (kIsLanes<T>) {
    return stdx::sqrt(a);
  } else {
    return std::sqrt(a);
  }
}
template <class T>
T absolute(const T& a) {
  if constexpr (kIsLanes<T>) {
    return stdx::abs(a);
  } else {
    return std::fabs(a);
  }
}
template <class T>
MaskOf<T> isFiniteNumber(const T& a) {
  if constexpr (kIsLanes<T>) {
    return stdx::isfinite(a);
  } else {
    return std::isfinite(a);
  }
}
// `where ? a : b`, per lane.
template <class T>
T select(const MaskOf<T>& where, const T& a, const T& b) {
  if constexpr (kIsLanes<T>) {
    T result = b;
    stdx::where(where, result) = a;
    return result;
  } else {
    return where ? a : b;
  }
}
// f applied to each lane (functions of the C library that have no lane form: atan2, cos, sin, hypot).
template <class T, class F, class... A>
T perLane(F f, const A&... args) {
  if constexpr (kIsLanes<T>) {
    return T([&](auto lane) { return f(args[lane]...); });
  } else {
    return f(args...);
  }
}

// torch.maximum: the larger, and NaN if either is NaN (fmax would drop it).
template <class T>
T maximum(const T& a, const T& b) {
  return select<T>(a > b || a != a, a, b);
}
// std::max(a, b): b where a < b, else a (what C++'s max keeps for NaN, not torch's).
template <class T>
T larger(const T& a, const T& b) {
  return select<T>(a < b, b, a);
}
// torch.sign: -1, 0 or 1 (sign(0) = 0).
template <class T>
T sign(const T& v) {
  return select<T>(v > T(0.0), T(1.0), select<T>(v < T(0.0), T(-1.0), T(0.0)));
}

template <class T>
V2<T> sqrt(const V2<T>& a) {
  return {squareRoot(a.x), squareRoot(a.y)};
}
template <class T>
V2<T> abs(const V2<T>& a) {
  return {absolute(a.x), absolute(a.y)};
}
template <class T>
V2<T> maximum(const V2<T>& a, const V2<T>& b) {
  return {maximum(a.x, b.x), maximum(a.y, b.y)};
}
template <class T>
V2<T> sign(const V2<T>& a) {
  return {sign(a.x), sign(a.y)};
}
template <class T>
V2<T> square(const V2<T>& a) {
  return a * a;
}
template <class T>
T dot(const V2<T>& a, const V2<T>& b) {
  return a.x * b.x + a.y * b.y;
}
template <class T>
V2<T> select(const MaskOf<T>& where, const V2<T>& a, const V2<T>& b) {
  return {select<T>(where, a.x, b.x), select<T>(where, a.y, b.y)};
}

// A symmetric 2x2 matrix of T (Hessians).
template <class T>
struct S2 {
  T xx{};
  T xy{};
  T yy{};
};

}  // namespace gs::optim
