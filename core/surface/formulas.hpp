// The built-in surfaces whose f is a polynomial, each written once as a named function object: classic.cpp
// builds those surfaces from them (FunctionEvaluator: double, Dual, Jet), and the batch kernels
// (core/optim/batch_kernel.hpp) evaluate the same templates with lane dual numbers (lane_dual.hpp), so a
// basin map on them takes a pack of gradients per instruction instead of one dual number per run, with
// the same operations in the same order per lane: the same bits as valueGrad().
// The bodies stay the formulas as a reader writes them; what makes one lane-evaluable is only that it
// uses + - * / and the small powers (no function of the C library, which has no lane form here).
#pragma once
#include <cstddef>
#include <tuple>

#include "core/math/dual.hpp"

namespace gs::formulas {

using ad::cube;
using ad::square;

struct Rosenbrock {
  template <class T>
  T operator()(const T& x, const T& y) const {
    return square(1.0 - x) + 100.0 * square(y - square(x));
  }
};

struct Beale {
  template <class T>
  T operator()(const T& x, const T& y) const {
    return square(1.5 - x + x * y) + square(2.25 - x + x * square(y)) + square(2.625 - x + x * cube(y));
  }
};

struct Himmelblau {
  template <class T>
  T operator()(const T& x, const T& y) const {
    return square(square(x) + y - 11.0) + square(x + square(y) - 7.0);
  }
};

struct Booth {
  template <class T>
  T operator()(const T& x, const T& y) const {
    return square(x + 2.0 * y - 7.0) + square(2.0 * x + y - 5.0);
  }
};

struct GoldsteinPrice {
  template <class T>
  T operator()(const T& x, const T& y) const {
    const T a = 1.0 + square(x + y + 1.0) *
                          (19.0 - 14.0 * x + 3.0 * square(x) - 14.0 * y + 6.0 * x * y + 3.0 * square(y));
    const T b = 30.0 + square(2.0 * x - 3.0 * y) *
                           (18.0 - 32.0 * x + 12.0 * square(x) + 48.0 * y - 36.0 * x * y + 27.0 * square(y));
    return a * b;
  }
};

struct SixHumpCamel {
  template <class T>
  T operator()(const T& x, const T& y) const {
    const T x2 = square(x);
    return (4.0 - 2.1 * x2 + square(x2) / 3.0) * x2 + x * y + (-4.0 + 4.0 * square(y)) * square(y);
  }
};

struct StyblinskiTang {
  template <class T>
  T operator()(const T& x, const T& y) const {
    return 0.5 *
           (square(square(x)) - 16.0 * square(x) + 5.0 * x + square(square(y)) - 16.0 * square(y) + 5.0 * y);
  }
};

struct MonkeySaddle {
  template <class T>
  T operator()(const T& x, const T& y) const {
    return cube(x) - 3.0 * x * square(y);
  }
};

struct Saddle {
  template <class T>
  T operator()(const T& x, const T& y) const {
    return square(x) - square(y);
  }
};

// The formulas the batch kernels evaluate in lanes; a surface's index here is how the batch names it to
// the kernel (core/optim/batch.cpp finds it from the surface's evaluator).
using LaneFormulas = std::tuple<Rosenbrock, Beale, Himmelblau, Booth, GoldsteinPrice, SixHumpCamel,
                                StyblinskiTang, MonkeySaddle, Saddle>;
inline constexpr std::size_t kNoLaneFormula = std::tuple_size_v<LaneFormulas>;

}  // namespace gs::formulas
