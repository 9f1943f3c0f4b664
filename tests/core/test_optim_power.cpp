// StepPower: beta^t without a pow per step must stay within 64 ulp of pow and be a function of (beta, t)
// alone, so runs that are replayed, sought or forked reproduce their numbers bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "optim_power.hpp"

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

TEST(PowMemo, IsExactlyPow) {
  PowMemo memo;
  for (int t = 1; t < 50; ++t) {
    EXPECT_EQ(memo(0.96, t * 0.004), std::pow(0.96, t * 0.004));
    EXPECT_EQ(memo(0.96, (t + 1) * 0.004), std::pow(0.96, (t + 1) * 0.004));
  }
  EXPECT_EQ(memo(0.5, 2.0), 0.25);  // a new base is recomputed, not confused with the cached one
}

}  // namespace
}  // namespace gs::optim
