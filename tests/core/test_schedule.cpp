// Schedules at hand-computed steps, and their text form.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <variant>

#include "core/optim/schedule.hpp"

namespace gs {
namespace {

Schedule parsed(const std::string& spec) {
  auto result = Schedule::parse(spec);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << spec << ": " << *error;
  return std::holds_alternative<Schedule>(result) ? std::get<Schedule>(result) : Schedule{};
}

struct FactorCase {
  const char* spec;
  std::int64_t t;
  double expected;  // worked out by hand from the formulas in schedule.hpp / the lecture notes
};

class ScheduleFactor : public testing::TestWithParam<FactorCase> {};

TEST_P(ScheduleFactor, MatchesHandComputedValue) {
  const FactorCase& c = GetParam();
  EXPECT_NEAR(parsed(c.spec).factor(c.t), c.expected, 1e-15) << c.spec << " at t=" << c.t;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ScheduleFactor,
    testing::Values(
        FactorCase{"constant", 0, 1.0}, FactorCase{"constant", 123456, 1.0},
        FactorCase{"step:size=10,gamma=0.5", 0, 1.0}, FactorCase{"step:size=10,gamma=0.5", 9, 1.0},
        FactorCase{"step:size=10,gamma=0.5", 10, 0.5}, FactorCase{"step:size=10,gamma=0.5", 25, 0.25},
        // eps_k = (1 - k/tau) eps_0 + (k/tau) eps_tau, constant after tau
        FactorCase{"linear:tau=100,final=0.01", 0, 1.0}, FactorCase{"linear:tau=100,final=0.01", 50, 0.505},
        FactorCase{"linear:tau=100,final=0.01", 100, 0.01},
        FactorCase{"linear:tau=100,final=0.01", 5000, 0.01}, FactorCase{"inverse:decay=0.1", 0, 1.0},
        FactorCase{"inverse:decay=0.1", 10, 0.5}, FactorCase{"inverse:decay=0.1", 30, 0.25},
        FactorCase{"cosine:total=100", 0, 1.0},
        FactorCase{"cosine:total=100", 25, (1.0 + std::sqrt(0.5)) / 2.0},
        FactorCase{"cosine:total=100", 50, 0.5}, FactorCase{"cosine:total=100", 100, 0.0},
        FactorCase{"cosine:total=100", 300, 0.0}, FactorCase{"cosine:total=100,min=0.2", 50, 0.6},
        FactorCase{"cosine:total=100,min=0.2", 100, 0.2},
        // warm-up: (t + 1) / warmup, then the schedule restarted at t - warmup
        FactorCase{"constant:warmup=4", 0, 0.25}, FactorCase{"constant:warmup=4", 1, 0.5},
        FactorCase{"constant:warmup=4", 3, 1.0}, FactorCase{"constant:warmup=4", 4, 1.0},
        FactorCase{"step:size=10,gamma=0.1,warmup=5", 2, 0.6},
        FactorCase{"step:size=10,gamma=0.1,warmup=5", 14, 1.0},
        FactorCase{"step:size=10,gamma=0.1,warmup=5", 15, 0.1},
        FactorCase{"cosine:total=10,warmup=10", 15, 0.5}));

TEST(Schedule, DefaultIsConstantOne) {
  const Schedule schedule;
  for (std::int64_t t : {0, 1, 1000000}) EXPECT_EQ(schedule.factor(t), 1.0);
}

TEST(Schedule, OutOfRangeFieldsSetDirectlyNeverDivideByZero) {
  Schedule schedule;
  schedule.kind = Schedule::Kind::Step;
  schedule.stepSize = 0;
  EXPECT_TRUE(std::isfinite(schedule.factor(7)));
  schedule.kind = Schedule::Kind::Linear;
  schedule.tau = 0;
  EXPECT_TRUE(std::isfinite(schedule.factor(7)));
  schedule.kind = Schedule::Kind::Cosine;
  schedule.totalSteps = 0;
  EXPECT_TRUE(std::isfinite(schedule.factor(7)));
}

struct BadSpec {
  const char* spec;
  const char* mentions;  // the offending part the message must name
};

class ScheduleParseError : public testing::TestWithParam<BadSpec> {};

TEST_P(ScheduleParseError, NamesTheBadPart) {
  const auto result = Schedule::parse(GetParam().spec);
  ASSERT_TRUE(std::holds_alternative<std::string>(result)) << GetParam().spec;
  const std::string& message = std::get<std::string>(result);
  EXPECT_NE(message.find(GetParam().mentions), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ScheduleParseError,
    testing::Values(BadSpec{"", "unknown schedule"}, BadSpec{"linearr", "linearr"},
                    BadSpec{"step:size=0", "size=0"}, BadSpec{"step:gamma=1.5", "gamma=1.5"},
                    BadSpec{"step:gamma=abc", "abc"}, BadSpec{"step:size=10x", "10x"},
                    BadSpec{"step:size=2.5", "2.5"}, BadSpec{"linear:tau", "tau"},
                    BadSpec{"cosine:bogus=1", "bogus"}, BadSpec{"step:gamma=nan", "nan"},
                    BadSpec{"inverse:decay=-1", "decay=-1"}, BadSpec{"step:size=5,size=6", "size"},
                    BadSpec{"linear:tau=10,final=2", "final=2"}, BadSpec{"constant:warmup=-3", "warmup=-3"},
                    BadSpec{"step:tau=10", "tau"}));

TEST(Schedule, ToStringParsesBackToTheSameSchedule) {
  for (const char* spec :
       {"constant", "constant:warmup=7", "step:size=30,gamma=0.1", "linear:tau=250,final=0.03",
        "inverse:decay=0.001", "cosine:total=400,min=0.05,warmup=20"}) {
    const Schedule original = parsed(spec);
    EXPECT_EQ(original.toString(), spec);
    const Schedule again = parsed(original.toString());
    for (std::int64_t t : {0, 1, 6, 19, 20, 21, 29, 30, 249, 250, 399, 420, 1000})
      EXPECT_EQ(again.factor(t), original.factor(t)) << spec << " t=" << t;
  }
}

}  // namespace
}  // namespace gs
