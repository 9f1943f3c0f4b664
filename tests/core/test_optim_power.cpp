// StepPower: beta^t without a pow per step must stay within 64 ulp of pow and be a function of (beta, t)
// alone, so runs that are replayed, sought or forked reproduce their numbers bit for bit. NAdam's running
// product helpers must be the hardware's arithmetic bit for bit.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "core/optim/power.hpp"

namespace gs::optim {
namespace {

TEST(StepPower, AgreesWithPowWithin64UlpOverLongRuns) {
  for (const double beta : {0.9, 0.99, 0.999, 0.999999, 0.5}) {
    StepPower power;
    for (std::int64_t t = 1; t <= 20000; ++t) {
      const double expected = std::pow(beta, static_cast<double>(t));
      const double got = power(beta, t);
      if (expected < 1e-300) continue;  // subnormal range: both are zero for practical purposes
      ASSERT_NEAR(got, expected, 64.0 * std::ldexp(expected, -52)) << "beta " << beta << " t " << t;
    }
  }
}

TEST(StepPower, ExactAtTheFirstStepAndAtBlockBoundaries) {
  StepPower power;
  EXPECT_EQ(power(0.9, 1), 0.9);
  for (std::int64_t t = 2; t <= 256; ++t) {
    const double got = power(0.9, t);
    if (t % StepPower::kBlock == 0) {
      EXPECT_EQ(got, std::pow(0.9, static_cast<double>(t))) << t;
    }
  }
}

TEST(StepPower, SameBitsWhateverTheHistory) {
  StepPower sequential;
  std::vector<double> reference;
  for (std::int64_t t = 1; t <= 300; ++t) reference.push_back(sequential(0.999, t));
  // Jumps (seek), a beta edited and edited back, repeated queries: every value matches bit for bit.
  StepPower jumping;
  for (const std::int64_t t : {200, 5, 5, 6, 130, 64, 65, 300, 1, 127, 128}) {
    EXPECT_EQ(jumping(0.999, t), reference[static_cast<std::size_t>(t - 1)]) << t;
    jumping(0.95, t + 1);  // another beta in between
  }
}

// Where beta^t underflows (0.9^t below 1e-308 from about t = 6 700, zero from about 7 070), the values are
// still the function of (beta, t): the same bits stepping through as computed fresh, and pow's own at block
// starts, zeros included.
TEST(StepPower, ThroughUnderflowTheValuesAreStillAFunctionOfBetaAndT) {
  for (const double beta : {0.9, 0.5}) {
    StepPower sequential;
    for (std::int64_t t = 1; t <= 9000; ++t) {
      const double got = sequential(beta, t);
      StepPower fresh;
      ASSERT_EQ(got, fresh(beta, t)) << "beta " << beta << " t " << t;
      if (t % StepPower::kBlock == 0) {
        ASSERT_EQ(got, std::pow(beta, static_cast<double>(t))) << "beta " << beta << " t " << t;
      }
    }
    EXPECT_EQ(sequential(beta, 9000), 0.0);
    EXPECT_GT(sequential(beta, 3), 0.0);  // and back: a seek to an early step is not stuck at zero
  }
}

TEST(StepPower, FractionalScaleFollowsTorchsPowOfTheProduct) {
  // NAdam: 0.96^(t * momentum_decay), torch computing pow(0.96, t * psi) each step.
  for (const double psi : {4e-3, 0.1, 0.37, 2.0}) {
    StepPower power;
    for (std::int64_t t = 1; t <= 100000; ++t) {
      const double expected = std::pow(0.96, static_cast<double>(t) * psi);
      if (expected < 1e-300) break;
      // The same value at t again and the next t (NAdam asks for t and t + 1 every step).
      const double got = power(0.96, t, psi);
      ASSERT_EQ(power(0.96, t, psi), got);
      // 128 ulp, plus what rounding the argument t * psi (torch's and each block start's) moves the power.
      const double argumentRounding = 2.0 * std::fabs(std::log(0.96)) * static_cast<double>(t) * psi;
      ASSERT_NEAR(got, expected, (128.0 + argumentRounding) * std::ldexp(expected, -52)) << psi << " t " << t;
      if (t % StepPower::kBlock == 0) {
        ASSERT_EQ(got, expected) << "psi " << psi << " t " << t;
      }
    }
  }
}

TEST(StepPower, ScaleIsPartOfTheKey) {
  StepPower power;
  const double withPsi = power(0.96, 10, 0.004);
  EXPECT_NE(power(0.96, 10), withPsi);  // same base and t, scale 1: recomputed, not the cached value
  EXPECT_EQ(power(0.96, 10, 0.004), withPsi);
}

// runningProduct and divideByOneMinus must be the hardware's a * b and 1 - p bit for bit, on the subnormal
// grid too.
double hardwareProduct(double a, double b) {
  volatile double product = a;  // the plain multiply, through memory so it is not folded
  product = product * b;
  return product;
}

std::uint64_t bitsOf(double value) { return std::bit_cast<std::uint64_t>(value); }

TEST(RunningProduct, RoundsExactlyAsTheHardwareDoes) {
  const double unit = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(bitsOf(runningProduct(unit, 0.52)), 1u);  // NAdam's mu_product sticks here, as in torch
  EXPECT_EQ(bitsOf(runningProduct(unit, 0.5)), 0u);   // the tie goes to even: zero
  EXPECT_EQ(bitsOf(runningProduct(unit, std::nextafter(0.5, 1.0))), 1u);
  // The stuck value against the hardware's multiply for factors across (0, 1), the half included.
  std::mt19937_64 random(12345);
  std::uniform_real_distribution<double> anyFactor(0.0, 1.0);
  std::vector<double> factors = {0.5, std::nextafter(0.5, 0.0), std::nextafter(0.5, 1.0),
                                 std::nextafter(1.0, 0.0), std::numeric_limits<double>::min()};
  for (int i = 0; i < 100000; ++i) factors.push_back(anyFactor(random));
  for (const double b : factors) {
    ASSERT_EQ(bitsOf(runningProduct(unit, b)), bitsOf(hardwareProduct(unit, b))) << "5e-324 * " << b;
  }
  // Everything else is the plain product.
  for (const auto& [a, b] : {std::pair{0.5, 0.25}, std::pair{unit, 2.0}, std::pair{1e-300, 1e-10},
                             std::pair{0.0, 0.5}, std::pair{3 * unit, 0.5}}) {
    EXPECT_EQ(bitsOf(runningProduct(a, b)), bitsOf(hardwareProduct(a, b))) << a << " * " << b;
  }
}

TEST(RunningProduct, DividingByOneMinusIsTheHardwaresDivision) {
  const double edge = std::ldexp(1.0, -54);
  std::vector<double> values = {0.0,
                                std::numeric_limits<double>::denorm_min(),
                                1e-300,
                                edge,
                                std::nextafter(edge, 0.0),
                                std::nextafter(edge, 1.0),
                                std::ldexp(1.0, -53),
                                std::nextafter(std::ldexp(1.0, -53), 0.0),
                                0.25,
                                0.999,
                                -1e-20};
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> exponent(-1100.0, 0.0);
  for (int i = 0; i < 100000; ++i) values.push_back(std::exp2(exponent(random)));
  for (const double p : values) {
    for (const double n : {0.55, 0.9 * (1.0 - 0.5 * 0.96), 1.0 / 3.0}) {
      volatile double one = 1.0;
      const double hardware = n / (one - p);
      EXPECT_EQ(bitsOf(divideByOneMinus(n, p)), bitsOf(hardware)) << n << " / (1 - " << p << ")";
    }
  }
}

}  // namespace
}  // namespace gs::optim
