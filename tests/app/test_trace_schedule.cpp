// `trace --schedule` with the warm-up syntax `--help` documents, stepped by hand, and `--list` naming
// each schedule's torch.optim.lr_scheduler counterpart.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace gs {
namespace {

// The x column of each CSV row after the header: counted from the right, since the first column (the
// run's label, "sgd lr=0.1 schedule=step:size=100,...") is quoted and holds commas.
std::vector<double> xs(const std::string& csv) {
  std::vector<double> out;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);  // optimizer,step,x,y,loss,gradient_norm,step_length,gradient_evaluations
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream split(line);
    for (std::string field; std::getline(split, field, ',');) fields.push_back(field);
    if (fields.size() >= 7) out.push_back(std::strtod(fields[fields.size() - 6].c_str(), nullptr));
  }
  return out;
}

struct WarmupCase {
  const char* schedule;
  std::vector<double> expectedX;  // x_{t+1} = x_t (1 - 2 lr factor(t)) on x^2 + y^2, lr = 0.1, from x = 1
};

class TraceWarmup : public testing::TestWithParam<WarmupCase> {};

TEST_P(TraceWarmup, StepsWithTheWarmedUpRate) {
  std::ostringstream out, err;
  const int status = cli::trace({"--surface", "expr:x^2+y^2", "--start", "1,1", "--schedule",
                                 GetParam().schedule, "--optimizer", "sgd:lr=0.1", "--steps", "3"},
                                out, err);
  ASSERT_EQ(status, 0) << err.str();
  const std::vector<double> x = xs(out.str());
  ASSERT_EQ(x.size(), GetParam().expectedX.size()) << out.str();
  for (std::size_t t = 0; t < x.size(); ++t)
    EXPECT_NEAR(x[t], GetParam().expectedX[t], 1e-15) << "step " << t;
}

INSTANTIATE_TEST_SUITE_P(HelpSyntax, TraceWarmup,
                         testing::Values(
                             // factor (t + 1) / 10: 0.1, 0.2, 0.3
                             WarmupCase{"constant,warmup=10", {1.0, 0.98, 0.98 * 0.96, 0.98 * 0.96 * 0.94}},
                             // factor (t + 1) / 5: 0.2, 0.4, 0.6
                             WarmupCase{"step,warmup=5", {1.0, 0.96, 0.96 * 0.92, 0.96 * 0.92 * 0.88}}));

TEST(TraceList, NamesEachSchedulesTorchCounterpart) {
  std::ostringstream out, err;
  ASSERT_EQ(cli::trace({"--list"}, out, err), 0) << err.str();
  for (const char* name : {"StepLR(", "LinearLR(", "LambdaLR(", "CosineAnnealingLR(", "SequentialLR("})
    EXPECT_NE(out.str().find(name), std::string::npos) << name;
}

}  // namespace
}  // namespace gs
