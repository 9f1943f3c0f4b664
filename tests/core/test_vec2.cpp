// norm(): a square root where the squares are safe, hypot elsewhere; within one ulp of hypot everywhere,
// and hypot's answers for infinities and NaN.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "core/math/vec2.hpp"

namespace gs {
namespace {

TEST(Norm, WithinOneUlpOfHypotAcrossTheWholeRange) {
  std::mt19937_64 random(2026);
  std::uniform_real_distribution<double> exponent(-1070.0, 1020.0);
  std::uniform_real_distribution<double> spread(-40.0, 40.0);
  std::bernoulli_distribution negative(0.5);
  for (int i = 0; i < 400000; ++i) {
    // Components of similar size, and of very different sizes (one may underflow when squared).
    const double e = exponent(random);
    const double x = std::exp2(e) * (negative(random) ? -1.0 : 1.0);
    const double ey = i % 2 == 0 ? std::clamp(e + spread(random), -1070.0, 1020.0) : exponent(random);
    const double y = std::exp2(ey) * (negative(random) ? -1.0 : 1.0);
    const double expected = std::hypot(x, y);
    const double got = norm({x, y});
    ASSERT_LE(std::fabs(got - expected), std::ldexp(expected, -52)) << x << ", " << y;
  }
}

TEST(Norm, ExactCasesAndNonFiniteInput) {
  EXPECT_EQ(norm({3.0, 4.0}), 5.0);
  EXPECT_EQ(norm({0.0, 0.0}), 0.0);
  EXPECT_EQ(norm({-0.0, 2.0}), 2.0);
  EXPECT_EQ(norm({1e300, 1e300}), std::hypot(1e300, 1e300));      // the squares would overflow
  EXPECT_EQ(norm({3e-320, 4e-320}), std::hypot(3e-320, 4e-320));  // the squares would underflow
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(norm({inf, 1.0}), inf);
  EXPECT_EQ(norm({-inf, nan}), inf);  // as hypot: an infinite component wins over NaN
  EXPECT_TRUE(std::isnan(norm({nan, 1.0})));
}

}  // namespace
}  // namespace gs
